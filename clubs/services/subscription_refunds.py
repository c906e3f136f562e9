"""Refunds of subscriptions paid for too late: a mastermind seat paid for
after it went to someone else. The decision is recorded on the
`Subscription` row in the webhook's transaction; Stripe is asked after it
commits (cancel, then refund the first invoice's payment in full), and again
by the periodic `submit_waiting_refunds` job if it could not be reached.
Meetings' refunds are clubs.services.payments'.
"""

import logging
from datetime import timedelta

import stripe
from django.db import transaction
from django.utils import timezone

from clubs.models import Refund, Subscription
from clubs.services.stripe_events import stripe_event_handler
from clubs.stripe_api import stripe_client

log = logging.getLogger(__name__)


def subscription_refund_late(*, subscription: Subscription) -> bool:
    """The subscription was paid for after what it pays for went to someone
    else: it is to be cancelled at Stripe and its first (paid) invoice
    refunded in full. The decision is recorded on the row, in the caller's
    transaction; Stripe is asked once that commits, and again by the
    periodic job if it could not be reached. True if decided now; False if
    it was decided before (a replayed or duplicate event)."""
    row = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if row.refund_status:
        return False
    row.refund_status = Refund.Status.REQUESTED
    row.refund_requested_at = timezone.now()
    row.save(update_fields=["refund_status", "refund_requested_at", "updated_at"])
    subscription.refund_status = row.refund_status
    subscription.refund_requested_at = row.refund_requested_at
    # Robust: whatever goes wrong, the webhook's decision is committed and
    # the job asks again.
    transaction.on_commit(
        lambda: subscription_refund_submit(subscription_id=row.pk), robust=True
    )
    return True


def subscription_refunds_submit_waiting() -> int:
    """Ask Stripe again for late subscriptions' refunds it never answered
    (it was unreachable); returns how many went through now."""
    waiting = Subscription.objects.filter(
        refund_status=Refund.Status.REQUESTED,
        stripe_refund_id="",
        refund_requested_at__lte=timezone.now() - timedelta(minutes=1),
    )
    return sum(
        subscription_refund_submit(subscription_id=pk)
        for pk in waiting.values_list("pk", flat=True)
    )


def subscription_refund_submit(*, subscription_id: int) -> bool:
    """Cancel the subscription at Stripe (unless it has ended) and refund its
    first invoice's payment in full. Never under a lock; the idempotency key
    makes a retry return the refund already made. False if Stripe could not
    be reached, or the invoice is not paid yet: the job tries again."""
    row = Subscription.objects.get(pk=subscription_id)
    if row.refund_status != Refund.Status.REQUESTED or row.stripe_refund_id:
        return False
    client = stripe_client()
    try:
        current = client.v1.subscriptions.retrieve(row.stripe_subscription_id)
        if current.status not in ("canceled", "incomplete_expired"):
            client.v1.subscriptions.cancel(row.stripe_subscription_id)
        intent, amount = _first_invoice_payment(client, current.latest_invoice)
        if intent is None:
            log.warning("Subscription %s: first invoice not paid yet", row.pk)
            return False
        answer = client.v1.refunds.create(
            {
                "payment_intent": intent,
                "amount": amount,
                "metadata": {
                    "subscription_id": str(row.pk),
                    "reason": Refund.Reason.LATE,
                },
            },
            {
                "idempotency_key": f"refund-subscription-"
                f"{row.stripe_subscription_id}-first-invoice"
            },
        )
    except stripe.StripeError as error:
        log.warning("Subscription %s not refunded yet: %s", row.pk, error)
        return False
    with transaction.atomic():
        row = Subscription.objects.select_for_update().get(pk=row.pk)
        if not row.stripe_refund_id:
            row.stripe_refund_id = answer.id
            row.refund_amount = answer.amount
            if row.refund_status == Refund.Status.REQUESTED:
                row.refund_status = answer.status
            row.save(
                update_fields=[
                    "stripe_refund_id",
                    "refund_amount",
                    "refund_status",
                    "updated_at",
                ]
            )
    return True


def _first_invoice_payment(client, invoice) -> tuple[str | None, int | None]:
    """The Payment Intent that paid this invoice, and how much it paid. Since
    Stripe's 2025-03-31 API an invoice no longer names its Payment Intent:
    its payments are listed on their own."""
    if not invoice:
        return None, None
    invoice_id = invoice if isinstance(invoice, str) else invoice.id
    payments = client.v1.invoice_payments.list(
        {"invoice": invoice_id, "status": "paid"}
    )
    for paid in payments.data:
        paid = paid.to_dict()
        intent = paid["payment"].get("payment_intent")
        if paid["payment"].get("type") == "payment_intent" and intent:
            intent = intent if isinstance(intent, str) else intent["id"]
            return intent, paid["amount_paid"]
    return None, None


@stripe_event_handler("refund.created", "refund.updated")
def _subscription_refund_changed(refund: dict) -> None:
    """Stripe's word on a late subscription's refund (pending, then
    succeeded, or failed) is copied to its row."""
    if refund.get("status") not in Refund.Status.values:
        return
    Subscription.objects.filter(stripe_refund_id=refund.get("id") or "-").update(
        refund_status=refund["status"], updated_at=timezone.now()
    )
