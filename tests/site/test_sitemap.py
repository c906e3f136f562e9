"""/sitemap.xml lists what anyone may find, in every language, each entry
naming its translations: the Wagtail pages, the club directory, the public
clubs and their coming meetings, the masterminds and their trainings.
Members-only clubs, past and cancelled meetings stay out."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from clubs.models import Club, Occurrence
from clubs.services.meetings import occurrence_cancel
from tests.builders import make_club, make_occurrence, make_series
from tests.masterminds.builders import make_group

pytestmark = pytest.mark.django_db

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def sitemap() -> dict[str, dict[str, str]]:
    """Each <loc> with its alternates, {hreflang: href}."""
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = {}
    for url in root.findall("s:url", NS):
        location = url.find("s:loc", NS).text
        assert location not in entries, f"{location} is listed twice"
        entries[location] = {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link", NS)
        }
    return entries


def both_languages(path: str) -> tuple[str, str]:
    return settings.SITE_URL + path, settings.SITE_URL + "/es" + path


def test_public_clubs_and_their_coming_meetings_are_listed_in_each_language():
    club = make_club(slug="northside")
    meeting = make_occurrence(club)

    entries = sitemap()

    for path in ("/clubs/", "/clubs/northside/", meeting_path(meeting)):
        english, spanish = both_languages(path)
        assert english in entries and spanish in entries
        for location in (english, spanish):
            assert entries[location] == {
                "en": english,
                "es": spanish,
                "x-default": english,
            }


def test_masterminds_and_their_trainings_are_listed():
    group = make_group(training=True)
    untrained = make_group()

    entries = sitemap()

    for path in (
        "/masterminds/",
        f"/masterminds/{group.club.slug}/",
        f"/masterminds/{group.club.slug}/training/",
        f"/masterminds/{untrained.club.slug}/",
    ):
        for location in both_languages(path):
            assert location in entries
    assert not any(
        f"/masterminds/{untrained.club.slug}/training/" in one for one in entries
    )
    # The training's dates are public meetings of a public club.
    training = group.training_series.occurrences.order_by("start").first()
    assert settings.SITE_URL + meeting_path(training) in entries


def test_private_past_and_cancelled_things_stay_out():
    members_only = make_club(slug="inner-circle", visibility=Club.Visibility.MEMBERS)
    hidden_meeting = make_occurrence(members_only)
    group = make_group()
    session = group.session_series.occurrences.order_by("start").first()
    club = make_club(slug="northside")
    series = make_series(club)
    first, second = series.occurrences.order_by("start")[:2]
    occurrence_cancel(occurrence=second, reason="Venue closed")
    past = Occurrence.objects.filter(pk=first.pk)
    past.update(
        start=timezone.now() - timedelta(days=8),
        end=timezone.now() - timedelta(days=8) + timedelta(hours=1),
    )

    locations = " ".join(sitemap())

    assert "/clubs/inner-circle/" not in locations
    assert meeting_path(hidden_meeting) not in locations
    assert f"/clubs/{group.club.slug}/" not in locations
    assert meeting_path(session) not in locations
    assert meeting_path(first) not in locations
    assert meeting_path(second) not in locations
    assert "/clubs/northside/" in locations


def test_the_sitemap_costs_the_same_queries_however_many_meetings(
    django_assert_max_num_queries,
):
    for n in range(5):
        make_series(make_club(slug=f"club-{n}"))
    make_group(training=True)

    with django_assert_max_num_queries(20):
        entries = sitemap()

    assert len(entries) > 40


def meeting_path(occurrence) -> str:
    return f"/clubs/{occurrence.series.club.slug}/meetings/{occurrence.pk}/"
