"""An ask to make: members who come to meetings but never refer."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

from clubs.models import Club, Membership, Referral
from clubs.selectors.referral_reports.people import (
    Person,
    name_key,
    people_named,
)
from clubs.selectors.referral_reports.periods import (
    Period,
    came_to_meetings,
    given_in,
)


@dataclass(frozen=True)
class Ask:
    person: Person
    meetings_attended: int


def members_who_never_refer(*, club: Club, period: Period) -> list[Ask]:
    """Active members who came to meetings in the period (present or late)
    but gave no referral in the club, most meetings first. Read from the
    club's attendance, not from every person: two queries."""
    counts = meetings_without_referrals(club=club, period=period)
    return asks_named(counts, names=people_named(pk for pk, _ in counts))


def meetings_without_referrals(*, club: Club, period: Period) -> list[tuple[int, int]]:
    """(person id, meetings attended) for those members: one grouped query.
    Membership is an EXISTS test rather than a join through the people, so
    PostgreSQL walks the club's meetings and their marks by index instead of
    reading every mark in the site; the givers are read once, as a set."""
    active = Membership.objects.filter(
        club=club, person=OuterRef("person"), status=Membership.Status.ACTIVE
    )
    # Not null: NOT IN over a set holding NULL (a former member's slips)
    # would leave nobody.
    gave = Referral.objects.filter(
        given_in(period), club=club, giver__isnull=False
    ).values("giver")
    return list(
        came_to_meetings(club, period)
        .filter(Exists(active))
        .exclude(person__in=gave)
        .order_by()
        .values_list("person")
        .annotate(meetings=Count("pk"))
    )


def asks_named(counts, *, names: dict[int, Person]) -> list[Ask]:
    asks = [Ask(names[pk], meetings) for pk, meetings in counts]
    return sorted(asks, key=lambda a: (-a.meetings_attended, name_key(a.person)))
