"""What someone paid for their place at a meeting, and what was given back.

A payment is taken at the door (recorded by a host) or online through a
Stripe Checkout Session, whose life the row follows: pending while the
session is open, then paid, processing (a bank debit on its way), expired,
failed, or abandoned (the person gave the seat up before paying: money that
still arrives goes back). Amounts are the currency's minor units, copied
at the moment of paying, so a later price change never rewrites what was
paid.

`StripeEvent` records each webhook event once, by Stripe's id, so a replay
is answered without being handled twice.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clubs.models.registrations import Registration
from clubs.validators import validate_currency


class Payment(models.Model):
    class Method(models.TextChoices):
        DOOR = "door", _("At the door")
        STRIPE = "stripe", _("Online (Stripe)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        PROCESSING = "processing", _("Processing")
        PAID = "paid", _("Paid")
        EXPIRED = "expired", _("Not paid in time")
        ABANDONED = "abandoned", _("Seat given up before paying")
        FAILED = "failed", _("Failed")
        REFUNDED = "refunded", _("Refunded")

    # PROTECT: a record of money stays even if someone tries to delete the place.
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.PositiveIntegerField(_("amount"))
    currency = models.CharField(
        _("currency"), max_length=3, validators=[validate_currency]
    )
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    stripe_checkout_session_id = models.CharField(max_length=255, blank=True)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True)
    # Where the person pays, and until when (the session's `expires_at`).
    checkout_url = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # A Checkout the guest form opened for an address that already had a
    # place, so that the page answered as it does for a new guest: it never
    # pays for the place, and is refunded in full if paid
    # (clubs.services.payments.checkout_start_place_already_held).
    place_already_held = models.BooleanField(
        _("for a place already held"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(status="paid"),
                name="one_paid_payment_per_registration",
            ),
            models.UniqueConstraint(
                fields=["stripe_checkout_session_id"],
                condition=~Q(stripe_checkout_session_id=""),
                name="one_payment_per_checkout_session",
            ),
            models.UniqueConstraint(
                fields=["stripe_payment_intent_id"],
                condition=~Q(stripe_payment_intent_id=""),
                name="one_payment_per_payment_intent",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_at__isnull=False),
                name="paid_payment_has_paid_at",
            ),
        ]

    def __str__(self):
        return (
            f"{self.amount} {self.currency} for {self.registration.name} "
            f"({self.get_method_display()}, {self.get_status_display()})"
        )


class Refund(models.Model):
    """Money given back for a payment made online, tracked by Stripe's refund
    id. It is "requested" until Stripe has answered; Stripe's own status
    (pending, succeeded, failed, canceled) follows from then on, through the
    `charge.refunded` and `refund.updated` webhooks. A payment has at most one
    refund that is not failed or canceled; trying again makes a new row."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Refunded")
        FAILED = "failed", _("Failed")
        CANCELED = "canceled", _("Canceled")

    class Reason(models.TextChoices):
        CANCELLED = "cancelled", _("Cancelled within the policy")
        HOST = "host", _("Refunded by a host")
        LATE = "late", _("Paid after the seat was released")
        DUPLICATE = "duplicate", _("Paid twice")
        MEETING_CANCELLED = "meeting_cancelled", _("The meeting was cancelled")

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds"
    )
    amount = models.PositiveIntegerField(_("amount"))
    currency = models.CharField(
        _("currency"), max_length=3, validators=[validate_currency]
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # A refund that failed may be tried again, as a new row.
            models.UniqueConstraint(
                fields=["payment"],
                condition=~Q(status__in=["failed", "canceled"]),
                name="one_live_refund_per_payment",
            ),
            models.UniqueConstraint(
                fields=["stripe_refund_id"],
                condition=~Q(stripe_refund_id=""),
                name="one_row_per_stripe_refund",
            ),
        ]

    def __str__(self):
        return f"Refund of {self.amount} {self.currency} ({self.get_status_display()})"


class StripeEvent(models.Model):
    """One webhook event, recorded once by its id when it is handled."""

    id = models.CharField(primary_key=True, max_length=255)
    type = models.CharField(max_length=100)
    # The object the event is about (a Checkout Session, a refund...).
    object_id = models.CharField(max_length=255, blank=True)
    created = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    # The stripe library turns `*_decimal` fields (a subscription's or an
    # invoice's prices) into Decimals, which plain JSON cannot store.
    data = models.JSONField(encoder=DjangoJSONEncoder)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.type} {self.id}"
