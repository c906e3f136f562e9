"""series_update (all meetings) and series_split (this and following)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import recurrence
from django.core import mail
from django.core.exceptions import ValidationError

from clubs.models import Agenda, Occurrence, Registration, Series
from clubs.services.meetings import (
    occurrence_cancel,
    occurrence_move,
    occurrence_set_capacity,
)
from clubs.services.series import recurrence_dates, series_split, series_update
from tests.builders import make_club, make_registration, make_series

CHICAGO = ZoneInfo("America/Chicago")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_before_2026")]


@pytest.fixture
def series():
    """First Tuesdays, 7:30 Chicago, January to June 2026."""
    club = make_club(time_zone="America/Chicago")
    return make_series(
        club, first_date=date(2026, 1, 6), ends_on=date(2026, 6, 30), capacity=3
    )


def on(series, day) -> Occurrence:
    return series.occurrences.get(original_start__date=day)


def local(instant) -> str:
    return instant.astimezone(CHICAGO).strftime("%m-%d %H:%M")


def starts(series) -> list[str]:
    return [local(o.start) for o in series.occurrences.order_by("start")]


def at_eight(*days) -> list[str]:
    return [f"{day} 08:00" for day in days]


def subjects():
    return [message.subject.split(":")[0] for message in mail.outbox]


def first_wednesdays():
    return recurrence.Recurrence(
        rrules=[recurrence.Rule(recurrence.MONTHLY, byday=[recurrence.Weekday(2, 1)])]
    )


# --- series_update -------------------------------------------------------------


def test_a_new_time_moves_every_coming_meeting_keeping_its_people(series, committed):
    march = on(series, date(2026, 3, 3))
    registration = make_registration(march, email="ana@example.com", name="Ana")
    mail.outbox.clear()

    with committed():
        updated = series_update(series=series, start_time=time(8, 0))

    assert starts(series) == at_eight(
        "01-06", "02-03", "03-03", "04-07", "05-05", "06-02"
    )
    registration.refresh_from_db()
    assert registration.occurrence_id == march.pk
    march.refresh_from_db()
    assert march.original_start == march.start  # still where the rule puts it
    assert updated.sequence > series.sequence
    assert subjects() == ["New time or place"]


def test_a_meeting_moved_on_its_own_keeps_its_time(series):
    february = on(series, date(2026, 2, 3))
    occurrence_move(
        occurrence=february, start=datetime(2026, 2, 4, 9, 0, tzinfo=CHICAGO)
    )

    series_update(series=series, start_time=time(8, 0))

    february.refresh_from_db()
    assert local(february.start) == "02-04 09:00"
    assert local(february.original_start) == "02-03 08:00"
    assert series.occurrences.count() == 6


def test_past_meetings_keep_the_times_they_had(series, time_machine):
    time_machine.move_to(datetime(2026, 2, 10, 12, 0, tzinfo=CHICAGO))

    series_update(series=series, start_time=time(8, 0))

    assert starts(series) == [
        "01-06 07:30", "02-03 07:30", "03-03 08:00",
        "04-07 08:00", "05-05 08:00", "06-02 08:00",
    ]  # fmt: skip


def test_a_longer_meeting(series):
    series_update(series=series, duration=series.duration * 2)

    april = on(series, date(2026, 4, 7))
    assert (april.end - april.start).total_seconds() == 3 * 3600


def test_capacity_follows_unless_set_for_one_date(series):
    may = on(series, date(2026, 5, 5))
    occurrence_set_capacity(occurrence=may, capacity=10)

    series_update(series=series, capacity=5)

    capacities = dict(
        series.occurrences.values_list("original_start__month", "capacity")
    )
    assert capacities == {1: 5, 2: 5, 3: 5, 4: 5, 5: 10, 6: 5}


def test_capacity_below_the_people_confirmed_changes_nothing(series):
    march = on(series, date(2026, 3, 3))
    make_registration(march)
    make_registration(march)

    with pytest.raises(ValidationError) as caught:
        series_update(series=series, capacity=1, start_time=time(8, 0))

    assert "capacity" in caught.value.message_dict
    series.refresh_from_db()
    assert (series.capacity, series.start_time) == (3, time(7, 30))
    assert starts(series)[0] == "01-06 07:30"


def test_a_new_rule_cancels_dates_people_hold_and_drops_the_rest(series, committed):
    march = on(series, date(2026, 3, 3))
    make_registration(march, email="ana@example.com", name="Ana")
    mail.outbox.clear()

    with committed():
        series_update(series=series, recurrence=first_wednesdays())

    march.refresh_from_db()
    assert march.status == Occurrence.Status.CANCELLED
    assert subjects() == ["Cancelled"]
    scheduled = series.occurrences.filter(status="scheduled").order_by("start")
    assert [local(o.start) for o in scheduled] == [
        "01-07 07:30", "02-04 07:30", "03-04 07:30",
        "04-01 07:30", "05-06 07:30", "06-03 07:30",
    ]  # fmt: skip
    assert series.occurrences.count() == 7


def test_extra_and_skipped_dates_follow_a_new_time(series):
    series = series_update(
        series=series,
        extra_dates=[date(2026, 2, 17)],
        excluded_dates=[date(2026, 3, 3)],
    )

    series = series_update(series=series, start_time=time(8, 0))

    assert recurrence_dates(series) == ([date(2026, 2, 17)], [date(2026, 3, 3)])
    assert starts(series) == at_eight(
        "01-06", "02-03", "02-17", "04-07", "05-05", "06-02"
    )


# --- series_split -----------------------------------------------------------------


def test_split_ends_the_old_series_and_starts_a_new_one(series, committed):
    may = on(series, date(2026, 5, 5))
    confirmed = make_registration(may, email="ana@example.com", name="Ana")
    mail.outbox.clear()

    with committed():
        new = series_split(
            series=series,
            from_occurrence=on(series, date(2026, 4, 7)),
            start_time=time(8, 0),
            title="Breakfast, new time",
        )

    series.refresh_from_db()
    assert series.ends_on == date(2026, 4, 6)
    assert starts(series) == ["01-06 07:30", "02-03 07:30", "03-03 07:30"]
    assert (new.title, new.first_date, new.ends_on) == (
        "Breakfast, new time",
        date(2026, 4, 7),
        date(2026, 6, 30),
    )
    assert starts(new) == ["04-07 08:00", "05-05 08:00", "06-02 08:00"]
    confirmed.refresh_from_db()
    assert confirmed.occurrence == on(new, date(2026, 5, 5))
    assert confirmed.occurrence.confirmed_count == 1
    # The meeting keeps its row (page, calendar identity) in the new series;
    # this asserted the row was gone, which left the first email's links 404.
    assert confirmed.occurrence_id == may.pk
    assert subjects() == ["New time or place"]


def test_split_keeps_the_waitlist_order_and_fills_new_seats(series):
    may = on(series, date(2026, 5, 5))
    for n in range(5):
        make_registration(may, email=f"p{n}@example.com", name=f"P{n}")

    new = series_split(
        series=series, from_occurrence=may, capacity=4, start_time=time(7, 30)
    )

    target = on(new, date(2026, 5, 5))
    assert list(
        target.registrations.order_by("created_at").values_list("status", flat=True)
    ) == ["confirmed"] * 4 + ["waitlisted"]
    assert target.confirmed_count == 4


def test_split_carries_cancellations_moves_notes_and_agendas(series):
    april, may, june = (
        on(series, date(2026, m, d)) for m, d in ((4, 7), (5, 5), (6, 2))
    )
    occurrence_cancel(occurrence=may, reason="Holiday weekend")
    occurrence_move(occurrence=june, start=datetime(2026, 6, 3, 9, 0, tzinfo=CHICAGO))
    Agenda.objects.create(occurrence=june, intro="Hot seats")

    new = series_split(series=series, from_occurrence=april, start_time=time(8, 0))

    new_may, new_june = on(new, date(2026, 5, 5)), on(new, date(2026, 6, 2))
    assert (new_may.status, new_may.cancel_reason) == ("cancelled", "Holiday weekend")
    assert local(new_june.start) == "06-03 09:00"
    assert new_june.agenda.intro == "Hot seats"


def test_dates_the_new_schedule_lacks_are_cancelled_and_people_told(series, committed):
    may = on(series, date(2026, 5, 5))
    registration = make_registration(may, email="ana@example.com", name="Ana")
    mail.outbox.clear()

    with committed():
        new = series_split(
            series=series,
            from_occurrence=on(series, date(2026, 4, 7)),
            recurrence=first_wednesdays(),
        )

    may.refresh_from_db()
    assert may.status == Occurrence.Status.CANCELLED
    registration.refresh_from_db()
    assert registration.occurrence_id == may.pk
    assert registration.status == Registration.Status.CONFIRMED
    assert starts(new) == ["05-06 07:30", "06-03 07:30"]
    assert subjects() == ["Cancelled"]


def test_split_from_the_first_meeting_changes_the_whole_series(series):
    first = series.occurrences.order_by("start").first()

    result = series_split(series=series, from_occurrence=first, start_time=time(8, 0))

    assert result.pk == series.pk
    assert Series.objects.count() == 1
    assert starts(series)[0] == "01-06 08:00"


def test_a_past_meeting_cannot_start_a_new_schedule(series, time_machine):
    time_machine.move_to(datetime(2026, 3, 10, tzinfo=CHICAGO))

    with pytest.raises(ValidationError):
        series_split(series=series, from_occurrence=on(series, date(2026, 3, 3)))
