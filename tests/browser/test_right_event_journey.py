"""Issue 13, right event, right person: a visitor who follows Marcus's share
link is offered the club's own next breakfast (not the mastermind training
held at the club sooner), reads "Marcus B. invited you" and is credited to
Marcus without choosing anyone; a second visitor without the link sees no
name at all, and no member list."""

import re
from datetime import time
from pathlib import Path

from playwright.sync_api import expect

from clubs.models import Attribution, Series
from content.models import LandingPage
from tests.browser.audits import assert_accessible, assert_fits_viewport
from tests.builders import (
    ensure_home_page,
    make_club,
    make_membership,
    make_series,
    make_user,
    weekly,
)

SHOTS = Path("/tmp/shots-rightevent")
GUEST, GUEST_EMAIL = "Dana Whitlock", "dana@whitlock.example"


def northside():
    """A monthly breakfast, a weekly training from tomorrow at 6:00 (always
    sooner) held at the club, its host and Marcus, and a landing page whose
    block offers the club's next breakfasts."""
    club = make_club(name="Northside Business Breakfast", slug="northside")
    breakfast = make_series(club, title="Networking breakfast", capacity=30)
    make_series(
        club,
        title="Referral skills training",
        purpose=Series.Purpose.TRAINING,
        recurrence=weekly(),
        start_time=time(6, 0),
    )
    marcus = make_user(
        email="marcus@example.com", first_name="Marcus", last_name="Bell"
    )
    make_membership(club, marcus)
    make_membership(
        club, make_user(first_name="Hana", last_name="Host"), role="organizer"
    )
    body = [
        {"type": "hero", "value": {"headline": "Your first breakfast is on us"}},
        {
            "type": "upcoming_meetings",
            "value": {
                "heading": "Come to the next breakfast",
                "club": club.pk,
                "count": 2,
            },
        },
    ]
    landing = ensure_home_page().add_child(
        instance=LandingPage(title="Bring a guest", slug="bring-a-guest", body=body)
    )
    landing.save_revision().publish()
    return breakfast, marcus, landing


def check(page, name):
    assert_accessible(page)
    assert_fits_viewport(page)
    SHOTS.mkdir(exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_a_visitor_through_marcuss_link_registers_for_the_breakfast_credited_to_him(
    live_server, browser, phone, settings
):
    settings.SITE_URL = live_server.url
    breakfast, marcus, landing = northside()
    next_breakfast = breakfast.occurrences.order_by("start").first()
    visitor = phone.new_page()

    visitor.goto(f"{live_server.url}/r/{marcus.referral_code}/{landing.pk}/")
    expect(visitor).to_have_url(live_server.url + landing.url)
    heading = visitor.get_by_role("heading", name="Come to the next breakfast")
    meetings = visitor.locator("section").filter(has=heading)
    expect(meetings.get_by_role("heading", level=3).first).to_have_text(
        "Networking breakfast"
    )
    expect(meetings).not_to_contain_text("Referral skills training")
    check(visitor, "landing")

    meetings.get_by_role("link", name=re.compile(r"^Register")).first.click()
    expect(visitor).to_have_url(re.compile(rf"/meetings/{next_breakfast.pk}/"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Networking breakfast")
    expect(visitor.get_by_text("Marcus B. invited you.")).to_be_visible()
    expect(visitor.get_by_label(re.compile("Who invited you"))).to_have_count(0)
    check(visitor, "meeting-invited")

    visitor.get_by_label("Your name").fill(GUEST)
    visitor.get_by_label("Email").fill(GUEST_EMAIL)
    visitor.get_by_role("button", name="Register as a guest").click()
    expect(visitor.get_by_role("status")).to_contain_text("Look in your inbox")
    check(visitor, "registered")

    attribution = Attribution.objects.get(email=GUEST_EMAIL)
    assert attribution.referrer == marcus
    assert attribution.registration.occurrence == next_breakfast


def test_a_visitor_without_a_link_sees_no_name(live_server, browser, phone):
    breakfast, marcus, landing = northside()
    stranger = phone.new_page()
    # Marcus's visitor comes first, so a leak through the cache would show.
    referred = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = referred.new_page()
        page.goto(f"{live_server.url}/r/{marcus.referral_code}/{landing.pk}/")
        occurrence = breakfast.occurrences.order_by("start").first()
        page.goto(f"{live_server.url}/clubs/northside/meetings/{occurrence.pk}/")
        expect(page.get_by_text("Marcus B. invited you.")).to_be_visible()
    finally:
        referred.close()

    stranger.goto(live_server.url + "/clubs/northside/")
    own = stranger.get_by_role("region", name="Upcoming meetings")
    expect(own.get_by_role("link").first).to_contain_text("Networking breakfast")
    expect(own).not_to_contain_text("Referral skills training")
    expect(stranger.get_by_role("region", name="Trainings held here")).to_contain_text(
        "Referral skills training"
    )
    check(stranger, "club")

    own.get_by_role("link").first.click()
    expect(stranger.get_by_role("heading", level=1)).to_have_text(
        "Networking breakfast"
    )
    body = stranger.locator("main")
    expect(body).not_to_contain_text("invited you.")
    expect(body).not_to_contain_text("Marcus")
    expect(body).not_to_contain_text("Hana Host")
    expect(stranger.get_by_role("combobox")).to_have_count(0)
    expect(stranger.get_by_label("Who invited you? (optional)")).to_be_editable()
    check(stranger, "meeting-stranger")


def test_the_same_pages_on_a_laptop(live_server, desktop):
    breakfast, marcus, landing = northside()
    occurrence = breakfast.occurrences.order_by("start").first()
    meeting = f"{live_server.url}/clubs/northside/meetings/{occurrence.pk}/"
    page = desktop.new_page()

    page.goto(f"{live_server.url}/r/{marcus.referral_code}/{landing.pk}/")
    check(page, "landing")
    page.goto(meeting)
    expect(page.get_by_text("Marcus B. invited you.")).to_be_visible()
    check(page, "meeting-invited")

    desktop.clear_cookies()
    page.goto(live_server.url + "/clubs/northside/")
    check(page, "club")
    page.goto(meeting)
    expect(page.locator("main")).not_to_contain_text("Marcus")
    check(page, "meeting-stranger")
