"""The report's headline: given, won, conversion and time to first contact."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q

from clubs.models import Club, Referral
from clubs.selectors.referral_reports.money import Money
from clubs.selectors.referral_reports.periods import (
    Period,
    closed_in,
    given_in,
    won_in,
)


@dataclass(frozen=True)
class ReferralSummary:
    given: int = 0
    still_open: int = 0
    to_partners: int = 0
    closed: int = 0
    won: int = 0
    contacted: int = 0
    median_first_contact: timedelta | None = None
    value_closed: list[Money] = field(default_factory=list)

    @property
    def conversion_percent(self) -> int | None:
        """won / closed; None when nothing closed in the period."""
        return round(self.won * 100 / self.closed) if self.closed else None

    @property
    def first_contact_hours(self) -> int | None:
        delay = self.median_first_contact
        return None if delay is None else round(delay.total_seconds() / 3600)

    @property
    def first_contact_days(self) -> int | None:
        hours = self.first_contact_hours
        return None if hours is None else round(hours / 24)


def referral_summary(*, club: Club, period: Period) -> ReferralSummary:
    given = given_in(period)
    counts = Referral.objects.filter(club=club).aggregate(
        given=Count("pk", filter=given),
        still_open=Count("pk", filter=given & Q(status__in=Referral.OPEN)),
        to_partners=Count("pk", filter=given & Q(receiver__isnull=True)),
        closed=Count("pk", filter=closed_in(period)),
        won=Count("pk", filter=won_in(period)),
        contacted=Count("pk", filter=given & Q(first_contacted_at__isnull=False)),
    )
    median = _median_first_contact(club, period, counts["contacted"])
    return ReferralSummary(**counts, median_first_contact=median)


def _median_first_contact(club: Club, period: Period, contacted: int):
    """The middle one (or the mean of the middle two) of the delays, read
    with OFFSET so it works the same on SQLite and PostgreSQL: one query
    returning at most two rows, however many referrals there are."""
    if not contacted:
        return None
    delay = ExpressionWrapper(
        F("first_contacted_at") - F("created_at"), output_field=DurationField()
    )
    middle = list(
        Referral.objects.filter(
            given_in(period), club=club, first_contacted_at__isnull=False
        )
        .annotate(delay=delay)
        .order_by("delay")
        .values_list("delay", flat=True)[(contacted - 1) // 2 : contacted // 2 + 1]
    )
    return sum(middle, timedelta()) / len(middle)
