"""Attendance: what happened at a meeting, taken by a host at the door.

Every write locks the row it hangs off (the registration, or the occurrence for
a walk-in) inside one transaction, so two hosts tapping at once on two phones
update the same attendance row instead of racing to create two; the database's
unique constraints back that up. A cancelled meeting takes no attendance.

**Check-in times.** `checked_in_at` is when the person was seen at the door.
A mark made after the meeting has ended (a host catching up days later) is
not a sighting, so it records no time: the row says who came, and pages say
"marked afterwards" instead of inventing a clock time. Reports count marks,
never check-in times, so they stay right either way.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clubs.audit import audit, changed_fields
from clubs.models import Attendance, Occurrence, Registration, User
from clubs.services.attribution import attribution_attended
from clubs.services.locks import occurrence_lock

CANCELLED_MEETING = _("This meeting is cancelled, so it takes no attendance.")
CANCELLED_REGISTRATION = _(
    "%(name)s's registration is cancelled: they have no place here."
)
SUBSTITUTE_NEEDS_NAME = _("Name the person who came in their place.")
OTHER_MEETING = _("This registration is for another meeting.")
ALREADY_MARKED = _("This person is already on this meeting's attendance.")
BAD_EMAIL = _("Enter an email address such as ana@example.com.")


def attendance_mark(
    *,
    occurrence: Occurrence,
    registration: Registration,
    status: str,
    substitute_name: str = "",
    by: User | None,
) -> Attendance:
    """Record one registered person's mark; marking again changes the same row.

    A substitute must be named. `checked_in_at` keeps the first time the person
    (or their substitute) was marked as there, and is cleared by absent/excused.
    """
    substitute_name = substitute_name.strip()
    _validate_status(status, substitute_name)
    if status != Attendance.Status.SUBSTITUTE:
        substitute_name = ""
    if registration.occurrence_id != occurrence.pk:
        raise ValidationError(OTHER_MEETING)
    with transaction.atomic():
        registration = _lock_registration(registration)
        _validate_takes_attendance(registration)
        attendance = _attendance_for(registration)
        before = _mark(attendance)
        attendance.status = status
        attendance.substitute_name = substitute_name
        attendance.recorded_by = by
        if status not in Attendance.ATTENDED:
            attendance.checked_in_at = None
        elif attendance.checked_in_at is None:
            attendance.checked_in_at = check_in_time(registration.occurrence)
        attendance.save()
        _credit_attendance(attendance)
        _audit_mark(attendance, before, by=by)
    return attendance


def attendance_check_in(*, registration: Registration, by: User | None) -> bool:
    """Check in the person a registration's QR code names: mark them present.

    Returns True when they were already checked in, and then leaves their
    mark as it was, so a second scan of the same code is harmless. (The row
    is still saved: it may be a walk-in row this registration just adopted.)
    """
    with transaction.atomic():
        registration = _lock_registration(registration)
        _validate_takes_attendance(registration)
        attendance = _attendance_for(registration)
        before = _mark(attendance)
        already = attendance.pk is not None and (
            attendance.status in Attendance.ATTENDED
        )
        if not already:
            attendance.status = Attendance.Status.PRESENT
            attendance.substitute_name = ""
            attendance.checked_in_at = check_in_time(registration.occurrence)
            attendance.recorded_by = by
        attendance.save()
        _credit_attendance(attendance)
        if not already:
            _audit_mark(attendance, before, by=by)
    return already


def attendance_add_walk_in(
    *, occurrence: Occurrence, name: str, email: str = "", by: User | None
) -> Attendance:
    """Record someone who came without registering, as present.

    An email that belongs to an account links the walk-in to that person, so
    the meeting counts in their history. Someone who turns out to be
    registered after all is checked in on their registration instead, and a
    second walk-in with the same email updates the first: never two rows.
    """
    name, email = name.strip(), email.strip().lower()
    _validate_walk_in(name, email)
    try:
        with transaction.atomic():
            occurrence = occurrence_lock(occurrence)
            if occurrence.is_cancelled:
                raise ValidationError(CANCELLED_MEETING)
            registration = _active_registration(occurrence, email)
            if registration is not None:
                attendance_check_in(registration=registration, by=by)
                return registration.attendance
            return _save_walk_in(occurrence, name=name, email=email, by=by)
    except IntegrityError as error:
        raise ValidationError({"email": ALREADY_MARKED}) from error


def _save_walk_in(occurrence: Occurrence, *, name: str, email: str, by) -> Attendance:
    person = User.objects.filter(email__iexact=email).first() if email else None
    attendance = _existing_walk_in(occurrence, person=person, email=email)
    if attendance is None:
        attendance = Attendance(occurrence=occurrence, person=person)
    before = _mark(attendance)
    attendance.name = name
    attendance.email = email
    attendance.status = Attendance.Status.PRESENT
    attendance.substitute_name = ""
    attendance.checked_in_at = attendance.checked_in_at or check_in_time(occurrence)
    attendance.recorded_by = by
    attendance.save()
    _credit_attendance(attendance)
    _audit_mark(attendance, before, by=by)
    return attendance


def _mark(attendance: Attendance) -> dict:
    """An attendance mark as the audit trail shows it (nothing yet: {})."""
    if attendance.pk is None:
        return {}
    return changed_fields(attendance, ["status", "substitute_name"])


def _audit_mark(attendance: Attendance, before: dict, *, by) -> None:
    """A host's mark goes to the audit trail; a member's own scan does not."""
    if by is not None:
        after = changed_fields(attendance, ["status", "substitute_name"])
        audit(attendance, "clubs.attendance_marked", by=by, before=before, after=after)


def check_in_time(occurrence: Occurrence) -> datetime | None:
    """Now, until the meeting ends; after that, no time at all (see above)."""
    now = timezone.now()
    return None if now > occurrence.end else now


def _credit_attendance(attendance: Attendance) -> None:
    """A visitor a member's link brought came in person: that may earn both
    of them their rewards (clubs.services.attribution). A substitute sent in
    someone's place does not count as that person coming."""
    if attendance.email and attendance.status in (
        Attendance.Status.PRESENT,
        Attendance.Status.LATE,
    ):
        attribution_attended(
            email=attendance.email, club=attendance.occurrence.series.club
        )


def _existing_walk_in(occurrence: Occurrence, *, person, email: str):
    if person is not None:
        return occurrence.attendance.filter(person=person).first()
    if email:
        return occurrence.attendance.filter(
            registration=None, email__iexact=email
        ).first()
    return None


def _active_registration(occurrence: Occurrence, email: str) -> Registration | None:
    if not email:
        return None
    return (
        occurrence.registrations.exclude(status=Registration.Status.CANCELLED)
        .filter(email__iexact=email)
        .first()
    )


def _lock_registration(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("occurrence")
        .get(pk=registration.pk)
    )


def _attendance_for(registration: Registration) -> Attendance:
    """The registration's row; else the row the same person got at this
    meeting as a walk-in (adopted: one person, one mark per meeting); else new."""
    occurrence = registration.occurrence
    attendance = Attendance.objects.filter(registration=registration).first()
    if attendance is None and registration.person_id is not None:
        attendance = occurrence.attendance.filter(person=registration.person).first()
    elif attendance is None:
        attendance = occurrence.attendance.filter(
            registration=None, person=None, email__iexact=registration.email
        ).first()
    if attendance is None:
        attendance = Attendance(occurrence=occurrence, person=registration.person)
    attendance.registration = registration
    attendance.name = attendance.name or registration.name
    attendance.email = attendance.email or registration.email
    return attendance


def _validate_takes_attendance(registration: Registration) -> None:
    if registration.occurrence.is_cancelled:
        raise ValidationError(CANCELLED_MEETING)
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(CANCELLED_REGISTRATION % {"name": registration.name})


def _validate_status(status: str, substitute_name: str) -> None:
    if status not in Attendance.Status.values:
        raise ValidationError(
            {"status": _("Choose present, late, absent, excused or substitute.")}
        )
    if status == Attendance.Status.SUBSTITUTE and not substitute_name:
        raise ValidationError({"substitute_name": SUBSTITUTE_NEEDS_NAME})


def _validate_walk_in(name: str, email: str) -> None:
    errors = {}
    if not name:
        errors["name"] = _("Enter the walk-in's name.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = BAD_EMAIL
    if errors:
        raise ValidationError(errors)
