"""Club dues and mastermind seats paid every month or year through Stripe.

One row per attempt to subscribe: it starts when the person opens Stripe
Checkout (`checkout`) and then follows the Stripe subscription's own status,
which only Stripe's webhooks change. `kind` says what it pays for: a club's
dues, or a seat in a mastermind group (whose club is `club`). The amount,
currency and interval are copied when Checkout opens, so a later price change
never rewrites what someone subscribed to.

A person has at most one open subscription per club (a database
constraint); an ended one (cancelled, or a Checkout never completed) stays
as history beside a new one.

A subscription paid for after what it pays for went to someone else (a seat
whose hold lapsed and was given on) is cancelled and its first invoice
refunded in full; the refund is recorded here (`refund_status` from
"requested" until Stripe answers, then Stripe's refund status), since a
`Refund` belongs to a meeting's `Payment`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clubs.models.clubs import BillingInterval, Club
from clubs.models.payments import Refund
from clubs.models.referrals import FORMER_MEMBER
from clubs.validators import validate_currency


class Subscription(models.Model):
    class Kind(models.TextChoices):
        DUES = "dues", _("Club dues")
        SEAT = "seat", _("Mastermind seat")

    class Status(models.TextChoices):
        # Ours: Checkout is open, or was left unpaid until it expired.
        CHECKOUT = "checkout", _("Waiting for payment")
        EXPIRED = "expired", _("Not paid in time")
        # Stripe's subscription statuses.
        INCOMPLETE = "incomplete", _("First payment pending")
        INCOMPLETE_EXPIRED = "incomplete_expired", _("First payment failed")
        TRIALING = "trialing", _("Trial")
        ACTIVE = "active", _("Active")
        PAST_DUE = "past_due", _("Past due")
        UNPAID = "unpaid", _("Unpaid")
        CANCELED = "canceled", _("Cancelled")
        PAUSED = "paused", _("Paused")

    # What gives a member access: past due keeps it while Stripe retries.
    GRANTS_ACCESS = (Status.ACTIVE, Status.TRIALING, Status.PAST_DUE)
    # What Stripe never brings back: later events cannot undo them.
    FINAL = (Status.CANCELED, Status.INCOMPLETE_EXPIRED, Status.EXPIRED)
    OPEN = (
        Status.CHECKOUT,
        Status.INCOMPLETE,
        Status.TRIALING,
        Status.ACTIVE,
        Status.PAST_DUE,
        Status.UNPAID,
        Status.PAUSED,
    )

    club = models.ForeignKey(
        Club, on_delete=models.PROTECT, related_name="subscriptions"
    )
    # A record of money: kept when the person's account is deleted (their
    # billing is stopped first, clubs.services.erasure), without them.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    kind = models.CharField(_("pays for"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CHECKOUT
    )
    amount = models.PositiveIntegerField(_("amount"))
    currency = models.CharField(
        _("currency"), max_length=3, validators=[validate_currency]
    )
    interval = models.CharField(
        _("charged"), max_length=5, choices=BillingInterval.choices
    )
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    stripe_subscription_id = models.CharField(max_length=255, blank=True)
    stripe_checkout_session_id = models.CharField(max_length=255, blank=True)
    checkout_url = models.TextField(blank=True)
    checkout_expires_at = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(_("paid until"), null=True, blank=True)
    cancel_at_period_end = models.BooleanField(_("ends at period end"), default=False)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    # The first invoice given back (paid too late); blank: no refund.
    refund_status = models.CharField(
        _("refund"), max_length=10, choices=Refund.Status.choices, blank=True
    )
    refund_requested_at = models.DateTimeField(
        _("refund decided"), null=True, blank=True
    )
    refund_amount = models.PositiveIntegerField(_("refunded"), null=True, blank=True)
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("subscription")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "person"],
                condition=Q(
                    status__in=[
                        "checkout",
                        "incomplete",
                        "trialing",
                        "active",
                        "past_due",
                        "unpaid",
                        "paused",
                    ]
                ),
                name="one_open_subscription_per_person_and_club",
            ),
            models.UniqueConstraint(
                fields=["stripe_subscription_id"],
                condition=~Q(stripe_subscription_id=""),
                name="one_row_per_stripe_subscription",
            ),
            models.UniqueConstraint(
                fields=["stripe_checkout_session_id"],
                condition=~Q(stripe_checkout_session_id=""),
                name="one_subscription_per_checkout_session",
            ),
            models.UniqueConstraint(
                fields=["stripe_refund_id"],
                condition=~Q(stripe_refund_id=""),
                name="one_subscription_per_stripe_refund",
            ),
        ]

    def __str__(self):
        person = self.person if self.person_id else FORMER_MEMBER
        return f"{self.get_kind_display()} of {person} in {self.club}"

    @property
    def grants_access(self) -> bool:
        return self.status in self.GRANTS_ACCESS
