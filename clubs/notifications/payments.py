"""Emails about money: a payment that came too late for its seat, and one
made for a place its address already had.

They run inside background tasks (clubs/tasks.py), in each recipient's
language: the person's from their registration, a host's from their account.
"""

from clubs.models import Payment
from clubs.money import Money
from clubs.notifications.email import email_send
from clubs.notifications.meetings import place_context
from clubs.selectors.clubs import club_hosts


def late_payment_refunded(payment_id: int) -> None:
    """The person paid after their hold ended and the meeting filled up: tell
    them their money is on its way back, and tell the hosts what happened."""
    payment = _payment_with_place(payment_id)
    if payment is None:
        return
    registration = payment.registration
    occurrence = registration.occurrence

    def context():
        amount = Money(payment.amount, payment.currency)
        return place_context(registration) | {"amount": amount}

    email_send(
        to=registration.email,
        language=registration.language,
        template="clubs/emails/late_payment_refunded",
        context=context,
    )
    for host in club_hosts(occurrence.series.club):
        email_send(
            to=host.email,
            language=host.language,
            template="clubs/emails/late_payment_hosts",
            context=lambda host=host: context() | {"host": host},
        )


def place_already_held_refunded(payment_id: int) -> None:
    """Someone paid on the guest form for an address that already had a place
    (clubs.services.payments.checkout_start_place_already_held): the
    address's owner learns that nothing changed and the money goes back."""
    payment = _payment_with_place(payment_id)
    if payment is None:
        return
    registration = payment.registration
    email_send(
        to=registration.email,
        language=registration.language,
        template="clubs/emails/already_registered_refunded",
        context=lambda: (
            place_context(registration)
            | {"amount": Money(payment.amount, payment.currency)}
        ),
    )


def _payment_with_place(payment_id: int) -> Payment | None:
    return (
        Payment.objects.select_related("registration__occurrence__series__club")
        .filter(pk=payment_id)
        .first()
    )
