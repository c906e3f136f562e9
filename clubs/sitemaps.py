"""The public clubs and their coming meetings in /sitemap.xml, in every
language of LANGUAGES, each entry naming its translations (hreflang)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from clubs.selectors.clubs import public_clubs
from clubs.selectors.meetings import public_upcoming_occurrences


class TranslatedSitemap(Sitemap):
    """Every item once per language, at the public address (SITE_URL), as
    the pages' own canonical links give it."""

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ClubSitemap(TranslatedSitemap):
    changefreq = "weekly"

    def items(self):
        return public_clubs()

    def location(self, club):
        return reverse("club_detail", kwargs={"slug": club.slug})

    def lastmod(self, club):
        return club.updated_at


class MeetingSitemap(TranslatedSitemap):
    changefreq = "daily"

    def items(self):
        return public_upcoming_occurrences()

    def location(self, occurrence):
        return reverse(
            "occurrence_detail",
            kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
        )

    def lastmod(self, occurrence):
        return occurrence.updated_at


class DirectorySitemap(TranslatedSitemap):
    """The list pages that lead to the rest: the club directory."""

    changefreq = "daily"

    def items(self):
        return ["club_directory"]

    def location(self, name):
        return reverse(name)
