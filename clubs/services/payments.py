"""Writes about what things cost, what people paid and what went back.

Without Stripe keys a host records who paid at the door
(`payment_record_at_door`). With keys, a place on a paid meeting is held by
the registration services while its person pays through Stripe Checkout
(`checkout_start`); only Stripe's webhook confirms it
(clubs.services.stripe_events), never the redirect back. Payments never
touch registrations' rows themselves: they ask the registration services to
confirm or release a held seat, under the same occurrence lock every seat
decision takes.

Refunds are asked of Stripe after the transaction commits (never under a
lock), with an idempotency key per refund, and retried by a periodic job if
Stripe was unreachable.
"""

import logging
from datetime import timedelta

import stripe
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clubs.audit import audit, changed_fields
from clubs.models import Occurrence, Payment, Refund, Registration, User
from clubs.selectors.clubs import club_is_host
from clubs.selectors.payments import (
    occurrence_prices,
    refund_policy_allows,
    registration_price,
)
from clubs.services.locks import occurrence_lock
from clubs.services.registrations import (
    registration_cancel,
    registration_hold_paid,
    registration_hold_until,
)
from clubs.stripe_api import from_timestamp, stripe_client

log = logging.getLogger(__name__)

NOT_HELD = _("This place is not waiting for payment.")
HOLD_ENDED = _(
    "The time to pay for this seat has run out, so it went to someone else. "
    "You can register again if seats are left."
)
STRIPE_DOWN = _(
    "We could not reach our payment provider. Your seat is still held; "
    "please try again in a minute."
)
NOT_ONLINE = _("Only a payment made online can be refunded here.")
NOT_PAID = _("This payment is not paid, so there is nothing to refund.")
# Stripe Checkout lives at least 30 minutes and at most 24 hours.
CHECKOUT_SHORTEST = timedelta(minutes=31)
CHECKOUT_LONGEST = timedelta(hours=23, minutes=59)

NOT_A_HOST = _("Only the club's hosts can record payments.")
ALREADY_PAID = _("%(name)s has already paid.")
CANCELLED_PLACE = _("%(name)s cancelled their place, so there is nothing to pay.")
NOTHING_TO_PAY = _("%(name)s has nothing to pay for this meeting.")
NOT_AT_THE_DOOR = _("Only a payment taken at the door can be undone here.")


def occurrence_set_prices(
    *, occurrence: Occurrence, member_price: int | None, guest_price: int | None
) -> Occurrence:
    """This date's own prices in its series' currency (None: the series').
    Calendars carry no price, so SEQUENCE stays and nobody is emailed."""
    with transaction.atomic():
        occurrence = occurrence_lock(occurrence)
        occurrence.member_price = member_price
        occurrence.guest_price = guest_price
        occurrence.full_clean(exclude=["series"])
        occurrence.save(update_fields=["member_price", "guest_price", "updated_at"])
    return occurrence


# A payment as the audit trail shows it.
PAYMENT_FIELDS = ["status", "method", "amount", "currency"]


def payment_record_at_door(*, registration: Registration, by: User) -> Payment:
    """The host took this person's money at the door. The amount is what they
    pay at this moment (member or guest price); a place is paid once, which
    the database's one-paid-payment constraint backs."""
    with transaction.atomic():
        occurrence_lock(registration.occurrence)
        registration = Registration.objects.select_related(
            "occurrence__series__club"
        ).get(pk=registration.pk)
        _validate_host(registration, by)
        name = {"name": registration.name}
        if registration.status == Registration.Status.CANCELLED:
            raise ValidationError(CANCELLED_PLACE % name, code="cancelled")
        if registration.payments.filter(status=Payment.Status.PAID).exists():
            raise ValidationError(ALREADY_PAID % name, code="already_paid")
        price = registration_price(registration)
        if price is None:
            raise ValidationError(NOTHING_TO_PAY % name, code="free")
        if registration.status == Registration.Status.HELD:
            # They came without finishing Checkout: paying in person
            # confirms the seat held for them.
            registration_hold_paid(registration=registration)
            registration.refresh_from_db(fields=["status"])
            audit(
                registration,
                "clubs.registration_changed",
                by=by,
                before={"status": Registration.Status.HELD},
                after={"status": registration.status},
            )
        payment = Payment(
            registration=registration,
            amount=price.amount,
            currency=price.currency,
            method=Payment.Method.DOOR,
            status=Payment.Status.PAID,
            paid_at=timezone.now(),
            recorded_by=by,
        )
        try:
            with transaction.atomic():
                payment.save()
        except IntegrityError as error:
            raise ValidationError(ALREADY_PAID % name, code="already_paid") from error
        audit(
            payment,
            "clubs.payment_recorded",
            by=by,
            after=changed_fields(payment, PAYMENT_FIELDS),
        )
    return payment


def payment_undo_at_door(*, payment: Payment, by: User) -> None:
    """Undo a host's mis-tap: the door payment is deleted, since no money
    changed hands that needs a record (a real refund, later with Stripe, keeps
    the row and marks it refunded)."""
    with transaction.atomic():
        occurrence_lock(payment.registration.occurrence)
        payment = Payment.objects.select_related(
            "registration__occurrence__series__club"
        ).get(pk=payment.pk)
        _validate_host(payment.registration, by)
        if payment.method != Payment.Method.DOOR:
            raise ValidationError(NOT_AT_THE_DOOR, code="not_door")
        # Logged before the row goes: the entry keeps its id and its name.
        audit(
            payment,
            "clubs.payment_undone",
            by=by,
            before=changed_fields(payment, PAYMENT_FIELDS),
        )
        payment.delete()


def _validate_host(registration: Registration, by: User) -> None:
    if not club_is_host(person=by, club=registration.occurrence.series.club):
        raise ValidationError(NOT_A_HOST, code="not_host")


# --- Checkout --------------------------------------------------------------


def checkout_start(*, registration: Registration, return_url: str) -> str:
    """The Stripe Checkout page where this held place is paid for.

    Coming back to an unpaid hold resumes the same session. Pressing "Pay"
    twice makes one session: the registration's row lock queues the second
    click behind the first, and the idempotency key (the registration and
    its attempt) makes Stripe answer a retried request with the same
    session. The session expires no later than the hold ends."""
    with transaction.atomic():
        registration = _registration_locked(registration)
        now = timezone.now()
        if registration.status != Registration.Status.HELD:
            raise ValidationError(NOT_HELD, code="not_held")
        if registration.hold_expires_at <= now or registration.occurrence.is_cancelled:
            raise ValidationError(HOLD_ENDED, code="hold_ended")
        open_session = registration.payments.filter(
            status=Payment.Status.PENDING,
            expires_at__gt=now + timedelta(minutes=1),
            place_already_held=False,
        ).first()
        if open_session is not None:
            return open_session.checkout_url
        price = registration_price(registration)
        if price is None:  # the price was removed while they held the seat
            raise ValidationError(NOT_HELD, code="free")
        expires = min(
            max(registration.hold_expires_at, now + CHECKOUT_SHORTEST),
            now + CHECKOUT_LONGEST,
        )
        if expires > registration.hold_expires_at:
            registration_hold_until(registration=registration, until=expires)
        attempt = registration.payments.count() + 1
        key = f"checkout-registration-{registration.pk}-{attempt}"
        return _checkout_open(registration, price, expires, return_url, key)


def checkout_start_place_already_held(
    *, registration: Registration, return_url: str, language: str
) -> str:
    """A Checkout for an address that already has `registration` here, opened
    by the guest form so that it answers as it does for a new guest (who is
    sent to pay for the seat held for them): the same price, the same
    length of time, the same return address. Probing who is coming then
    costs a real payment, which Stripe's webhook refunds in full
    (clubs.services.stripe_events) while the owner of the address is told
    by email. It holds no seat and adds no place. A guest who pressed
    Register twice and pays here pays for the seat held for them.
    `language` is the page's, as a new guest's Checkout speaks theirs."""
    with transaction.atomic():
        registration = _registration_locked(registration)
        occurrence = registration.occurrence
        price = occurrence_prices(occurrence)
        if price is None or price.guest is None:
            raise ValidationError(NOT_HELD, code="free")
        now = timezone.now()
        hold = timedelta(minutes=occurrence.series.club.payment_hold_minutes)
        expires = min(max(now + hold, now + CHECKOUT_SHORTEST), now + CHECKOUT_LONGEST)
        attempt = registration.payments.count() + 1
        key = f"checkout-registration-{registration.pk}-{attempt}"
        return _checkout_open(
            registration,
            price.guest,
            expires,
            return_url,
            key,
            already_held=True,
            language=language,
        )


def _registration_locked(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("occurrence__series__club")
        .get(pk=registration.pk)
    )


def _checkout_open(
    registration, price, expires, return_url, key, *, already_held=False, language=""
) -> str:
    """Ask Stripe for the session and record its payment, waiting."""
    params = _checkout_params(registration, price, expires, return_url)
    if language:
        params["locale"] = language
    try:
        session = stripe_client().v1.checkout.sessions.create(
            params,
            {"idempotency_key": key},
        )
    except stripe.StripeError as error:
        log.warning("Checkout %s failed: %s", key, error)
        raise ValidationError(STRIPE_DOWN, code="stripe_down") from error
    Payment.objects.create(
        registration=registration,
        amount=price.amount,
        currency=price.currency,
        method=Payment.Method.STRIPE,
        status=Payment.Status.PENDING,
        stripe_checkout_session_id=session.id,
        checkout_url=session.url,
        expires_at=from_timestamp(session.expires_at),
        place_already_held=already_held,
    )
    return session.url


def _checkout_params(registration, price, expires, return_url) -> dict:
    occurrence = registration.occurrence
    metadata = {"kind": "registration", "registration_id": str(registration.pk)}
    return {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": price.currency.lower(),
                    "unit_amount": price.amount,
                    "product_data": {"name": str(occurrence)},
                },
            }
        ],
        "customer_email": registration.email,
        "client_reference_id": f"registration-{registration.pk}",
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata},
        "allow_promotion_codes": True,
        "expires_at": int(expires.timestamp()),
        "locale": registration.language,
        # Stripe fills in the session's id: a guest's way back to their place
        # once it is paid (clubs.views.meetings.occurrence_registered).
        "success_url": f"{return_url}?checkout=done&session={{CHECKOUT_SESSION_ID}}",
        "cancel_url": f"{return_url}?checkout=cancelled",
    }


# --- Refunds ---------------------------------------------------------------


def place_cancel(*, registration: Registration) -> Refund | None:
    """The person gives up their place. A place paid online is refunded in
    full within the club's cancellation policy; later, the seat is freed and
    nothing is refunded (the page says which before they confirm).

    A seat given up before paying closes its open Checkout Session at
    Stripe, so it can no longer be paid; a payment made there a moment before
    goes back when its webhook lands (clubs.services.stripe_events)."""
    with transaction.atomic():
        registration = registration_cancel(registration=registration)
        payments = registration.payments.select_for_update()
        for open_session in payments.filter(
            status__in=[Payment.Status.PENDING, Payment.Status.PROCESSING]
        ):
            open_session.status = Payment.Status.ABANDONED
            open_session.save(update_fields=["status", "updated_at"])
            transaction.on_commit(
                lambda pk=open_session.pk: checkout_close(payment_id=pk)
            )
        payment = payments.filter(
            status=Payment.Status.PAID, method=Payment.Method.STRIPE
        ).first()
        if payment is None or not refund_policy_allows(registration.occurrence):
            return None
        return refund_request(payment, reason=Refund.Reason.CANCELLED)


def checkout_close(*, payment_id: int) -> None:
    """Expire a Checkout Session nobody should pay any more. If Stripe has
    completed it already (or cannot be reached), its webhook settles it."""
    payment = Payment.objects.get(pk=payment_id)
    try:
        stripe_client().v1.checkout.sessions.expire(payment.stripe_checkout_session_id)
    except stripe.StripeError as error:
        log.info(
            "Checkout %s not expired: %s", payment.stripe_checkout_session_id, error
        )


def payment_refund_by_host(*, payment: Payment, by: User) -> Refund:
    """A host gives someone their money back, whatever the policy says. The
    place itself stays; the host cancels it separately if they mean to."""
    with transaction.atomic():
        occurrence_lock(payment.registration.occurrence)
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("registration__occurrence__series__club")
            .get(pk=payment.pk)
        )
        _validate_host(payment.registration, by)
        if payment.method != Payment.Method.STRIPE:
            raise ValidationError(NOT_ONLINE, code="not_online")
        if payment.status != Payment.Status.PAID:
            raise ValidationError(NOT_PAID, code="not_paid")
        before = changed_fields(payment, PAYMENT_FIELDS)
        refund = refund_request(payment, reason=Refund.Reason.HOST, by=by)
        audit(
            payment,
            "clubs.payment_refunded",
            by=by,
            before=before,
            after=changed_fields(payment, PAYMENT_FIELDS),
        )
        return refund


def occurrence_refund_all(*, occurrence: Occurrence) -> list[Refund]:
    """The meeting is cancelled: everyone who paid online gets it back. The
    caller holds the lock on `occurrence`."""
    payments = Payment.objects.select_for_update().filter(
        registration__occurrence=occurrence,
        method=Payment.Method.STRIPE,
        status=Payment.Status.PAID,
    )
    return [
        refund_request(payment, reason=Refund.Reason.MEETING_CANCELLED)
        for payment in payments
    ]


def refunds_submit_waiting() -> int:
    """Ask Stripe again for refunds it never answered (it was unreachable):
    the periodic job behind `_refund_request`'s first try."""
    waiting = Refund.objects.filter(
        status=Refund.Status.REQUESTED,
        stripe_refund_id="",
        created_at__lte=timezone.now() - timedelta(minutes=1),
    )
    return sum(
        refund_submit(refund_id=pk) for pk in waiting.values_list("pk", flat=True)
    )


def refund_submit(*, refund_id: int) -> bool:
    """Ask Stripe for this refund; the idempotency key makes a retry safe."""
    refund = Refund.objects.select_related("payment").get(pk=refund_id)
    if refund.stripe_refund_id:
        return False
    payment = refund.payment
    try:
        answer = stripe_client().v1.refunds.create(
            {
                "payment_intent": payment.stripe_payment_intent_id,
                "amount": refund.amount,
                "metadata": {"refund_id": str(refund.pk), "reason": refund.reason},
            },
            {"idempotency_key": f"refund-{refund.pk}"},
        )
    except stripe.StripeError as error:
        log.warning("Refund %s not submitted yet: %s", refund.pk, error)
        return False
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if not refund.stripe_refund_id:
            refund.stripe_refund_id = answer.id
            if refund.status == Refund.Status.REQUESTED:
                refund.status = answer.status
            refund.save(update_fields=["stripe_refund_id", "status", "updated_at"])
    return True


def refund_live(payment: Payment) -> Refund | None:
    """The payment's refund that has not failed (or been canceled), locked."""
    live = Refund.objects.select_for_update().filter(payment=payment)
    return live.exclude(
        status__in=[Refund.Status.FAILED, Refund.Status.CANCELED]
    ).first()


def refund_request(payment: Payment, *, reason: str, by: User | None = None) -> Refund:
    """Record a full refund of `payment` (unless one is under way) and ask
    Stripe for it once this transaction commits. The caller holds the
    payment's row lock."""
    refund = refund_live(payment) or Refund.objects.create(
        payment=payment,
        amount=payment.amount,
        currency=payment.currency,
        reason=reason,
        requested_by=by,
    )
    payment.status = Payment.Status.REFUNDED
    payment.save()
    transaction.on_commit(lambda: refund_submit(refund_id=refund.pk))
    return refund
