"""Issue 12's records on a phone: the host reads a meeting's payments and
gives one back by hand; the member reads their receipt."""

import os
import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clubs.models import Payment, Refund
from tests.browser.steps import sign_in
from tests.builders import (
    make_club,
    make_host,
    make_membership,
    make_occurrence,
    make_user,
)
from tests.builders import make_registration as register

HOST = "rosa@example.com"


def screenshot(page, step):
    """PAYMENT_SCREENSHOTS=/some/dir keeps the phone's view, to look at."""
    if folder := os.environ.get("PAYMENT_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/payments-{step}.png", full_page=True)


def paid_online(registration, n):
    return Payment.objects.create(
        registration=registration,
        amount=2500,
        currency="USD",
        method=Payment.Method.STRIPE,
        status=Payment.Status.PAID,
        paid_at=timezone.now(),
        stripe_checkout_session_id=f"cs_test_{n}",
        stripe_payment_intent_id=f"pi_test_{n}",
    )


def test_the_host_refunds_a_payment_on_a_phone_and_the_member_reads_it(
    live_server, phone, stripe_fake
):
    club = make_club(name="Northside Breakfast Club", slug="northside")
    make_host(club, email=HOST, first_name="Rosa", last_name="Delgado")
    occurrence = make_occurrence(
        club, member_price=1500, guest_price=2500, currency="USD"
    )
    mia = make_user(email="mia@example.com", first_name="Mia")
    make_membership(club, mia)
    payment = paid_online(register(occurrence, person=mia), 1)
    stripe_fake.objects["cs_test_1"] = {
        "id": "cs_test_1",
        "object": "checkout.session",
        "payment_intent": "pi_test_1",
    }
    paid_online(register(occurrence, name="Gus Guest", email="gus@example.com"), 2)

    page = phone.new_page()
    sign_in(page, live_server, HOST)
    page.goto(
        live_server.url + reverse("occurrence_detail", args=[club.slug, occurrence.pk])
    )
    page.get_by_role("link", name="Payments and refunds").click()
    expect(page.get_by_role("heading", name="Payments", level=1)).to_be_visible()
    table = page.get_by_role("table", name="Payments for this meeting, oldest first")
    expect(table).to_contain_text("Gus Guest")
    screenshot(page, "1-meeting")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    name = payment.registration.name
    page.get_by_role("link", name=re.compile(rf"^Refund\s?: {name}, \$25\.00$")).click()
    expect(page.get_by_text("back to")).to_contain_text("$25.00")
    screenshot(page, "2-confirm")
    page.get_by_role("button", name=f"Refund $25.00 to {name}").click()

    expect(page.get_by_role("status")).to_contain_text("Refund of $25.00")
    assert Refund.objects.get().status == "succeeded"
    screenshot(page, "3-refunded")

    member = phone.browser.new_context(viewport={"width": 390, "height": 844})
    own = member.new_page()
    sign_in(own, live_server, "mia@example.com")
    own.goto(live_server.url + reverse("my_payments"))
    own.get_by_role("link", name="Receipt").first.click()
    expect(own.get_by_role("heading", name="Receipt")).to_be_visible()
    expect(own.get_by_text("pi_test_1")).to_be_visible()
    screenshot(own, "4-receipt")
    member.close()
