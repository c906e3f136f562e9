"""One person across all their groups, for their home page: the sessions
coming up, their next hot seat, and the applications facilitators must decide.

A member need not register for a session to be expected there, so sessions
are read from the groups the person belongs to, not from registrations."""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from clubs.models import Membership, Occurrence, User
from clubs.selectors.clubs import hosted_clubs
from masterminds.models import AbsenceNotice, Application, MastermindGroup
from masterminds.selectors.groups import member_next_hot_seat


def person_groups(person: User, *, seated_only: bool = False) -> QuerySet:
    """The groups the person is an active member (or facilitator) of."""
    memberships = Membership.objects.filter(
        person=person, status=Membership.Status.ACTIVE
    )
    if seated_only:
        memberships = memberships.filter(role=Membership.Role.MEMBER)
    return (
        MastermindGroup.objects.filter(club__in=memberships.values("club"))
        .select_related("club")
        .order_by("club__name")
    )


def person_upcoming_sessions(*, person: User, limit: int = 10) -> list[Occurrence]:
    """The next sessions of the person's groups, soonest first, cancelled
    ones included (people need to see that), each with `absent`: whether the
    person said they will miss it. One query however many groups."""
    if not person.is_authenticated:
        return []
    said_absent = AbsenceNotice.objects.filter(occurrence=OuterRef("pk"), member=person)
    return list(
        Occurrence.objects.filter(
            series__in=person_groups(person).values("session_series"),
            end__gte=timezone.now(),
        )
        .select_related("series__club")
        .annotate(absent=Exists(said_absent))
        .order_by("start", "pk")[:limit]
    )


def person_next_hot_seats(person: User) -> list[tuple[MastermindGroup, Occurrence]]:
    """The person's next hot seat in each group they hold a seat in, as the
    rotation forecasts it; a few queries per group (people sit in one or two)."""
    found = []
    for group in person_groups(person, seated_only=True):
        session = member_next_hot_seat(group=group, person=person)
        if session is not None:
            found.append((group, session))
    return sorted(found, key=lambda pair: pair[1].start)


def applications_awaiting_decision(person: User) -> QuerySet[Application]:
    """Applications to the groups the person runs still waiting for a
    decision, oldest first."""
    return (
        Application.objects.filter(
            status=Application.Status.PENDING,
            group__club__in=hosted_clubs(person),
        )
        .select_related("group__club", "person", "category")
        .order_by("created_at", "pk")
    )
