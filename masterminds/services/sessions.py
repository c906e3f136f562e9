"""Sessions: who said they will be absent, and who takes the hot seats.

The rotation is pure (masterminds/rotation.py) and the line it reads is built
by `selectors.rotation_queue` from the HotSeat rows, so nothing about the
rotation is stored twice: a swap simply changes who sits, the swapped-out
member keeps the turn they were owed, and the next proposal puts them first.

Hot seats are given, and changed, only before a session starts, under a lock
on the session's row; the database keeps one seat per member and one member
per seat.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clubs.models import Occurrence, Registration, User
from clubs.selectors.payments import occurrence_prices
from clubs.services.locks import occurrence_lock
from clubs.services.registrations import registration_cancel, registration_create
from masterminds import rotation
from masterminds.audit import audit
from masterminds.models import AbsenceNotice, HotSeat, MastermindGroup
from masterminds.selectors import (
    absentees,
    group_for_occurrence,
    group_is_facilitator,
    group_is_member,
    rotation_queue,
    seated,
)

NOT_A_SESSION = _("This meeting is not a mastermind session.")
CANCELLED = _("This session is cancelled.")
STARTED = _("This session has already started.")
NOT_A_MEMBER = _("Only the group's members tell it they will be absent.")
ALREADY_ABSENT = _("You have already said you will miss this session.")
NOT_ABSENT = _("You had not said you would miss this session.")
NOTE_TOO_LONG = _("Keep the note under 200 characters.")
NO_SEAT = _("{member} holds no seat in this group, so takes no hot seat.")
SWAP_REFUSED = {
    "not_seated": _("That hot seat is no longer theirs: reload and try again."),
    "already_seated": _("{member} already has a hot seat at this session."),
    "absent": _("{member} said they will miss this session."),
}


def absence_notify(
    *, occurrence: Occurrence, member: User, note: str = ""
) -> AbsenceNotice:
    """Say you will miss a session: your place there is given up, and a hot
    seat you held goes to the next in line (you keep your turn)."""
    group = _session_group(occurrence)
    if not group_is_member(person=member, group=group):
        raise ValidationError(NOT_A_MEMBER)
    note = note.strip()
    if len(note) > AbsenceNotice._meta.get_field("note").max_length:
        raise ValidationError({"note": NOTE_TOO_LONG})
    with transaction.atomic():
        occurrence = _lock(occurrence)
        try:
            with transaction.atomic():
                notice = AbsenceNotice.objects.create(
                    occurrence=occurrence, member=member, note=note
                )
        except IntegrityError as error:
            raise ValidationError(ALREADY_ABSENT) from error
        place = (
            occurrence.registrations.filter(person=member)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if place is not None:
            registration_cancel(registration=place)
        if HotSeat.objects.filter(occurrence=occurrence, member=member).delete()[0]:
            hot_seats_fill(group=group, occurrence=occurrence)
    return notice


def absence_withdraw(*, occurrence: Occurrence, member: User) -> None:
    """Coming after all: expected again, with a place (on the waitlist if
    the session filled up meanwhile). The hot seats already given stay as
    they are."""
    _validate_upcoming(occurrence)
    with transaction.atomic():
        deleted, _rows = AbsenceNotice.objects.filter(
            occurrence=occurrence, member=member
        ).delete()
        if not deleted:
            raise ValidationError(NOT_ABSENT)
        has_place = (
            occurrence.registrations.filter(person=member)
            .exclude(status=Registration.Status.CANCELLED)
            .exists()
        )
        if not has_place and occurrence_prices(occurrence) is None:
            registration_create(
                occurrence=occurrence,
                person=member,
                language=member.language,
                notify=False,
            )


def hot_seats_propose(*, occurrence: Occurrence) -> list[HotSeat]:
    """Fill the session's free hot seats from the rotation; seats already
    given stay. Running it again only fills seats that were freed."""
    group = _session_group(occurrence)
    with transaction.atomic():
        occurrence = _lock(occurrence)
        return hot_seats_fill(group=group, occurrence=occurrence)


def hot_seats_fill(*, group: MastermindGroup, occurrence: Occurrence) -> list[HotSeat]:
    """The caller holds the lock on `occurrence` (or on the group)."""
    given = list(occurrence.hot_seats.order_by("position"))
    queue, _number = rotation_queue(group=group, before=occurrence)
    chosen = rotation.propose(
        queue,
        seats=group.hot_seats_per_session,
        absent=absentees([occurrence.pk])[occurrence.pk],
        seated=[hot_seat.member_id for hot_seat in given],
    )
    taken = {hot_seat.position for hot_seat in given}
    free = [
        position
        for position in range(1, group.hot_seats_per_session + 1)
        if position not in taken
    ]
    new = [
        HotSeat(occurrence=occurrence, member_id=member_id, position=position)
        for member_id, position in zip(chosen[len(given) :], free, strict=False)
    ]
    HotSeat.objects.bulk_create(new)
    return given + new


def hot_seat_swap(*, hot_seat: HotSeat, member: User, by: User) -> HotSeat:
    """A facilitator gives a hot seat to someone else; the member swapped out
    keeps their turn, so the rotation seats them first next time."""
    group = _session_group(hot_seat.occurrence)
    if not group_is_facilitator(person=by, group=group):
        raise PermissionDenied
    if not seated(group).filter(person=member).exists():
        raise ValidationError(str(NO_SEAT).format(member=member))
    with transaction.atomic():
        occurrence = _lock(hot_seat.occurrence)
        hot_seat = HotSeat.objects.select_for_update().get(pk=hot_seat.pk)
        try:
            rotation.swap(
                list(occurrence.hot_seats.values_list("member_id", flat=True)),
                out=hot_seat.member_id,
                into=member.pk,
                absent=absentees([occurrence.pk])[occurrence.pk],
            )
        except rotation.RotationError as error:
            message = str(SWAP_REFUSED[error.code]).format(member=member)
            raise ValidationError(message) from error
        before = {"member": str(hot_seat.member)}
        hot_seat.member = member
        hot_seat.assigned_by = by
        hot_seat.notified_at = None  # the new member has not been told
        hot_seat.save(update_fields=["member", "assigned_by", "notified_at"])
        after = {"member": str(member)}
        audit(
            hot_seat, "masterminds.hot_seat_swapped", by=by, before=before, after=after
        )
    return hot_seat


def _session_group(occurrence: Occurrence) -> MastermindGroup:
    group = group_for_occurrence(occurrence)
    if group is None:
        raise ValidationError(NOT_A_SESSION)
    return group


def _validate_upcoming(occurrence: Occurrence) -> None:
    if occurrence.is_cancelled:
        raise ValidationError(CANCELLED)
    if occurrence.start <= timezone.now():
        raise ValidationError(STARTED)


def _lock(occurrence: Occurrence) -> Occurrence:
    """The session's row, locked, once it is known to be still to come."""
    occurrence = occurrence_lock(occurrence)
    _validate_upcoming(occurrence)
    return occurrence


def hot_seats_propose_ahead(*, occurrence: Occurrence) -> list[HotSeat]:
    """The periodic proposal: seat the session from the rotation only if
    nobody sits there yet. Returns the new hot seats ([] when the session
    already had some). Telling the members is the caller's: see
    masterminds/jobs.py."""
    group = _session_group(occurrence)
    with transaction.atomic():
        occurrence = _lock(occurrence)
        if occurrence.hot_seats.exists():
            return []
        return hot_seats_fill(group=group, occurrence=occurrence)
