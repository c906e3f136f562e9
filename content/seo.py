"""What search engines and social networks read about a page: its canonical
address, its translations (hreflang), and its share image (Open Graph and
Twitter card). Built once per page view from a couple of queries; the page is
then cached for everyone, so none of this depends on who is asking."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils.translation import to_locale
from wagtail.images.models import AbstractRendition

SHARE_IMAGE_FILTER = "fill-1200x630"
# Open Graph wants language_TERRITORY; a bare language code gets the usual one.
OG_LOCALES = {"en": "en_US", "es": "es_ES"}


@dataclass(frozen=True)
class Translation:
    page_id: int
    language_code: str
    url: str  # relative, for links on the page
    full_url: str  # absolute, for hreflang and the sitemap
    last_published_at: datetime | None = None


@dataclass(frozen=True)
class PageMetadata:
    canonical_url: str
    title: str
    description: str
    og_type: str
    og_locale: str
    translations: list[Translation] = field(default_factory=list)
    image: AbstractRendition | None = None
    image_url: str = ""

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


def og_locale(language_code: str) -> str:
    return OG_LOCALES.get(language_code, to_locale(language_code))


def page_metadata(
    page, request, *, description: str = "", og_type: str = "website"
) -> PageMetadata:
    _site_id, root_url, path = page.get_url_parts(request) or (None, "", "")
    translations = page_translations(page, request)
    own = next((one for one in translations if one.page_id == page.pk), None)
    return PageMetadata(
        canonical_url=root_url + path,
        title=page.seo_title or page.title,
        description=description,
        og_type=og_type,
        og_locale=og_locale(own.language_code if own else page.locale.language_code),
        translations=translations,
        **_share_image(page, root_url),
    )


def page_translations(page, request) -> list[Translation]:
    """Every live version of the page, this one included, in LANGUAGES order."""
    order = [code for code, _name in settings.LANGUAGES]
    found = [
        Translation(
            page_id=translation.pk,
            language_code=translation.locale.language_code,
            url=translation.get_url(request),
            full_url=translation.get_full_url(request),
            last_published_at=translation.last_published_at,
        )
        for translation in page.get_translations(inclusive=True)
        .live()
        .select_related("locale")
    ]
    return sorted(
        (one for one in found if one.language_code in order and one.url),
        key=lambda one: order.index(one.language_code),
    )


def _share_image(page, root_url: str) -> dict:
    if page.share_image is None:
        return {}
    rendition = page.share_image.get_rendition(SHARE_IMAGE_FILTER)
    url = rendition.url
    if url.startswith("/"):
        url = root_url + url
    return {"image": rendition, "image_url": url}


def sitemap_urls(page, request) -> list[dict]:
    """The sitemap entries of a page and of its live translations, each
    naming the others (hreflang alternates).

    Wagtail's sitemap walks the default site's tree only; the other
    languages' trees are reached through their originals here."""
    translations = page_translations(page, request)
    lastmod = page.last_published_at or page.latest_revision_created_at
    urls = [{"location": page.get_full_url(request), "lastmod": lastmod}]
    urls += [
        {"location": one.full_url, "lastmod": one.last_published_at}
        for one in translations
        if one.page_id != page.pk
    ]
    if len(translations) > 1:
        alternates = [
            {"lang_code": one.language_code, "location": one.full_url}
            for one in translations
        ]
        for url in urls:
            url["alternates"] = alternates
    return urls
