"""Month by month: referrals given and won, value closed, and the room."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import (
    CharField,
    Count,
    DecimalField,
    F,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Cast, TruncMonth
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
    empty months included: three grouped reads sent as one query (UNION ALL),
    each row saying which measure it holds."""
    rows = {month: MonthRow(month) for month in period.months()}
    given = Referral.objects.filter(given_in(period), club=club)
    came = came_to_meetings(club, period)
    won = Referral.objects.filter(won_in(period), club=club)
    parts = (
        _by_month(given, GIVEN, "created_at", period),
        _by_month(came, ATTENDED, "occurrence__start", period),
        _by_month(won, WON, "closed_at", period, F("currency"), Sum("value")),
    )
    for kind, month, currency, count, value in parts[0].union(*parts[1:], all=True):
        row = rows[_month_key(month, period)]
        if kind == GIVEN:
            row.given = count
        elif kind == ATTENDED:
            row.attended = count
        else:
            row.won += count
            row.value_totals[currency] = value
    return list(rows.values())


GIVEN, ATTENDED, WON = 1, 2, 3
_NO_CURRENCY = Value("", output_field=CharField())
# Typed, so that PostgreSQL matches the UNION's columns with the sums below.
_NO_VALUE = Cast(Value(None), DecimalField(max_digits=12, decimal_places=2))


def _by_month(
    queryset: QuerySet,
    kind: int,
    when: str,
    period: Period,
    currency=_NO_CURRENCY,
    value=_NO_VALUE,
):
    """(kind, month, currency, count, value) grouped by calendar month in the
    club's time zone (a 7:30 breakfast on the 1st belongs to that month, not
    the one before), and by currency when one is given."""
    return (
        queryset.order_by()
        .values(month=TruncMonth(when, tzinfo=period.zone), unit=currency)
        .annotate(kind=Value(kind), n=Count("pk"), total=value)
        .values_list("kind", "month", "unit", "n", "total")
    )


def _month_key(value, period: Period) -> date:
    if isinstance(value, datetime):
        value = value.astimezone(period.zone) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)
