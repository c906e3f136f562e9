"""Paying for a mastermind seat every month or year, through Stripe.

The approved applicant opens Checkout for their held seat
(`seat_checkout_start`); the subscription's webhooks, handled here and
registered with clubs' `stripe_event_handler` when the app starts
(`MastermindsConfig.ready`), seat them once paid and give the seat up when
the subscription is cancelled or goes unpaid. Past due keeps the seat while
Stripe retries the card. clubs keeps the subscription's row in line with
Stripe; every seat decision here takes the group lock first, as the rest of
the seat services do.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clubs.models import Subscription, User
from clubs.selectors.payments import online_payment_ready
from clubs.services.stripe_events import stripe_event_handler
from clubs.services.subscriptions import (
    SUBSCRIPTION_EVENTS,
    SubscriptionChange,
    subscription_checkout_completed,
    subscription_checkout_start,
    subscription_stripe_changed,
)
from masterminds.models import MastermindGroup
from masterminds.selectors import group_seat_price, person_seat_hold
from masterminds.services.applications import seat_billing_ended, seat_paid
from masterminds.services.groups import lock_group

SEAT = Subscription.Kind.SEAT
NOTHING_TO_PAY = _("You have no seat waiting for payment in this group.")
HOLD_ENDED = _(
    "The time to pay for your seat has run out, so it was offered to others. "
    "You can apply again."
)


def seat_checkout_start(
    *, group: MastermindGroup, person: User, return_url: str
) -> str:
    """The Checkout where an approved applicant subscribes for their seat;
    it closes when the hold does."""
    application = person_seat_hold(group=group, person=person)
    price = group_seat_price(group)
    if application is None or price is None or not online_payment_ready():
        raise ValidationError(NOTHING_TO_PAY, code="not_held")
    if application.pay_by <= timezone.now():
        raise ValidationError(HOLD_ENDED, code="hold_ended")
    return subscription_checkout_start(
        club=group.club,
        person=person,
        kind=SEAT,
        price=price,
        product=gettext("Seat: %(group)s") % {"group": group.club.name},
        metadata={
            "kind": SEAT,
            "application_id": str(application.pk),
            "club_id": str(group.club_id),
            "person_id": str(person.pk),
        },
        return_url=return_url,
        pay_by=application.pay_by,
    )


@stripe_event_handler("checkout.session.completed")
def _seat_checkout_completed(session: dict) -> None:
    group = _group_locked(session)
    if group is not None:
        _seat_access(group, subscription_checkout_completed(session, kind=SEAT))


@stripe_event_handler(*SUBSCRIPTION_EVENTS)
def _seat_changed(subscription: dict) -> None:
    group = _group_locked(subscription)
    if group is not None:
        _seat_access(group, subscription_stripe_changed(subscription, kind=SEAT))


def _group_locked(obj: dict) -> MastermindGroup | None:
    """The group a seat's Checkout or subscription is for, locked before its
    subscription row (the order every seat decision takes); None for
    anything that is not a seat's."""
    metadata = obj.get("metadata") or {}
    if metadata.get("kind") != SEAT:
        return None
    group = MastermindGroup.objects.filter(club=metadata.get("club_id") or 0).first()
    if group is None:
        return None
    return lock_group(group)


def _seat_access(group: MastermindGroup, change: SubscriptionChange | None) -> None:
    if change is None:
        return
    if change.started:
        seat_paid(group=group, subscription=change.subscription)
    elif change.ended:
        seat_billing_ended(group=group, person=change.subscription.person)
