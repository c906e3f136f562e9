"""A paid mastermind seat, against the fake Stripe: approved first and held
while the applicant pays, seated by the subscription's webhook, released to
the waitlist when unpaid in time, and given up when the subscription ends.
Billing is managed in Stripe's customer portal."""

import html
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clubs.models import Membership, Subscription
from masterminds.jobs import lapse_unpaid_seats
from masterminds.models import Application, MastermindGroup
from masterminds.selectors import group_is_member, seats_taken
from masterminds.services.applications import (
    application_approve,
    application_submit,
    application_waitlist,
)
from tests.builders import make_category, make_user
from tests.masterminds.builders import facilitator_of, make_group, seat
from tests.stripe.fake import deliver, event

# Real commits: emails and Stripe calls happen on commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def paid_group(*, seat_limit=2, days_to_pay=7) -> MastermindGroup:
    group = make_group(seat_limit=seat_limit)
    MastermindGroup.objects.filter(pk=group.pk).update(
        seat_price=15000,
        seat_currency="USD",
        seat_interval="month",
        days_to_pay=days_to_pay,
    )
    group.refresh_from_db()
    return group


def apply(group, person=None) -> Application:
    return application_submit(
        group=group,
        person=person or make_user(),
        wants="Peers who push me",
        business="Bakery",
        category=make_category(),
    )


def approve(group, person=None) -> Application:
    application = apply(group, person)
    return application_approve(application=application, by=facilitator_of(group))


def page(client, group) -> str:
    url = reverse("mastermind_detail", args=[group.club.slug])
    return html.unescape(client.get(url).text)


def pay_url(group):
    return reverse("mastermind_seat_pay", args=[group.club.slug])


def billing_url(group):
    return reverse("mastermind_billing", args=[group.club.slug])


def checkout_paid(client, group, stripe_fake, person):
    """The approved person pays at Stripe, and Stripe tells the site."""
    client.force_login(person)
    client.post(pay_url(group))
    session = stripe_fake.pay()
    return deliver(event("checkout.session.completed", session))


def changed(stripe_fake, event_type, **changes):
    """Something happens to the subscription at Stripe, and its event."""
    if event_type == "customer.subscription.deleted":
        obj = stripe_fake.subscription_cancel()
    else:
        obj = stripe_fake.subscription_update(**changes)
    return event(event_type, obj, event_id=f"evt_{event_type}_{changes}")


def subscription(person) -> Subscription:
    return Subscription.objects.filter(person=person).first()


def test_approval_holds_the_seat_then_payment_seats_the_member(client, stripe_fake):
    group = paid_group()
    application = approve(group)
    person = application.person

    # Approved and held, not seated: the seat counts as taken meanwhile.
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    held = application.pay_by - timezone.now()
    assert timedelta(days=6, hours=23) < held <= timedelta(days=7)
    assert not group_is_member(person=person, group=group)
    assert seats_taken(group) == 1
    email = mail.outbox[-1]
    assert email.to == [person.email]
    assert "Pay for your seat ($150.00 a month)" in email.body
    assert reverse("mastermind_detail", args=[group.club.slug]) in email.body

    client.force_login(person)
    assert "Pay for your seat" in page(client, group)
    response = client.post(pay_url(group))

    session = stripe_fake.session()
    assert response.status_code == 302 and response["Location"] == session["url"]
    _method, _path, sent = stripe_fake.requests[-1]
    assert sent["mode"] == "subscription"
    assert sent["line_items"][0]["price_data"] == {
        "currency": "usd",
        "unit_amount": "15000",
        "recurring": {"interval": "month"},
        "product_data": {"name": f"Seat: {group.club.name}"},
    }
    assert sent["metadata"]["kind"] == "seat"
    assert sent["metadata"]["application_id"] == str(application.pk)
    assert sent["subscription_data"]["metadata"] == sent["metadata"]
    assert sent["customer_email"] == person.email
    group_url = reverse("mastermind_detail", args=[group.club.slug])
    assert sent["success_url"].endswith(group_url + "?checkout=done")
    assert sent["cancel_url"].endswith(group_url + "?checkout=cancelled")
    # Stripe's session closes when the hold does.
    assert session["expires_at"] <= application.pay_by.timestamp()

    # A second click resumes the same Checkout.
    assert client.post(pay_url(group))["Location"] == session["url"]
    assert len(stripe_fake.sessions()) == 1

    # Coming back proves nothing: only the webhook seats them.
    assert not group_is_member(person=person, group=group)
    assert (
        deliver(event("checkout.session.completed", stripe_fake.pay())).status_code
        == 200
    )

    assert group_is_member(person=person, group=group)
    application.refresh_from_db()
    assert application.pay_by is None
    row = subscription(person)
    assert row.status == Subscription.Status.ACTIVE
    assert row.stripe_subscription_id == session["subscription"] or (
        row.stripe_subscription_id.startswith("sub_for_")
    )
    assert row.stripe_customer_id.startswith("cus_for_")
    assert row.current_period_end > timezone.now() + timedelta(days=29)
    text = page(client, group)
    assert "Active: paid until" in text
    assert "Manage billing and cancel" in text


def test_the_checkout_key_is_deterministic(client, stripe_fake):
    group = paid_group()
    person = approve(group).person
    client.force_login(person)

    client.post(pay_url(group))

    club, pk = group.club.pk, person.pk
    assert f"checkout-seat-{club}-{pk}-1" in stripe_fake._answers


def test_an_unpaid_hold_lapses_and_the_seat_goes_to_the_waitlist(
    client, stripe_fake, time_machine
):
    group = paid_group(seat_limit=1, days_to_pay=3)
    first = approve(group)
    client.force_login(first.person)
    client.post(pay_url(group))  # opens Checkout, then never pays
    waiting = apply(group)
    # The held seat counts: the facilitators can only waitlist.
    application_waitlist(application=waiting, by=facilitator_of(group))
    mail.outbox.clear()

    time_machine.move_to(timezone.now() + timedelta(days=2), tick=False)
    lapse_unpaid_seats.enqueue()
    first.refresh_from_db()
    assert first.status == Application.Status.APPROVED  # still in time

    time_machine.move_to(timezone.now() + timedelta(days=2), tick=False)
    lapse_unpaid_seats.enqueue()

    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == Application.Status.LAPSED
    assert waiting.status == Application.Status.APPROVED and waiting.pay_by
    assert stripe_fake.session()["status"] == "expired"
    assert subscription(first.person).status == Subscription.Status.EXPIRED
    told = {m.to[0]: m.subject for m in mail.outbox}
    assert "was released" in told[first.person.email]
    assert "pay for it" in told[waiting.person.email]
    assert "time ran out" in page(client, group)
    assert client.post(pay_url(group)).status_code == 404


def test_a_replayed_checkout_event_seats_once(client, stripe_fake):
    group = paid_group()
    person = approve(group).person
    client.force_login(person)
    client.post(pay_url(group))
    body = event("checkout.session.completed", stripe_fake.pay())

    first, second = deliver(body), deliver(body)

    assert first.json() == {"received": True, "replay": False}
    assert second.json() == {"received": True, "replay": True}
    assert Membership.objects.filter(club=group.club, person=person).count() == 1
    assert Subscription.objects.get(person=person).status == "active"


def test_past_due_keeps_the_seat_and_says_so(client, stripe_fake):
    group = paid_group()
    person = approve(group).person
    checkout_paid(client, group, stripe_fake, person)

    deliver(changed(stripe_fake, "customer.subscription.updated", status="past_due"))

    assert group_is_member(person=person, group=group)
    assert subscription(person).status == Subscription.Status.PAST_DUE
    assert "Your last payment did not go through" in page(client, group)


@pytest.mark.parametrize(
    ("event_type", "changes"),
    [
        ("customer.subscription.updated", {"status": "unpaid"}),
        ("customer.subscription.updated", {"status": "canceled"}),
        ("customer.subscription.deleted", {}),
    ],
)
def test_an_ended_subscription_gives_the_seat_to_the_waitlist(
    client, stripe_fake, event_type, changes
):
    group = paid_group(seat_limit=1)
    person = approve(group).person
    checkout_paid(client, group, stripe_fake, person)
    waiting = apply(group)
    application_waitlist(application=waiting, by=facilitator_of(group))

    deliver(changed(stripe_fake, event_type, **changes))

    assert not group_is_member(person=person, group=group)
    membership = Membership.objects.get(club=group.club, person=person)
    assert membership.status == Membership.Status.LEFT  # history stays
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.APPROVED and waiting.pay_by


def test_events_out_of_order_end_in_stripes_state(client, stripe_fake):
    group = paid_group()
    person = approve(group).person
    checkout_paid(client, group, stripe_fake, person)
    failed = changed(stripe_fake, "customer.subscription.updated", status="past_due")
    fixed = changed(stripe_fake, "customer.subscription.updated", status="active")

    deliver(fixed)
    deliver(failed)  # late: Stripe's subscription is active again

    assert subscription(person).status == Subscription.Status.ACTIVE
    assert group_is_member(person=person, group=group)


def test_a_late_update_never_undoes_a_deletion(client, stripe_fake):
    group = paid_group()
    person = approve(group).person
    checkout_paid(client, group, stripe_fake, person)
    stale = event(
        "customer.subscription.updated",
        stripe_fake.subscription_update(status="active"),
        event_id="evt_stale_update",
    )
    deliver(changed(stripe_fake, "customer.subscription.deleted"))

    deliver(stale)

    assert subscription(person).status == Subscription.Status.CANCELED
    assert not group_is_member(person=person, group=group)


def test_a_subscription_event_before_its_checkout_event(client, stripe_fake):
    group = paid_group()
    person = approve(group).person
    client.force_login(person)
    client.post(pay_url(group))
    session = stripe_fake.pay()

    deliver(event("customer.subscription.created", stripe_fake.subscription()))
    deliver(event("checkout.session.completed", session))

    assert group_is_member(person=person, group=group)
    assert Subscription.objects.filter(person=person).count() == 1
    assert subscription(person).status == Subscription.Status.ACTIVE


def test_the_portal_button_goes_to_stripes_portal(client, stripe_fake):
    group = paid_group()
    person = approve(group).person
    checkout_paid(client, group, stripe_fake, person)

    response = client.post(billing_url(group))

    portal = stripe_fake.portals[-1]
    assert response.status_code == 302 and response["Location"] == portal["url"]
    assert portal["url"].startswith("https://billing.stripe.com/p/session/")
    assert portal["customer"] == subscription(person).stripe_customer_id
    group_url = reverse("mastermind_detail", args=[group.club.slug])
    assert portal["return_url"].endswith(group_url)


def test_other_people_get_404_on_a_members_billing_and_payment(client, stripe_fake):
    group = paid_group()
    owner = approve(group).person
    checkout_paid(client, group, stripe_fake, owner)
    other = seat(group, category=make_category())
    client.force_login(other)

    assert client.post(billing_url(group)).status_code == 404
    assert client.post(pay_url(group)).status_code == 404
    assert stripe_fake.portals == []
    assert "Manage billing" not in page(client, group)


def test_without_keys_a_paid_seat_is_given_at_once(client, stripe_api):
    group = paid_group()
    person = approve(group).person

    assert group_is_member(person=person, group=group)
    assert Application.objects.get(person=person).pay_by is None
    assert stripe_api.requests == []
    client.force_login(make_user())
    text = page(client, group)
    assert "$150.00 a month" in text
    assert "Online payment is not set up yet" in text
    client.force_login(person)
    assert client.post(pay_url(group)).status_code == 404


def test_a_free_group_seats_at_once_even_with_keys(stripe_fake):
    group = make_group()
    person = approve(group).person

    assert group_is_member(person=person, group=group)
    assert stripe_fake.requests == []


def test_leaving_the_group_stops_the_seats_billing(client, stripe_fake):
    group = paid_group()
    person = approve(group).person
    checkout_paid(client, group, stripe_fake, person)

    client.post(reverse("mastermind_leave", args=[group.club.slug]))

    assert not group_is_member(person=person, group=group)
    assert stripe_fake.subscription()["status"] == "canceled"
    deliver(event("customer.subscription.deleted", stripe_fake.subscription()))
    assert subscription(person).status == Subscription.Status.CANCELED


def test_a_held_seat_counts_as_taken_for_its_category_too(stripe_fake):
    group = paid_group(seat_limit=2)
    category = make_category()
    first, same_trade = (
        application_submit(
            group=group,
            person=make_user(),
            wants="Peers",
            business="Bakery",
            category=category,
        )
        for _ in range(2)
    )
    application_approve(application=first, by=facilitator_of(group))  # held

    with pytest.raises(ValidationError, match="already holds the seat"):
        application_approve(application=same_trade, by=facilitator_of(group))


def test_a_payment_after_the_seat_went_on_is_cancelled_at_stripe(
    client, stripe_fake, time_machine
):
    group = paid_group(seat_limit=1, days_to_pay=1)
    late = approve(group)
    client.force_login(late.person)
    client.post(pay_url(group))
    session = stripe_fake.session()
    waiting = apply(group)
    application_waitlist(application=waiting, by=facilitator_of(group))
    time_machine.move_to(timezone.now() + timedelta(days=2), tick=False)
    lapse_unpaid_seats.enqueue()  # the seat is held for `waiting` now

    # Stripe had already taken the card before the session closed.
    stripe_fake.objects[session["id"]]["status"] = "open"
    deliver(event("checkout.session.completed", stripe_fake.pay(session["id"])))

    assert not group_is_member(person=late.person, group=group)
    assert stripe_fake.subscription()["status"] == "canceled"
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.APPROVED and waiting.pay_by
