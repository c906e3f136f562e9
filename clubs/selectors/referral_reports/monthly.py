"""Month by month: referrals given and won, value closed, and the room."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from clubs.models import Club, Referral
from clubs.selectors.referral_reports.money import (
    Money,
    money_list,
    money_text,
)
from clubs.selectors.referral_reports.periods import (
    Period,
    came_to_meetings,
    given_in,
    won_in,
)


@dataclass
class MonthRow:
    month: date
    given: int = 0
    won: int = 0
    attended: int = 0
    value_totals: dict[str, Decimal] = field(default_factory=dict)

    @property
    def value_closed(self) -> list[Money]:
        return money_list(self.value_totals)

    @property
    def value_text(self) -> str:
        return money_text(self.value_closed)


def referrals_by_month(*, club: Club, period: Period) -> list[MonthRow]:
    """Given (by creation), won and value (by closing, per currency) and
    people who came to the club's meetings, for every month of the period,
    empty months included: three grouped queries."""
    rows = {month: MonthRow(month) for month in period.months()}
    given = Referral.objects.filter(given_in(period), club=club)
    for month, count in _by_month(given, "created_at", period).values_list(
        "month", "n"
    ):
        rows[_month_key(month, period)].given = count
    came = came_to_meetings(club, period)
    for month, count in _by_month(came, "occurrence__start", period).values_list(
        "month", "n"
    ):
        rows[_month_key(month, period)].attended = count
    won = Referral.objects.filter(won_in(period), club=club)
    for month, currency, count, value in (
        _by_month(won, "closed_at", period, "currency")
        .annotate(value=Sum("value"))
        .values_list("month", "currency", "n", "value")
    ):
        row = rows[_month_key(month, period)]
        row.won += count
        row.value_totals[currency] = value
    return list(rows.values())


def _by_month(queryset: QuerySet, when: str, period: Period, *also: str):
    """Counts `n` grouped by calendar month in the club's time zone (a 7:30
    breakfast on the 1st belongs to that month, not the one before)."""
    return (
        queryset.annotate(month=TruncMonth(when, tzinfo=period.zone))
        .order_by()
        .values("month", *also)
        .annotate(n=Count("pk"))
    )


def _month_key(value, period: Period) -> date:
    if isinstance(value, datetime):
        value = value.astimezone(period.zone) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)
