"""DOMAIN.md journey 2, the member: register in two clicks, get the invite,
subscribe to a personal feed, cancel, and see the waitlist move up."""

import re

from django.core import mail
from playwright.sync_api import expect

from clubs.models import Registration
from tests.browser.steps import open_menu, sign_in
from tests.builders import (
    make_club,
    make_membership,
    make_occurrence,
    make_registration,
    make_user,
)


def test_a_member_registers_cancels_and_frees_the_seat(live_server, phone):
    club = make_club(name="Northside Business Breakfast", slug="northside")
    occurrence = make_occurrence(club, capacity=1)
    member = make_user(email="marcus@example.com", first_name="Marcus")
    make_membership(club, member)
    page = phone.new_page()
    sign_in(page, live_server, "marcus@example.com")

    page.goto(f"{live_server.url}/clubs/northside/")
    page.get_by_role("link", name=re.compile("Networking breakfast")).first.click()
    page.get_by_role("button", name="Register").click()  # the second click

    expect(page.get_by_role("status")).to_contain_text("You're in")
    invite = next(m for m in mail.outbox if m.to == ["marcus@example.com"])
    assert "METHOD:REQUEST" in invite.attachments[0][1]

    waiting = make_registration(occurrence, email="dana@example.net", name="Dana")
    assert waiting.status == Registration.Status.WAITLISTED

    open_menu(page)
    page.get_by_role("link", name="Your profile").click()
    page.get_by_role("link", name="Calendar").click()
    page.get_by_role("button", name="Make my calendar link").click()
    expect(page.get_by_text("shown only this once")).to_be_visible()
    expect(
        page.get_by_role("link", name="Subscribe in your calendar app")
    ).to_have_attribute("href", re.compile(r"^webcal://.*\.ics$"))

    page.goto(f"{live_server.url}/clubs/northside/meetings/{occurrence.pk}/")
    page.get_by_role("link", name="Manage or cancel your place").click()
    page.get_by_role("link", name="Cancel my place").click()
    expect(
        page.get_by_text("Your seat goes to the next person waiting.")
    ).to_be_visible()
    page.get_by_role("button", name="Yes, cancel my place").click()

    expect(page.get_by_role("status")).to_contain_text("Your place is cancelled")
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert any(
        m.to == ["dana@example.net"] and m.subject.startswith("A seat opened up")
        for m in mail.outbox
    )
