"""What masterminds does when a person's account is deleted
(`clubs.services.erasure`, which runs this step in its transaction).

A member gives up their seat as if they left (places and hot seats to come
go, billing stops, the waitlist moves up). Their applications, commitments,
absence notices and hot seats are their own words and turns, read by nobody
once they are gone: they are deleted. The other members' hot-seat turns
rest on their own past seats, so the rotation stays fair."""

from clubs.models import Membership, User
from clubs.services.erasure import erasure_step
from masterminds.models import (
    AbsenceNotice,
    Application,
    Commitment,
    HotSeat,
    MastermindGroup,
)
from masterminds.services.applications import membership_leave, waitlist_fill


@erasure_step
def mastermind_seats_erase(person: User) -> None:
    seated = Membership.objects.filter(
        person=person,
        status=Membership.Status.ACTIVE,
        club__in=MastermindGroup.objects.values("club"),
    )
    for membership in seated:
        membership_leave(membership=membership)
    groups = list(
        MastermindGroup.objects.filter(applications__person=person).distinct()
    )
    for model, field in [
        (Application, "person"),
        (Commitment, "member"),
        (AbsenceNotice, "member"),
        (HotSeat, "member"),
    ]:
        model.objects.filter(**{field: person}).delete()
    for group in groups:  # a seat held for the person's payment is free again
        waitlist_fill(group=group)
