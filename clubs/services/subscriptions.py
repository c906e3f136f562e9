"""Writes about subscriptions: club dues and mastermind seats, paid every
month or year through Stripe Checkout in subscription mode.

`subscription_checkout_start` opens (or resumes) the person's Checkout and
records a `Subscription` row; only Stripe's webhooks move it on. Each
`checkout.session.completed` and `customer.subscription.*` event makes the
row read the subscription afresh from Stripe, as Stripe advises, so
replays and events arriving out of order all end in Stripe's current state.
A subscription that ended (cancelled, or never paid) is final here: no late
event brings it back, since Stripe never does either.

The row's status is all this module decides. What access follows is up to
what the subscription pays for: dues (here) make a club membership active
or end it; a seat is masterminds' business, which registers its own
handlers with `stripe_event_handler` and acts on the `SubscriptionChange`
these functions return. Past due keeps access while Stripe retries the card;
unpaid and cancelled end it.

A subscription paid after what it pays for went to someone else (a seat
whose hold lapsed) is refunded (`subscription_refund_late`): the decision is
written on the row in the webhook's transaction, and Stripe is asked once it
commits to cancel the subscription and give back its first invoice in full;
if Stripe cannot be reached, the periodic `submit_waiting_refunds` job asks
again (`subscription_refunds_submit_waiting`). One idempotency key per
subscription means Stripe refunds it once, however often it is asked.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import stripe
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clubs.models import Club, Membership, Subscription, User
from clubs.selectors.payments import RecurringPrice, club_dues, online_payment_ready
from clubs.selectors.subscriptions import (
    dues_payable_online,
    person_billing_customer,
    person_stripe_customer,
)
from clubs.services.memberships import membership_activate, membership_leave
from clubs.services.payments import CHECKOUT_LONGEST, CHECKOUT_SHORTEST
from clubs.services.stripe_events import stripe_event_handler
from clubs.stripe_api import from_timestamp, retry_if_just_opened, stripe_client

log = logging.getLogger(__name__)

ALREADY_PAYING = _("You already pay for this. Manage your billing instead.")
STRIPE_DOWN = _(
    "We could not reach our payment provider. Please try again in a minute."
)
NO_DUES = _("This club takes no dues online.")
CANNOT_PAY_DUES = _("Please talk to the club's hosts about joining.")

SUBSCRIPTION_EVENTS = (
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "customer.subscription.paused",
    "customer.subscription.resumed",
)


@dataclass(frozen=True)
class SubscriptionChange:
    """A subscription after an event, and whether it gave access before."""

    subscription: Subscription
    had_access: bool

    @property
    def started(self) -> bool:
        return not self.had_access and self.subscription.grants_access

    @property
    def ended(self) -> bool:
        return self.had_access and not self.subscription.grants_access


# --- Checkout --------------------------------------------------------------


def subscription_checkout_start(
    *,
    club: Club,
    person: User,
    kind: str,
    price: RecurringPrice,
    product: str,
    metadata: dict,
    return_url: str,
    pay_by: datetime | None = None,
) -> str:
    """The Stripe Checkout page where the person subscribes.

    Coming back resumes the open session. Two clicks at once make one: the
    person's row lock queues the second behind the first, and the
    idempotency key (club, person and attempt) makes Stripe answer a retried
    request with the same session. The session ends by `pay_by` (a held
    seat's deadline), within Stripe's limits."""
    with transaction.atomic():
        User.objects.select_for_update().get(pk=person.pk)
        now = timezone.now()
        current = Subscription.objects.filter(
            club=club, person=person, status__in=Subscription.OPEN
        ).first()
        if current is not None:
            if current.status != Subscription.Status.CHECKOUT:
                raise ValidationError(ALREADY_PAYING, code="subscribed")
            if current.checkout_expires_at > now + timedelta(minutes=1):
                return current.checkout_url
            _checkout_abandon(current)
        expires = now + CHECKOUT_LONGEST
        if pay_by is not None:
            expires = min(max(pay_by, now + CHECKOUT_SHORTEST), expires)
        attempt = Subscription.objects.filter(club=club, person=person).count() + 1
        key = f"checkout-{kind}-{club.pk}-{person.pk}-{attempt}"
        params = _checkout_params(
            person, price, product, metadata, expires=expires, return_url=return_url
        )
        try:
            session = stripe_client().v1.checkout.sessions.create(
                params, {"idempotency_key": key}
            )
        except stripe.StripeError as error:
            log.warning("Checkout %s failed: %s", key, error)
            raise ValidationError(STRIPE_DOWN, code="stripe_down") from error
        Subscription.objects.create(
            club=club,
            person=person,
            kind=kind,
            amount=price.money.amount,
            currency=price.money.currency,
            interval=price.interval,
            stripe_customer_id=params.get("customer", ""),
            stripe_checkout_session_id=session.id,
            checkout_url=session.url,
            checkout_expires_at=from_timestamp(session.expires_at),
        )
    return session.url


def _checkout_params(person, price, product, metadata, *, expires, return_url):
    params = {
        "mode": "subscription",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": price.money.currency.lower(),
                    "unit_amount": price.money.amount,
                    "recurring": {"interval": price.interval},
                    "product_data": {"name": product},
                },
            }
        ],
        "client_reference_id": f"{metadata['kind']}-{metadata['club_id']}-"
        f"{metadata['person_id']}",
        "metadata": metadata,
        "subscription_data": {"metadata": metadata},
        "expires_at": int(expires.timestamp()),
        "locale": person.language,
        "success_url": f"{return_url}?checkout=done",
        "cancel_url": f"{return_url}?checkout=cancelled",
    }
    customer = person_stripe_customer(person)
    if customer:  # Stripe takes a customer or an email, never both
        params["customer"] = customer
    else:
        params["customer_email"] = person.email
    return params


def subscription_checkout_abandon(*, club: Club, person: User) -> None:
    """The open Checkout for this club is no longer wanted (a held seat
    lapsed): its row ends, and Stripe closes the session once we commit, so
    nobody pays for what is gone."""
    current = (
        Subscription.objects.select_for_update()
        .filter(club=club, person=person, status=Subscription.Status.CHECKOUT)
        .first()
    )
    if current is not None:
        _checkout_abandon(current)


def _checkout_abandon(row: Subscription) -> None:
    row.status = Subscription.Status.EXPIRED
    row.save(update_fields=["status", "updated_at"])
    session_id = row.stripe_checkout_session_id
    transaction.on_commit(lambda: _expire_at_stripe(session_id))


def _expire_at_stripe(session_id: str) -> None:
    try:
        stripe_client().v1.checkout.sessions.expire(session_id)
    except stripe.StripeError as error:  # paid meanwhile, or already expired
        log.info("Checkout Session %s not expired: %s", session_id, error)


def subscription_cancel_at_stripe(*, subscription: Subscription) -> None:
    """End this subscription at Stripe at once, after the transaction
    commits (the person left, or paid twice). Its
    `customer.subscription.deleted` event then ends the row."""
    subscription_id = subscription.stripe_subscription_id

    def cancel():
        try:
            stripe_client().v1.subscriptions.cancel(subscription_id)
        except stripe.StripeError as error:
            log.error("Subscription %s not cancelled: %s", subscription_id, error)

    transaction.on_commit(cancel)


def subscriptions_stop(*, club: Club, person: User) -> None:
    """The person left the club (or the group): their open subscription
    there is cancelled at Stripe once we commit, so billing stops with the
    membership; an open Checkout is closed."""
    subscription_checkout_abandon(club=club, person=person)
    paying = (
        Subscription.objects.select_for_update()
        .filter(club=club, person=person, status__in=Subscription.OPEN)
        .exclude(stripe_subscription_id="")
        .first()
    )
    if paying is not None:
        subscription_cancel_at_stripe(subscription=paying)


def club_leave(*, membership: Membership) -> Membership:
    """Leave a club, and stop paying its dues."""
    with transaction.atomic():
        membership = membership_leave(membership=membership)
        subscriptions_stop(club=membership.club, person=membership.person)
    return membership


# --- The customer portal ---------------------------------------------------


def billing_portal_url(*, club: Club, person: User, return_url: str) -> str | None:
    """Stripe's customer portal for the person's billing in this club (card,
    invoices, cancelling); None when they have nothing billed there."""
    customer = person_billing_customer(club=club, person=person)
    if customer is None:
        return None
    try:
        session = stripe_client().v1.billing_portal.sessions.create(
            {"customer": customer, "return_url": return_url}
        )
    except stripe.StripeError as error:
        log.warning("Billing portal for %s failed: %s", customer, error)
        raise ValidationError(STRIPE_DOWN, code="stripe_down") from error
    return session.url


# --- Following Stripe --------------------------------------------------------


def subscription_checkout_completed(
    session: dict, *, kind: str
) -> SubscriptionChange | None:
    """The row for a completed subscription Checkout of this kind, brought in
    line with Stripe; None for a session that is not one."""
    if session.get("mode") != "subscription" or _kind(session) != kind:
        return None
    row = (
        Subscription.objects.select_for_update()
        .filter(stripe_checkout_session_id=session["id"])
        .first()
    )
    if row is None:
        retry_if_just_opened(session)
        log.warning("Stripe sent an unknown subscription Checkout %s", session["id"])
        return None
    had_access = row.grants_access
    row.stripe_subscription_id = row.stripe_subscription_id or (
        session.get("subscription") or ""
    )
    row.stripe_customer_id = row.stripe_customer_id or (session.get("customer") or "")
    if row.status == Subscription.Status.EXPIRED:
        _revive(row)
    return _sync(row, had_access)


def subscription_stripe_changed(obj: dict, *, kind: str) -> SubscriptionChange | None:
    """The row for this Stripe subscription of this kind, brought in line
    with Stripe. A `customer.subscription.*` event may come before its
    Checkout's: the subscription's metadata then finds the open Checkout."""
    if _kind(obj) != kind:
        return None
    row = (
        Subscription.objects.select_for_update()
        .filter(stripe_subscription_id=obj["id"])
        .first()
    )
    if row is None:
        metadata = obj.get("metadata") or {}
        row = (
            Subscription.objects.select_for_update()
            .filter(
                kind=kind,
                club=metadata.get("club_id") or 0,
                person=metadata.get("person_id") or 0,
                status=Subscription.Status.CHECKOUT,
                stripe_subscription_id="",
            )
            .first()
        )
        if row is None:
            log.warning("Stripe sent an unknown subscription %s", obj["id"])
            return None
        row.stripe_subscription_id = obj["id"]
    return _sync(row, row.grants_access)


def _revive(row: Subscription) -> None:
    """Paid for a Checkout we had given up on (the person opened another, or
    a held seat lapsed). It stands if nothing else is open; otherwise Stripe
    is told to cancel it, so nobody pays twice."""
    others = Subscription.objects.filter(
        club=row.club_id, person=row.person_id, status__in=Subscription.OPEN
    ).exclude(pk=row.pk)
    if others.exists():
        log.warning(
            "Subscription %s paid twice: cancelling", row.stripe_subscription_id
        )
        row.save()
        subscription_cancel_at_stripe(subscription=row)
        return
    row.status = Subscription.Status.CHECKOUT


def _sync(row: Subscription, had_access: bool) -> SubscriptionChange:
    """Read the subscription from Stripe and copy its state, unless the row
    has ended: then nothing changes. A Stripe error propagates, so the
    webhook answers 5xx and Stripe delivers the event again."""
    if row.status in Subscription.FINAL or not row.stripe_subscription_id:
        row.save()
        return SubscriptionChange(row, had_access)
    current = stripe_client().v1.subscriptions.retrieve(row.stripe_subscription_id)
    current = current.to_dict()
    if current.get("status") in Subscription.Status.values:
        row.status = current["status"]
    row.stripe_customer_id = row.stripe_customer_id or (current.get("customer") or "")
    row.current_period_end = from_timestamp(_period_end(current))
    row.cancel_at_period_end = bool(
        current.get("cancel_at_period_end") or current.get("cancel_at")
    )
    row.ended_at = from_timestamp(current.get("ended_at"))
    row.save()
    return SubscriptionChange(row, had_access)


def _period_end(subscription: dict) -> int | None:
    """Since Stripe's 2025-03-31 API the period lives on the items."""
    if subscription.get("current_period_end"):
        return subscription["current_period_end"]
    items = (subscription.get("items") or {}).get("data") or []
    ends = [
        item["current_period_end"] for item in items if "current_period_end" in item
    ]
    return max(ends, default=None)


def _kind(obj: dict) -> str | None:
    return (obj.get("metadata") or {}).get("kind")


@stripe_event_handler("checkout.session.expired")
def _checkout_expired(session: dict) -> None:
    """An unpaid subscription Checkout closed (of any kind: the row is ours)."""
    if session.get("mode") != "subscription":
        return
    Subscription.objects.filter(
        stripe_checkout_session_id=session["id"], status=Subscription.Status.CHECKOUT
    ).update(status=Subscription.Status.EXPIRED, updated_at=timezone.now())


# --- Club dues ---------------------------------------------------------------


def dues_checkout_start(*, club: Club, person: User, return_url: str) -> str:
    """Pay a club's dues: joining an open club, or keeping the membership a
    host granted. The webhook makes the membership active."""
    dues = club_dues(club)
    if dues is None or not online_payment_ready() or club.kind != Club.Kind.CLUB:
        raise ValidationError(NO_DUES, code="no_dues")
    membership = Membership.objects.filter(club=club, person=person).first()
    subscription = Subscription.objects.filter(
        club=club, person=person, status__in=Subscription.OPEN
    ).first()
    if subscription is not None and subscription.status != "checkout":
        raise ValidationError(ALREADY_PAYING, code="subscribed")
    if not dues_payable_online(
        club=club, membership=membership, subscription=subscription
    ):
        raise ValidationError(CANNOT_PAY_DUES, code="cannot_pay")
    ids = {"club_id": str(club.pk), "person_id": str(person.pk)}
    return subscription_checkout_start(
        club=club,
        person=person,
        kind=Subscription.Kind.DUES,
        price=dues,
        product=gettext("Dues: %(club)s") % {"club": club.name},
        metadata={"kind": Subscription.Kind.DUES, **ids},
        return_url=return_url,
    )


@stripe_event_handler("checkout.session.completed")
def _dues_checkout_completed(session: dict) -> None:
    _dues_access(subscription_checkout_completed(session, kind=Subscription.Kind.DUES))


@stripe_event_handler(*SUBSCRIPTION_EVENTS)
def _dues_changed(obj: dict) -> None:
    _dues_access(subscription_stripe_changed(obj, kind=Subscription.Kind.DUES))


def _dues_access(change: SubscriptionChange | None) -> None:
    """Paid dues make the membership active; dues that end (cancelled or
    unpaid) make a member one who left: their history stays, member prices
    go. Hosts and barred people are never changed by billing."""
    if change is None or not (change.started or change.ended):
        return
    subscription = change.subscription
    membership, _created = Membership.objects.select_for_update().get_or_create(
        club=subscription.club, person=subscription.person
    )
    if membership.role != Membership.Role.MEMBER:
        return
    if change.started and membership.status not in _BARRED:
        membership_activate(membership=membership)
    elif change.ended and membership.status == Membership.Status.ACTIVE:
        membership.status = Membership.Status.LEFT
        membership.save(update_fields=["status", "updated_at"])


_BARRED = (Membership.Status.SUSPENDED, Membership.Status.REMOVED)
