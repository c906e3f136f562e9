"""What search engines and social networks read: titles, descriptions,
canonical addresses, Open Graph and Twitter cards, translations, the sitemap
and robots.txt."""

import re
from html import unescape

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from tests.content.page_builders import (
    hero_block,
    make_article,
    make_article_index,
    make_image,
    make_landing_page,
    translate,
)

pytestmark = pytest.mark.django_db


def head(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split("</head>")[0]


def meta(html: str, key: str) -> list[str]:
    """The content of every <meta property|name=key>."""
    pattern = rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">'
    return [unescape(value) for value in re.findall(pattern, html)]


def links(html: str, rel: str) -> dict[str, str]:
    pattern = rf'<link rel="{rel}"(?: hreflang="([^"]+)")? href="([^"]+)">'
    return {lang or rel: href for lang, href in re.findall(pattern, html)}


def test_a_landing_page_names_itself_for_search_and_sharing():
    page = make_landing_page(
        title="Bring a friend",
        seo_title="Bring a friend to the Northside breakfast",
        search_description="Your first breakfast is on us.",
        share_image=make_image(title="Breakfast table", size=(2000, 1200)),
    )

    html = head(Client().get(page.url))

    assert "<title>Bring a friend to the Northside breakfast · " in html
    assert meta(html, "description") == ["Your first breakfast is on us."]
    canonical = links(html, "canonical")["canonical"]
    assert canonical == f"http://localhost{page.url}"
    assert meta(html, "og:url") == [canonical]
    assert meta(html, "og:type") == ["website"]
    assert meta(html, "og:title") == ["Bring a friend to the Northside breakfast"]
    assert meta(html, "og:description") == ["Your first breakfast is on us."]
    assert meta(html, "og:locale") == ["en_US"]
    [image] = meta(html, "og:image")
    assert image.startswith("http://localhost/media/images/")
    assert ".fill-1200x630." in image
    assert meta(html, "og:image:width") == ["1200"]
    assert meta(html, "og:image:height") == ["630"]
    assert meta(html, "og:image:alt") == ["Breakfast table"]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert meta(html, "twitter:image") == [image]
    assert meta(html, "twitter:title") == ["Bring a friend to the Northside breakfast"]
    # The image really is there, at the size the tags claim.
    rendition = page.share_image.renditions.get(filter_spec="fill-1200x630")
    assert image == f"http://localhost{rendition.url}"
    assert rendition.file.storage.exists(rendition.file.name)
    assert (rendition.width, rendition.height) == (1200, 630)


def test_without_a_share_image_the_card_is_a_plain_summary():
    page = make_landing_page(title="Bring a friend")

    html = head(Client().get(page.url))

    assert "<title>Bring a friend · " in html
    assert meta(html, "og:image") == []
    assert meta(html, "twitter:card") == ["summary"]
    assert meta(html, "og:title") == ["Bring a friend"]
    # Without a search description, the first hero's text describes the page.
    hero_text = "Breakfast, one minute each, and a name to call."
    assert meta(html, "description") == [hero_text]
    assert meta(html, "og:description") == [hero_text]


def test_an_article_is_shared_as_an_article_with_its_intro():
    index = make_article_index(title="Guides")
    article = make_article(
        index, title="Why referrals work", intro="People trust people they know."
    )

    html = head(Client().get(article.url))

    assert meta(html, "og:type") == ["article"]
    assert meta(html, "description") == ["People trust people they know."]
    assert meta(html, "og:description") == ["People trust people they know."]
    assert meta(html, "article:published_time") == ["2025-01-01"]


def test_translations_point_at_each_other_with_hreflang():
    english = make_landing_page(title="Bring a friend", body=[hero_block()])
    spanish = translate(english, title="Trae a un amigo", slug="trae-a-un-amigo")

    for page, own_locale, other_locale in (
        (english, "en_US", "es_ES"),
        (spanish, "es_ES", "en_US"),
    ):
        html = head(Client().get(page.url))
        alternates = links(html, "alternate")
        assert alternates == {
            "en": f"http://localhost{english.url}",
            "es": f"http://localhost{spanish.url}",
            "x-default": f"http://localhost{english.url}",
        }
        assert links(html, "canonical")["canonical"] == f"http://localhost{page.url}"
        assert meta(html, "og:locale") == [own_locale]
        assert meta(html, "og:locale:alternate") == [other_locale]


def test_a_page_without_translations_has_no_hreflang_links():
    page = make_landing_page()

    html = head(Client().get(page.url))

    assert links(html, "alternate") == {}


def test_the_language_switcher_leads_to_the_translation():
    english = make_landing_page(title="Bring a friend")
    spanish = translate(english, title="Trae a un amigo", slug="trae-a-un-amigo")

    body = Client().get(english.url).content.decode()
    switcher = re.search(
        r'<nav class="language-switcher" aria-label="Language">(.*?)</nav>', body, re.S
    ).group(1)

    assert f'<a href="{spanish.url}" lang="es" hreflang="es">Español</a>' in switcher
    assert (
        f'<a href="{english.url}" lang="en" hreflang="en" aria-current="true">'
        "English</a>" in switcher
    )
    assert Client().get(spanish.url).status_code == 200


def test_without_a_translation_the_switcher_offers_that_languages_home_page():
    page = make_landing_page()

    body = Client().get(page.url).content.decode()

    assert '<a href="/es/" lang="es" hreflang="es">Español</a>' in body


def test_outside_wagtail_pages_the_switcher_keeps_the_visitor_on_the_same_view():
    english = Client().get("/clubs/").content.decode()
    spanish = Client().get("/es/clubs/").content.decode()

    assert '<a href="/es/clubs/" lang="es" hreflang="es">Español</a>' in english
    assert '<a href="/clubs/" lang="en" hreflang="en">English</a>' in spanish


def test_the_sitemap_lists_live_pages_in_both_languages():
    landing = make_landing_page(title="Bring a friend")
    spanish = translate(landing, title="Trae a un amigo", slug="trae-a-un-amigo")
    index = make_article_index()
    article = make_article(index)
    draft = make_article(index, live=False, slug="not-yet")

    response = Client().get("/sitemap.xml")

    assert response.status_code == 200
    xml = response.content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    for page in (landing, spanish, index, article):
        assert f"http://localhost{page.url}" in locations
    assert "http://localhost/" in locations  # the home page
    assert "http://localhost/es/" in locations  # and its Spanish alias
    assert not any(draft.slug in location for location in locations)
    assert len(locations) == len(set(locations))
    assert (
        f'<xhtml:link rel="alternate" hreflang="es" href="http://localhost{spanish.url}"/>'
        in xml
    )


def test_robots_txt_keeps_crawlers_out_of_personal_pages_and_names_the_sitemap():
    response = Client().get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for path in ("/admin/", "/accounts/", "/r/", "/share/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # pages themselves are open to crawlers


def test_views_with_no_other_language_offer_that_languages_home_page(rf):
    """Personal share links live outside the language prefixes: the switcher
    offers each other language's home page instead."""
    request = rf.get("/r/ABCDEFGH/1/")
    template = Template(
        "{% load content_pages %}{% language_links as links %}"
        "{% for link in links %}{{ link.code }}={{ link.url }};{% endfor %}"
    )

    with translation.override("en"):
        rendered = template.render(Context({"request": request}))

    assert rendered == "en=/r/ABCDEFGH/1/;es=/es/;id=/id/;ru=/ru/;"
