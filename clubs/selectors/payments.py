"""Reads: what meetings, club dues and seats cost.

Prices live on the rows they price (a series and its dates, a club's dues, a
mastermind's seat) as minor units plus a currency; these reads turn them into
`Money`. A meeting's own price overrides its series'; an empty price is free.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from clubs.models import (
    Club,
    Membership,
    Occurrence,
    Payment,
    Refund,
    Registration,
    User,
)
from clubs.models.clubs import BillingInterval
from clubs.money import Money


@dataclass(frozen=True)
class MeetingPrices:
    """A paid meeting's prices; either may be None (free for those people)."""

    member: Money | None
    guest: Money | None


@dataclass(frozen=True)
class RecurringPrice:
    """Club dues or a mastermind seat: an amount charged every month or year."""

    money: Money
    interval: str  # BillingInterval

    def __str__(self) -> str:
        if self.interval == BillingInterval.MONTH:
            return _("%(price)s a month") % {"price": self.money}
        return _("%(price)s a year") % {"price": self.money}


def online_payment_ready() -> bool:
    """Stripe is configured. Without keys, prices are shown and paid to the
    host in person; registration works as for a free meeting."""
    return bool(settings.STRIPE_SECRET_KEY)


def occurrence_prices(occurrence: Occurrence) -> MeetingPrices | None:
    """Both prices of a meeting (this date's, else its series'), or None when
    it is free for everyone."""
    series = occurrence.series
    member = _first_set(occurrence.member_price, series.member_price)
    guest = _first_set(occurrence.guest_price, series.guest_price)
    if member is None and guest is None:
        return None
    return MeetingPrices(
        member=None if member is None else Money(member, series.currency),
        guest=None if guest is None else Money(guest, series.currency),
    )


def price_for_membership(
    prices: MeetingPrices | None, membership: Membership | None
) -> Money | None:
    """What someone pays: the member price with an active membership of the
    club, the guest price otherwise; None when that is free."""
    if prices is None:
        return None
    active = membership is not None and membership.status == Membership.Status.ACTIVE
    return prices.member if active else prices.guest


def occurrence_price_for(*, occurrence: Occurrence, person: User) -> Money | None:
    membership = None
    if person.is_authenticated:
        club = occurrence.series.club_id
        membership = Membership.objects.filter(club=club, person=person).first()
    return price_for_membership(occurrence_prices(occurrence), membership)


@dataclass(frozen=True)
class DoorCharge:
    """What a person pays for a place (None: nothing, or not asked) and their
    payment once it is made: one row of the door sheet, or their own page."""

    due: Money | None
    payment: Payment | None

    @property
    def paid(self) -> Money | None:
        if self.payment is None:
            return None
        return Money(self.payment.amount, self.payment.currency)


@dataclass(frozen=True)
class DoorCharges:
    """The "paid N of M" counts at the top of a paid meeting's door sheet."""

    paid: int
    payable: int


def registration_price(registration: Registration) -> Money | None:
    """What this registration's person pays now: the member price with an
    active membership of the club, the guest price otherwise."""
    occurrence = registration.occurrence
    membership = None
    if registration.person_id is not None:
        membership = Membership.objects.filter(
            club=occurrence.series.club_id, person=registration.person_id
        ).first()
    return price_for_membership(occurrence_prices(occurrence), membership)


def registration_pays_online(registration: Registration) -> bool:
    """This place is paid through Stripe Checkout before it is confirmed: the
    person has a price to pay and online payment is set up. Without keys,
    paid meetings register as free ones and hosts take money at the door."""
    return online_payment_ready() and registration_price(registration) is not None


def refund_deadline(occurrence: Occurrence) -> datetime:
    """Until when a paid place cancelled by its person is refunded in full."""
    hours = occurrence.series.club.refund_until_hours
    return occurrence.start - timedelta(hours=hours)


def refund_policy_allows(occurrence: Occurrence) -> bool:
    return timezone.now() <= refund_deadline(occurrence)


@dataclass(frozen=True)
class PlacePayment:
    """Where a person's place stands with paying, for their own page."""

    payment: Payment | None  # the latest: open, paid, expired, refunded...
    refund: Refund | None
    refund_deadline: datetime

    @property
    def paid(self) -> Money | None:
        if self.payment is None or self.payment.status not in (
            Payment.Status.PAID,
            Payment.Status.REFUNDED,
        ):
            return None
        return Money(self.payment.amount, self.payment.currency)

    @property
    def confirming(self) -> bool:
        """Paid at Stripe, as far as the person knows, but not yet confirmed
        by its webhook (or a bank debit on its way)."""
        return self.payment is not None and self.payment.status in (
            Payment.Status.PENDING,
            Payment.Status.PROCESSING,
        )

    @property
    def refundable(self) -> bool:
        """Cancelling now gives their money back."""
        return (
            self.payment is not None
            and self.payment.method == Payment.Method.STRIPE
            and self.payment.status == Payment.Status.PAID
            and timezone.now() <= self.refund_deadline
        )


def place_payment(registration: Registration) -> PlacePayment:
    # A Checkout the guest form opened for this address again is not the
    # place's own (clubs.services.payments): someone else may have paid it.
    payments = registration.payments.filter(place_already_held=False)
    payment = payments.order_by("-created_at", "-pk").first()
    refund = None
    if payment is not None:
        refund = Refund.objects.filter(payment=payment).first()
    return PlacePayment(
        payment=payment,
        refund=refund,
        refund_deadline=refund_deadline(registration.occurrence),
    )


# Stripe's Checkout Session ids, as Stripe puts them in `success_url`.
CHECKOUT_SESSION_ID = re.compile(r"cs_[A-Za-z0-9_]{1,250}")


def checkout_returned_from(*, occurrence: Occurrence, session_id) -> Payment | None:
    """The payment for a place at `occurrence` whose Checkout Session the
    person just left (Stripe puts its id in the address it sends them back
    to), or None for anything else."""
    if not isinstance(session_id, str) or not CHECKOUT_SESSION_ID.fullmatch(session_id):
        return None
    return (
        Payment.objects.select_related("registration")
        .filter(
            stripe_checkout_session_id=session_id,
            registration__occurrence=occurrence,
        )
        .first()
    )


def door_charges(
    *, occurrence: Occurrence, registrations: list[Registration]
) -> DoorCharges | None:
    """The door sheet's charges in two queries, however many rows; None for
    a free meeting, whose sheet stays as it was. Like a prefetch with
    `to_attr`, each registration gets its row as `door_charge`."""
    prices = occurrence_prices(occurrence)
    if prices is None:
        return None
    people = [r.person_id for r in registrations if r.person_id is not None]
    memberships = {
        m.person_id: m
        for m in Membership.objects.filter(
            club=occurrence.series.club_id, person__in=people
        )
    }
    paid = {
        p.registration_id: p
        for p in Payment.objects.filter(
            registration__in=[r.pk for r in registrations],
            status=Payment.Status.PAID,
        )
    }
    charges = {
        r.pk: DoorCharge(
            due=price_for_membership(prices, memberships.get(r.person_id)),
            payment=paid.get(r.pk),
        )
        for r in registrations
    }
    for registration in registrations:
        registration.door_charge = charges[registration.pk]
    payable = [c for c in charges.values() if c.due is not None or c.payment]
    return DoorCharges(
        paid=sum(c.payment is not None for c in payable),
        payable=len(payable),
    )


def registrations_with_payments(registrations) -> list[Registration]:
    """The registrations, each with its paid payment (or None) as `paid`, in
    one query however many there are: a member's list of their meetings."""
    registrations = list(registrations)
    payments = Payment.objects.filter(
        registration__in=[r.pk for r in registrations], status=Payment.Status.PAID
    )
    paid = {}
    if registrations:
        paid = {p.registration_id: DoorCharge(due=None, payment=p) for p in payments}
    for registration in registrations:
        registration.paid = paid.get(registration.pk)
    return registrations


def registration_paid(registration: Registration) -> DoorCharge | None:
    """The place's paid payment (at most one: a constraint), for its owner's
    page; None while nothing is paid."""
    payment = registration.payments.filter(status=Payment.Status.PAID).first()
    return None if payment is None else DoorCharge(due=None, payment=payment)


def club_dues(club: Club) -> RecurringPrice | None:
    if club.dues is None:
        return None
    return RecurringPrice(Money(club.dues, club.dues_currency), club.dues_interval)


def _first_set(*amounts: int | None) -> int | None:
    return next((amount for amount in amounts if amount is not None), None)
