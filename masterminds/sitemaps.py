"""The mastermind groups' public pages in /sitemap.xml: the list, each
group's page, and the monthly training of each group that has one."""

from django.urls import reverse

from clubs.sitemaps import DirectorySitemap, TranslatedSitemap
from masterminds import selectors


class MastermindDirectorySitemap(DirectorySitemap):
    def items(self):
        return ["mastermind_list"]


class MastermindSitemap(TranslatedSitemap):
    changefreq = "weekly"

    def items(self):
        return selectors.groups_for_sitemap()

    def location(self, group):
        return reverse("mastermind_detail", kwargs={"slug": group.club.slug})

    def lastmod(self, group):
        return max(group.updated_at, group.club.updated_at)


class TrainingSitemap(MastermindSitemap):
    def items(self):
        return selectors.groups_for_sitemap().filter(training_series__isnull=False)

    def location(self, group):
        return reverse("mastermind_training", kwargs={"slug": group.club.slug})
