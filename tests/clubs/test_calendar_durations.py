"""Durations are exact elapsed time (RFC 5545 3.3.5, 3.8.5.3), even for a
meeting that ends in the repeated hour when the clocks go back."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from clubs.calendar import club_feed, member_feed, occurrence_calendar
from tests.builders import (
    make_club,
    make_member,
    make_registration,
    make_series,
    weekly,
)

pytestmark = pytest.mark.django_db

# 31 October 2027: London's clocks go back at 02:00 BST (01:00 UTC).
CHANGE = date(2027, 10, 31)
START = datetime(2027, 10, 30, 23, 45, tzinfo=UTC)  # 00:45 BST
END = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 01:30 GMT, the second 01:30


@pytest.fixture
def meeting():
    """00:45 to 01:30 local: an hour and three quarters, not three quarters."""
    club = make_club(time_zone="Europe/London")
    series = make_series(
        club,
        recurrence=weekly(),
        first_date=CHANGE,
        start_time=time(0, 45),
        duration=END - START,
        ends_on=CHANGE,
    )
    return series.occurrences.get()


def elapsed(event) -> timedelta:
    """In UTC: Python subtracts two times in the same zone on the wall clock."""
    return event.end.astimezone(UTC) - event.start.astimezone(UTC)


def events_on_the_day(body: bytes) -> list:
    """The VEVENTs that start on the day, as icalendar parses them (not as
    recurring-ical-events 3.8 expands them: it adds durations on the wall
    clock, so it would report 02:30 GMT whatever the feed says)."""
    calendar = Calendar.from_ical(body)
    return [
        e for e in calendar.events if e.start.astimezone(UTC).date() >= START.date()
    ]


def test_the_club_feed_keeps_the_real_duration(meeting):
    (event,) = events_on_the_day(club_feed(meeting.series.club))

    assert event.start.astimezone(UTC) == START
    assert elapsed(event) == timedelta(hours=1, minutes=45)


def test_the_single_event_keeps_the_real_duration(meeting):
    (event,) = Calendar.from_ical(occurrence_calendar(meeting)).events

    assert event.start.astimezone(UTC) == START
    assert event.end.astimezone(UTC) == END
    assert elapsed(event) == timedelta(hours=1, minutes=45)


def test_the_member_feed_and_an_override_keep_the_real_duration(meeting):
    person = make_member(meeting.series.club)
    make_registration(meeting, person)
    meeting.note = "Bring a torch"  # a note makes the club feed override it
    meeting.save()

    for body in (member_feed(person), club_feed(meeting.series.club)):
        events = events_on_the_day(body)  # the club feed: series and override
        assert events
        for event in events:
            assert event.end.astimezone(UTC) == END
            assert elapsed(event) == timedelta(hours=1, minutes=45)


def test_an_hour_from_0130_bst_ends_at_0130_gmt_not_at_its_start():
    club = make_club(time_zone="Europe/London")
    series = make_series(
        club,
        recurrence=weekly(),
        first_date=CHANGE,
        start_time=time(1, 30),
        duration=timedelta(hours=1),
        ends_on=CHANGE,
    )

    (event,) = events_on_the_day(club_feed(club))

    assert event.start.astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert elapsed(event) == series.duration
