"""Issue 12 with Stripe keys, on a phone, against the fake Stripe: a guest
pays for a breakfast through Checkout and the webhook confirms the place; a
member cancels a paid place within the policy and gets their money back.

Stripe's hosted Checkout page is stood in for by `page.route`; the test
plays Stripe's part (the person pays, Stripe signs and sends the webhook).
"""

import os
import re
import urllib.request
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clubs.models import Payment, Registration
from clubs.services.payments import checkout_start
from tests.browser.steps import sign_in
from tests.builders import make_club, make_member, make_occurrence
from tests.builders import make_registration as register
from tests.stripe.fake import deliver, event, signed

PRICES = {"member_price": 1500, "guest_price": 2500, "currency": "USD"}
CHECKOUT = re.compile(r"^https://checkout\.stripe\.com/c/pay/cs_test_\w+$")


def screenshot(page, step):
    """PAY_SCREENSHOTS=/some/dir keeps the phone's view, to look at."""
    if folder := os.environ.get("PAY_SCREENSHOTS"):
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=f"{folder}/pay-{step}.png", full_page=True)


def stripe_checkout_stand_in(route):
    """Stripe's hosted page is not ours to test: a page in its place."""
    route.fulfill(
        status=200,
        content_type="text/html",
        body="<!doctype html><title>Stripe Checkout</title>"
        "<h1>Stripe Checkout (stand-in)</h1>",
    )


def stripe_sends(live_server, body) -> int:
    """Stripe delivers a signed webhook event to the running site."""
    payload, header = signed(body)
    request = urllib.request.Request(
        live_server.url + reverse("stripe_webhook"),
        data=payload.encode(),
        headers={"Content-Type": "application/json", "Stripe-Signature": header},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def breakfast(**fields):
    club = make_club(name="Northside Breakfast Club", slug="northside")
    # A week or more away: well inside the club's refund window.
    first_date = timezone.localdate() + timedelta(days=7)
    return make_occurrence(club, capacity=10, first_date=first_date, **PRICES)


def test_a_guest_pays_online_and_the_webhook_confirms_the_place(
    live_server, phone, stripe_fake
):
    occurrence = breakfast()
    page = phone.new_page()
    page.route("https://checkout.stripe.com/**", stripe_checkout_stand_in)
    page.goto(
        live_server.url
        + reverse(
            "occurrence_detail", args=[occurrence.series.club.slug, occurrence.pk]
        )
    )
    expect(page.get_by_text("$25.00").first).to_be_visible()
    page.get_by_label("Your name").fill("Gia Guest")
    page.get_by_label("Email").fill("gia@example.com")
    screenshot(page, "1-register")
    page.get_by_role("button", name="Register as a guest").click()

    expect(page).to_have_url(CHECKOUT)
    session = stripe_fake.session()
    assert page.url == session["url"]
    assert (session["amount_total"], session["currency"]) == (2500, "usd")
    assert session["customer_email"] == "gia@example.com"
    registration = Registration.objects.get(email="gia@example.com")
    assert registration.status == Registration.Status.HELD

    # Gia pays at Stripe, which sends her back to the page every guest sees
    # (it names nobody's place: see *No enumeration* in the README).
    paid = stripe_fake.pay()
    assert paid["success_url"].startswith(live_server.url)
    page.goto(paid["success_url"])
    expect(page.get_by_role("status")).to_contain_text("Confirming your payment…")
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    screenshot(page, "2-confirming")
    # The redirect back confirms nothing; the link to her held seat came by
    # email.
    [held] = mail.outbox
    assert held.subject.startswith("Your seat is held while you pay")
    mail.outbox.clear()

    assert stripe_sends(live_server, event("checkout.session.completed", paid)) == 200

    # The page refreshes itself and moves on to the confirmed, paid place.
    expect(page.get_by_text("Gia Guest: Confirmed")).to_be_visible()
    expect(page.get_by_text("Paid online: $25.00")).to_be_visible()
    expect(page.get_by_text("Confirming your payment…")).to_have_count(0)
    expect(page.get_by_text("Show this code at the door to check in.")).to_be_visible()
    screenshot(page, "3-confirmed")
    assert [m.to for m in mail.outbox] == [["gia@example.com"]]
    payment = Payment.objects.get()
    assert (payment.status, payment.amount) == (Payment.Status.PAID, 2500)


def test_a_member_cancels_a_paid_place_in_time_and_is_refunded(
    live_server, phone, stripe_fake
):
    occurrence = breakfast()
    mia = make_member(
        occurrence.series.club,
        email="mia@example.com",
        first_name="Mia",
        last_name="Moreno",
    )
    place = register(occurrence, person=mia)
    checkout_start(registration=place, return_url=live_server.url + "/")
    paid = stripe_fake.pay()
    assert deliver(event("checkout.session.completed", paid)).status_code == 200
    mail.outbox.clear()

    page = phone.new_page()
    sign_in(page, live_server, "mia@example.com")
    page.goto(
        live_server.url
        + reverse(
            "occurrence_detail", args=[occurrence.series.club.slug, occurrence.pk]
        )
    )
    page.get_by_role("link", name="Manage or cancel your place").click()
    expect(page.get_by_text("Paid online: $15.00")).to_be_visible()
    screenshot(page, "4-member-place")
    page.get_by_role("link", name="Cancel my place").click()

    expect(page.get_by_role("heading", name="Cancel your place?")).to_be_visible()
    expect(page.get_by_text("You paid $15.00 online.")).to_contain_text(
        "all of it is refunded to your card"
    )
    screenshot(page, "5-cancel-confirm")
    page.get_by_role("button", name="Yes, cancel my place").click()

    expect(page.get_by_role("status")).to_contain_text(
        "Your place is cancelled and $15.00 is on its way back to you."
    )
    expect(page.get_by_text("Mia Moreno: Cancelled")).to_be_visible()
    expect(page.get_by_text("Refund of $15.00: Refunded")).to_be_visible()
    screenshot(page, "6-refunded")
    refunds = stripe_fake.refunds()
    assert [(r["payment_intent"], r["amount"]) for r in refunds] == [
        (paid["payment_intent"], 1500)
    ]
    place.refresh_from_db()
    assert place.status == Registration.Status.CANCELLED
    assert Payment.objects.get().status == Payment.Status.REFUNDED
    assert [m.to for m in mail.outbox] == [["mia@example.com"]]  # the CANCEL
