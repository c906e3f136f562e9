"""Commitments: what each member promises at a session, marked at the next.

A member records and marks only their own, and only at a session of a group
they belong to (facilitators included: they may commit too). The commitment
can be reworded until it is marked; the mark can be changed.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clubs.models import Occurrence, User
from masterminds.models import Commitment
from masterminds.selectors import group_for_occurrence, group_is_member

NOT_YOURS = _("You can record only your own commitments.")
NOT_YOURS_TO_MARK = _("You can mark only your own commitments.")
NOT_A_SESSION = _("This meeting is not a mastermind session.")
NOT_A_MEMBER = _("Only members of this group record commitments at its sessions.")
CANCELLED = _("This session is cancelled.")
NOT_YET = _("Commitments are recorded at the session, once it has begun.")
EMPTY = _("Say what you commit to before the next session.")
TOO_LONG = _("Keep it under 1,000 characters.")
ALREADY_MARKED = _("This commitment is already marked, so it can no longer change.")
RECORDED_ELSEWHERE = _("Your commitment was just recorded elsewhere: reload to see it.")
BAD_MARK = _("Mark it done, partly done or not done.")
MAX_TEXT = 1000


def commitment_record(
    *, occurrence: Occurrence, member: User, text: str, by: User
) -> Commitment:
    """Record (or reword) `member`'s commitment at this session."""
    if by.pk != member.pk:
        raise ValidationError(NOT_YOURS)
    text = text.strip()
    occurrence = Occurrence.objects.get(pk=occurrence.pk)  # as it stands now
    _validate_record(occurrence, member, text)
    try:
        with transaction.atomic():
            commitment, created = Commitment.objects.select_for_update().get_or_create(
                occurrence=occurrence, member=member, defaults={"text": text}
            )
            if not created:
                if commitment.status != Commitment.Status.OPEN:
                    raise ValidationError(ALREADY_MARKED)
                commitment.text = text
                commitment.save(update_fields=["text", "updated_at"])
    except IntegrityError as error:  # recorded twice at once: the first stands
        raise ValidationError(RECORDED_ELSEWHERE) from error
    return commitment


def commitment_mark(*, commitment: Commitment, status: str, by: User) -> Commitment:
    """Done, partly done or not done: the member's own account of it."""
    if commitment.member_id != by.pk:
        raise ValidationError(NOT_YOURS_TO_MARK)
    if status not in Commitment.MARKS:
        raise ValidationError({"status": BAD_MARK})
    commitment.status = status
    commitment.marked_at = timezone.now()
    commitment.save(update_fields=["status", "marked_at", "updated_at"])
    return commitment


def _validate_record(occurrence: Occurrence, member: User, text: str) -> None:
    group = group_for_occurrence(occurrence)
    if group is None:
        raise ValidationError(NOT_A_SESSION)
    if not group_is_member(person=member, group=group):
        raise ValidationError(NOT_A_MEMBER)
    if occurrence.is_cancelled:
        raise ValidationError(CANCELLED)
    if occurrence.start > timezone.now():
        raise ValidationError(NOT_YET)
    if not text:
        raise ValidationError({"text": EMPTY})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": TOO_LONG})
