from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from clubs.models import Occurrence
from clubs.scheduling import instants_for_dates, wall_clock_starts
from clubs.services.meetings import occurrence_move, occurrences_sync
from tests.builders import (
    make_club,
    make_registration,
    make_series,
    monthly_on_first_tuesday,
    weekly,
)

CHICAGO, BERLIN = ZoneInfo("America/Chicago"), ZoneInfo("Europe/Berlin")

pytestmark = pytest.mark.django_db


def local_times(series, zone):
    return [
        occurrence.start.astimezone(zone)
        for occurrence in series.occurrences.order_by("start")
    ]


@pytest.mark.parametrize(
    ("zone", "first"), [(CHICAGO, date(2026, 1, 6)), (BERLIN, date(2026, 1, 6))]
)
def test_a_breakfast_stays_at_7_30_local_through_daylight_saving(zone, first):
    series = make_series(
        make_club(time_zone=str(zone)), first_date=first, ends_on=date(2026, 12, 31)
    )

    starts = local_times(series, zone)

    assert [start.date() for start in starts] == [
        date(2026, month, day)
        for month, day in [
            (1, 6), (2, 3), (3, 3), (4, 7), (5, 5), (6, 2),
            (7, 7), (8, 4), (9, 1), (10, 6), (11, 3), (12, 1),
        ]
    ]  # fmt: skip
    assert {(start.hour, start.minute) for start in starts} == {(7, 30)}
    # The UTC offset does change, which is the point:
    assert len({start.utcoffset() for start in starts}) == 2


def test_a_weekly_series_crosses_the_spring_change_at_the_same_wall_time():
    series = make_series(
        make_club(time_zone="America/Chicago"),
        recurrence=weekly(),
        first_date=date(2026, 3, 3),
        ends_on=date(2026, 3, 17),
        start_time=time(18, 0),
    )

    assert [
        start.strftime("%m-%d %H:%M %Z") for start in local_times(series, CHICAGO)
    ] == [
        "03-03 18:00 CST",
        "03-10 18:00 CDT",
        "03-17 18:00 CDT",
    ]


def test_the_first_date_moves_to_the_first_date_the_rule_gives():
    series = make_series(first_date=date(2026, 1, 1), ends_on=date(2026, 2, 28))

    assert series.first_date == date(2026, 1, 6)
    assert series.occurrences.count() == 2


def test_extra_dates_and_exclusions():
    series = make_series(first_date=date(2026, 1, 6), ends_on=date(2026, 4, 30))
    series.recurrence.exdates = instants_for_dates(series, [date(2026, 2, 3)])
    series.recurrence.rdates = instants_for_dates(series, [date(2026, 2, 10)])

    days = [
        start.date() for start in wall_clock_starts(series, until=date(2026, 4, 30))
    ]

    assert days == [
        date(2026, 1, 6), date(2026, 2, 10), date(2026, 3, 3), date(2026, 4, 7)
    ]  # fmt: skip


def test_a_moved_meeting_is_never_listed_twice(time_machine):
    time_machine.move_to(date(2025, 12, 1))
    series = make_series(first_date=date(2026, 1, 6), ends_on=date(2026, 3, 31))
    january = series.occurrences.get(original_start__date=date(2026, 1, 6))

    occurrence_move(occurrence=january, start=january.start + timedelta(days=2))
    occurrences_sync(series=series)

    assert series.occurrences.count() == 3
    assert series.occurrences.filter(start__date=date(2026, 1, 8)).count() == 1
    assert not series.occurrences.filter(start__date=date(2026, 1, 6)).exists()


def test_dates_dropped_from_the_rule_go_but_places_held_are_kept(time_machine):
    time_machine.move_to(date(2025, 12, 1))
    series = make_series(first_date=date(2026, 1, 6), ends_on=date(2026, 3, 31))
    february, march = series.occurrences.order_by("start")[1:3]
    make_registration(february)

    series.ends_on = date(2026, 1, 31)
    series.save()
    occurrences_sync(series=series)

    february.refresh_from_db()
    assert february.status == Occurrence.Status.CANCELLED
    assert not Occurrence.objects.filter(pk=march.pk).exists()


def test_occurrences_exist_up_to_the_horizon(settings):
    settings.OCCURRENCE_HORIZON_DAYS = 100
    series = make_series(recurrence=monthly_on_first_tuesday())

    last = series.occurrences.order_by("start").last()

    assert last.start.date() <= timezone.localdate() + timedelta(days=100)
    assert series.occurrences.count() in (3, 4)
