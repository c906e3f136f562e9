"""What search engines and social networks read about a page: its canonical
address, its translations (hreflang), and its share image (Open Graph and
Twitter card). Built once per page view from a couple of queries; the page is
then cached for everyone, so none of this depends on who is asking."""

from django.conf import settings

from clubs.seo import PageMetadata, Translation, og_locale, share_image


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
        image=share_image(page.share_image, root_url),
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
        default = {one.language_code: one for one in translations}.get(
            settings.LANGUAGE_CODE
        )
        if default is not None:
            alternates.append({"lang_code": "x-default", "location": default.full_url})
        for url in urls:
            url["alternates"] = alternates
    return urls
