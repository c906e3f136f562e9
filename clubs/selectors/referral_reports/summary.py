"""The report's headline: given, won, conversion and time to first contact."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import DurationField, ExpressionWrapper, F

from clubs.models import Club, Referral
from clubs.selectors.referral_reports.money import Money, money_list
from clubs.selectors.referral_reports.monthly import MonthRow, referrals_by_month
from clubs.selectors.referral_reports.periods import Period, given_in


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
    """Two queries: the months' counts, and the median."""
    months = referrals_by_month(club=club, period=period)
    return summary_of_months(months, club=club, period=period)


def summary_of_months(
    months: list[MonthRow], *, club: Club, period: Period
) -> ReferralSummary:
    """The headline, summed over the period's month rows (which count every
    referral given or closed in it), and the median read apart: one query."""
    counts = {name: sum(getattr(row, name) for row in months) for name in COUNTS}
    median = _median_first_contact(club, period, counts["contacted"])
    return ReferralSummary(
        **counts, median_first_contact=median, value_closed=_value_closed(months)
    )


COUNTS = ("given", "still_open", "to_partners", "closed", "won", "contacted")


def _value_closed(months: list[MonthRow]) -> list[Money]:
    totals: dict[str, Decimal] = {}
    for row in months:
        for currency, amount in row.value_totals.items():
            totals[currency] = totals.get(currency, Decimal(0)) + amount
    return money_list(totals)


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
