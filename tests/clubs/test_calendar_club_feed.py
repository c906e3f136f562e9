"""The club's public feed: what a calendar app shows after subscribing."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurrence
import recurring_ical_events
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from clubs.models import Agenda, AgendaItem, Club, Occurrence
from clubs.services.meetings import (
    occurrence_cancel,
    occurrence_move,
    occurrences_sync,
)
from tests.builders import make_club, make_series, weekly

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")
BERLIN = ZoneInfo("Europe/Berlin")


def feed_url(club) -> str:
    return reverse("club_calendar_feed", kwargs={"slug": club.slug})


def fetch(client, club) -> Calendar:
    response = client.get(feed_url(club))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def two_years_ahead():
    return timezone.localdate() + timedelta(days=730)


def club_with_two_zones():
    """A monthly 7:30 breakfast in Chicago and a weekly 7:30 one in Berlin,
    rows materialised two years ahead: both cross several DST changes."""
    club = make_club(time_zone="America/Chicago")
    chicago = make_series(club, title="Chicago breakfast")
    berlin = make_series(
        club, title="Berlin breakfast", recurrence=weekly(), time_zone="Europe/Berlin"
    )
    for series in (chicago, berlin):
        occurrences_sync(series=series, until=two_years_ahead())
    return club, chicago, berlin


def nth(series, n) -> Occurrence:
    return series.occurrences.order_by("original_start")[n]


def expanded_starts(calendar: Calendar, club) -> list[datetime]:
    """Every meeting start the app would show, between the first row and the
    end of the materialised range."""
    window = (datetime(2000, 1, 1, tzinfo=UTC), last_row_start(club))
    events = recurring_ical_events.of(calendar).between(*window)
    return sorted(event.start.astimezone(UTC) for event in events)


def last_row_start(club) -> datetime:
    return Occurrence.objects.filter(series__club=club).order_by(
        "-start"
    ).first().start + timedelta(minutes=1)


def site_starts(club) -> list[datetime]:
    return sorted(
        Occurrence.objects.filter(
            series__club=club, status=Occurrence.Status.SCHEDULED
        ).values_list("start", flat=True)
    )


def test_the_feed_shows_exactly_the_sites_meetings_for_two_years(client):
    club, chicago, berlin = club_with_two_zones()
    occurrence_cancel(occurrence=nth(chicago, 2), reason="Venue closed")
    moved = nth(berlin, 5)
    occurrence_move(occurrence=moved, start=moved.start + timedelta(days=1, hours=1))

    starts = expanded_starts(fetch(client, club), club)

    assert starts == site_starts(club)
    assert len(starts) > 24 + 100


def test_the_feed_shows_exactly_the_sites_meetings_for_ten_years(client):
    """Rows ten years ahead, with a cancellation, a move and a series that
    skips the first and third Wednesdays: what the app expands is the site's."""
    club, chicago, berlin = club_with_two_zones()
    skip = [recurrence.Weekday(2, 1), recurrence.Weekday(2, 3)]
    wednesdays = make_series(
        club,
        title="Wednesday lunch",
        recurrence=recurrence.Recurrence(
            rrules=[recurrence.Rule(recurrence.WEEKLY, byday=[recurrence.WE])],
            exrules=[recurrence.Rule(recurrence.MONTHLY, byday=skip)],
        ),
        time_zone="Europe/London",
    )
    ten_years = timezone.localdate() + timedelta(days=3653)
    for series in (chicago, berlin, wednesdays):
        occurrences_sync(series=series, until=ten_years)
    occurrence_cancel(occurrence=nth(chicago, 40), reason="Venue closed")
    moved = nth(berlin, 300)
    occurrence_move(occurrence=moved, start=moved.start + timedelta(days=1, hours=1))

    starts = expanded_starts(fetch(client, club), club)

    assert starts == site_starts(club)
    assert starts[-1].date() > ten_years - timedelta(days=14)
    assert len(starts) > 120 + 520 + 240


def test_a_730_breakfast_stays_at_730_local_across_dst_changes(client):
    club, chicago, berlin = club_with_two_zones()

    calendar = fetch(client, club)
    events = recurring_ical_events.of(calendar).between(
        datetime(2000, 1, 1, tzinfo=UTC), last_row_start(club)
    )

    by_title = {"Chicago": CHICAGO, "Berlin": BERLIN}
    for title, zone in by_title.items():
        starts = [e.start for e in events if title in str(e["SUMMARY"])]
        assert {start.astimezone(zone).time() for start in starts} == {time(7, 30)}
        # Both standard and summer time are in there, so the UTC hour moves.
        assert len({start.astimezone(UTC).hour for start in starts}) == 2


def test_a_cancelled_date_is_excluded_and_a_moved_date_is_overridden(client):
    club, chicago, berlin = club_with_two_zones()
    cancelled = occurrence_cancel(occurrence=nth(chicago, 1), reason="Holiday")
    moved = nth(berlin, 3)
    new_start = moved.start + timedelta(hours=2)
    occurrence_move(occurrence=moved, start=new_start, venue_name="The Annex")

    calendar = fetch(client, club)

    master = event_for(calendar, chicago)
    assert cancelled.original_start in {d.astimezone(UTC) for d in master.exdates}
    (override,) = overrides_for(calendar, berlin)
    assert override["RECURRENCE-ID"].dt.astimezone(UTC) == moved.original_start
    assert override["RECURRENCE-ID"].params["TZID"] == "Europe/Berlin"
    assert override.start.astimezone(UTC) == new_start
    assert str(override["LOCATION"]) == "The Annex"


def test_sequence_rises_after_a_move(client):
    club = make_club()
    series = make_series(club)
    before = event_for(fetch(client, club), series)

    occurrence = nth(series, 1)
    occurrence_move(occurrence=occurrence, start=occurrence.start + timedelta(hours=1))
    after = fetch(client, club)

    assert event_for(after, series)["SEQUENCE"] > before["SEQUENCE"]
    (override,) = overrides_for(after, series)
    assert override["SEQUENCE"] >= 1
    assert override["DTSTAMP"].dt > before["DTSTAMP"].dt - timedelta(seconds=1)


def test_the_feed_follows_rfc_5545(client):
    club, chicago, berlin = club_with_two_zones()
    moved = nth(chicago, 1)
    occurrence_move(occurrence=moved, start=moved.start + timedelta(days=1))

    response = client.get(feed_url(club))
    body = response.content
    calendar = Calendar.from_ical(body)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.count(b"\r\n") == body.count(b"\n")  # CRLF everywhere
    assert max(len(line) for line in body.split(b"\r\n")) <= 75  # folded
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in body
    assert str(calendar["X-WR-CALNAME"]) == club.name
    assert calendar.get_missing_tzids() == set()
    assert {tz.tz_name for tz in calendar.timezones} == {
        "America/Chicago",
        "Europe/Berlin",
    }
    for event in calendar.events:
        assert "DTSTAMP" in event and "SEQUENCE" in event and "URL" in event
        assert event["UID"].endswith("@127.0.0.1")
    assert str(event_for(calendar, chicago)["RRULE"].to_ical(), "ascii") == (
        "FREQ=MONTHLY;BYDAY=1TU"
    )


def test_uids_are_stable_between_fetches(client):
    club, chicago, berlin = club_with_two_zones()

    first = {str(e["UID"]) for e in fetch(client, club).events}
    second = {str(e["UID"]) for e in fetch(client, club).events}

    assert first == second == {f"{chicago.uid}@127.0.0.1", f"{berlin.uid}@127.0.0.1"}


def test_a_series_with_a_last_date_ends_there(client):
    club = make_club()
    last_date = timezone.localdate() + timedelta(days=200)
    series = make_series(club, ends_on=last_date)

    calendar = fetch(client, club)

    until = event_for(calendar, series)["RRULE"]["UNTIL"][0]
    assert until.tzinfo is not None and until.utcoffset() == timedelta(0)
    starts = expanded_starts(calendar, club)
    assert starts == site_starts(club)
    assert starts[-1].astimezone(CHICAGO).date() <= last_date


def test_a_published_agenda_reaches_the_calendar(client):
    club = make_club()
    series = make_series(club)
    occurrence = nth(series, 0)
    agenda = Agenda.objects.create(occurrence=occurrence, intro="Bring cards.")
    AgendaItem.objects.create(agenda=agenda, kind="welcome", title="Welcome", minutes=5)

    (override,) = overrides_for(fetch(client, club), series)

    assert "07:30 Welcome, 5 min" in str(override["DESCRIPTION"])


def test_a_members_only_club_has_no_public_feed(client):
    club = make_club(visibility=Club.Visibility.MEMBERS)
    make_series(club)

    assert client.get(feed_url(club)).status_code == 404
    assert client.get("/clubs/no-such-club/calendar.ics").status_code == 404


def test_an_app_holding_the_current_version_gets_a_304(client):
    club = make_club()
    series = make_series(club)
    first = client.get(feed_url(club))

    again = client.get(feed_url(club), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert "public" in again["Cache-Control"]

    occurrence_cancel(occurrence=nth(series, 1), reason="Snow")
    changed = client.get(feed_url(club), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_the_feed_costs_the_same_queries_however_many_meetings(
    client, django_assert_max_num_queries
):
    club = make_club()
    make_series(club)
    with django_assert_max_num_queries(7):
        client.get(feed_url(club))

    for n in range(6):
        series = make_series(club, title=f"Series {n}", recurrence=weekly())
        occurrences_sync(series=series, until=two_years_ahead())
        with_agenda_and_move(series)
    with django_assert_max_num_queries(7):
        assert len(fetch(client, club).events) > 6 + 6 * 2


def with_agenda_and_move(series):
    agenda = Agenda.objects.create(occurrence=nth(series, 0))
    AgendaItem.objects.create(agenda=agenda, kind="welcome", title="Hi", minutes=5)
    moved = nth(series, 2)
    occurrence_move(occurrence=moved, start=moved.start + timedelta(hours=1))
    occurrence_cancel(occurrence=nth(series, 3), reason="Holiday")


def event_for(calendar: Calendar, series):
    (master,) = [
        e
        for e in calendar.events
        if e["UID"].startswith(str(series.uid)) and "RECURRENCE-ID" not in e
    ]
    return master


def overrides_for(calendar: Calendar, series):
    return [
        e
        for e in calendar.events
        if e["UID"].startswith(str(series.uid)) and "RECURRENCE-ID" in e
    ]


def test_changes_show_at_once_despite_the_cache(client):
    club = make_club()
    series = make_series(club)
    fetch(client, club)

    club.name = "Loop Breakfast Club"
    club.save()
    assert str(fetch(client, club)["X-WR-CALNAME"]) == "Loop Breakfast Club"

    series.title = "Referral breakfast"
    series.save()
    assert "Referral breakfast" in str(
        event_for(fetch(client, club), series)["SUMMARY"]
    )

    cancelled = occurrence_cancel(occurrence=nth(series, 1), reason="Snow")
    exdates = event_for(fetch(client, club), series).exdates
    assert cancelled.original_start in {d.astimezone(UTC) for d in exdates}
