"""What someone paid for their place at a meeting.

Today hosts record payments taken at the door; Stripe Checkout will record
its own through the same rows later (the method, the session and intent ids,
and statuses such as pending or expired added then). Amounts are the
currency's minor units, copied at the moment of paying, so a later price
change never rewrites what was paid.
"""

from django.conf import settings
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
        PAID = "paid", _("Paid")
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
    created_at = models.DateTimeField(auto_now_add=True)

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
