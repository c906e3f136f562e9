"""Month by month: referrals given and won, value closed, and the room."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import (
    CharField,
    Count,
    DecimalField,
    F,
    Q,
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
    STATUS,
    Period,
    came_to_meetings,
    closed_in,
    given_in,
)


@dataclass
class MonthRow:
    """A month of the period. The table shows the first four measures; the
    other counts are there for the report's headline, their sum over the
    months (`referral_summary`)."""

    month: date
    given: int = 0
    won: int = 0
    attended: int = 0
    value_totals: dict[str, Decimal] = field(default_factory=dict)
    closed: int = 0  # won, lost or not a fit, by closing
    still_open: int = 0  # of those given, by creation
    to_partners: int = 0  # of those given
    contacted: int = 0  # of those given

    @property
    def value_closed(self) -> list[Money]:
        return money_list(self.value_totals)

    @property
    def value_text(self) -> str:
        return money_text(self.value_closed)


def referrals_by_month(*, club: Club, period: Period) -> list[MonthRow]:
    """Given (by creation), closed, won and value (by closing, per currency)
    and people who came to the club's meetings, for every month of the
    period, empty months included: three grouped reads sent as one query
    (UNION ALL), each row saying which of them it comes from."""
    rows = {month: MonthRow(month) for month in period.months()}
    for kind, month, currency, *counts, value in _by_month_union(club, period):
        row = rows[_month_key(month, period)]
        if kind == GIVEN:
            row.given, _, row.still_open, row.to_partners, row.contacted = counts
        elif kind == ATTENDED:
            row.attended = counts[0]
        else:
            closed, won, *_ = counts
            row.closed += closed
            if won:
                row.won += won
                row.value_totals[currency] = value
    return list(rows.values())


GIVEN, ATTENDED, CLOSED = 1, 2, 3
_NONE = Value(0)
_NO_CURRENCY = Value("", output_field=CharField())
# Typed, so that PostgreSQL matches the UNION's columns with the sums below.
_NO_VALUE = Cast(Value(None), DecimalField(max_digits=12, decimal_places=2))


def _by_month_union(club: Club, period: Period):
    """Rows of (kind, month, currency, n, won, still open, to partners,
    contacted, value); a part leaves the columns it has nothing for at 0."""
    won = Q(status=STATUS.WON)
    given = _by_month(
        Referral.objects.filter(given_in(period), club=club),
        GIVEN,
        "created_at",
        period,
        still_open=Count("pk", filter=Q(status__in=Referral.OPEN)),
        to_partners=Count("pk", filter=Q(receiver__isnull=True)),
        contacted=Count("first_contacted_at"),
    )
    came = _by_month(
        came_to_meetings(club, period), ATTENDED, "occurrence__start", period
    )
    closed = _by_month(
        Referral.objects.filter(closed_in(period), club=club),
        CLOSED,
        "closed_at",
        period,
        currency=F("currency"),
        won=Count("pk", filter=won),
        value=Sum("value", filter=won),
    )
    return given.union(came, closed, all=True)


def _by_month(
    queryset: QuerySet,
    kind: int,
    when: str,
    period: Period,
    *,
    currency=_NO_CURRENCY,
    won=_NONE,
    still_open=_NONE,
    to_partners=_NONE,
    contacted=_NONE,
    value=_NO_VALUE,
):
    """Counts `n` grouped by calendar month in the club's time zone (a 7:30
    breakfast on the 1st belongs to that month, not the one before), and by
    currency when one is given."""
    return (
        queryset.order_by()
        .values(month=TruncMonth(when, tzinfo=period.zone), unit=currency)
        .annotate(
            kind=Value(kind),
            n=Count("pk"),
            n_won=won,
            n_open=still_open,
            n_partners=to_partners,
            n_contacted=contacted,
            total=value,
        )
        .values_list(
            "kind",
            "month",
            "unit",
            "n",
            "n_won",
            "n_open",
            "n_partners",
            "n_contacted",
            "total",
        )
    )


def _month_key(value, period: Period) -> date:
    if isinstance(value, datetime):
        value = value.astimezone(period.zone) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)
