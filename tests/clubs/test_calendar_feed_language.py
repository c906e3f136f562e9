"""A cached feed is built for the language it is served in: the addresses
inside point at /es/ pages only in the Spanish feed."""

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from clubs.calendar import occurrence_description
from clubs.models import Club
from clubs.services.meetings import occurrence_cancel
from tests.builders import (
    feed_token,
    make_club,
    make_member,
    make_occurrence,
    make_registration,
)
from tests.catalogue import translated

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


LANGUAGES = ["en", "es", "id", "ru"]


@pytest.mark.parametrize("first", LANGUAGES)
@pytest.mark.parametrize(
    "name", ["club_calendar_feed", "member_calendar_feed", "member_club_calendar_feed"]
)
def test_each_language_gets_its_own_addresses_whoever_came_first(client, first, name):
    occurrence = make_occurrence(club=make_club(visibility=Club.Visibility.PUBLIC))
    member = make_member(occurrence.series.club)
    make_registration(occurrence, person=member)
    kwargs = feed_kwargs(name, occurrence, member)
    order = [first, *(lang for lang in LANGUAGES if lang != first)]

    links = {
        lang: page_links(client, in_language(lang, name, **kwargs)) for lang in order
    }

    for lang in ("es", "id", "ru"):
        assert links[lang] and all(f"/{lang}/" in url for url in links[lang])
    prefixes = ("/es/", "/id/", "/ru/")
    assert links["en"] and not any(p in url for url in links["en"] for p in prefixes)


def events(client, path) -> list:
    response = client.get(path)
    assert response.status_code == 200
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_a_waitlisted_place_and_the_agenda_read_in_the_feed_s_language(client):
    occurrence = make_occurrence(club=make_club(), capacity=1)
    make_registration(occurrence)  # takes the only seat
    member = make_member(occurrence.series.club)
    make_registration(occurrence, person=member)
    path = in_language("ru", "member_calendar_feed", token=feed_token(member))
    words = {"%(meeting)s (waitlist)": "%(meeting)s (в листе ожидания)"}

    with translated("ru", words):
        (event,) = events(client, path)
    (english,) = events(
        client, in_language("en", "member_calendar_feed", token=feed_token(member))
    )

    assert str(event["SUMMARY"]).endswith("(в листе ожидания)")
    assert str(english["SUMMARY"]).endswith("(waitlist)")


def test_a_cancelled_meeting_says_why_in_the_invitation_s_language(client):
    occurrence = make_occurrence(club=make_club())
    occurrence = occurrence_cancel(occurrence=occurrence, reason="Гололёд")
    words = {"Cancelled: %(reason)s": "Отменено: %(reason)s"}

    with translated("ru", words), translation.override("ru"):
        description = occurrence_description(occurrence, agenda=None)

    assert description.startswith("Отменено: Гололёд")
    assert "/ru/clubs/" in description
