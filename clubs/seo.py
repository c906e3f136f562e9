"""What search engines and social networks read about a page: its canonical
address, its versions in other languages (hreflang), and its share card (Open
Graph and Twitter). Wagtail pages build theirs in `content.seo` from these
same shapes; the site's own views (clubs, meetings, masterminds, sign-in) get
theirs from `view_metadata`, through the `page_seo` template tag.

Pages for anonymous visitors are cached for everyone, so nothing here may
depend on who is asking: only on the address and the language."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, to_locale

# Open Graph wants language_TERRITORY; a bare language code gets the usual
# one: its own (es_ES, fr_FR, id_ID), or the one named here.
OG_LOCALES = {"en": "en_US"}


@dataclass(frozen=True)
class Translation:
    language_code: str
    url: str  # relative, for links on the page
    full_url: str  # absolute, for hreflang and the sitemap
    page_id: int | None = None  # a Wagtail page's own translation
    last_published_at: datetime | None = None


@dataclass(frozen=True)
class ShareImage:
    """The picture a shared link shows: an absolute address and its size."""

    url: str
    width: int
    height: int
    alt: str = ""


@dataclass(frozen=True)
class PageMetadata:
    canonical_url: str
    title: str
    description: str
    og_type: str
    og_locale: str
    translations: list[Translation] = field(default_factory=list)
    image: ShareImage | None = None

    @property
    def x_default_url(self) -> str:
        """The default language's version, for visitors whose language has none."""
        for translation in self.translations:
            if translation.language_code == settings.LANGUAGE_CODE:
                return translation.full_url
        return ""

    @property
    def og_locale_alternates(self) -> list[str]:
        return [
            og_locale(one.language_code)
            for one in self.translations
            if og_locale(one.language_code) != self.og_locale
        ]

    def url_for(self, language_code: str) -> str | None:
        for translation in self.translations:
            if translation.language_code == language_code:
                return translation.url
        return None


SHARE_IMAGE_FILTER = "fill-1200x630"


def share_image(image, root_url: str) -> ShareImage | None:
    """A Wagtail image as a share card's picture: 1200×630, at an absolute
    address (`root_url` + the rendition's, unless storage gives a full one)."""
    if image is None:
        return None
    rendition = image.get_rendition(SHARE_IMAGE_FILTER)
    url = rendition.url
    if url.startswith("/"):
        url = root_url + url
    return ShareImage(url, rendition.width, rendition.height, rendition.alt)


def og_locale(language_code: str) -> str:
    if language_code in OG_LOCALES:
        return OG_LOCALES[language_code]
    locale = to_locale(language_code)
    return locale if "_" in locale else f"{locale}_{locale.upper()}"


def view_metadata(
    path: str,
    *,
    title: str,
    description: str = "",
    og_type: str = "website",
    image: ShareImage | None = None,
) -> PageMetadata:
    """The metadata of a view served in every language (English at the root,
    the others under their prefix): one version per entry of LANGUAGES."""
    translations = view_translations(path)
    current = get_language() or settings.LANGUAGE_CODE
    own = next((one for one in translations if one.language_code == current), None)
    return PageMetadata(
        canonical_url=own.full_url if own else settings.SITE_URL + path,
        title=title,
        description=" ".join(description.split()),
        og_type=og_type,
        og_locale=og_locale(current),
        translations=translations,
        image=image,
    )


def view_translations(path: str) -> list[Translation]:
    """`path` in each language of LANGUAGES; a path outside the language
    prefixes has no other version and is left alone."""
    found = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        found.append(Translation(code, url, settings.SITE_URL + url))
    if len({one.url for one in found}) < len(found):
        return []
    return found
