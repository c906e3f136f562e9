"""Joining and leaving clubs, and hosts admitting, suspending and removing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clubs.audit import audit
from clubs.models import Club, Membership, User
from clubs.selectors.clubs import club_is_host
from clubs.selectors.payments import club_dues, online_payment_ready
from clubs.services.attribution import attribution_joined


def club_create(*, club: Club, by: User) -> Club:
    """Save a new club with its creator as organizer: every club has one, and
    the creator would otherwise lose sight of it in the admin."""
    with transaction.atomic():
        club.full_clean()
        club.save()
        Membership.objects.create(
            club=club,
            person=by,
            role=Membership.Role.ORGANIZER,
            status=Membership.Status.ACTIVE,
            joined_at=timezone.now(),
        )
    return club


def club_join(*, club: Club, person: User) -> Membership:
    """Join an open club at once, or ask to join one that hosts approve.
    A mastermind group's seats are applied for (masterminds.services)."""
    if club.kind == Club.Kind.MASTERMIND:
        raise ValidationError(_("People apply for a seat in a mastermind group."))
    if (
        club.join_policy == Club.JoinPolicy.OPEN
        and club_dues(club) is not None
        and online_payment_ready()
    ):  # joining is paying: the dues' webhook makes the membership active
        raise ValidationError(_("Pay the club's dues to join it."))
    status = (
        Membership.Status.ACTIVE
        if club.join_policy == Club.JoinPolicy.OPEN
        else Membership.Status.PENDING
    )
    with transaction.atomic():
        membership, created = Membership.objects.select_for_update().get_or_create(
            club=club, person=person, defaults={"status": status}
        )
        if not created:
            if membership.status in (
                Membership.Status.ACTIVE,
                Membership.Status.PENDING,
            ):
                raise ValidationError(
                    _("You are already a member or waiting for approval.")
                )
            if membership.status in (
                Membership.Status.SUSPENDED,
                Membership.Status.REMOVED,
            ):
                raise ValidationError(_("Please talk to the club's hosts to rejoin."))
            membership.status, membership.role = status, Membership.Role.MEMBER
        if status == Membership.Status.ACTIVE:
            membership_activate(membership=membership, restart_clock=True)
        else:
            membership.save()
    return membership


def membership_activate(
    *, membership: Membership, restart_clock: bool = False
) -> Membership:
    """Make a membership active, however it came about (joining an open club,
    a host's approval, a mastermind seat). `joined_at` is stamped the first
    time, or anew with `restart_clock`; a visitor a share link brought may
    earn the rewards for joining. The caller holds the transaction."""
    membership.status = Membership.Status.ACTIVE
    if restart_clock or membership.joined_at is None:
        membership.joined_at = timezone.now()
    membership.save()
    attribution_joined(membership=membership)
    return membership


def membership_leave(*, membership: Membership) -> Membership:
    if membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("You are not an active member of this club."))
    if membership.role == Membership.Role.ORGANIZER and not _other_organizers(
        membership
    ):
        raise ValidationError(_("Name another organizer before you leave the club."))
    membership.status = Membership.Status.LEFT
    membership.save(update_fields=["status", "updated_at"])
    return membership


def membership_set_status(
    *, membership: Membership, status: str, by: User
) -> Membership:
    """A host admits (active), suspends or removes a member."""
    if not club_is_host(person=by, club=membership.club):
        raise PermissionDenied
    allowed = {
        Membership.Status.ACTIVE,
        Membership.Status.SUSPENDED,
        Membership.Status.REMOVED,
    }
    if status not in allowed:
        raise ValidationError(_("Hosts can admit, suspend or remove members."))
    if membership.person_id == by.pk and status != Membership.Status.ACTIVE:
        raise ValidationError(_("Hosts cannot suspend or remove themselves."))
    before = {"status": membership.status}
    with transaction.atomic():
        if status == Membership.Status.ACTIVE:
            membership_activate(membership=membership)
        else:
            membership.status = status
            membership.save(update_fields=["status", "updated_at"])
        audit(
            membership,
            "clubs.membership_changed",
            by=by,
            before=before,
            after={"status": membership.status},
        )
    return membership


def _other_organizers(membership: Membership) -> bool:
    return (
        Membership.objects.filter(
            club=membership.club,
            role=Membership.Role.ORGANIZER,
            status=Membership.Status.ACTIVE,
        )
        .exclude(pk=membership.pk)
        .exists()
    )
