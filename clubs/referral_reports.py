"""Referral reads for the club's hosts (the report, its CSV and its pictures)
and the club totals everyone may see.

The measures, as the report page states them:

- **Given**: referrals created in the period.
- **Won** and **value closed**: referrals whose deal was won in the period
  (by `closed_at`), whenever they were given. Values are summed per currency
  and never added across currencies.
- **Conversion rate** = won / closed, over the referrals closed in the period
  (won, lost or not a fit). Referrals still open count neither way, so a
  quarter full of fresh referrals does not look like a bad quarter.
- **Time to first contact**: the median, over referrals given in the period
  that the receiver has contacted, of `first_contacted_at - created_at`. The
  median, because one referral left for two months would swamp a mean.

Every figure is an aggregate in SQL: the number of queries stays the same
whatever the number of referrals, members or meetings.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import number_format

from clubs.models import (
    Attendance,
    Club,
    Membership,
    Occurrence,
    Referral,
    Registration,
    User,
)
from clubs.reports import spreadsheet_safe

STATUS = Referral.Status
# Attending in person: a substitute filled the seat, but the member wasn't there.
CAME = (Attendance.Status.PRESENT, Attendance.Status.LATE)
MAX_GRAPH_PEOPLE = 24  # beyond this a circle of names is unreadable on a phone
FLOWS_LISTED = 50  # the graph's table: the busiest pairs; the CSV has them all


# --- Periods ------------------------------------------------------------------

PRESETS = ("this_quarter", "last_quarter", "last_12_months")


@dataclass(frozen=True)
class Period:
    """Whole days `start`..`end` in the club's time zone, as the instants
    [since, until) that the queries compare with."""

    start: date
    end: date
    since: datetime
    until: datetime
    zone: ZoneInfo

    def months(self) -> list[date]:
        """The first day of every month the period touches, in order."""
        month, months = self.start.replace(day=1), []
        while month <= self.end:
            months.append(month)
            month += relativedelta(months=1)
        return months


def club_today(club: Club) -> date:
    return timezone.localdate(timezone=ZoneInfo(club.time_zone))


def preset_dates(preset: str, today: date) -> tuple[date, date]:
    """This quarter runs to today; last quarter is the whole previous one;
    the last 12 months are whole months, this one included, so the chart
    shows twelve comparable bars."""
    quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    if preset == "last_quarter":
        start = quarter - relativedelta(months=3)
        return start, quarter - timedelta(days=1)
    if preset == "last_12_months":
        return today.replace(day=1) - relativedelta(months=11), today
    return quarter, today


def period_for(club: Club, *, start: date, end: date) -> Period:
    zone = ZoneInfo(club.time_zone)
    return Period(
        start=start,
        end=end,
        since=datetime.combine(start, time.min, tzinfo=zone),
        until=datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
        zone=zone,
    )


def _given_in(period: Period, prefix: str = "") -> Q:
    return Q(**{f"{prefix}created_at__gte": period.since}) & Q(
        **{f"{prefix}created_at__lt": period.until}
    )


def _closed_in(period: Period, prefix: str = "", statuses=Referral.CLOSED) -> Q:
    return Q(
        **{
            f"{prefix}status__in": statuses,
            f"{prefix}closed_at__gte": period.since,
            f"{prefix}closed_at__lt": period.until,
        }
    )


def _won_in(period: Period, prefix: str = "") -> Q:
    return _closed_in(period, prefix, statuses=[STATUS.WON])


# --- Money --------------------------------------------------------------------


@dataclass(frozen=True)
class Money:
    currency: str
    amount: Decimal

    def __str__(self):
        """ "12,500 USD": whole units, grouped as the language groups them,
        and a no-break space so the amount never leaves its currency."""
        whole = self.amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return f"{number_format(whole, 0, force_grouping=True)}\u00a0{self.currency}"


def money_text(money: list[Money]) -> str:
    """Amounts side by side, never added together; a dash for none. Built
    here rather than in a template loop: a leaderboard has a hundred rows."""
    return " · ".join(str(m) for m in money) or "—"


def _money(totals: dict[str, Decimal]) -> list[Money]:
    """Per-currency totals, largest first; currencies with nothing are left out."""
    kept = [Money(c, a) for c, a in totals.items() if a]
    return sorted(kept, key=lambda m: (-m.amount, m.currency))


def club_currencies(club: Club) -> list[str]:
    """Every currency the club's closed business has been counted in: the
    leaderboard can rank by value in any one of them."""
    return list(
        Referral.objects.filter(club=club, status=STATUS.WON)
        .exclude(currency="")
        .order_by("currency")
        .values_list("currency", flat=True)
        .distinct()
    )


# --- Summary: conversion and time to first contact ----------------------------


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
    given = _given_in(period)
    counts = Referral.objects.filter(club=club).aggregate(
        given=Count("pk", filter=given),
        still_open=Count("pk", filter=given & Q(status__in=Referral.OPEN)),
        to_partners=Count("pk", filter=given & Q(receiver__isnull=True)),
        closed=Count("pk", filter=_closed_in(period)),
        won=Count("pk", filter=_won_in(period)),
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
            _given_in(period), club=club, first_contacted_at__isnull=False
        )
        .annotate(delay=delay)
        .order_by("delay")
        .values_list("delay", flat=True)[(contacted - 1) // 2 : contacted // 2 + 1]
    )
    return sum(middle, timedelta()) / len(middle)


# --- Month by month -----------------------------------------------------------


@dataclass
class MonthRow:
    month: date
    given: int = 0
    won: int = 0
    attended: int = 0
    value_totals: dict[str, Decimal] = field(default_factory=dict)

    @property
    def value_closed(self) -> list[Money]:
        return _money(self.value_totals)

    @property
    def value_text(self) -> str:
        return money_text(self.value_closed)


def referrals_by_month(*, club: Club, period: Period) -> list[MonthRow]:
    """Given (by creation), won and value (by closing, per currency) and
    people who came to the club's meetings, for every month of the period,
    empty months included: three grouped queries."""
    rows = {month: MonthRow(month) for month in period.months()}
    given = Referral.objects.filter(_given_in(period), club=club)
    for month, count in _by_month(given, "created_at", period).values_list(
        "month", "n"
    ):
        rows[_month_key(month, period)].given = count
    for month, count in _by_month(
        _came(club, period), "occurrence__start", period
    ).values_list("month", "n"):
        rows[_month_key(month, period)].attended = count
    won = Referral.objects.filter(_won_in(period), club=club)
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


def _came(club: Club, period: Period) -> QuerySet[Attendance]:
    """Everyone who came (present or late) to a meeting the club held in the
    period, members and guests alike: the size of the room."""
    return Attendance.objects.filter(
        ~Q(occurrence__status=Occurrence.Status.CANCELLED),
        occurrence__series__club=club,
        occurrence__start__gte=period.since,
        occurrence__start__lt=period.until,
        status__in=CAME,
    )


# --- People as the reports name them -----------------------------------------


@dataclass(frozen=True)
class Person:
    """A member as a report row names them: the four columns it reads, not
    a whole account (building a User runs its field defaults, and a report
    names thousands of people)."""

    pk: int
    first_name: str
    last_name: str
    email: str

    def __str__(self):  # as User.__str__
        return f"{self.first_name} {self.last_name}".strip() or self.email


def people_named(ids) -> dict[int, Person]:
    """The people behind a report's ids, in one query by primary key. The
    aggregates group by id alone: grouping by names too would join every
    person in the site before grouping, and that grows with the site."""
    rows = User.objects.filter(pk__in=set(ids)).values_list(
        "pk", "first_name", "last_name", "email"
    )
    return {row[0]: Person(*row) for row in rows}


def _name_key(person: Person) -> tuple:
    return (person.first_name, person.last_name, person.email)


# --- Champions ----------------------------------------------------------------

MEASURES = ("given", "won", "visitors")  # plus "value:<currency>"


@dataclass(frozen=True)
class Champion:
    person: Person
    given: int
    won: int
    visitors: int
    value_closed: list[Money]
    rank: int | None  # None: nothing on the chosen measure

    @property
    def value_text(self) -> str:
        return money_text(self.value_closed)


def champions_leaderboard(
    *, club: Club, period: Period, rank_by: str, currencies: list[str]
) -> list[Champion]:
    """Everyone who gave, won or brought someone in the period (members who
    since left included: they earned it), best first on `rank_by`. Ties share
    a rank ("1, 2, 2, 4") and are listed by name. Three queries, each reading
    only the club's own rows or the people on the board."""
    zero = {f"value_{i}": Decimal(0) for i in range(len(currencies))}
    scores: dict[int, dict] = {}
    for row in _referral_scores(club, period, currencies):
        scores[row["giver"]] = {**row, "visitors": 0}
    for row in _visitor_scores(club, period):
        empty = {**zero, "given": 0, "won": 0}
        scores.setdefault(row["invited_by"], empty)["visitors"] = row["visitors"]
    names = people_named(scores)
    measure = _measure_field(rank_by, currencies)
    board = sorted(
        scores.items(), key=lambda item: (-item[1][measure], _name_key(names[item[0]]))
    )
    return _ranked([(names[pk], row) for pk, row in board], measure, currencies)


def _referral_scores(club: Club, period: Period, currencies: list[str]):
    given, won = _given_in(period), _won_in(period)
    sums = {
        f"value_{i}": Sum("value", filter=won & Q(currency=c), default=Decimal(0))
        for i, c in enumerate(currencies)
    }
    return (
        Referral.objects.filter(given | won, club=club)
        .order_by()
        .values("giver")
        .annotate(given=Count("pk", filter=given), won=Count("pk", filter=won), **sums)
    )


def _visitor_scores(club: Club, period: Period):
    return (
        _visitor_registrations(club, period)
        .order_by()
        .values("invited_by")
        .annotate(visitors=Count("email", distinct=True))
    )


def _visitor_registrations(club: Club, period: Period) -> QuerySet[Registration]:
    """Guests (no account) who came to one of the club's meetings in the
    period, registered as invited by a member. This is the hook for the
    content issue's attribution: when it lands, count its credited visitors
    here and everything else follows."""
    return Registration.objects.filter(
        person__isnull=True,
        invited_by__isnull=False,
        occurrence__series__club=club,
        occurrence__start__gte=period.since,
        occurrence__start__lt=period.until,
        attendance__status__in=CAME,
    )


def _measure_field(rank_by: str, currencies: list[str]) -> str:
    if rank_by.startswith("value:") and rank_by[6:] in currencies:
        return f"value_{currencies.index(rank_by[6:])}"
    return rank_by if rank_by in MEASURES else "given"


def _ranked(rows: list[tuple[Person, dict]], measure: str, currencies):
    """Competition ranking over rows already sorted best first."""
    champions, rank, previous = [], 0, None
    for position, (person, row) in enumerate(rows, start=1):
        if row[measure] != previous:
            rank, previous = position, row[measure]
        values = {c: row[f"value_{i}"] for i, c in enumerate(currencies)}
        champions.append(
            Champion(
                person=person,
                given=row["given"],
                won=row["won"],
                visitors=row["visitors"],
                value_closed=_money(values),
                rank=rank if row[measure] else None,
            )
        )
    return champions


# --- An ask to make -----------------------------------------------------------


@dataclass(frozen=True)
class Ask:
    person: Person
    meetings_attended: int


def members_who_never_refer(*, club: Club, period: Period) -> list[Ask]:
    """Active members who came to meetings in the period (present or late)
    but gave no referral in the club, most meetings first. Read from the
    club's attendance, not from every person: two queries."""
    gave = Referral.objects.filter(_given_in(period), club=club).values("giver")
    rows = (
        _came(club, period)
        .filter(
            person__memberships__club=club,
            person__memberships__status=Membership.Status.ACTIVE,
        )
        .exclude(person__in=gave)
        .order_by()
        .values_list("person")
        .annotate(meetings=Count("pk"))
    )
    rows = list(rows)
    names = people_named(pk for pk, _ in rows)
    asks = [Ask(names[pk], meetings) for pk, meetings in rows]
    return sorted(asks, key=lambda a: (-a.meetings_attended, _name_key(a.person)))


# --- Who refers whom ----------------------------------------------------------


@dataclass(frozen=True)
class Flow:
    giver: Person
    receiver: Person
    count: int


def referral_flows(*, club: Club, period: Period) -> list[Flow]:
    """Referrals between members given in the period, counted per (giver,
    receiver), most first. Referrals to partner businesses are not flows
    between members (the summary counts them). Two queries."""
    rows = list(
        Referral.objects.filter(_given_in(period), club=club, receiver__isnull=False)
        .order_by()
        .values_list("giver", "receiver")
        .annotate(count=Count("pk"))
    )
    names = people_named(pk for row in rows for pk in row[:2])
    # Ties in alphabetical order, sorting thousands of pairs on integers.
    alphabetical = sorted(names, key=lambda pk: _name_key(names[pk]))
    order = {pk: place for place, pk in enumerate(alphabetical)}
    rows.sort(key=lambda row: (-row[2], order[row[0]], order[row[1]]))
    return [Flow(names[g], names[r], count) for g, r, count in rows]


def graph_people(flows: list[Flow], limit: int = MAX_GRAPH_PEOPLE) -> list[Person]:
    """The people to draw: the most involved first, at most `limit`."""
    weight: dict[int, int] = {}
    people: dict[int, Person] = {}
    for flow in flows:
        for person in (flow.giver, flow.receiver):
            weight[person.pk] = weight.get(person.pk, 0) + flow.count
            people[person.pk] = person
    ranked = sorted(weight, key=lambda pk: (-weight[pk], _name_key(people[pk])))
    return [people[pk] for pk in ranked[:limit]]


# --- The whole report ---------------------------------------------------------


@dataclass(frozen=True)
class ReferralReport:
    club: Club
    period: Period
    rank_by: str
    summary: ReferralSummary
    months: list[MonthRow]
    champions: list[Champion]
    never_refer: list[Ask]
    flows: list[Flow]

    @property
    def flows_listed(self) -> list[Flow]:
        return self.flows[:FLOWS_LISTED]

    @property
    def flows_not_listed(self) -> int:
        return max(len(self.flows) - FLOWS_LISTED, 0)

    @cached_property  # read on every row of the leaderboard
    def shows_visitors(self) -> bool:
        """Visitors come from guest registrations naming who invited them;
        the column shows only when there is something to show."""
        return self.rank_by == "visitors" or any(c.visitors for c in self.champions)


def club_referral_report(
    *, club: Club, period: Period, rank_by: str, currencies: list[str]
) -> ReferralReport:
    months = referrals_by_month(club=club, period=period)
    summary = referral_summary(club=club, period=period)
    totals: dict[str, Decimal] = {}
    for row in months:
        for currency, amount in row.value_totals.items():
            totals[currency] = totals.get(currency, Decimal(0)) + amount
    return ReferralReport(
        club=club,
        period=period,
        rank_by=rank_by,
        summary=replace(summary, value_closed=_money(totals)),
        months=months,
        champions=champions_leaderboard(
            club=club, period=period, rank_by=rank_by, currencies=currencies
        ),
        never_refer=members_who_never_refer(club=club, period=period),
        flows=referral_flows(club=club, period=period),
    )


# --- Club totals, for everyone ------------------------------------------------


@dataclass(frozen=True)
class ClubReferralTotals:
    year: int
    given: int
    won: int
    value_closed: list[Money]


def club_referral_totals(club: Club) -> ClubReferralTotals:
    """This calendar year in the club's time zone: referrals given, deals won
    and business closed per currency. Aggregates only, never a referral: any
    member may see these (DOMAIN.md, privacy). One query."""
    today = club_today(club)
    period = period_for(club, start=today.replace(month=1, day=1), end=today)
    rows = (
        Referral.objects.filter(_given_in(period) | _won_in(period), club=club)
        .order_by()
        .values("currency")
        .annotate(
            given=Count("pk", filter=_given_in(period)),
            won=Count("pk", filter=_won_in(period)),
            value=Sum("value", filter=_won_in(period)),
        )
    )
    rows = list(rows)
    return ClubReferralTotals(
        year=today.year,
        given=sum(r["given"] for r in rows),
        won=sum(r["won"] for r in rows),
        value_closed=_money({r["currency"]: r["value"] for r in rows if r["value"]}),
    )


# --- CSV for a CRM import -----------------------------------------------------

CSV_HEADER = [
    "referral_id",
    "created_at",
    "status",
    "temperature",
    "lead_source",
    "prospect_name",
    "prospect_first_name",
    "prospect_last_name",
    "prospect_company",
    "prospect_email",
    "prospect_phone",
    "need",
    "referred_by_name",
    "referred_by_email",
    "referred_to_name",
    "referred_to_email",
    "partner_name",
    "partner_contact",
    "meeting_date",
    "first_contacted_at",
    "closed_at",
    "value",
    "currency",
    "thanked_at",
]


def club_referrals_for_export(*, club: Club, period: Period) -> QuerySet[Referral]:
    """The club's referrals given in the period, oldest first, with what
    each CSV row needs joined in (one query for any number of rows)."""
    return (
        Referral.objects.filter(_given_in(period), club=club)
        .select_related("giver", "receiver", "occurrence", "thank_you")
        .order_by("created_at", "pk")
    )


def referral_csv_rows(referrals, *, zone: ZoneInfo):
    """A header, then one row per referral: flat columns, ISO 8601 dates with
    their offset, plain decimals and ISO currency codes, the shape CRM
    imports (HubSpot, Salesforce, Pipedrive) map column by column."""
    yield CSV_HEADER
    for referral in referrals:
        yield [_csv_safe(cell) for cell in _csv_row(referral, zone)]


def _csv_row(referral: Referral, zone: ZoneInfo) -> list:
    first, _, last = referral.prospect_name.strip().partition(" ")
    receiver = referral.receiver
    thank_you = getattr(referral, "thank_you", None)
    return [
        referral.pk,
        _iso(referral.created_at, zone),
        referral.status,
        referral.temperature,
        "Referral",
        referral.prospect_name,
        first,
        last,
        referral.prospect_company,
        referral.prospect_email,
        referral.prospect_phone,
        referral.need,
        str(referral.giver),
        referral.giver.email,
        str(receiver) if receiver else "",
        receiver.email if receiver else "",
        referral.partner_name,
        referral.partner_contact,
        _iso(referral.occurrence.start, zone)[:10] if referral.occurrence else "",
        _iso(referral.first_contacted_at, zone),
        _iso(referral.closed_at, zone),
        "" if referral.value is None else f"{referral.value:.2f}",
        referral.currency,
        _iso(thank_you.created_at, zone) if thank_you else "",
    ]


def _iso(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).replace(microsecond=0).isoformat() if moment else ""


def _csv_safe(cell):
    """A phone number such as +1 312 555 0100 carries no formula, and a CRM
    would keep a guarding quote as part of the number; anything else that
    starts like a formula is quoted (clubs.reports.spreadsheet_safe)."""
    if isinstance(cell, str) and _is_phone_number(cell):
        return cell
    return spreadsheet_safe(cell)


def _is_phone_number(text: str) -> bool:
    return (
        text.startswith("+")
        and len(text) <= 40
        and all(c.isdigit() or c in " ().-" for c in text[1:])
    )
