"""Money going back: the cancellation policy, a cancelled meeting, and
Stripe's own word on each refund (charge.refunded, refund.updated)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clubs.models import Payment, Refund, Registration
from clubs.services.meetings import occurrence_cancel
from clubs.services.payments import (
    checkout_start,
    place_cancel,
    refunds_submit_waiting,
)
from clubs.tokens import registration_manage_token
from tests.builders import make_club, make_occurrence
from tests.builders import make_registration as register
from tests.stripe.fake import deliver, event

pytestmark = pytest.mark.django_db(transaction=True)

PRICES = {"member_price": 1500, "guest_price": 2500, "currency": "USD"}


@pytest.fixture
def occurrence():
    club = make_club(slug="breakfast", refund_until_hours=48)
    return make_occurrence(club, capacity=10, **PRICES)


def paid_place(occurrence, stripe_fake, email="gia@example.com"):
    registration = register(occurrence, name="Gia", email=email)
    url = checkout_start(registration=registration, return_url="http://testserver/x/")
    session = stripe_fake.pay(url.rsplit("/", 1)[-1])
    assert deliver(event("checkout.session.completed", session)).status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    return registration


def cancel_url(registration):
    token = registration_manage_token(registration)
    return reverse("registration_cancel", kwargs={"token": token})


def test_cancelling_within_the_policy_refunds_through_stripe(
    client, occurrence, stripe_fake
):
    registration = paid_place(occurrence, stripe_fake)

    asked = client.get(cancel_url(registration)).content.decode()
    assert "You paid $25.00 online. Cancel now and all of it is refunded" in asked
    page = client.post(cancel_url(registration), follow=True).content.decode()

    assert "Your place is cancelled and $25.00 is on its way back to you." in page
    assert "Refund of $25.00: Refunded" in page
    refund = Refund.objects.get()
    at_stripe = stripe_fake.refunds()
    assert len(at_stripe) == 1
    assert (
        at_stripe[0]["payment_intent"] == Payment.objects.get().stripe_payment_intent_id
    )
    assert at_stripe[0]["amount"] == 2500
    assert refund.stripe_refund_id == at_stripe[0]["id"]
    assert (refund.reason, refund.status) == ("cancelled", "succeeded")
    assert Payment.objects.get().status == Payment.Status.REFUNDED


def test_cancelling_after_the_deadline_frees_the_seat_without_a_refund(
    client, occurrence, stripe_fake, time_machine
):
    registration = paid_place(occurrence, stripe_fake)
    time_machine.move_to(occurrence.start - timedelta(hours=47))

    asked = client.get(cancel_url(registration)).content.decode()
    assert "so cancelling now frees your seat for someone else but nothing" in asked
    client.post(cancel_url(registration))

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert stripe_fake.refunds() == []
    assert Payment.objects.get().status == Payment.Status.PAID


def test_giving_up_an_unpaid_hold_charges_nothing_and_frees_the_seat(
    client, occurrence, stripe_fake
):
    held = register(occurrence, name="Hal", email="hal@example.com")
    assert held.status == Registration.Status.HELD

    asked = client.get(cancel_url(held)).content.decode()
    assert "You have not paid, so nothing is charged." in asked
    client.post(cancel_url(held))

    occurrence.refresh_from_db()
    assert (occurrence.confirmed_count, occurrence.held_count) == (0, 0)
    assert stripe_fake.refunds() == []


def test_cancelling_a_paid_meeting_refunds_everyone_who_paid_online(
    occurrence, stripe_fake
):
    paid = [paid_place(occurrence, stripe_fake, f"p{n}@example.com") for n in range(3)]
    mail.outbox.clear()

    occurrence_cancel(occurrence=occurrence, reason="The venue flooded")

    refunds = Refund.objects.all()
    assert {r.payment.registration_id for r in refunds} == {r.pk for r in paid}
    assert {r.reason for r in refunds} == {"meeting_cancelled"}
    assert len(stripe_fake.refunds()) == 3
    assert {r.stripe_refund_id for r in refunds} == {
        r["id"] for r in stripe_fake.refunds()
    }
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"p{n}@example.com" for n in range(3)
    ]


def test_a_refund_stripe_could_not_take_is_asked_again_later(
    occurrence, stripe_fake, time_machine
):
    registration = paid_place(occurrence, stripe_fake)
    stripe_fake.failures = [500, 500, 500]

    refund = place_cancel(registration=registration)

    refund.refresh_from_db()
    assert (refund.status, refund.stripe_refund_id) == ("requested", "")
    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    assert refunds_submit_waiting() == 1
    refund.refresh_from_db()
    assert refund.status == "succeeded" and refund.stripe_refund_id
    assert len(stripe_fake.refunds()) == 1


def test_stripe_updates_a_refund_by_its_id(occurrence, stripe_fake):
    registration = paid_place(occurrence, stripe_fake)
    refund = place_cancel(registration=registration)
    refund.refresh_from_db()
    at_stripe = stripe_fake.refunds()[0]

    deliver(event("refund.updated", {**at_stripe, "status": "failed"}))

    refund.refresh_from_db()
    assert refund.status == Refund.Status.FAILED
    # The money never went back, and the records say so.
    assert Payment.objects.get().status == Payment.Status.PAID


def test_a_refund_made_in_stripes_dashboard_is_recorded(occurrence, stripe_fake):
    import json

    from tests.stripe.fake import PAYLOADS

    paid_place(occurrence, stripe_fake)
    payment = Payment.objects.get()
    charge = json.loads((PAYLOADS / "charge.json").read_text())
    refund = json.loads((PAYLOADS / "refund.json").read_text())
    refund.update(id="re_dashboard_1", payment_intent=payment.stripe_payment_intent_id)
    charge.update(
        payment_intent=payment.stripe_payment_intent_id,
        refunds={"object": "list", "data": [refund], "has_more": False},
    )

    for _ in range(2):  # and again: Stripe may deliver it twice under new ids
        deliver(event("charge.refunded", charge, event_id=f"evt_{_}"))

    recorded = Refund.objects.get()
    assert recorded.stripe_refund_id == "re_dashboard_1"
    assert recorded.status == Refund.Status.SUCCEEDED
    assert recorded.amount == 2500
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED


def test_paying_a_hold_after_the_meeting_was_cancelled_is_refunded(
    client, occurrence, stripe_fake
):
    held = register(occurrence, name="Hal", email="hal@example.com")
    url = checkout_start(registration=held, return_url="http://testserver/x/")
    occurrence_cancel(occurrence=occurrence, reason="The venue flooded")

    paid = stripe_fake.pay(url.rsplit("/", 1)[-1])
    deliver(event("checkout.session.completed", paid))

    held.refresh_from_db()
    assert held.status == Registration.Status.CANCELLED
    assert Refund.objects.get().reason == "late"
    assert stripe_fake.refunds()[0]["payment_intent"] == paid["payment_intent"]


def test_paying_at_the_door_confirms_a_held_seat_and_a_later_online_payment_goes_back(
    occurrence, stripe_fake, host
):
    from clubs.models import Membership
    from clubs.services.payments import payment_record_at_door
    from tests.builders import make_membership

    make_membership(occurrence.series.club, host, role=Membership.Role.ORGANIZER)
    held = register(occurrence, name="Hal", email="hal@example.com")
    url = checkout_start(registration=held, return_url="http://testserver/x/")

    payment_record_at_door(registration=held, by=host)
    held.refresh_from_db()
    assert held.status == Registration.Status.CONFIRMED
    occurrence.refresh_from_db()
    assert (occurrence.confirmed_count, occurrence.held_count) == (1, 0)

    # Hal had also finished Checkout on his phone.
    answer = deliver(
        event("checkout.session.completed", stripe_fake.pay(url.rsplit("/", 1)[-1]))
    )

    assert answer.status_code == 200
    online = Payment.objects.get(method=Payment.Method.STRIPE)
    assert online.status == Payment.Status.REFUNDED
    assert online.refunds.get().reason == "duplicate"
    assert len(stripe_fake.refunds()) == 1
    assert Payment.objects.get(method=Payment.Method.DOOR).status == "paid"


def test_a_refund_that_failed_at_stripe_can_be_tried_again(
    occurrence, stripe_fake, host
):
    from clubs.models import Membership
    from clubs.services.payments import payment_refund_by_host
    from tests.builders import make_membership

    make_membership(occurrence.series.club, host, role=Membership.Role.ORGANIZER)
    paid_place(occurrence, stripe_fake)
    payment = Payment.objects.get()
    first = payment_refund_by_host(payment=payment, by=host)
    first.refresh_from_db()
    deliver(event("refund.updated", {**stripe_fake.refunds()[0], "status": "failed"}))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID

    again = payment_refund_by_host(payment=payment, by=host)

    again.refresh_from_db()
    assert again.pk != first.pk
    assert len(stripe_fake.refunds()) == 2
    assert again.stripe_refund_id == stripe_fake.refunds()[1]["id"]
    assert again.status == Refund.Status.SUCCEEDED
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED


def test_stripes_amount_of_a_refund_is_the_one_recorded(occurrence, stripe_fake):
    """A host who refunded less in Stripe's dashboard than the site asked:
    the records follow what actually went back."""
    registration = paid_place(occurrence, stripe_fake)
    place_cancel(registration=registration)
    at_stripe = stripe_fake.refunds()[0]

    deliver(event("refund.updated", {**at_stripe, "amount": 1000}))

    assert Refund.objects.get().amount == 1000
