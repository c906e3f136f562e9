"""Who refers whom: the pairs the graph draws and its table lists."""

from dataclasses import dataclass

from django.db.models import Count

from clubs.models import Club, Referral
from clubs.selectors.referral_reports.people import (
    Person,
    name_key,
    people_named,
)
from clubs.selectors.referral_reports.periods import (
    Period,
    given_in,
)

MAX_GRAPH_PEOPLE = 24  # beyond this a circle of names is unreadable on a phone


@dataclass(frozen=True)
class Flow:
    giver: Person
    receiver: Person
    count: int


def referral_flows(*, club: Club, period: Period) -> list[Flow]:
    """Referrals between members given in the period, counted per (giver,
    receiver), most first. Referrals to partner businesses are not flows
    between members (the summary counts them). Two queries."""
    counts = flow_counts(club=club, period=period)
    return flows_named(counts, names=people_named(people_in_flows(counts)))


def flow_counts(*, club: Club, period: Period) -> list[tuple[int, int, int]]:
    """(giver id, receiver id, referrals) for every pair: one grouped query.
    A former member (whose account is deleted) is in no pair: the summary
    still counts their referrals."""
    return list(
        Referral.objects.filter(
            given_in(period), club=club, receiver__isnull=False, giver__isnull=False
        )
        .order_by()
        .values_list("giver", "receiver")
        .annotate(count=Count("pk"))
    )


def people_in_flows(counts) -> set[int]:
    return {giver for giver, _, _ in counts} | {receiver for _, receiver, _ in counts}


def flows_named(counts, *, names: dict[int, Person]) -> list[Flow]:
    """Most referrals first; ties in alphabetical order, sorting thousands
    of pairs on integers rather than on names."""
    alphabetical = sorted(names, key=lambda pk: name_key(names[pk]))
    order = {pk: place for place, pk in enumerate(alphabetical)}
    ranked = sorted(counts, key=lambda row: (-row[2], order[row[0]], order[row[1]]))
    return [Flow(names[g], names[r], count) for g, r, count in ranked]


def graph_people(flows: list[Flow], limit: int = MAX_GRAPH_PEOPLE) -> list[Person]:
    """The people to draw: the most involved first, at most `limit`."""
    weight: dict[int, int] = {}
    people: dict[int, Person] = {}
    for flow in flows:
        for person in (flow.giver, flow.receiver):
            weight[person.pk] = weight.get(person.pk, 0) + flow.count
            people[person.pk] = person
    ranked = sorted(weight, key=lambda pk: (-weight[pk], name_key(people[pk])))
    return [people[pk] for pk in ranked[:limit]]
