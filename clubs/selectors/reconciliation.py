"""Reads: where our payment records and Stripe's disagree, over a period.

Stripe's Checkout Sessions and refunds created in the period are listed
(every page of them) and set beside the payments and refunds recorded here
in the same period. A webhook that never arrived, a handler that failed, a
refund made in Stripe's dashboard or an amount changed by a promotion code
all show up as a `Difference`. Reading changes nothing; `fixable` says
whether replaying Stripe's object through the webhook handlers would bring
us in line (`clubs.services.reconciliation`).
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import stripe
from django.db.models import Q
from django.utils import timezone

from clubs.models import Payment, Refund
from clubs.stripe_api import stripe_client

PAGE = 100
# A refund is asked of Stripe on commit, and again by a job every few minutes
# if Stripe was away: only one still unsent after this is a difference.
UNSENT_GRACE = timedelta(minutes=15)


@dataclass(frozen=True)
class Difference:
    kind: str  # one of KINDS
    reference: str  # Stripe's id of the session or refund, else ours
    ours: str  # what our records say
    stripes: str  # what Stripe says
    stripe_object: dict | None = None  # to replay, when `fixable`

    @property
    def fixable(self) -> bool:
        return self.kind in FIXABLE and self.stripe_object is not None


PAID_AT_STRIPE_ONLY = "paid_at_stripe_only"
PAID_HERE_ONLY = "paid_here_only"
AMOUNT_DIFFERS = "amount_differs"
UNKNOWN_SESSION = "unknown_session"
STATUS_DIFFERS = "status_differs"
REFUND_MISSING_HERE = "refund_missing_here"
REFUND_MISSING_AT_STRIPE = "refund_missing_at_stripe"
REFUND_STATUS_DIFFERS = "refund_status_differs"
KINDS = {
    PAID_AT_STRIPE_ONLY: "Paid at Stripe, not paid here",
    PAID_HERE_ONLY: "Paid here, not paid at Stripe",
    AMOUNT_DIFFERS: "Amounts differ",
    UNKNOWN_SESSION: "Paid at Stripe for a session we have no record of",
    STATUS_DIFFERS: "Closed at Stripe, still open here",
    REFUND_MISSING_HERE: "Refund at Stripe, missing here",
    REFUND_MISSING_AT_STRIPE: "Refund here, missing at Stripe",
    REFUND_STATUS_DIFFERS: "Refund statuses differ",
}
FIXABLE = {PAID_AT_STRIPE_ONLY, STATUS_DIFFERS, REFUND_MISSING_HERE}
FIXABLE |= {REFUND_STATUS_DIFFERS}
# Payments whose money Stripe holds, as far as we know.
TAKEN = (Payment.Status.PAID, Payment.Status.REFUNDED)


def stripe_list(resource, *, since: datetime, until: datetime) -> list[dict]:
    """Every object of a Stripe list endpoint created in [since, until)."""
    # Stripe counts whole seconds: the last one is in, whatever its fraction.
    created = {"gte": int(since.timestamp()), "lt": math.ceil(until.timestamp())}
    page = resource.list({"created": created, "limit": PAGE})
    return [item.to_dict() for item in page.auto_paging_iter()]


def payment_differences(*, since: datetime, until: datetime) -> list[Difference]:
    """Sessions and refunds that Stripe and we see differently."""
    v1 = stripe_client().v1
    sessions = stripe_list(v1.checkout.sessions, since=since, until=until)
    refunds = stripe_list(v1.refunds, since=since, until=until)
    return [
        *_session_differences(sessions, since=since, until=until),
        *_refund_differences(refunds, since=since, until=until),
    ]


def _session_differences(sessions, *, since, until) -> list[Difference]:
    ours = {
        p.stripe_checkout_session_id: p
        for p in Payment.objects.select_related("registration")
        .filter(
            method=Payment.Method.STRIPE, created_at__gte=since, created_at__lt=until
        )
        .exclude(stripe_checkout_session_id="")
    }
    at_stripe = {s["id"] for s in sessions}
    outside = Payment.objects.select_related("registration").filter(
        stripe_checkout_session_id__in=at_stripe - set(ours)
    )
    ours.update({p.stripe_checkout_session_id: p for p in outside})
    differences = []
    for session in sessions:
        if (session.get("metadata") or {}).get("kind") != "registration":
            continue  # a subscription, or another app's
        differences += _compare_session(session, ours.get(session["id"]))
    for session_id, payment in ours.items():
        if session_id not in at_stripe and payment.status in TAKEN:
            differences += _compare_unlisted(session_id, payment)
    return differences


def _compare_unlisted(session_id: str, payment: Payment) -> list[Difference]:
    """A session paid here but not in Stripe's list for the period: created
    just before it began, or not at Stripe at all. Asked for by its id."""
    try:
        session = stripe_client().v1.checkout.sessions.retrieve(session_id)
    except stripe.InvalidRequestError:
        words = _payment_words(payment)
        return [Difference(PAID_HERE_ONLY, session_id, words, "no such session")]
    return _compare_session(session.to_dict(), payment)


def _compare_session(session: dict, payment: Payment | None) -> list[Difference]:
    paid = session.get("payment_status") in ("paid", "no_payment_required")
    words = f"{session.get('status')}, {session.get('payment_status')}"
    words += f", {session.get('amount_total')} {str(session.get('currency')).upper()}"
    reference = session["id"]
    if payment is None:
        if not paid:
            return []
        return [Difference(UNKNOWN_SESSION, reference, "no payment", words)]
    ours = _payment_words(payment)
    if paid and payment.status not in TAKEN:
        return [Difference(PAID_AT_STRIPE_ONLY, reference, ours, words, session)]
    if not paid and payment.status in TAKEN:
        return [Difference(PAID_HERE_ONLY, reference, ours, words)]
    if session.get("status") == "expired" and payment.status in (
        Payment.Status.PENDING,
        Payment.Status.PROCESSING,
    ):
        return [Difference(STATUS_DIFFERS, reference, ours, words, session)]
    amount = session.get("amount_total")
    currency = str(session.get("currency") or "").upper()
    if paid and (amount != payment.amount or currency != payment.currency):
        return [Difference(AMOUNT_DIFFERS, reference, ours, words)]
    return []


def _refund_differences(refunds, *, since, until) -> list[Difference]:
    at_stripe = {r["id"] for r in refunds}
    in_period = Q(created_at__gte=since, created_at__lt=until) & ~Q(stripe_refund_id="")
    ours = {
        r.stripe_refund_id: r
        for r in Refund.objects.filter(in_period | Q(stripe_refund_id__in=at_stripe))
    }
    intents = {
        p.stripe_payment_intent_id: p
        for p in Payment.objects.filter(
            stripe_payment_intent_id__in=[r.get("payment_intent") for r in refunds]
        ).exclude(stripe_payment_intent_id="")
    }
    differences = []
    for refund in refunds:
        differences += _compare_refund(
            refund, ours.get(refund["id"]), intents.get(refund.get("payment_intent"))
        )
    missing = [r for refund_id, r in ours.items() if refund_id not in at_stripe]
    missing += _never_sent(since=since, until=until)
    return differences + [
        Difference(
            REFUND_MISSING_AT_STRIPE,
            refund.stripe_refund_id or f"refund {refund.pk} (never sent)",
            _refund_words(refund),
            "no refund",
        )
        for refund in missing
    ]


def _never_sent(*, since, until) -> list[Refund]:
    """Refunds Stripe never answered, past the time the retry job needs."""
    until = min(until, timezone.now() - UNSENT_GRACE)
    return list(
        Refund.objects.filter(
            stripe_refund_id="", created_at__gte=since, created_at__lt=until
        )
    )


def _compare_refund(refund: dict, ours: Refund | None, payment) -> list[Difference]:
    words = f"{refund.get('status')}, {refund.get('amount')}"
    words += f" {str(refund.get('currency')).upper()}"
    if ours is None:
        if payment is None:
            return []  # a refund of something that is not ours
        found = Refund.objects.filter(payment=payment).first()
        mine = "no refund" if found is None else _refund_words(found)
        return [Difference(REFUND_MISSING_HERE, refund["id"], mine, words, refund)]
    if ours.status != refund.get("status") or ours.amount != refund.get("amount"):
        return [
            Difference(
                REFUND_STATUS_DIFFERS, refund["id"], _refund_words(ours), words, refund
            )
        ]
    return []


def _payment_words(payment: Payment) -> str:
    return (
        f"payment {payment.pk}: {payment.status}, {payment.amount} {payment.currency}"
    )


def _refund_words(refund: Refund) -> str:
    return f"refund {refund.pk}: {refund.status}, {refund.amount} {refund.currency}"
