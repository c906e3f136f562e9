"""Stripe's webhook events: each recorded once, then handed to the handlers
registered for its type.

Each event is recorded by its id in the transaction that handles it, so five
deliveries of one event have the effect of one, and concurrent deliveries
queue on its primary key. Handlers register with `@stripe_event_handler`
(other modules and apps add theirs: dues and seats) and must be idempotent
on the object they act on. The meetings' own handlers are here: they are
idempotent on the Checkout Session and Payment Intent, so events arriving in
any order end in one state, and money always wins over a late "expired".
"""

import logging
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from clubs.models import Payment, Refund, Registration, StripeEvent
from clubs.services.attribution import attribution_paid
from clubs.services.locks import occurrence_lock
from clubs.services.payments import refund_live, refund_request
from clubs.services.registrations import (
    registration_hold_paid,
    registration_hold_release,
    registration_hold_until,
)
from clubs.stripe_api import from_timestamp, retry_if_just_opened
from clubs.tasks import send_late_payment_refunded, send_place_already_held_refunded

log = logging.getLogger(__name__)


EventHandler = Callable[[dict], None]
_handlers: dict[str, list[EventHandler]] = {}


def stripe_event_handler(*event_types: str):
    """Register a function to handle events of these types. Other apps add
    theirs (masterminds' seats) from their AppConfig.ready, as Wagtail's
    hooks do; each handler looks at the object and ignores what isn't its."""

    def register(handler: EventHandler) -> EventHandler:
        for event_type in event_types:
            _handlers.setdefault(event_type, []).append(handler)
        return handler

    return register


def stripe_event_handle(event: dict) -> bool:
    """Handle one verified webhook event exactly once; False for a replay.

    The event's row is written first, in the transaction that handles it. A
    concurrent delivery of the same event waits on that row's unique key and
    then finds it; if handling fails, the row rolls back with everything
    else and Stripe's retry handles the event afresh."""
    obj = event["data"]["object"]
    with transaction.atomic():
        try:
            with transaction.atomic():
                StripeEvent.objects.create(
                    id=event["id"],
                    type=event["type"],
                    object_id=obj.get("id") or "",
                    created=from_timestamp(event["created"]),
                    data=event,
                )
        except IntegrityError:
            return False
        for handler in _handlers.get(event["type"], []):
            handler(obj)
    return True


@stripe_event_handler(
    "checkout.session.completed", "checkout.session.async_payment_succeeded"
)
def _session_completed(session: dict) -> None:
    payment = _payment_locked(session)
    if payment is None:
        return
    if session["payment_status"] == "unpaid":
        # A bank debit on its way: the seat stays held until it settles.
        if payment.status == Payment.Status.PENDING:
            payment.status = Payment.Status.PROCESSING
            payment.stripe_payment_intent_id = session.get("payment_intent") or ""
            payment.save(update_fields=["status", "stripe_payment_intent_id"])
            if payment.place_already_held:
                return  # it holds no seat to keep
            registration_hold_until(
                registration=payment.registration,
                until=payment.registration.occurrence.start,
            )
        return
    if payment.status in (Payment.Status.PAID, Payment.Status.REFUNDED):
        return  # a replay under another event id, or the other of the pair
    payment.paid_at = timezone.now()
    payment.amount = session.get("amount_total", payment.amount)
    payment.stripe_payment_intent_id = session.get("payment_intent") or ""
    registration = payment.registration
    if payment.status == Payment.Status.ABANDONED:
        # They gave the seat up while this payment was on its way.
        refund_request(payment, reason=Refund.Reason.CANCELLED)
    elif registration.payments.filter(status=Payment.Status.PAID).exists():
        # Paid already (at the door while Checkout was still open).
        refund_request(payment, reason=Refund.Reason.DUPLICATE)
        _tell_if_already_held(payment)
    elif payment.place_already_held and not _pays_for_guest_seat_held(registration):
        # The guest form's Checkout for an address that had a place already.
        refund_request(payment, reason=Refund.Reason.DUPLICATE)
        _tell_if_already_held(payment)
    elif registration_hold_paid(registration=registration):
        payment.status = Payment.Status.PAID
        # A guest form's second Checkout that paid for the guest's held seat
        # is that place's payment from now on.
        payment.place_already_held = False
        payment.save()
        # A friend brought by a share link may qualify by paying (reward
        # programs whose action is "paid"); once per payment, since a payment
        # already PAID returned above.
        attribution_paid(registration=registration)
    else:
        # Paid after the seat was released, and no seat is free now.
        refund_request(payment, reason=Refund.Reason.LATE)
        transaction.on_commit(
            lambda: send_late_payment_refunded.enqueue(payment_id=payment.pk)
        )


@stripe_event_handler(
    "checkout.session.expired", "checkout.session.async_payment_failed"
)
def _session_not_paid(session: dict) -> None:
    payment = _payment_locked(session)
    if payment is None or payment.status not in (
        Payment.Status.PENDING,
        Payment.Status.PROCESSING,
    ):
        return  # already paid (money beats a late "expired") or already closed
    failed = session.get("status") == "complete"
    payment.status = Payment.Status.FAILED if failed else Payment.Status.EXPIRED
    payment.save(update_fields=["status"])
    if not payment.place_already_held:  # that one never held the seat
        registration_hold_release(registration=payment.registration)


def _pays_for_guest_seat_held(registration) -> bool:
    """A payment from the guest form for an address that had a place pays for
    that place only when it is a guest's seat held for payment (they pressed
    Register twice), at the guest price it was asked at; anything else is
    refunded."""
    return (
        registration.person_id is None
        and registration.status == Registration.Status.HELD
    )


def _tell_if_already_held(payment: Payment) -> None:
    if payment.place_already_held:
        transaction.on_commit(
            lambda: send_place_already_held_refunded.enqueue(payment_id=payment.pk)
        )


def _payment_locked(session: dict) -> Payment | None:
    """The meeting payment for this Checkout Session, locked after its
    occurrence (every seat decision locks the occurrence first); None for a
    session that is not a meeting's (a subscription) or not ours."""
    if (session.get("metadata") or {}).get("kind") != "registration":
        return None
    found = Payment.objects.filter(stripe_checkout_session_id=session["id"]).first()
    if found is None:
        retry_if_just_opened(session)
        log.warning("Stripe sent an unknown Checkout Session %s", session["id"])
        return None
    occurrence_lock(found.registration.occurrence)
    return (
        Payment.objects.select_for_update(of=("self",))
        .select_related("registration__occurrence__series__club")
        .get(pk=found.pk)
    )


@stripe_event_handler("refund.created", "refund.updated")
def _refund_changed(refund: dict) -> None:
    _refund_sync(refund)


@stripe_event_handler("charge.refunded")
def _charge_refunded(charge: dict) -> None:
    for refund in (charge.get("refunds") or {}).get("data", []):
        _refund_sync(refund)
    if charge.get("refunded") and not (charge.get("refunds") or {}).get("data"):
        _refund_sync(
            {
                "id": "",
                "payment_intent": charge.get("payment_intent"),
                "amount": charge.get("amount_refunded"),
                "status": "succeeded",
            }
        )


def _refund_sync(data: dict) -> None:
    """Bring the local refund (its status and amount) in line with Stripe's,
    found by its refund id, else by its payment (a refund made in Stripe's
    dashboard, or one whose id we had not stored yet)."""
    refund = None
    if data.get("id"):
        refund = (
            Refund.objects.select_for_update()
            .filter(stripe_refund_id=data["id"])
            .first()
        )
    if refund is None:
        payment = Payment.objects.filter(
            stripe_payment_intent_id=data.get("payment_intent") or "-"
        ).first()
        if payment is None:
            return
        refund = refund_live(payment)
        if refund is None:
            refund = Refund(
                payment=payment,
                amount=data.get("amount") or payment.amount,
                currency=payment.currency,
                reason=Refund.Reason.HOST,
            )
        if data.get("id") and not refund.stripe_refund_id:
            refund.stripe_refund_id = data["id"]
    if data.get("status") in Refund.Status.values:
        refund.status = data["status"]
    if data.get("amount"):  # Stripe's record of what went back wins
        refund.amount = data["amount"]
    refund.save()
    # A refund that failed leaves the money paid: the records say so.
    gone = refund.status not in (Refund.Status.FAILED, Refund.Status.CANCELED)
    Payment.objects.filter(pk=refund.payment_id).update(
        status=Payment.Status.REFUNDED if gone else Payment.Status.PAID
    )
