"""Registration: seats are decided under a row lock on the occurrence.

Every path that changes who holds a seat (register, cancel, more capacity,
a payment) locks the occurrence row first, inside one transaction, and keeps
`Occurrence.confirmed_count` and `held_count` in step; the database refuses
a total above the capacity, and one active registration per email and
occurrence.

On a meeting paid online (clubs.selectors.payments) a seat is first *held*
while its person pays through Stripe Checkout; the payment services confirm
it here when Stripe says it is paid (`registration_hold_paid`), and a hold
that runs out is released (`holds_release_expired`). A seat that frees up on
such a meeting is *offered* to the first person waiting, held for them for
the club's offer window, rather than given: nobody pays without acting.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from clubs.caching import club_pages_forget
from clubs.cookies import Touch
from clubs.models import Membership, Occurrence, Payment, Refund, Registration, User
from clubs.selectors.payments import registration_pays_online
from clubs.services.attribution import attribution_registered
from clubs.services.locks import occurrence_lock
from clubs.tasks import (
    enqueue_in_transaction,
    send_manage_link,
    send_place_already_held,
    send_place_cancelled,
    send_registration_email,
    send_seat_held,
    send_waitlist_offered,
    send_waitlist_promoted,
)

ALREADY_REGISTERED = _("This email address already has a place at this meeting.")
# The form error's code: the page offers "Send me my link again" beside it.
ALREADY_REGISTERED_CODE = "already_registered"
# At most one resent link per place in this long: the button cannot be
# turned into a way to flood someone's inbox.
LINK_RESEND_INTERVAL = timedelta(minutes=5)


# What deciding a place reads of the meeting, its series and its club: its
# lock reads these columns only (clubs.services.locks). A rule that reads
# another costs a query; tests/clubs/test_registration_queries.py counts.
SEAT_FIELDS = (
    "start",
    "status",
    "capacity",
    "confirmed_count",
    "held_count",
    "member_price",
    "guest_price",
    "series__registration_opens_before",
    "series__registration_closes_before",
    "series__guests_allowed",
    "series__max_guests_per_member",
    "series__member_price",
    "series__guest_price",
    "series__currency",
    "series__club__visibility",
    "series__club__payment_hold_minutes",
    "series__club__waitlist_offer_hours",
)


def registration_create(
    *,
    occurrence: Occurrence,
    person: User | None = None,
    name: str = "",
    email: str = "",
    invited_by: User | None = None,
    invited_by_name: str = "",
    touch: Touch | None = None,
    language: str | None = None,
    pay_at_door: bool = False,
    notify: bool = True,
) -> Registration:
    """Give a member (`person`) or a guest (`name` and `email`) a place, or a
    spot on the waitlist when the meeting is full.

    `language` is the page's, which every email about the place is written
    in; by default the language active now, which is the page's in a request.

    `touch` is the share link that brought them, if any: the member who shared
    it is credited with them (clubs.services.attribution). `invited_by_name`
    is who a guest says invited them, in their own words, for hosts to match.

    When the place is to be paid online, the seat is held for the club's
    `payment_hold_minutes` and no email goes out yet: Stripe's word that it
    is paid confirms it (clubs.services.payments). `pay_at_door` confirms a
    paid place at once, to be paid in person (the demo's places).

    `notify=False` sends no confirmation: for places a person is given
    without asking (a mastermind's members at each session), which their
    calendar feed and the reminder carry instead of an email per meeting."""
    if person is not None:
        name, email = person.get_full_name() or person.email, person.email
    name, email = name.strip(), email.strip().lower()
    _validate_person(name=name, email=email)
    try:
        with transaction.atomic():
            occurrence = occurrence_lock(occurrence, only=SEAT_FIELDS)
            _release_expired(occurrence)
            _validate_open(occurrence)
            _validate_guest(occurrence, person=person, invited_by=invited_by)
            registration = Registration(
                occurrence=occurrence,
                person=person,
                name=name,
                email=email,
                invited_by=invited_by,
                invited_by_name=invited_by_name.strip(),
                status=Registration.Status.WAITLISTED,
                # The admin may run in Wagtail's own code ("id-id" for "id").
                language=language
                or translation.get_supported_language_variant(
                    translation.get_language()
                ),
            )
            _seat(occurrence, registration, pay_at_door=pay_at_door)
            # A second active place for the address or the person is refused
            # by the database's constraints (IntegrityError, below): asking
            # first would cost every registration a query to catch a few.
            registration.save(force_insert=True)
            attribution_registered(registration=registration, touch=touch)
            if notify and registration.status != Registration.Status.HELD:
                enqueue_in_transaction(
                    send_registration_email, registration_id=registration.pk
                )
    except IntegrityError as error:
        raise _already_registered() from error
    return registration


def _already_registered() -> ValidationError:
    error = ValidationError(ALREADY_REGISTERED, code=ALREADY_REGISTERED_CODE)
    return ValidationError({"email": error})


@dataclass(frozen=True)
class GuestAnswer:
    """What the guest form did, for the view to answer alike either way."""

    # The new place, or the one the address already had here.
    registration: Registration
    new: bool
    # A new guest would be sent to Stripe Checkout now (a seat is free and
    # guests pay online), so the page sends this one there too.
    pays_now: bool


def guest_registration_create(
    *, occurrence: Occurrence, email: str, **details
) -> GuestAnswer:
    """A guest's registration from the public form, which answers alike for a
    new address and one that already has a place here, so that nobody learns
    who is coming: an address with a place is sent its link again ("you
    already have a place") instead of a second place. On a meeting paid
    online both are sent to a Checkout (clubs.views.meetings), and a new
    guest, who leaves it for a page that names no place, is emailed the link
    to pay for the seat held for them. Any other refusal (a full meeting is
    not one) raises as `registration_create` does."""
    try:
        registration = registration_create(
            occurrence=occurrence, email=email, **details
        )
    except ValidationError as error:
        if not _is_already_registered(error):
            raise
    else:
        held = registration.status == Registration.Status.HELD
        if held:
            transaction.on_commit(
                lambda: send_seat_held.enqueue(registration_id=registration.pk)
            )
        return GuestAnswer(registration=registration, new=True, pays_now=held)
    _link_resend(occurrence=occurrence, email=email, task=send_place_already_held)
    registration = _active(occurrence).filter(email=email.strip().lower()).first()
    if registration is None:  # cancelled a moment ago: the address is free
        return guest_registration_create(occurrence=occurrence, email=email, **details)
    return GuestAnswer(
        registration=registration,
        new=False,
        pays_now=_new_guest_would_pay_now(occurrence),
    )


def _new_guest_would_pay_now(occurrence: Occurrence) -> bool:
    """Whether a new guest registering now would be held a seat and sent to
    Checkout: a seat is free (once lapsed holds are released, as
    `registration_create` does) and guests pay online."""
    if not registration_pays_online(Registration(occurrence=occurrence)):
        return False
    with transaction.atomic():
        occurrence = occurrence_lock(occurrence)
        _release_expired(occurrence)
        return _has_seat(occurrence)


def _is_already_registered(error: ValidationError) -> bool:
    errors = getattr(error, "error_dict", {}).get("email", [])
    return any(e.code == ALREADY_REGISTERED_CODE for e in errors)


def registration_link_resend(*, occurrence: Occurrence, email: str) -> bool:
    """Email the link to the place `email` holds at `occurrence` again.

    Says whether an email was queued; callers tell the person the same thing
    either way, so the answer reveals nothing."""
    return _link_resend(occurrence=occurrence, email=email, task=send_manage_link)


def _link_resend(*, occurrence: Occurrence, email: str, task) -> bool:
    """Queue `task` for the place `email` holds at `occurrence`. A place gets
    at most one such email per LINK_RESEND_INTERVAL, claimed by a conditional
    UPDATE so that concurrent clicks queue one email: nobody can turn the
    forms into a way to flood someone's inbox."""
    email = email.strip().lower()
    registration = _active(occurrence).filter(email=email).first()
    if registration is None:
        return False
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            Registration.objects.filter(pk=registration.pk)
            .filter(
                Q(link_resent_at__isnull=True)
                | Q(link_resent_at__lte=now - LINK_RESEND_INTERVAL)
            )
            .update(link_resent_at=now)
        )
        if claimed:
            transaction.on_commit(lambda: task.enqueue(registration_id=registration.pk))
    return bool(claimed)


def registration_cancel(
    *, registration: Registration, notify: bool = True
) -> Registration:
    """Give up a place; the first person on the waitlist moves up at once.
    `notify=False` sends the person no CANCEL (they were never sent the
    invitation: see `registration_create`)."""
    with transaction.atomic():
        occurrence = occurrence_lock(registration.occurrence)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            raise ValidationError(_("This registration is already cancelled."))
        was = registration.status
        _cancel(occurrence, [registration])
        if was != Registration.Status.WAITLISTED:
            waitlist_promote(occurrence=occurrence)
        if notify and was == Registration.Status.CONFIRMED:
            # Their calendar holds the invitation: a CANCEL takes it out.
            transaction.on_commit(
                lambda: send_place_cancelled.enqueue(registration_id=registration.pk)
            )
    return registration


def registration_restore(*, registration: Registration) -> Registration:
    """ "Changed your mind? Take my place back": a place given up is confirmed
    again while its seat is still free and the meeting is still to come.

    Only a place that was confirmed, and that owes nothing: one paid online
    whose money went back, or one still to pay for online, is taken by
    registering again (a fresh hold and Checkout), so a seat is never paid
    twice nor given unpaid. The invitation goes out again, since the
    cancellation took it out of their calendar."""
    with transaction.atomic():
        occurrence = occurrence_lock(registration.occurrence)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        refusal = restore_refusal(registration, occurrence=occurrence)
        if refusal is not None:
            raise ValidationError(refusal)
        registration.cancelled_at = None
        registration.save(update_fields=["cancelled_at"])
        try:
            with transaction.atomic():
                _confirm(occurrence, [registration])
        except IntegrityError as error:  # a place taken with the same email
            raise ValidationError(ALREADY_REGISTERED) from error
        transaction.on_commit(
            lambda: send_registration_email.enqueue(registration_id=registration.pk)
        )
    return registration


NOT_CANCELLED = _("This place is not cancelled.")
NOT_RESTORABLE = _("This place cannot be taken back: register again instead.")
NO_SEAT_TO_RESTORE = _(
    "Your seat has gone to someone else. Register again to join the waitlist."
)


def restore_refusal(
    registration: Registration, *, occurrence: Occurrence | None = None
) -> str | None:
    """Why a cancelled place cannot be taken back as it was, or None: what
    the place's page asks before offering it, and what `registration_restore`
    asks again under the meeting's lock (`occurrence`, locked)."""
    occurrence = occurrence or registration.occurrence
    if registration.status != Registration.Status.CANCELLED:
        return NOT_CANCELLED
    if occurrence.is_cancelled or occurrence.start <= timezone.now():
        return NOT_RESTORABLE
    if registration.confirmed_at is None:  # it never held a seat
        return NOT_RESTORABLE
    money_back = Refund.objects.filter(payment__registration=registration).exclude(
        status__in=[Refund.Status.FAILED, Refund.Status.CANCELED]
    )
    if money_back.exists():
        return NOT_RESTORABLE
    paid = registration.payments.filter(status=Payment.Status.PAID).exists()
    if not paid and registration_pays_online(registration):
        return NOT_RESTORABLE
    if _active(occurrence).filter(email=registration.email).exists():
        return ALREADY_REGISTERED
    if not _has_seat(occurrence):
        return NO_SEAT_TO_RESTORE
    return None


def waitlist_promote(*, occurrence: Occurrence) -> list[Registration]:
    """Fill free seats from the waitlist, first come first served, and tell
    each person: a free place is theirs at once, a place paid online is
    offered (held for the club's offer window until they pay). The caller
    holds the lock on `occurrence`."""
    if occurrence.is_cancelled:
        return []
    waiting = occurrence.registrations.filter(status=Registration.Status.WAITLISTED)
    if occurrence.capacity is not None:
        waiting = waiting[: max(occurrence.capacity - occurrence.seats_taken, 0)]
    promoted = []
    offer = timedelta(hours=occurrence.series.club.waitlist_offer_hours)
    for registration in waiting:
        if registration_pays_online(registration):
            _hold(occurrence, registration, offer, offered=True)
            send = send_waitlist_offered
        else:
            _confirm(occurrence, [registration])
            send = send_waitlist_promoted
        transaction.on_commit(
            lambda send=send, pk=registration.pk: send.enqueue(registration_id=pk)
        )
        promoted.append(registration)
    return promoted


def registration_hold_paid(*, registration: Registration) -> bool:
    """Stripe says this place is paid: confirm it and send the confirmation.

    A payment can land after its hold ran out and the seat was released. It
    still confirms the place if a seat is free and the person has no other
    place at the meeting; otherwise, or when the meeting was cancelled
    meanwhile, this answers False and the caller refunds it. Never
    overbooks. The caller holds the lock on the occurrence."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    occurrence = registration.occurrence
    if registration.status == Registration.Status.CONFIRMED:
        return True
    if occurrence.is_cancelled:
        if registration.status == Registration.Status.HELD:
            _cancel(occurrence, [registration])
        return False
    if registration.status == Registration.Status.HELD:
        _unhold(occurrence, [registration])
    elif registration.status == Registration.Status.CANCELLED:
        taken = _active(occurrence).filter(email=registration.email).exists()
        if taken or not _has_seat(occurrence):
            return False
    else:  # on the waitlist: never asked to pay
        return False
    registration.cancelled_at = None
    registration.hold_expires_at = None
    registration.save(update_fields=["cancelled_at", "hold_expires_at"])
    _confirm(occurrence, [registration])
    transaction.on_commit(
        lambda: send_registration_email.enqueue(registration_id=registration.pk)
    )
    return True


def registration_hold_release(*, registration: Registration) -> None:
    """The person did not pay (the Checkout Session expired or the bank debit
    failed): free the seat for the waitlist. The caller holds the lock on the
    occurrence."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.HELD:
        _cancel(registration.occurrence, [registration])
        waitlist_promote(occurrence=registration.occurrence)


def registration_hold_until(*, registration: Registration, until) -> None:
    """Keep a held seat until `until`: while Checkout is open (Stripe needs
    at least 30 minutes), or while a bank debit is on its way."""
    Registration.objects.filter(
        pk=registration.pk, status=Registration.Status.HELD
    ).update(hold_expires_at=until)
    registration.hold_expires_at = until


def holds_release_expired() -> int:
    """Release every hold whose time ran out and move each waitlist: the
    periodic job behind the prompt release in `registration_create`."""
    now = timezone.now()
    occurrences = Occurrence.objects.filter(
        registrations__status=Registration.Status.HELD,
        registrations__hold_expires_at__lte=now,
    ).distinct()
    released = 0
    for occurrence in occurrences:
        with transaction.atomic():
            occurrence = occurrence_lock(occurrence)
            released += _release_expired(occurrence)
    return released


def _release_expired(occurrence: Occurrence) -> int:
    """Free the seats whose holds ran out, then move the waitlist. The caller
    holds the lock on `occurrence`, whose `held_count` counts its holds: with
    none, there is nothing to look for."""
    if not occurrence.held_count:
        return 0
    expired = list(
        occurrence.registrations.select_for_update().filter(
            status=Registration.Status.HELD, hold_expires_at__lte=timezone.now()
        )
    )
    if expired:
        _cancel(occurrence, expired)
        waitlist_promote(occurrence=occurrence)
    return len(expired)


def _seat(occurrence, registration, *, pay_at_door: bool) -> None:
    """Give a new place, before it is saved, the seat that is free: held
    while it is paid online, else confirmed. With no seat free it stays on
    the waitlist. The caller holds the lock on `occurrence`."""
    if not _has_seat(occurrence):
        return
    now = timezone.now()
    if not pay_at_door and registration_pays_online(registration):
        minutes = occurrence.series.club.payment_hold_minutes
        registration.status = Registration.Status.HELD
        registration.hold_expires_at = now + timedelta(minutes=minutes)
        counter = "held_count"
    else:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        counter = "confirmed_count"
    Occurrence.objects.filter(pk=occurrence.pk).update(**{counter: F(counter) + 1})
    setattr(occurrence, counter, getattr(occurrence, counter) + 1)


def _hold(occurrence, registration, duration, *, offered=False) -> None:
    _seats_changed(occurrence)
    until = timezone.now() + duration
    Registration.objects.filter(pk=registration.pk).update(
        status=Registration.Status.HELD, hold_expires_at=until, offered=offered
    )
    Occurrence.objects.filter(pk=occurrence.pk).update(held_count=F("held_count") + 1)
    occurrence.held_count += 1
    registration.status = Registration.Status.HELD
    registration.hold_expires_at, registration.offered = until, offered


def _unhold(occurrence: Occurrence, registrations: list[Registration]) -> None:
    _seats_changed(occurrence)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        held_count=F("held_count") - len(registrations)
    )
    occurrence.held_count -= len(registrations)


def _cancel(occurrence: Occurrence, registrations: list[Registration]) -> None:
    """Take these places away: confirmed and held seats free up."""
    _seats_changed(occurrence)
    counts = dict.fromkeys(Registration.Status, 0)
    for registration in registrations:
        counts[registration.status] += 1
    if counts[Registration.Status.HELD]:
        held = [r for r in registrations if r.status == Registration.Status.HELD]
        _unhold(occurrence, held)
    if confirmed := counts[Registration.Status.CONFIRMED]:
        Occurrence.objects.filter(pk=occurrence.pk).update(
            confirmed_count=F("confirmed_count") - confirmed
        )
        occurrence.confirmed_count -= confirmed
    now = timezone.now()
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
        status=Registration.Status.CANCELLED, cancelled_at=now
    )
    for registration in registrations:
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now


def _confirm(occurrence: Occurrence, registrations: list[Registration]) -> None:
    if not registrations:
        return
    _seats_changed(occurrence)
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


def _seats_changed(occurrence: Occurrence) -> None:
    """ "3 seats left" on the meeting's, club's and landing pages is outdated."""
    club_pages_forget(occurrence.series.club_id)


def _active(occurrence: Occurrence):
    return occurrence.registrations.exclude(status=Registration.Status.CANCELLED)


def _has_seat(occurrence: Occurrence) -> bool:
    return occurrence.capacity is None or occurrence.seats_taken < occurrence.capacity


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
