"""A member's part in masterminds, for the file of their data
(clubs.selectors.personal_data): their applications, with the facilitator's
note to them, the groups they sit in, their hot seats, commitments and
absence notices. Registered from MastermindsConfig.ready."""

from clubs.models import Membership, User
from clubs.selectors.personal_data import meeting, personal_data_section
from masterminds.models import (
    AbsenceNotice,
    Application,
    Commitment,
    HotSeat,
    MastermindGroup,
)

SESSION = "occurrence__series__club"


@personal_data_section("mastermind_applications")
def _applications(person: User) -> list[dict]:
    applications = Application.objects.filter(person=person).select_related(
        "group__club", "category", "training__series__club"
    )
    return [
        {
            "group": a.group.club.name,
            "what_you_want": a.wants,
            "business": a.business,
            "business_category": a.category.name if a.category else None,
            "came_from_training": meeting(a.training),
            "status": a.status,
            "note_to_you": a.note,
            "applied_at": a.created_at,
            "decided_at": a.decided_at,
            "pay_by": a.pay_by,
        }
        for a in applications.order_by("created_at", "pk")
    ]


@personal_data_section("mastermind_seats")
def _seats(person: User) -> list[dict]:
    memberships = Membership.objects.filter(
        person=person, club__in=MastermindGroup.objects.values("club")
    ).select_related("club")
    return [
        {
            "group": m.club.name,
            "role": m.role,
            "status": m.status,
            "since": m.joined_at,
        }
        for m in memberships.order_by("club__name")
    ]


@personal_data_section("mastermind_hot_seats")
def _hot_seats(person: User) -> list[dict]:
    hot_seats = HotSeat.objects.filter(member=person).select_related(SESSION)
    return [
        {
            "session": meeting(h.occurrence),
            "position": h.position,
            "told_at": h.notified_at,
        }
        for h in hot_seats.order_by("occurrence__start", "pk")
    ]


@personal_data_section("mastermind_commitments")
def _commitments(person: User) -> list[dict]:
    commitments = Commitment.objects.filter(member=person).select_related(SESSION)
    return [
        {
            "session": meeting(c.occurrence),
            "commitment": c.text,
            "status": c.status,
            "written_at": c.created_at,
            "marked_at": c.marked_at,
        }
        for c in commitments.order_by("occurrence__start", "pk")
    ]


@personal_data_section("mastermind_absences")
def _absences(person: User) -> list[dict]:
    notices = AbsenceNotice.objects.filter(member=person).select_related(SESSION)
    return [
        {"session": meeting(n.occurrence), "note": n.note, "said_at": n.created_at}
        for n in notices.order_by("occurrence__start", "pk")
    ]
