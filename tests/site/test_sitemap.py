"""/sitemap.xml lists what anyone may find, in every language, each entry
naming its translations: the Wagtail pages, the club directory, the public
clubs and their coming meetings, the masterminds and their trainings.
Members-only clubs, past and cancelled meetings stay out."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale

from clubs.models import Club, Occurrence
from clubs.services.meetings import occurrence_cancel
from tests.builders import make_club, make_occurrence, make_series
from tests.content.page_builders import make_landing_page, translate
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


def every_language(path: str) -> dict[str, str]:
    """`path`'s address in each language: {"en": ..., "ru": ".../ru/..."}."""
    return {
        code: settings.SITE_URL + ("" if code == "en" else f"/{code}") + path
        for code, _name in settings.LANGUAGES
    }


def test_public_clubs_and_their_coming_meetings_are_listed_in_each_language():
    club = make_club(slug="northside")
    meeting = make_occurrence(club)

    entries = sitemap()

    for path in ("/clubs/", "/clubs/northside/", meeting_path(meeting)):
        addresses = every_language(path)
        for location in addresses.values():
            assert entries[location] == addresses | {"x-default": addresses["en"]}


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
        for location in every_language(path).values():
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


def test_each_wagtail_page_is_listed_in_each_of_its_languages():
    """A page translated into Russian and Indonesian (not Spanish) names both
    translations; the Spanish switcher falls back to the home page, which the
    sitemap does not pretend is a translation."""
    english = make_landing_page(title="Bring a guest", slug="bring-a-guest")
    versions = {"en": english}
    for code, slug in [("ru", "privedite-gostya"), ("id", "ajak-tamu")]:
        locale = Locale.objects.get_or_create(language_code=code)[0]
        versions[code] = translate(english, locale, slug=slug)
    entries = {
        urlsplit(loc).path: {lang: urlsplit(href).path for lang, href in links.items()}
        for loc, links in sitemap().items()
    }

    expected = {code: page.url for code, page in versions.items()}
    assert expected == {
        "en": "/bring-a-guest/",
        "ru": "/ru/privedite-gostya/",
        "id": "/id/ajak-tamu/",
    }
    for path in expected.values():
        assert entries[path] == expected | {"x-default": "/bring-a-guest/"}
