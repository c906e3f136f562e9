"""The translation catalogues as the tests read them, and the one check every
language test shares: which English interface phrases are left in a page or
an email that should be in another language.

The English phrases are the catalogue's own msgids, so a string added to a
template is covered the day `make messages` gathers it. Left out: msgids
whose translation is the msgid itself ("Stripe", "OK": the same word in both
languages), and a handful of words that are also ordinary words of the other
language (NOT_ENGLISH below). A msgid with placeholders ("%(count)s seats
left") is looked for with anything in their place.
"""

import re
import shlex
from functools import cache
from pathlib import Path

import polib
from bs4 import BeautifulSoup
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Every language but the site's own, whose msgids are the English source.
LANGUAGES = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

# Short words a translator may rightly leave as they are in one language but
# not in another (so they cannot come from "translation == msgid" alone), or
# that are real words of the language the page is in. Keep this small.
NOT_ENGLISH: dict[str, set[str]] = {
    "es": set(),
    "id": set(),
    "ru": set(),
}
# Names that are the same in every language and hold a word that is also a
# msgid ("Calendar"): removed from a rendering before it is searched.
BRANDS = ["Google Calendar"]
# A msgid whose words, placeholders aside, come to fewer letters than this
# is a label ("Yes", "No", "Go") that matches inside ordinary text by chance.
SHORTEST = 4

_PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[^{}]*\}|%%")


def po_path(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


@cache
def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(po_path(language)))


def makemessages_flags() -> list[str]:
    """The flags `make messages` runs makemessages with (one place for both)."""
    makefile = (ROOT / "Makefile").read_text()
    line = re.search(r"^MAKEMESSAGES_FLAGS\s*:=\s*(.*)$", makefile, re.M)
    return shlex.split(line.group(1))


@cache
def english_phrases(language: str) -> tuple[tuple[str, str, re.Pattern], ...]:
    """(msgid, its longest literal piece, pattern) for each English phrase
    that must not be seen in a rendering in `language`; the piece is a cheap
    first test before the pattern."""
    phrases = []
    for entry in catalogue(language):
        if entry.obsolete or not entry.msgid:
            continue
        for msgid, translations in _forms(entry):
            if msgid in translations or msgid in NOT_ENGLISH.get(language, ()):
                continue
            literal = _PLACEHOLDER.sub("", msgid)
            if sum(char.isalpha() for char in literal) < SHORTEST:
                continue
            piece = max(_PLACEHOLDER.split(msgid), key=len)
            phrases.append((msgid, " ".join(piece.split()), _pattern(msgid)))
    return tuple(phrases)


def _forms(entry: polib.POEntry):
    if entry.msgid_plural:
        translations = set(entry.msgstr_plural.values())
        yield entry.msgid, translations
        yield entry.msgid_plural, translations
    else:
        yield entry.msgid, {entry.msgstr}


def _pattern(msgid: str) -> re.Pattern:
    """The msgid as it reads once rendered: placeholders filled with anything,
    any run of spaces or line breaks, whole words at both ends."""
    parts = []
    for piece in re.split(f"({_PLACEHOLDER.pattern})", msgid):
        if _PLACEHOLDER.fullmatch(piece):
            parts.append(r"[^\n]{1,200}?")
        elif piece:
            parts.append(r"\s+".join(re.escape(word) for word in piece.split()))
            if piece[0].isspace():
                parts[-1] = r"\s+" + parts[-1]
            if piece[-1].isspace():
                parts[-1] += r"\s+"
    pattern = "".join(parts)
    if msgid[:1].isalnum():
        pattern = r"(?<!\w)" + pattern
    if msgid[-1:].isalnum():
        pattern += r"(?!\w)"
    return re.compile(pattern)


# Meta tags whose words a person reads, in a search result or a shared card.
_READ_META = {
    "description",
    "og:title",
    "og:description",
    "og:image:alt",
    "twitter:title",
    "twitter:description",
    "twitter:image:alt",
}


def visible_text(html: str) -> str:
    """What a person reads or hears on a page: its text, without scripts or
    styles, plus the attributes a screen reader or a form shows and the meta
    tags a search result or a shared card shows. An element marked as being
    in another language (the language menu: "English", "Русский") is left
    out: it is meant to be in that language."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template", "noscript"]):
        hidden.decompose()
    own = soup.html.get("lang") if soup.html else None
    for other in soup.find_all(lang=True):
        if other.name != "html" and other.get("lang") != own:
            other.decompose()
    said = [
        value
        for tag in soup.find_all(True)
        for name in ("alt", "title", "placeholder", "aria-label")
        if (value := tag.get(name))
    ]
    said += [
        meta.get("content", "")
        for meta in soup.find_all("meta")
        if (meta.get("name") or meta.get("property")) in _READ_META
    ]
    return " ".join([soup.get_text(" ", strip=True), *said])


def english_left(text: str, language: str, *, test_data=()) -> list[str]:
    """The English msgids found in `text`, a rendering in `language`. The
    strings in `test_data` (names and titles the test made up) are removed
    first: they are data, not interface; so are links."""
    for value in sorted([*test_data, *BRANDS], key=len, reverse=True):
        text = text.replace(str(value), " ")
    # Addresses keep English paths (/clubs/…/meetings/) in every language.
    text = re.sub(r"https?://\S*|(?<!\S)/\S*", " ", text)
    text = " ".join(text.split())
    return sorted(
        {
            msgid
            for msgid, piece, pattern in english_phrases(language)
            if piece in text and pattern.search(text)
        }
    )


def assert_no_english(text: str, language: str, *, where: str, test_data=()):
    found = english_left(text, language, test_data=test_data)
    assert not found, (
        f"{where} in {language!r} still shows {len(found)} English phrase(s) "
        "from the catalogue:\n" + "\n".join(f"  {msgid!r}" for msgid in found)
    )
