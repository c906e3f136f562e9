"""DOMAIN.md journey 3, the host (exploration draft)."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from clubs.demo import _hosts_group
from clubs.models import Series
from tests.builders import PASSWORD, make_club, make_membership, make_user


def sign_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Your profile")).to_be_visible()


def field(page, label):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\*?$"))


def test_host(live_server, browser):
    club = make_club(name="Riverside Breakfast", slug="riverside")
    host = make_user(email="rosa@example.com", first_name="Rosa")
    host.groups.add(_hosts_group())
    make_membership(club, host, role="organizer")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, live_server, "rosa@example.com")
    page.goto(live_server.url + "/admin/")
    page.screenshot(path="/tmp/h1.png")
    page.get_by_role("button", name="Clubs").click()
    page.screenshot(path="/tmp/h2.png")
    page.get_by_role("link", name="Series").click()
    page.get_by_role("link", name=re.compile("Add series")).click()
    tomorrow = timezone.localdate() + timedelta(days=1)
    print(page.locator("form").first.aria_snapshot()[:3000])
    field(page, "Club").select_option(label="Riverside Breakfast")
    field(page, "Title").fill("Networking breakfast")
    field(page, "How often").select_option("monthly")
    field(page, "Which week of the month").select_option(label="First")
    field(page, "On").select_option(label="Tuesday")
    field(page, "First date").fill(tomorrow.isoformat())
    field(page, "Starts at (local time)").fill("07:30")
    field(page, "Length (minutes)").fill("90")
    field(page, "Time zone").select_option("America/Chicago")
    page.screenshot(path="/tmp/h3.png")
    page.get_by_role("button", name="Create").click()
    page.screenshot(path="/tmp/h4.png")
    open("/tmp/h4.html", "w").write(page.content())
    print(tomorrow, Series.objects.count())
    page.get_by_role("button", name="Clubs").click()
    page.get_by_role("link", name="Meetings").click()
    page.screenshot(path="/tmp/h5.png", full_page=True)
    open("/tmp/h5.html", "w").write(page.content())
