"""Writes about what things cost and what people paid.

Prices are set in the admin. Without Stripe keys a host records who paid at
the door (`payment_record_at_door`); Stripe Checkout, its webhooks and
refunds will write the same `Payment` rows later (issue 12).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clubs.models import Occurrence, Payment, Registration, User
from clubs.selectors.clubs import club_is_host
from clubs.selectors.payments import registration_price
from clubs.services.locks import occurrence_lock

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
        payment.delete()


def _validate_host(registration: Registration, by: User) -> None:
    if not club_is_host(person=by, club=registration.occurrence.series.club):
        raise ValidationError(NOT_A_HOST, code="not_host")
