"""Issue 13 on a phone: a visitor opens a meeting page, registers as a guest,
adds the meeting to their calendar from the confirmation; a cancelled
meeting says so and offers nothing to do. A member sees who's going."""

import os
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import Collection

from clubs.demo.covers import cover
from clubs.services.meetings import occurrence_cancel
from tests.browser.audits import assert_accessible, assert_fits_viewport
from tests.browser.steps import sign_in
from tests.builders import make_club, make_member, make_registration, make_series

MEMBER = "ines@example.com"


def screenshot(page, name):
    """MEETING_SCREENSHOTS=/some/dir keeps each view, to look at."""
    if folder := os.environ.get("MEETING_SCREENSHOTS"):
        os.makedirs(folder, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


def serve_media(context):
    """The live server runs without DEBUG, so it serves no uploads: the
    browser reads them from MEDIA_ROOT, as a real media server would."""

    def fulfill(route):
        relative = route.request.url.split(settings.MEDIA_URL, 1)[1]
        route.fulfill(path=Path(settings.MEDIA_ROOT) / relative)

    context.route(re.compile(re.escape(settings.MEDIA_URL)), fulfill)


def audit(page, name):
    assert_accessible(page)
    assert_fits_viewport(page)
    screenshot(page, name)


def breakfast_club():
    # A transactional test before this one may have emptied the migrations'
    # root collection, where images go by default.
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    image = cover(
        title="cover",
        description="Coffee on a diner table",
        palette=("#fbe8c8", "#f0b35e", "#c8553d"),
        seed=1,
    )
    club = make_club(
        name="Northside Breakfast",
        slug="northside",
        venue_name="Lakeview Diner",
        venue_address="2412 N Clark St, Chicago, IL",
        cover_image=image,
    )
    series = make_series(club, capacity=30)
    return club, list(series.occurrences.order_by("start")[:2])


def meeting_url(live_server, occurrence):
    path = reverse(
        "occurrence_detail",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )
    return live_server.url + path


def test_a_visitor_goes_from_the_home_page_to_a_place_and_their_calendar(
    live_server, phone, desktop
):
    club, (meeting, cancelled) = breakfast_club()
    make_registration(meeting, make_member(club, first_name="Rob", last_name="Roe"))
    occurrence_cancel(occurrence=cancelled, reason="The diner is closed for repairs")
    for context in (phone, desktop):
        serve_media(context)
    page = phone.new_page()

    # From the front door: the next meetings lead straight to the form.
    page.goto(live_server.url)
    next_meetings = page.get_by_role("region", name="Next meetings")
    next_meetings.get_by_role("link", name=re.compile("^Register")).first.click()
    expect(page).to_have_url(meeting_url(live_server, meeting) + "#register")
    expect(page.get_by_role("heading", level=1)).to_have_text("Networking breakfast")
    expect(page.get_by_text("1 person is going")).to_be_visible()
    expect(page.get_by_role("link", name="Open in a map")).to_be_visible()
    expect(page.get_by_role("img", name="Coffee on a diner table")).to_be_visible()
    assert len(page.title()) <= 60
    audit(page, "meeting")

    page.get_by_label("Your name").fill("Dana Whitlock")
    page.get_by_label("Email").fill("dana@example.net")
    page.get_by_role("button", name="Register as a guest").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    expect(page.get_by_text("Lakeview Diner")).to_be_visible()
    add = page.get_by_role("link", name=re.compile(r"^Add to calendar"))
    expect(add).to_be_visible()
    audit(page, "confirmation")
    ics = page.request.get(live_server.url + add.get_attribute("href"))
    assert ics.headers["content-type"].startswith("text/calendar")
    assert "SUMMARY:Northside Breakfast: Networking breakfast" in ics.text()
    confirmation = page.url

    page.goto(meeting_url(live_server, cancelled))
    expect(page.get_by_text("This meeting is cancelled.")).to_be_visible()
    expect(page.get_by_text("The diner is closed for repairs")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Add to calendar"))).to_have_count(
        0
    )
    expect(page.get_by_role("button", name=re.compile("Register"))).to_have_count(0)
    expect(page.get_by_text(re.compile(r"of 30 left"))).to_have_count(0)
    audit(page, "cancelled")

    wide = desktop.new_page()
    for name, url in [
        ("meeting", meeting_url(live_server, meeting)),
        ("confirmation", confirmation),
        ("cancelled", meeting_url(live_server, cancelled)),
    ]:
        wide.goto(url)
        audit(wide, name)


def test_a_guest_who_registered_before_asks_for_their_link_again(live_server, phone):
    club, (meeting, _) = breakfast_club()
    make_registration(meeting, name="Dana Whitlock", email="dana@example.net")
    page = phone.new_page()

    page.goto(meeting_url(live_server, meeting))
    page.get_by_label("Your name").fill("Dana Whitlock")
    page.get_by_label("Email").fill("dana@example.net")
    page.get_by_role("button", name="Register as a guest").click()
    # The page a new guest gets: who has a place is told only by email.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    expect(page.get_by_text("already")).to_have_count(0)
    audit(page, "duplicate")
    page.get_by_role("textbox", name="Email").fill("dana@example.net")
    page.get_by_role("button", name="Send me my link again").click()

    expect(page.get_by_role("status")).to_contain_text(
        "If dana@example.net has a place at this meeting"
    )
    audit(page, "link-sent")


def test_a_member_sees_who_is_going(live_server, phone):
    club, (meeting, _) = breakfast_club()
    make_member(club, email=MEMBER, first_name="Ines", last_name="Ortega")
    for first, last in [("Rob", "Roe"), ("Priya", "Natarajan"), ("Tomás", "Herrera")]:
        make_registration(meeting, make_member(club, first_name=first, last_name=last))
    make_registration(meeting, name="Dana Whitlock", email="dana@example.net")
    serve_media(phone)
    page = phone.new_page()

    sign_in(page, live_server, MEMBER)
    page.goto(meeting_url(live_server, meeting))

    going = page.get_by_role("region", name="Who's going")
    expect(going).to_contain_text("4 people are going")
    expect(going.get_by_role("listitem")).to_have_count(4)
    expect(going).to_contain_text("Priya Natarajan")
    audit(page, "member-view")
