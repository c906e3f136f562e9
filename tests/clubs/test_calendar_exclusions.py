"""Exclusion rules in the club feed: right for every date the feed expands, in
few enough EXDATEs for Google (about 90 per event), and rolling forward."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import recurrence
import recurring_ical_events
import time_machine
from icalendar import Calendar

from clubs import scheduling
from clubs.calendar import FEED_HORIZON, club_feed
from clubs.services.meetings import occurrence_move
from tests.builders import make_club, make_series

pytestmark = pytest.mark.django_db

FIRST = date(2026, 1, 14)  # the second Wednesday of January


def weekly_but_first_and_third_wednesdays():
    skip = [recurrence.Weekday(2, 1), recurrence.Weekday(2, 3)]
    return recurrence.Recurrence(
        rrules=[recurrence.Rule(recurrence.WEEKLY)],
        exrules=[recurrence.Rule(recurrence.MONTHLY, byday=skip)],
    )


def expanded(calendar: Calendar, until: date) -> list[datetime]:
    end = datetime.combine(until, time(), tzinfo=UTC)
    events = recurring_ical_events.of(calendar).between(date(2000, 1, 1), end)
    return sorted(event.start.astimezone(UTC) for event in events)


def exdate_counts(calendar: Calendar) -> list[int]:
    counts = []
    for event in calendar.events:
        values = event.get("EXDATE", [])
        values = values if isinstance(values, list) else [values]
        counts.append(sum(len(value.dts) for value in values))
    return counts


@pytest.mark.parametrize("years_later", [0, 4, 8])
def test_the_feed_matches_the_sites_rule_for_ten_years(years_later):
    with time_machine.travel(datetime(2026, 1, 1, 12, tzinfo=UTC), tick=False):
        club = make_club(time_zone="Europe/London")
        series = make_series(
            club,
            recurrence=weekly_but_first_and_third_wednesdays(),
            first_date=FIRST,
            start_time=time(7, 30),
        )
    today = date(2026 + years_later, 1, 1)
    ten_years, beyond = date(2036, 1, 1), date(2040, 1, 1)
    with time_machine.travel(datetime.combine(today, time(12), UTC), tick=False):
        calendar = Calendar.from_ical(club_feed(club))

    starts = expanded(calendar, beyond)
    site = scheduling.original_starts(series, until=beyond)
    horizon = today + FEED_HORIZON
    # Every date the feed shows is the site's, and none is missing up to the
    # horizon; it rolls on, so by 2034 the feed reaches ten years out.
    assert starts == [s for s in site if s.date() <= horizon]
    assert starts[-1].date() > horizon - timedelta(days=22)
    assert years_later < 8 or starts[-1].date() > ten_years - timedelta(days=22)
    assert max(exdate_counts(calendar)) <= 90


def test_a_long_series_splits_and_overrides_follow_their_part():
    with time_machine.travel(datetime(2026, 1, 1, 12, tzinfo=UTC), tick=False):
        club = make_club(time_zone="America/Chicago")
        series = make_series(
            club,
            recurrence=weekly_but_first_and_third_wednesdays(),
            first_date=FIRST,
            start_time=time(7, 30),
        )
        moved = series.occurrences.order_by("original_start")[3]
        moved = occurrence_move(
            occurrence=moved, start=moved.start + timedelta(hours=1)
        )
    with time_machine.travel(datetime(2032, 6, 1, 12, tzinfo=UTC), tick=False):
        calendar = Calendar.from_ical(club_feed(club))

    masters = [e for e in calendar.events if "RECURRENCE-ID" not in e]
    (override,) = [e for e in calendar.events if "RECURRENCE-ID" in e]
    assert len(masters) > 1
    assert len({str(e["UID"]) for e in masters}) == len(masters)
    assert str(override["UID"]) == str(masters[0]["UID"])
    assert max(exdate_counts(calendar)) <= 90
    starts = expanded(calendar, date(2040, 1, 1))
    site = scheduling.original_starts(series, until=date(2040, 1, 1))
    site = [moved.start if s == moved.original_start else s for s in site]
    assert starts == sorted(
        s for s in site if s.date() <= date(2032, 6, 1) + FEED_HORIZON
    )
