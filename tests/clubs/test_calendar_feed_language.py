"""A cached feed is built for the language it is served in: the addresses
inside point at /es/ pages only in the Spanish feed."""

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from clubs.models import Club
from tests.builders import (
    feed_token,
    make_club,
    make_member,
    make_occurrence,
    make_registration,
)

pytestmark = pytest.mark.django_db


def in_language(language, name, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def page_links(client, path) -> set[str]:
    response = client.get(path)
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return {str(event["URL"]) for event in calendar.walk("VEVENT")}


def feed_kwargs(name, occurrence, member) -> dict:
    slug, token = occurrence.series.club.slug, feed_token(member)
    return {
        "club_calendar_feed": {"slug": slug},
        "member_calendar_feed": {"token": token},
        "member_club_calendar_feed": {"token": token, "slug": slug},
    }[name]


@pytest.mark.parametrize("first", ["en", "es"])
@pytest.mark.parametrize(
    "name", ["club_calendar_feed", "member_calendar_feed", "member_club_calendar_feed"]
)
def test_each_language_gets_its_own_addresses_whoever_came_first(client, first, name):
    occurrence = make_occurrence(club=make_club(visibility=Club.Visibility.PUBLIC))
    member = make_member(occurrence.series.club)
    make_registration(occurrence, person=member)
    kwargs = feed_kwargs(name, occurrence, member)
    order = [first, "es" if first == "en" else "en"]

    links = {
        lang: page_links(client, in_language(lang, name, **kwargs)) for lang in order
    }

    assert links["es"] and all("/es/" in url for url in links["es"])
    assert links["en"] and not any("/es/" in url for url in links["en"])
