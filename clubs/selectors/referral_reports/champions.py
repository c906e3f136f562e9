"""The champions leaderboard: referrals given, won, value closed and visitors
brought, per member, for a period.

**Visitors brought** counts people, each once per member (by email address),
who came to the club through the member: visitors a member's share link
brought (`Attribution`, credited to the member) whose first registration, for
one of the club's meetings, was made in the period; and guests registered as
invited by the member who came to one of the club's meetings in the period.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When

from clubs.models import Club, Referral, Registration
from clubs.selectors.referral_reports.money import (
    Money,
    money_list,
    money_text,
)
from clubs.selectors.referral_reports.people import (
    Person,
    name_key,
    people_named,
)
from clubs.selectors.referral_reports.periods import (
    CAME,
    Period,
    given_in,
    within,
    won_in,
)

MEASURES = ("given", "won", "visitors")  # plus "value:<currency>"


@dataclass(frozen=True)
class Champion:
    person: Person
    given: int
    won: int
    visitors: int
    value_closed: list[Money]
    rank: int | None  # None: nothing on the chosen measure

    @cached_property  # a hundred rows, each formatting its amounts once
    def value_text(self) -> str:
        return money_text(self.value_closed)


def champions_leaderboard(
    *, club: Club, period: Period, rank_by: str, currencies: list[str]
) -> list[Champion]:
    """Everyone who gave, won or brought someone in the period (members who
    since left included: they earned it), best first on `rank_by`. Ties share
    a rank ("1, 2, 2, 4") and are listed by name. Two queries: the scores,
    reading only the club's own rows, and the names of the people on the board."""
    scores = champion_scores(club=club, period=period, currencies=currencies)
    return champions_ranked(
        scores, names=people_named(scores), rank_by=rank_by, currencies=currencies
    )


def champion_scores(
    *, club: Club, period: Period, currencies: list[str]
) -> dict[int, dict]:
    """Each champion's measures by person id: two grouped reads (referrals
    by giver, visitors by member) sent as one query (UNION ALL), each
    leaving the other's measures at zero, and added up per person here."""
    values = [f"value_{i}" for i in range(len(currencies))]
    measures = ["given", "won", "visitors", *values]
    nothing = {name: Value(Decimal(0)) for name in values}
    referrals = _referral_scores(club, period, currencies).annotate(visitors=Value(0))
    visitors = visitors_brought(club=club, period=period).annotate(
        given=Value(0), won=Value(0), **nothing
    )
    rows = referrals.values_list("giver", *measures).union(
        visitors.values_list("member", *measures), all=True
    )
    scores: dict[int, dict] = {}
    for person, *counts in rows:
        if person is None:  # credited to a member whose account is deleted
            continue
        score = scores.setdefault(person, dict.fromkeys(measures, 0))
        for name, count in zip(measures, counts, strict=True):
            score[name] += count
    return scores


def champions_ranked(
    scores: dict[int, dict],
    *,
    names: dict[int, Person],
    rank_by: str,
    currencies: list[str],
) -> list[Champion]:
    measure = _measure_field(rank_by, currencies)
    board = sorted(
        scores.items(), key=lambda item: (-item[1][measure], name_key(names[item[0]]))
    )
    return _ranked([(names[pk], row) for pk, row in board], measure, currencies)


def _referral_scores(club: Club, period: Period, currencies: list[str]):
    given, won = given_in(period), won_in(period)
    sums = {
        f"value_{i}": Sum("value", filter=won & Q(currency=c), default=Decimal(0))
        for i, c in enumerate(currencies)
    }
    return (
        Referral.objects.filter(given | won, club=club, giver__isnull=False)
        .order_by()
        .values("giver")
        .annotate(given=Count("pk", filter=given), won=Count("pk", filter=won), **sums)
    )


def visitors_brought(*, club: Club, period: Period) -> QuerySet:
    """(member, visitors) pairs for the period, as the module defines them:
    one grouped query over the club's registrations. A registration both
    credited to one member's link and naming another as its host counts for
    the link: the credit is the first touch."""
    credited = within(period, "attribution__registered_at")
    invited = Q(
        within(period, "occurrence__start"),
        person__isnull=True,
        invited_by__isnull=False,
        attendance__status__in=CAME,
    )
    member = Case(
        When(credited, then=F("attribution__referrer")), default=F("invited_by")
    )
    return (
        Registration.objects.filter(credited | invited, occurrence__series__club=club)
        .annotate(member=member)
        .order_by()
        .values("member")
        .annotate(visitors=Count("email", distinct=True))
        .values_list("member", "visitors")
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
                value_closed=money_list(values),
                rank=rank if row[measure] else None,
            )
        )
    return champions
