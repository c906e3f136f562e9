"""Registration: seats are decided under a row lock on the occurrence.

Every path that changes who holds a seat (register, cancel, more capacity)
locks the occurrence row first, inside one transaction, and keeps
`Occurrence.confirmed_count` in step; the database refuses a count above the
capacity, and one active registration per email and occurrence.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from clubs.cookies import Touch
from clubs.models import Membership, Occurrence, Registration, User
from clubs.services.attribution import attribution_registered
from clubs.services.locks import occurrence_lock
from clubs.tasks import (
    send_place_cancelled,
    send_registration_email,
    send_waitlist_promoted,
)

ALREADY_REGISTERED = _("This email address already has a place at this meeting.")


def registration_create(
    *,
    occurrence: Occurrence,
    person: User | None = None,
    name: str = "",
    email: str = "",
    invited_by: User | None = None,
    touch: Touch | None = None,
    language: str | None = None,
) -> Registration:
    """Give a member (`person`) or a guest (`name` and `email`) a place, or a
    spot on the waitlist when the meeting is full.

    `language` is the page's, which every email about the place is written
    in; by default the language active now, which is the page's in a request.

    `touch` is the share link that brought them, if any: the member who shared
    it is credited with them (clubs.services.attribution)."""
    if person is not None:
        name, email = person.get_full_name() or person.email, person.email
    name, email = name.strip(), email.strip().lower()
    _validate_person(name=name, email=email)
    try:
        with transaction.atomic():
            occurrence = occurrence_lock(occurrence)
            _validate_open(occurrence)
            _validate_guest(occurrence, person=person, invited_by=invited_by)
            if _active(occurrence).filter(email=email).exists():
                raise ValidationError({"email": ALREADY_REGISTERED})
            registration = Registration.objects.create(
                occurrence=occurrence,
                person=person,
                name=name,
                email=email,
                invited_by=invited_by,
                status=Registration.Status.WAITLISTED,
                language=language or translation.get_language(),
            )
            if _has_seat(occurrence):
                _confirm(occurrence, [registration])
            attribution_registered(registration=registration, touch=touch)
            transaction.on_commit(
                lambda: send_registration_email.enqueue(registration_id=registration.pk)
            )
    except IntegrityError as error:
        raise ValidationError({"email": ALREADY_REGISTERED}) from error
    return registration


def registration_cancel(*, registration: Registration) -> Registration:
    """Give up a place; the first person on the waitlist moves up at once."""
    with transaction.atomic():
        occurrence = occurrence_lock(registration.occurrence)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            raise ValidationError(_("This registration is already cancelled."))
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        if was_confirmed:
            occurrence.confirmed_count -= 1
            Occurrence.objects.filter(pk=occurrence.pk).update(
                confirmed_count=F("confirmed_count") - 1
            )
            waitlist_promote(occurrence=occurrence)
            # Their calendar holds the invitation: a CANCEL takes it out.
            transaction.on_commit(
                lambda: send_place_cancelled.enqueue(registration_id=registration.pk)
            )
    return registration


def waitlist_promote(*, occurrence: Occurrence) -> list[Registration]:
    """Fill free seats from the waitlist, first come first served, and tell
    each person promoted. The caller holds the lock on `occurrence`."""
    if occurrence.is_cancelled:
        return []
    waiting = occurrence.registrations.filter(status=Registration.Status.WAITLISTED)
    if occurrence.capacity is not None:
        waiting = waiting[: max(occurrence.capacity - occurrence.confirmed_count, 0)]
    promoted = list(waiting)
    _confirm(occurrence, promoted)
    for registration in promoted:
        transaction.on_commit(
            lambda registration_id=registration.pk: send_waitlist_promoted.enqueue(
                registration_id=registration_id
            )
        )
    return promoted


def _confirm(occurrence: Occurrence, registrations: list[Registration]) -> None:
    if not registrations:
        return
    now = timezone.now()
    ids = [registration.pk for registration in registrations]
    Registration.objects.filter(pk__in=ids).update(
        status=Registration.Status.CONFIRMED, confirmed_at=now
    )
    Occurrence.objects.filter(pk=occurrence.pk).update(
        confirmed_count=F("confirmed_count") + len(ids)
    )
    occurrence.confirmed_count += len(ids)
    for registration in registrations:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now


def _active(occurrence: Occurrence):
    return occurrence.registrations.exclude(status=Registration.Status.CANCELLED)


def _has_seat(occurrence: Occurrence) -> bool:
    return (
        occurrence.capacity is None or occurrence.confirmed_count < occurrence.capacity
    )


def _validate_person(*, name: str, email: str) -> None:
    errors = {}
    if not name:
        errors["name"] = _("Tell us your name.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter an email address such as ana@example.com.")
    if errors:
        raise ValidationError(errors)


def _validate_open(occurrence: Occurrence) -> None:
    now, series = timezone.now(), occurrence.series
    if occurrence.is_cancelled:
        raise ValidationError(_("This meeting is cancelled."))
    if occurrence.start <= now:
        raise ValidationError(_("This meeting has already started."))
    if occurrence.start - series.registration_closes_before <= now:
        raise ValidationError(_("Registration for this meeting has closed."))
    opens = series.registration_opens_before
    if opens is not None and occurrence.start - opens > now:
        raise ValidationError(_("Registration for this meeting is not open yet."))


def _validate_guest(occurrence, *, person, invited_by) -> None:
    series, club = occurrence.series, occurrence.series.club
    if person is not None:
        if club.visibility == club.Visibility.MEMBERS and not _is_member(person, club):
            raise ValidationError(_("This club's meetings are for its members."))
        return
    if not series.guests_allowed:
        raise ValidationError(_("This meeting is for members only."))
    if invited_by is None:
        if club.visibility == club.Visibility.MEMBERS:
            raise ValidationError(
                _("Guests of this club come at a member's invitation.")
            )
        return
    invited = _active(occurrence).filter(invited_by=invited_by, person=None).count()
    if invited >= series.max_guests_per_member:
        raise ValidationError(
            {
                "invited_by": _(
                    "%(member)s has already invited %(count)d guests to this meeting."
                )
                % {"member": invited_by, "count": series.max_guests_per_member}
            }
        )


def _is_member(person: User, club) -> bool:
    return Membership.objects.filter(
        club=club, person=person, status=Membership.Status.ACTIVE
    ).exists()
