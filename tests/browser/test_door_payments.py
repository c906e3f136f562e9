"""Issue 12 without Stripe keys: on a phone at the door, the host marks who
paid for a paid breakfast, and undoes a mis-tap."""

import os
import re

from django.urls import reverse
from playwright.sync_api import expect

from clubs.models import Payment
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


def labelled(action, whom):
    """A button's accessible name: its label, then (for screen readers) whom
    it acts on; Chromium puts a space before the hidden colon."""
    return re.compile(rf"^{action}\s?: {whom}$")


def screenshot(page, step):
    """DOOR_SCREENSHOTS=/some/dir keeps the phone's view, to look at."""
    if folder := os.environ.get("DOOR_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/door-{step}.png", full_page=True)


def row(page, name):
    heading = page.get_by_role("heading", name=name, level=3)
    return page.get_by_role("listitem").filter(has=heading)


def test_the_host_marks_people_paid_at_the_door_on_a_phone(live_server, phone):
    club = make_club(name="Northside Breakfast Club", slug="northside")
    make_host(club, email=HOST, first_name="Rosa", last_name="Delgado")
    occurrence = make_occurrence(
        club, member_price=1500, guest_price=2500, currency="USD"
    )
    marcus = make_user(email="marcus@example.com", first_name="Marcus")
    marcus.last_name = "Bell"
    marcus.save()
    make_membership(club, marcus)
    register(occurrence, person=marcus)
    register(occurrence, name="Gus Guest", email="gus@example.com")

    door = phone.new_page()
    sign_in(door, live_server, HOST)
    door.goto(
        live_server.url
        + reverse("occurrence_attendance", args=[club.slug, occurrence.pk])
    )
    expect(door.get_by_label("Counts")).to_contain_text("Paid0 of 2")
    expect(row(door, "Marcus Bell")).to_contain_text("Pays $15.00")
    expect(row(door, "Gus Guest")).to_contain_text("Pays $25.00")

    screenshot(door, "before")
    door.get_by_role("button", name=labelled("Paid", "Gus Guest")).click()
    expect(row(door, "Gus Guest")).to_contain_text("Paid $25.00 ✓")
    door.get_by_role("button", name=labelled("Paid", "Marcus Bell")).click()
    expect(row(door, "Marcus Bell")).to_contain_text("Paid $15.00 ✓")
    expect(door.get_by_label("Counts")).to_contain_text("Paid2 of 2")
    screenshot(door, "paid")

    door.get_by_role("button", name=labelled("Undo", "payment by Marcus Bell")).click()
    expect(row(door, "Marcus Bell")).to_contain_text("Pays $15.00")
    assert [(p.registration.name, p.amount) for p in Payment.objects.all()] == [
        ("Gus Guest", 2500)
    ]
