"""Members are expected at every session: each holds a place there without
registering.

A group's members (seated members and facilitators: everyone with an active
membership of its club) get a confirmed clubs `Registration` at each of its
sessions to come, so the session reaches their "Your meetings", their
personal calendar feed and the reminders exactly as a meeting they had
registered for. The places are made through clubs' own `registration_create`,
under the session's lock, so capacity and the one-place-per-person rule hold
as for anyone; they are made quietly (no confirmation email per session).

Saying "I'll be absent" cancels the place (services/sessions.py), and a
place a member cancels stays cancelled: this never gives back a place its
member gave up since they joined. Leaving the group cancels the places at
sessions to come (services/applications.py).

`session_places_keep` is idempotent. It runs when someone takes a seat, when
an absent member says they will come after all, and hourly for every group
(masterminds/jobs.py), which covers sessions newly put on the calendar,
facilitators added in the admin, and groups that existed before members were
expected. A session with a price is left alone: the seat pays for the group,
and a place nobody asked for must never be a debt.
"""

from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from clubs.models import Membership, Occurrence, Registration, User
from clubs.selectors.payments import occurrence_prices
from clubs.services.registrations import registration_create
from masterminds.models import AbsenceNotice, MastermindGroup
from masterminds.selectors import sessions

EPOCH = datetime.min.replace(tzinfo=UTC)


def session_places_keep(
    *,
    group: MastermindGroup,
    person: User | None = None,
    occurrence: Occurrence | None = None,
) -> int:
    """Give each member (or just `person`) a place at each session to come
    (or just `occurrence`) where they have none, have not said they will be
    absent, and have not cancelled one since they joined. Returns how many
    places were made."""
    upcoming = sessions(group).filter(start__gt=timezone.now())
    if occurrence is not None:
        upcoming = upcoming.filter(pk=occurrence.pk)
    upcoming = [o for o in upcoming.select_related("series") if _free(o)]
    members = _members(group, person)
    if not upcoming or not members:
        return 0
    taken = _declined_or_placed(upcoming, members)
    made = 0
    for session in upcoming:
        for member, _joined in members.values():
            if (session.pk, member.pk) in taken:
                continue
            made += _place(session, member)
    return made


def _members(group: MastermindGroup, person: User | None) -> dict:
    """person id → (person, when they joined) for the group's active members."""
    memberships = Membership.objects.filter(
        club=group.club_id, status=Membership.Status.ACTIVE
    ).select_related("person")
    if person is not None:
        memberships = memberships.filter(person=person)
    return {
        m.person_id: (m.person, m.joined_at or EPOCH)
        for m in memberships
        if m.person.is_active
    }


def _declined_or_placed(upcoming: list[Occurrence], members: dict) -> set:
    """(session, person) pairs to leave alone: a place already there, an
    absence notice, or a place cancelled since the member joined."""
    ids = [session.pk for session in upcoming]
    pairs = set(
        AbsenceNotice.objects.filter(
            occurrence__in=ids, member__in=members
        ).values_list("occurrence_id", "member_id")
    )
    places = Registration.objects.filter(occurrence__in=ids, person__in=members)
    for occurrence_id, person_id, status, cancelled_at in places.values_list(
        "occurrence_id", "person_id", "status", "cancelled_at"
    ):
        joined = members[person_id][1]
        if status != Registration.Status.CANCELLED or (
            cancelled_at is not None and cancelled_at >= joined
        ):
            pairs.add((occurrence_id, person_id))
    return pairs


def _place(session: Occurrence, member: User) -> int:
    try:
        registration_create(
            occurrence=session, person=member, language=member.language, notify=False
        )
    except ValidationError:
        # Not open for places yet (or any more), or the member's address
        # already holds one there: the next run tries again.
        return 0
    return 1


def _free(session: Occurrence) -> bool:
    return occurrence_prices(session) is None
