"""A member's personal feed: the meetings they hold a place at, behind a
secret address they can replace."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from clubs.calendar import occurrence_uid
from clubs.models import Agenda, AgendaItem
from clubs.services.meetings import occurrence_cancel, occurrence_move
from clubs.services.registrations import registration_cancel
from tests.builders import (
    feed_token,
    make_club,
    make_registration,
    make_series,
    make_user,
)

pytestmark = pytest.mark.django_db


def feed_url(person) -> str:
    return reverse("member_calendar_feed", kwargs={"token": feed_token(person)})


def fetch(client, person) -> Calendar:
    response = client.get(feed_url(person))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def by_uid(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.events}


def test_the_feed_holds_confirmed_and_waitlisted_places_only(client):
    member = make_user()
    series = make_series(capacity=1)
    first, second, third = series.occurrences.order_by("start")[:3]
    make_registration(first, member)
    make_registration(second)  # someone else takes the only seat
    make_registration(second, member)
    registration_cancel(registration=make_registration(third, member))

    events = by_uid(fetch(client, member))

    assert set(events) == {occurrence_uid(first), occurrence_uid(second)}
    assert events[occurrence_uid(first)]["STATUS"] == "CONFIRMED"
    waiting = events[occurrence_uid(second)]
    assert waiting["STATUS"] == "TENTATIVE"
    assert "waitlist" in str(waiting["SUMMARY"])
    assert waiting.start == second.start


def test_moves_and_cancellations_show_in_the_feed(client):
    member = make_user()
    series = make_series()
    first, second = series.occurrences.order_by("start")[:2]
    make_registration(first, member)
    make_registration(second, member)
    moved = occurrence_move(occurrence=first, start=first.start + timedelta(hours=1))
    occurrence_cancel(occurrence=second, reason="Snow day")

    events = by_uid(fetch(client, member))

    assert events[occurrence_uid(first)].start == moved.start
    assert events[occurrence_uid(first)]["SEQUENCE"] == 1
    assert events[occurrence_uid(second)]["STATUS"] == "CANCELLED"
    assert "Snow day" in str(events[occurrence_uid(second)]["DESCRIPTION"])


def test_the_feed_is_private_and_complete(client):
    member = make_user()
    make_registration(make_series().occurrences.first(), member)

    response = client.get(feed_url(member))
    calendar = Calendar.from_ical(response.content)

    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in response.content
    assert calendar.get_missing_tzids() == set()
    assert all("DTSTAMP" in event for event in calendar.events)


def test_an_unknown_token_is_not_found(client):
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404


def test_a_member_with_no_places_gets_an_empty_calendar(client):
    assert fetch(client, make_user()).events == []


def test_an_unchanged_feed_answers_304(client):
    member = make_user()
    occurrence = make_series().occurrences.first()
    make_registration(occurrence, member)
    first = client.get(feed_url(member))

    again = client.get(feed_url(member), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304

    make_registration(make_series().occurrences.first(), member)
    changed = client.get(feed_url(member), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_the_feed_costs_the_same_queries_however_many_places(
    client, django_assert_max_num_queries
):
    # The token, the feed's version, the meetings, their series (read apart
    # from the meetings: a few series, hundreds of dates), agendas and items.
    member = make_user()
    make_registration(make_series().occurrences.first(), member)
    with django_assert_max_num_queries(6):
        client.get(feed_url(member))

    for _ in range(5):
        for occurrence in make_series().occurrences.order_by("start")[:6]:
            make_registration(occurrence, member)
            agenda = Agenda.objects.create(occurrence=occurrence, intro="Hello")
            AgendaItem.objects.create(
                agenda=agenda, kind="welcome", title="Welcome", minutes=5
            )
    with django_assert_max_num_queries(6):
        assert len(fetch(client, member).events) == 31


# --- The settings page ---------------------------------------------------------

SETTINGS = reverse("calendar_settings")


def test_the_calendar_page_is_for_signed_in_members(client):
    response = client.get(SETTINGS)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_calendar_page_offers_the_personal_feed_once_made(client):
    member = make_user()
    client.force_login(member)

    page = client.post(SETTINGS, follow=True).content.decode()

    path = re.search(r'value="http://127.0.0.1:8000(/calendar/[^"]+\.ics)"', page)[1]
    assert f'href="webcal://127.0.0.1:8000{path}"' in page
    assert '<button type="submit"' in page
    assert "Get a new link" in page
    client.logout()
    assert client.get(path).status_code == 200


def test_a_new_link_kills_the_old_one_at_once(client):
    member = make_user()
    make_registration(make_series(make_club()).occurrences.first(), member)
    old_url = feed_url(member)
    assert client.get(old_url).status_code == 200
    client.force_login(member)

    response = client.post(SETTINGS, follow=True)

    page = response.content.decode()
    assert "shown only this once" in page
    new_url = re.search(r'value="http://127.0.0.1:8000(/calendar/[^"]+\.ics)"', page)[1]
    assert new_url != old_url
    client.logout()
    assert client.get(old_url).status_code == 404
    new_feed = Calendar.from_ical(client.get(new_url).content)
    assert len(new_feed.walk("VEVENT")) == 1


# --- Served from the cache, never stale ------------------------------------------


def test_a_cached_feed_costs_two_queries(client, django_assert_max_num_queries):
    member = make_user()
    make_registration(make_series().occurrences.first(), member)
    client.get(feed_url(member))

    with django_assert_max_num_queries(2):
        assert client.get(feed_url(member)).status_code == 200


def test_changes_show_at_once_despite_the_cache(client):
    member = make_user()
    series = make_series(capacity=1)
    first, second = series.occurrences.order_by("start")[:2]
    mine = make_registration(first, member)
    holder = make_registration(second)
    make_registration(second, member)
    assert by_uid(fetch(client, member))[occurrence_uid(second)]["STATUS"] == (
        "TENTATIVE"
    )

    registration_cancel(registration=holder)  # the member moves up
    assert by_uid(fetch(client, member))[occurrence_uid(second)]["STATUS"] == (
        "CONFIRMED"
    )

    agenda = Agenda.objects.create(occurrence=second, intro="Bring referrals")
    assert "Bring referrals" in str(
        by_uid(fetch(client, member))[occurrence_uid(second)]["DESCRIPTION"]
    )
    agenda.live = False
    agenda.save()
    assert "Bring referrals" not in str(
        by_uid(fetch(client, member))[occurrence_uid(second)]["DESCRIPTION"]
    )

    registration_cancel(registration=mine)
    assert set(by_uid(fetch(client, member))) == {occurrence_uid(second)}
