"""Issue 13 on a phone: a visitor's front door leads to meetings, a member
signs in and lands on their home with their mastermind session on it, the
header folds into a Menu button, and a host's home shows their clubs."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.audits import assert_accessible, assert_fits_viewport
from tests.browser.steps import sign_in
from tests.builders import make_club, make_host, make_occurrence, make_registration
from tests.content.page_builders import (
    make_article,
    make_article_index,
    make_landing_page,
)
from tests.masterminds.builders import make_group, seat


def audit(page):
    assert_accessible(page)
    assert_fits_viewport(page)


def test_a_visitor_finds_the_next_meetings_and_the_guides(live_server, phone):
    make_occurrence(make_club(name="Northside Breakfast"), title="Networking breakfast")
    make_landing_page(title="Bring a guest to breakfast")
    make_article(make_article_index(title="Guides"), title="Meet the guest")
    page = phone.new_page()

    page.goto(live_server.url)

    meetings = page.get_by_role("region", name="Next meetings")
    expect(
        meetings.get_by_role("heading", name="Networking breakfast").first
    ).to_be_visible()
    expect(page.get_by_role("link", name="Bring a guest to breakfast")).to_be_visible()
    expect(page.get_by_role("link", name="Meet the guest")).to_be_visible()
    audit(page)

    meetings.get_by_role("link", name=re.compile("^Register")).first.click()
    expect(page).to_have_url(re.compile(r"/clubs/.+/meetings/\d+/#register$"))


def test_a_member_signs_in_and_finds_their_session_on_their_home(live_server, phone):
    group = make_group(first_session=timezone.localdate() + timedelta(days=21))
    seat(group, email="ana@example.com", first_name="Ana")
    page = phone.new_page()

    sign_in(page, live_server, "ana@example.com")

    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome back, Ana")
    agenda = page.get_by_role("region", name="Your next meetings")
    expect(agenda.get_by_role("link", name="Mastermind session").first).to_be_visible()
    expect(agenda).to_contain_text(group.club.name)
    audit(page)

    menu = page.get_by_role("button", name="Menu")
    home_link = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Home"
    )
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(home_link).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(home_link).to_be_visible()
    expect(page.get_by_role("link", name="Your profile")).to_be_visible()
    audit(page)
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(home_link).to_be_hidden()
    menu.click()
    page.keyboard.press("Escape")
    expect(home_link).to_be_hidden()
    expect(menu).to_be_focused()

    # The account menu is one strip that scrolls sideways, not half a screen.
    menu.click()
    page.get_by_role("link", name="Your meetings").click()
    account = page.get_by_role("navigation", name="Your account")
    expect(account.get_by_role("link", name="Meetings")).to_be_visible()
    box = account.bounding_box()
    assert box is not None and box["height"] < 80
    audit(page)

    # The front door no longer tells a member to create an account.
    page.goto(live_server.url)
    expect(page.get_by_text("Welcome back, Ana.")).to_be_visible()
    page.get_by_role("link", name="Go to your home").click()
    expect(page).to_have_url(re.compile(r"/home/$"))


def test_a_hosts_home_shows_their_clubs_next_meeting(live_server, phone):
    club = make_club(name="Northside Breakfast")
    make_host(club, email="rosa@example.com")
    meeting = make_occurrence(club, capacity=12)
    make_registration(meeting, email="guest@example.net", name="Gus Guest")
    page = phone.new_page()

    sign_in(page, live_server, "rosa@example.com")

    hosting = page.get_by_role("region", name="Clubs you host")
    expect(hosting).to_contain_text("Northside Breakfast")
    expect(hosting).to_contain_text("1 of 12 registered")
    audit(page)
    hosting.get_by_role("link", name=re.compile("^Door and attendance")).click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting.pk}/attendance/$"))


def test_without_javascript_the_phone_menu_stays_open(live_server, browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()

    page.goto(live_server.url)

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    assert_fits_viewport(page)
    context.close()
