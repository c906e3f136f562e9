"""The group, its seats and sessions, whose hot seat comes next, and how
members follow through on their commitments."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone

from clubs.models import Attendance, Membership, Occurrence, Registration, User
from clubs.money import Money
from clubs.selectors.clubs import club_is_host
from clubs.selectors.payments import RecurringPrice
from masterminds import rotation
from masterminds.models import (
    AbsenceNotice,
    Application,
    Commitment,
    HotSeat,
    MastermindGroup,
)

# --- Groups and seats ------------------------------------------------------------


def group_for_occurrence(occurrence: Occurrence) -> MastermindGroup | None:
    """The group whose session this is, if it is one."""
    return (
        MastermindGroup.objects.select_related("club")
        .filter(session_series_id=occurrence.series_id)
        .first()
    )


def group_seat_price(group: MastermindGroup) -> RecurringPrice | None:
    """What a seat costs each month or year; None when seats are free."""
    if group.seat_price is None:
        return None
    money = Money(group.seat_price, group.seat_currency)
    return RecurringPrice(money, group.seat_interval)


def group_is_facilitator(*, person: User, group: MastermindGroup) -> bool:
    return club_is_host(person=person, club=group.club)


def group_is_member(*, person: User, group: MastermindGroup) -> bool:
    """Members and facilitators: the people who see the group's private side."""
    if not person.is_authenticated:
        return False
    return Membership.objects.filter(
        club=group.club_id, person=person, status=Membership.Status.ACTIVE
    ).exists()


def group_for_person(*, person: User, slug: str) -> MastermindGroup | None:
    """The group with this slug if `person` belongs to it, else None (a 404)."""
    if not person.is_authenticated:
        return None
    return (
        MastermindGroup.objects.select_related("club")
        .filter(
            club__slug=slug,
            club__memberships__person=person,
            club__memberships__status=Membership.Status.ACTIVE,
        )
        .first()
    )


def seated(group: MastermindGroup) -> QuerySet[Membership]:
    """Active members holding a seat, in seat order (who joined first)."""
    return Membership.objects.filter(
        club=group.club_id,
        status=Membership.Status.ACTIVE,
        role=Membership.Role.MEMBER,
    ).order_by("joined_at", "pk")


def seated_members(group: MastermindGroup) -> list[User]:
    return [
        membership.person
        for membership in seated(group).select_related("person__category")
    ]


def seat_holds(group: MastermindGroup) -> QuerySet[Application]:
    """Approved applicants whose seat is held while they pay for it (until
    the periodic job lapses an unpaid one)."""
    return group.applications.filter(
        status=Application.Status.APPROVED, pay_by__isnull=False
    )


def seats_taken(group: MastermindGroup) -> int:
    """Seats held by members, or held for approved applicants paying."""
    return seated(group).count() + seat_holds(group).count()


def person_seat_hold(*, group: MastermindGroup, person: User) -> Application | None:
    """The person's approved application waiting for payment, if any."""
    if not person.is_authenticated:
        return None
    return seat_holds(group).filter(person=person).first()


def waitlist(group: MastermindGroup) -> QuerySet[Application]:
    """Waitlisted applications, first applied first."""
    return group.applications.filter(
        status=Application.Status.WAITLISTED
    ).select_related("person", "category")


# --- Sessions and the rotation ---------------------------------------------------


def sessions(group: MastermindGroup) -> QuerySet[Occurrence]:
    """The group's sessions that take place, in date order (numbered from 0 by
    the rotation)."""
    return Occurrence.objects.filter(
        series=group.session_series_id, status=Occurrence.Status.SCHEDULED
    ).order_by("start", "pk")


def absentees(occurrence_ids: list[int]) -> dict[int, set[int]]:
    """For each session, the people who said they will be absent: a notice,
    or a cancelled registration with no active one beside it."""
    result: dict[int, set[int]] = defaultdict(set)
    notices = AbsenceNotice.objects.filter(occurrence_id__in=occurrence_ids)
    for occurrence_id, member_id in notices.values_list("occurrence_id", "member_id"):
        result[occurrence_id].add(member_id)
    active = Registration.objects.filter(
        occurrence=OuterRef("occurrence"), person=OuterRef("person")
    ).exclude(status=Registration.Status.CANCELLED)
    cancelled = Registration.objects.filter(
        occurrence_id__in=occurrence_ids,
        person__isnull=False,
        status=Registration.Status.CANCELLED,
    ).exclude(Exists(active))
    for occurrence_id, person_id in cancelled.values_list("occurrence_id", "person_id"):
        result[occurrence_id].add(person_id)
    return result


def rotation_queue(
    *, group: MastermindGroup, before: Occurrence
) -> tuple[list[rotation.Waiting], int]:
    """The line of seated members as it stands for the session `before`, and
    that session's number.

    A hot seat counts as a turn unless the member was marked absent or excused
    at it: then they are still owed one. The line is ordered as
    rotation.advance leaves it: by `since`, then those who sat at that
    session in the order they sat, then those who joined after it in seat
    order."""
    held = list(sessions(group).values_list("pk", "start"))
    number = {pk: position for position, (pk, _start) in enumerate(held)}
    members = list(seated(group).values_list("person_id", "joined_at"))
    last_turn: dict[int, tuple[int, int]] = {}
    for member_id, occurrence_id, position in _turns(
        [pk for pk, start in held if start < before.start],
        [person_id for person_id, _joined in members],
    ):
        last_turn[member_id] = max(
            last_turn.get(member_id, (-1, 0)), (number[occurrence_id], position)
        )
    places = []
    for seat_order, (person_id, joined_at) in enumerate(members):
        turn, position = last_turn.get(person_id, (-1, 0))
        joined = _held_before(held, joined_at)
        # Someone who left and came back waits from their return, not from a
        # turn they had before they left.
        place = (turn, 0, position) if turn >= joined else (joined, 1, seat_order)
        places.append((place, person_id))
    queue = [
        rotation.Waiting(person_id, place[0]) for place, person_id in sorted(places)
    ]
    return queue, number[before.pk]


def _turns(occurrence_ids: list[int], member_ids: list[int]):
    """(member, session, position) of every hot seat that counts as a turn."""
    missed = Attendance.objects.filter(
        occurrence=OuterRef("occurrence"),
        person=OuterRef("member"),
        status__in=[Attendance.Status.ABSENT, Attendance.Status.EXCUSED],
    )
    return (
        HotSeat.objects.filter(occurrence__in=occurrence_ids, member__in=member_ids)
        .exclude(Exists(missed))
        .values_list("member_id", "occurrence_id", "position")
    )


def _held_before(held: list, joined_at) -> int:
    """The number of the last session held before someone joined (-1: none)."""
    if joined_at is None:
        return -1
    return sum(1 for _pk, start in held if start < joined_at) - 1


def hot_seat_forecast(*, group: MastermindGroup) -> dict[int, Occurrence]:
    """Each seated member's next hot seat among the sessions on the calendar
    (today's included), as the rotation will propose it. Members whose turn
    lies beyond the calendar are left out."""
    upcoming = list(sessions(group).filter(end__gt=timezone.now()))
    if not upcoming:
        return {}
    queue, first = rotation_queue(group=group, before=upcoming[0])
    ids = [occurrence.pk for occurrence in upcoming]
    taken: dict[int, list[int]] = defaultdict(list)
    for occurrence_id, member_id in (
        HotSeat.objects.filter(occurrence__in=ids)
        .order_by("position")
        .values_list("occurrence_id", "member_id")
    ):
        taken[occurrence_id].append(member_id)
    absent = absentees(ids)
    plan = [
        rotation.Session(absent=frozenset(absent[pk]), seated=tuple(taken[pk]))
        for pk in ids
    ]
    turns = rotation.forecast(
        queue, seats=group.hot_seats_per_session, sessions=plan, first=first
    )
    members = {waiting.member for waiting in queue}
    return {
        member: upcoming[offset]
        for member, offset in turns.items()
        if member in members
    }


def member_next_hot_seat(*, group: MastermindGroup, person: User) -> Occurrence | None:
    return hot_seat_forecast(group=group).get(person.pk)


# --- Commitments -----------------------------------------------------------------


def previous_session(occurrence: Occurrence) -> Occurrence | None:
    return (
        Occurrence.objects.filter(
            series=occurrence.series_id,
            status=Occurrence.Status.SCHEDULED,
            start__lt=occurrence.start,
        )
        .order_by("-start", "-pk")
        .first()
    )


def commitments_due(*, occurrence: Occurrence) -> QuerySet[Commitment]:
    """Last session's commitments, which come back on this session's agenda."""
    previous = previous_session(occurrence)
    if previous is None:
        return Commitment.objects.none()
    return previous.commitments.select_related("member").order_by(
        "member__first_name", "member__last_name", "pk"
    )


@dataclass(frozen=True)
class FollowThrough:
    done: int = 0
    partly: int = 0
    not_done: int = 0
    open: int = 0

    @property
    def marked(self) -> int:
        return self.done + self.partly + self.not_done

    @property
    def rate(self) -> float | None:
        """Share of marked commitments kept, a partly done one counting half;
        None before anything is marked."""
        if not self.marked:
            return None
        return (self.done + self.partly / 2) / self.marked


def follow_through(
    *, person: User, group: MastermindGroup | None = None
) -> FollowThrough:
    """A member's record of keeping commitments, in one group or in all."""
    commitments = Commitment.objects.filter(member=person)
    if group is not None:
        commitments = commitments.filter(occurrence__series=group.session_series_id)
    counts = commitments.aggregate(
        **{
            key: Count("pk", filter=Q(status=status))
            for key, status in (
                ("done", Commitment.Status.DONE),
                ("partly", Commitment.Status.PARTLY),
                ("not_done", Commitment.Status.NOT_DONE),
                ("open", Commitment.Status.OPEN),
            )
        }
    )
    return FollowThrough(**counts)
