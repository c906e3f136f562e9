"""The check the language tests share finds English where it is left, and
only there (run against Spanish, whose catalogue is complete)."""

from tests.i18n.catalogues import english_left, visible_text


def test_an_untranslated_phrase_is_found_with_its_placeholders_filled():
    text = "Saltar al contenido · 12 seats left · Inscribirme"

    assert english_left(text, "es") == ["%(seats)s seats left", "seats"]


def test_spanish_with_names_links_and_the_language_menu_passes():
    html = """<html lang="es"><body>
      <a href="/es/">Saltar al contenido</a>
      <p>Hola, Skip Meetings: tu plaza está confirmada.</p>
      <p>https://example.com/es/clubs/zeta/meetings/1/</p>
      <nav><a lang="en" href="/">English</a></nav>
    </body></html>"""

    found = english_left(visible_text(html), "es", test_data=["Skip Meetings"])

    assert found == []


def test_english_in_what_a_screen_reader_says_is_found():
    html = '<html lang="es"><body><button aria-label="Skip to content">›</button>'

    assert english_left(visible_text(html), "es") == ["Skip to content"]
