from django.conf import settings
from django.urls import URLResolver, include, path
from django.urls.resolvers import LocalePrefixPattern
from django.utils.translation import get_language, get_supported_language_variant
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from clubs.sitemaps import ClubSitemap, DirectorySitemap, MeetingSitemap
from clubs.viewsets.history import ClubScopedLogEntriesView
from clubsite.views import member_home, robots_txt
from masterminds.sitemaps import (
    MastermindDirectorySitemap,
    MastermindSitemap,
    TrainingSitemap,
)

# allauth's limits answer with this view too (allauth.core.ratelimit), so
# every 429 is the same page.
handler429 = "clubsite.views.rate_limited"

# Wagtail's pages (each naming its translations) and the site's own public
# views, each in every language.
SITEMAPS = {
    "pages": WagtailSitemap,
    "directories": DirectorySitemap,
    "clubs": ClubSitemap,
    "meetings": MeetingSitemap,
    "mastermind_directory": MastermindDirectorySitemap,
    "masterminds": MastermindSitemap,
    "trainings": TrainingSitemap,
}

urlpatterns = [
    # Before Wagtail's own: the Site history a host reads is their clubs'.
    path(
        "admin/reports/site-history/",
        require_admin_access(ClubScopedLogEntriesView.as_view()),
        name="admin_site_history",
    ),
    path(
        "admin/reports/site-history/results/",
        require_admin_access(ClubScopedLogEntriesView.as_view(results_only=True)),
        name="admin_site_history_results",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("", include("clubs.urls.webhooks")),
    # Personal share links and share buttons: the same in every language.
    path("", include("content.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)


class SiteLanguagePrefix(LocalePrefixPattern):
    """Django's language prefix, named by the site's own code for the active
    language: the Wagtail admin runs Indonesian as "id-id" (its catalogue's
    name), and a link it builds to a site page must lead to /id/, not to an
    /id-id/ nobody serves."""

    @property
    def language_prefix(self):
        try:
            language = get_supported_language_variant(get_language() or "")
        except LookupError:
            language = settings.LANGUAGE_CODE
        if language == settings.LANGUAGE_CODE and not self.prefix_default_language:
            return ""
        return f"{language}/"


def site_language_patterns(*urls):
    """`i18n_patterns(..., prefix_default_language=False)` with the prefix above."""
    return [URLResolver(SiteLanguagePrefix(prefix_default_language=False), list(urls))]


# Pages people read come in each language: English at the root, the others
# under their prefix (/es/, /id/, /ru/). Wagtail serves every path nobody else
# claimed, so it comes last.
urlpatterns += site_language_patterns(
    path("home/", member_home, name="member_home"),
    path("", include("clubs.urls")),
    path("", include("content.urls.members")),
    path("accounts/", include("allauth.urls")),
    path("masterminds/", include("masterminds.urls")),
    path("", include(wagtail_urls)),
)
