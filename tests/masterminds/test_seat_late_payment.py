"""A seat paid for after its hold lapsed (issue 12): it never overbooks. If a
seat is still free for the payer they are seated; if it went to someone
else, the subscription is cancelled at Stripe and its first invoice refunded
in full, once, and the applicant and the facilitators are told. Against the
fake Stripe, whose subscriptions have a paid first invoice and, as the
pinned API has it, that invoice's payments listed on their own."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from clubs.jobs import submit_waiting_refunds
from clubs.models import Subscription, User
from masterminds.jobs import lapse_unpaid_seats
from masterminds.models import Application
from masterminds.selectors import group_is_member
from masterminds.services.applications import application_waitlist
from tests.builders import make_member
from tests.masterminds.test_seat_subscriptions import (
    apply,
    approve,
    paid_group,
    pay_url,
)
from tests.stripe.fake import deliver, event

pytestmark = pytest.mark.django_db(transaction=True)


def lapsed_then_paid(client, stripe_fake, time_machine, *, seat_limit, waitlisted):
    """An approved applicant opens Checkout and lets the hold lapse (the
    seat goes to `waitlisted` if there is one); then Stripe, which had taken
    the card before the session closed, completes the session."""
    group = paid_group(seat_limit=seat_limit, days_to_pay=1)
    late = approve(group)
    client.force_login(late.person)
    client.post(pay_url(group))
    session = stripe_fake.session()
    waiting = None
    if waitlisted:
        waiting = apply(group)
        application_waitlist(
            application=waiting, by=group.club.memberships.get(role="organizer").person
        )
    time_machine.move_to(timezone.now() + timedelta(days=2), tick=False)
    lapse_unpaid_seats.enqueue()
    late.refresh_from_db()
    assert late.status == Application.Status.LAPSED
    stripe_fake.objects[session["id"]]["status"] = "open"
    completed = event("checkout.session.completed", stripe_fake.pay(session["id"]))
    return group, late, waiting, completed


def facilitators(group) -> list[User]:
    return [
        m.person
        for m in group.club.memberships.filter(role__in=["organizer", "cohost"])
    ]


def first_invoice_intent(stripe_fake) -> str:
    invoice = stripe_fake.subscription()["latest_invoice"]
    (payment,) = (
        o
        for o in stripe_fake.objects.values()
        if o["object"] == "invoice_payment" and o["invoice"] == invoice
    )
    return payment["payment"]["payment_intent"]


def test_a_late_payment_for_a_seat_gone_on_is_refunded_once(
    client, stripe_fake, time_machine
):
    group, late, waiting, completed = lapsed_then_paid(
        client, stripe_fake, time_machine, seat_limit=1, waitlisted=True
    )
    mail.outbox.clear()

    assert deliver(completed).status_code == 200
    # Stripe delivers it again, and the subscription's own events follow.
    assert deliver(completed).json()["replay"] is True
    deliver(event("customer.subscription.created", stripe_fake.subscription()))
    again = event(
        "checkout.session.completed", completed["data"]["object"], event_id="evt_2"
    )
    deliver(again)

    # Nobody is overbooked: the seat stays held for the waitlisted person.
    assert not group_is_member(person=late.person, group=group)
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.APPROVED and waiting.pay_by
    # The first invoice's payment goes back in full, once; billing stops.
    (refund,) = stripe_fake.refunds()
    assert refund["payment_intent"] == first_invoice_intent(stripe_fake)
    assert refund["amount"] == 15000 and refund["status"] == "succeeded"
    assert stripe_fake.subscription()["status"] == "canceled"
    row = Subscription.objects.get(person=late.person)
    assert (row.refund_status, row.refund_amount) == ("succeeded", 15000)
    assert row.stripe_refund_id == refund["id"]
    # Told once each: the applicant that the money is coming back.
    to_applicant = [m for m in mail.outbox if m.to == [late.person.email]]
    assert len(to_applicant) == 1
    assert "is being refunded" in to_applicant[0].subject
    assert "$150.00 is on its way back to you" in to_applicant[0].body
    assert "you will not be charged again" in to_applicant[0].body

    # Stripe then tells us the subscription ended: the refund stays recorded.
    deliver(event("customer.subscription.deleted", stripe_fake.subscription()))
    row.refresh_from_db()
    assert row.status == Subscription.Status.CANCELED
    assert row.refund_status == "succeeded"
    assert len(stripe_fake.refunds()) == 1


def test_the_facilitators_are_told_in_their_language(client, stripe_fake, time_machine):
    group, late, _waiting, completed = lapsed_then_paid(
        client, stripe_fake, time_machine, seat_limit=1, waitlisted=True
    )
    spanish = make_member(group.club, role="cohost", language="es")
    mail.outbox.clear()

    deliver(completed)
    deliver(completed)

    told = {
        m.to[0]: m
        for m in mail.outbox
        if m.to != [late.person.email]
        and (
            "A late payment" in m.subject or "Se reembolsó un pago tardío" in m.subject
        )
    }
    assert sorted(told) == sorted(f.email for f in facilitators(group))
    assert len([m for m in mail.outbox if m.to[0] in told]) == len(told)
    organizer = group.club.memberships.get(role="organizer").person
    english = told[organizer.email]
    assert f"A late payment from {late.person} for {group.club.name}" in (
        english.subject
    )
    assert late.person.email in english.body
    assert "nobody was overbooked" in english.body
    assert "Refunded: $150.00." in english.body
    # The Spanish co-host's email is in Spanish, money and all.
    assert told[spanish.email].subject.startswith("Se reembolsó un pago tardío")
    assert "Reembolsado: 150,00" in told[spanish.email].body


def test_a_late_payer_whose_seat_is_still_free_is_seated(
    client, stripe_fake, time_machine
):
    group, late, _waiting, completed = lapsed_then_paid(
        client, stripe_fake, time_machine, seat_limit=2, waitlisted=False
    )
    mail.outbox.clear()

    deliver(completed)

    assert group_is_member(person=late.person, group=group)
    late.refresh_from_db()
    assert late.status == Application.Status.APPROVED and late.pay_by is None
    assert stripe_fake.refunds() == []
    assert stripe_fake.subscription()["status"] == "active"
    row = Subscription.objects.get(person=late.person)
    assert row.status == Subscription.Status.ACTIVE and row.refund_status == ""
    assert not [m for m in mail.outbox if "refund" in m.subject.lower()]


def test_stripe_down_the_refund_is_asked_again_later(client, stripe_fake, time_machine):
    group, late, _waiting, completed = lapsed_then_paid(
        client, stripe_fake, time_machine, seat_limit=1, waitlisted=True
    )
    stripe_fake.down = {"/v1/refunds"}
    mail.outbox.clear()

    # The webhook still succeeds: the decision is recorded, and people told.
    assert deliver(completed).status_code == 200

    row = Subscription.objects.get(person=late.person)
    assert (row.refund_status, row.stripe_refund_id) == ("requested", "")
    assert stripe_fake.refunds() == []
    assert any("is being refunded" in m.subject for m in mail.outbox)
    assert not group_is_member(person=late.person, group=group)

    # Too soon for the job (the first try may still be on its way).
    stripe_fake.down = set()
    submit_waiting_refunds.enqueue()
    assert stripe_fake.refunds() == []

    time_machine.move_to(timezone.now() + timedelta(minutes=2), tick=False)
    submit_waiting_refunds.enqueue()
    submit_waiting_refunds.enqueue()

    (refund,) = stripe_fake.refunds()
    assert refund["amount"] == 15000
    assert stripe_fake.subscription()["status"] == "canceled"
    row.refresh_from_db()
    assert row.refund_status == "succeeded" and row.stripe_refund_id == refund["id"]


def test_stripes_later_word_on_the_refund_is_kept(client, stripe_fake, time_machine):
    _group, late, _waiting, completed = lapsed_then_paid(
        client, stripe_fake, time_machine, seat_limit=1, waitlisted=True
    )
    deliver(completed)
    refund = stripe_fake.refunds()[0]

    refund["status"] = "failed"
    deliver(event("refund.updated", refund, event_id="evt_refund_failed"))

    row = Subscription.objects.get(person=late.person)
    assert row.refund_status == "failed"
