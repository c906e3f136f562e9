"""Club dues paid every month or year through Stripe Checkout, against the
fake Stripe: paying makes the membership active, the subscription's end
makes the member one who left (member prices go, history stays), and the
member manages their card in Stripe's customer portal."""

import html

import pytest
from django.urls import reverse

from clubs.models import Club, Membership, Subscription
from clubs.selectors.payments import occurrence_price_for
from tests.builders import make_club, make_member, make_occurrence, make_user
from tests.stripe.fake import deliver, event

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def club():
    return make_club(
        slug="breakfast", dues=12000, dues_currency="USD", dues_interval="year"
    )


def page(client, club) -> str:
    return html.unescape(client.get(reverse("club_detail", args=[club.slug])).text)


def pay_dues(client, club):
    return client.post(reverse("club_dues_pay", args=[club.slug]))


def membership(club, person) -> Membership | None:
    return Membership.objects.filter(club=club, person=person).first()


def paid(client, club, stripe_fake, person):
    client.force_login(person)
    pay_dues(client, club)
    return deliver(event("checkout.session.completed", stripe_fake.pay()))


def test_joining_an_open_club_with_dues_is_paying_them(client, club, stripe_fake):
    person = make_user()
    client.force_login(person)
    text = page(client, club)
    assert "Dues: $120.00 a year." in text
    assert "Join and pay the dues" in text
    assert "Join this club" not in text
    # The free join is closed while dues are taken online.
    client.post(reverse("club_join", args=[club.slug]))
    assert membership(club, person) is None

    response = pay_dues(client, club)

    session = stripe_fake.session()
    assert response["Location"] == session["url"]
    _method, _path, sent = stripe_fake.requests[-1]
    assert sent["mode"] == "subscription"
    assert sent["line_items"][0]["price_data"]["recurring"] == {"interval": "year"}
    assert sent["line_items"][0]["price_data"]["unit_amount"] == "12000"
    assert sent["metadata"] == {
        "kind": "dues",
        "club_id": str(club.pk),
        "person_id": str(person.pk),
    }
    assert sent["client_reference_id"] == f"dues-{club.pk}-{person.pk}"
    assert sent["customer_email"] == person.email
    assert sent["success_url"].endswith("/clubs/breakfast/?checkout=done")
    assert membership(club, person) is None

    deliver(event("checkout.session.completed", stripe_fake.pay()))

    assert membership(club, person).status == Membership.Status.ACTIVE
    text = page(client, club)
    assert "Active: paid until" in text
    assert "Manage billing and cancel" in text
    assert "Join and pay the dues" not in text


def test_lapsed_dues_end_member_prices_but_keep_the_membership_row(
    client, club, stripe_fake
):
    meeting = make_occurrence(club, member_price=1000, guest_price=2500, currency="USD")
    person = make_user()
    paid(client, club, stripe_fake, person)
    assert occurrence_price_for(occurrence=meeting, person=person).amount == 1000

    obj = stripe_fake.subscription_update(status="unpaid")
    deliver(event("customer.subscription.updated", obj))

    assert membership(club, person).status == Membership.Status.LEFT
    assert occurrence_price_for(occurrence=meeting, person=person).amount == 2500
    assert "membership is on hold" in page(client, club)

    # The card is fixed in the portal and Stripe collects: active again.
    obj = stripe_fake.subscription_update(status="active")
    deliver(event("customer.subscription.updated", obj, event_id="evt_fixed"))
    assert membership(club, person).status == Membership.Status.ACTIVE


def test_past_due_keeps_membership_and_shows_a_banner(client, club, stripe_fake):
    person = make_user()
    paid(client, club, stripe_fake, person)

    deliver(
        event(
            "customer.subscription.updated",
            stripe_fake.subscription_update(status="past_due"),
        )
    )

    assert membership(club, person).status == Membership.Status.ACTIVE
    assert "Your last payment did not go through" in page(client, club)


def test_cancelling_in_the_portal_ends_the_membership_at_the_period_end(
    client, club, stripe_fake
):
    person = make_user()
    paid(client, club, stripe_fake, person)

    response = client.post(reverse("club_billing", args=[club.slug]))
    assert response["Location"] == stripe_fake.portals[-1]["url"]
    # In the portal: cancel at the end of the period, then the period ends.
    obj = stripe_fake.subscription_update(cancel_at_period_end=True)
    deliver(event("customer.subscription.updated", obj))
    assert membership(club, person).status == Membership.Status.ACTIVE
    assert "Cancelled: you stay a paying member until" in page(client, club)

    deliver(event("customer.subscription.deleted", stripe_fake.subscription_cancel()))

    assert membership(club, person).status == Membership.Status.LEFT
    row = Subscription.objects.get(person=person)
    assert row.status == Subscription.Status.CANCELED and row.ended_at
    assert "Your subscription ended on" in page(client, club)


def test_a_deletion_replayed_and_followed_by_a_stale_update_stays_final(
    client, club, stripe_fake
):
    person = make_user()
    paid(client, club, stripe_fake, person)
    stale = event(
        "customer.subscription.updated",
        stripe_fake.subscription_update(status="active"),
        event_id="evt_stale",
    )
    deleted = event("customer.subscription.deleted", stripe_fake.subscription_cancel())

    assert deliver(deleted).json()["replay"] is False
    assert deliver(deleted).json()["replay"] is True
    deliver(stale)

    assert Subscription.objects.get(person=person).status == "canceled"
    assert membership(club, person).status == Membership.Status.LEFT


def test_rejoining_after_dues_ended_reuses_the_stripe_customer(
    client, club, stripe_fake
):
    person = make_user()
    paid(client, club, stripe_fake, person)
    customer = Subscription.objects.get(person=person).stripe_customer_id
    deliver(event("customer.subscription.deleted", stripe_fake.subscription_cancel()))

    pay_dues(client, club)

    _method, _path, sent = stripe_fake.requests[-1]
    assert sent["customer"] == customer and "customer_email" not in sent


def test_a_host_admitted_member_pays_dues_online(client, stripe_fake):
    club = make_club(
        join_policy=Club.JoinPolicy.APPROVAL,
        dues=5000,
        dues_currency="EUR",
        dues_interval="month",
    )
    person = make_member(club)
    client.force_login(person)
    assert "Pay your dues online" in page(client, club)

    paid(client, club, stripe_fake, person)

    assert Subscription.objects.get(person=person).status == "active"
    assert membership(club, person).status == Membership.Status.ACTIVE


def test_hosts_and_strangers_to_a_club_cannot_pay_or_open_billing(
    client, club, stripe_fake
):
    host = make_member(club, role="organizer")
    client.force_login(host)
    assert "Join and pay the dues" not in page(client, club)
    pay_dues(client, club)
    assert stripe_fake.sessions() == []

    member = make_user()
    paid(client, club, stripe_fake, member)
    client.force_login(make_member(club))
    assert client.post(reverse("club_billing", args=[club.slug])).status_code == 404
    assert stripe_fake.portals == []


def test_without_keys_dues_are_shown_and_joining_is_as_today(client, club, stripe_api):
    person = make_user()
    client.force_login(person)
    text = page(client, club)
    assert "Dues: $120.00 a year." in text
    assert "Online payment is not set up yet" in text
    assert "Join and pay the dues" not in text

    client.post(reverse("club_join", args=[club.slug]))

    assert membership(club, person).status == Membership.Status.ACTIVE
    assert stripe_api.requests == []
    response = client.post(reverse("club_billing", args=[club.slug]))
    assert response.status_code == 404


def test_leaving_the_club_stops_the_dues(client, club, stripe_fake):
    person = make_user()
    paid(client, club, stripe_fake, person)

    client.post(reverse("club_leave", args=[club.slug]))

    assert membership(club, person).status == Membership.Status.LEFT
    assert stripe_fake.subscription()["status"] == "canceled"
