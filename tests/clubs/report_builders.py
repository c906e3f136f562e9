"""Rows for the referral report tests, written straight with the timestamps
a year of club life would have left (the services would stamp them now):
referrals given and won, meetings and attendance marks."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import recurrence
from django.urls import reverse

from clubs.models import Attendance, Occurrence, Referral, Series

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 5, 20, 12, 0, tzinfo=CHICAGO)


def at(month: int, day: int, hour: int = 9, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=CHICAGO)


def give(club, giver, receiver=None, *, on, **fields) -> Referral:
    """A referral row as the services would leave it, with its timestamps
    set (auto_now_add would stamp them now)."""
    status = fields.pop("status", Referral.Status.NEW)
    closed = status in Referral.CLOSED
    referral = Referral.objects.create(
        club=club,
        giver=giver,
        receiver=receiver,
        partner_name="" if receiver else "Partner Co",
        prospect_name=fields.pop("prospect_name", "Pat Prospect"),
        prospect_email="pat@example.net",
        need="Books",
        consent=True,
        status=status,
        **fields,
    )
    contacted = fields.get("first_contacted_at") or (
        on + timedelta(hours=5) if status != Referral.Status.NEW else None
    )
    closed_at = fields.get("closed_at") or (on + timedelta(days=3) if closed else None)
    Referral.objects.filter(pk=referral.pk).update(
        created_at=on,
        status_changed_at=on,
        first_contacted_at=contacted,
        closed_at=closed_at,
    )
    referral.refresh_from_db()
    return referral


def won(club, giver, receiver, *, on, value, currency="USD", **fields):
    return give(
        club,
        giver,
        receiver,
        on=on,
        status=Referral.Status.WON,
        value=Decimal(value),
        currency=currency,
        **fields,
    )


def meeting(club, when: datetime, *, cancelled=False, **series_fields) -> Occurrence:
    """A meeting of the club's series at `when`; the first one made starts
    the series (at 7:30 unless `series_fields` say otherwise)."""
    series = club.series.first() or Series.objects.create(
        club=club,
        title="Networking breakfast",
        recurrence=recurrence.Recurrence(),
        first_date=date(2025, 1, 1),
        time_zone=club.time_zone,
        **({"start_time": time(7, 30)} | series_fields),
    )
    status = "cancelled" if cancelled else "scheduled"
    return Occurrence.objects.create(
        series=series,
        original_start=when,
        start=when,
        end=when + timedelta(hours=1),
        status=status,
    )


def mark(occurrence, person, status="present") -> Attendance:
    return Attendance.objects.create(
        occurrence=occurrence,
        person=person,
        name=str(person),
        status=status,
        substitute_name="Sam Stand-in" if status == "substitute" else "",
    )


def url(club, name="club_referrals_report"):
    return reverse(name, kwargs={"slug": club.slug})
