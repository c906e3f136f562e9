"""Issue 13: the main public and member pages on a 390 px phone (and a
laptop), with the demo's own data: nothing wider than the screen, nothing
axe-core finds against WCAG A/AA and its best practices. Screenshots go to
/tmp/shots-findable/ for a person to look at."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import Collection

from clubs.demo.people import DEMO_HOST, DEMO_MEMBER, DEMO_PASSWORD
from clubs.models import Occurrence
from tests.browser.audits import assert_accessible, assert_fits_viewport

SHOTS = Path("/tmp/shots-findable")

PUBLIC = {
    "home": "/",
    "clubs": "/clubs/",
    "club": "/clubs/northside-breakfast/",
    "masterminds": "/masterminds/",
    "mastermind": "/masterminds/referral-mastermind/",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "landing": "/bring-a-guest/",
    "landing-es": "/es/trae-un-invitado/",
    "guides": "/guides/",
}
MEMBER = {
    "share-links": "/accounts/share-links/",
    "referrals": "/accounts/referrals/",
    "payments": "/accounts/payments/",
    "profile": "/accounts/profile/",
    "landing-member": "/bring-a-guest/",
}
HOST = {
    "host-home": "/home/",
    "attendance-report": "/clubs/northside-breakfast/attendance/",
    "referrals-report": "/clubs/northside-breakfast/referrals/",
}


@pytest.fixture
def demo(transactional_db):
    # A transactional test before this one may have emptied every table,
    # the migrations' root collection (where images go) too.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    call_command("seed_demo", verbosity=0)
    meeting = (
        Occurrence.objects.filter(series__club__slug="northside-breakfast")
        .order_by("start")
        .last()
    )
    return {
        "meeting": f"/clubs/northside-breakfast/meetings/{meeting.pk}/",
        "door": f"/clubs/northside-breakfast/meetings/{meeting.pk}/attendance/",
    }


def audit(page, url: str, name: str) -> None:
    page.goto(url)
    expect(page.get_by_role("main")).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    assert_fits_viewport(page)
    assert_accessible(page)


def sign_in_as_demo_member(page, live_server, person=DEMO_MEMBER) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(DEMO_PASSWORD)
    page.get_by_label("Remember me").check()
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/home/$"))  # the member's own home


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_public_and_member_pages_fit_and_pass_axe(request, live_server, demo, viewport):
    context = request.getfixturevalue(viewport)
    page = context.new_page()
    for name, path in {**PUBLIC, "meeting": demo["meeting"]}.items():
        audit(page, live_server.url + path, name)

    sign_in_as_demo_member(page, live_server)
    for name, path in MEMBER.items():
        audit(page, live_server.url + path, name)

    # The host's pages, in a context of their own: their home, the door
    # sheet and the club's reports.
    hosts = context.browser.new_context(viewport=page.viewport_size)
    page = hosts.new_page()
    sign_in_as_demo_member(page, live_server, DEMO_HOST)
    for name, path in {**HOST, "door": demo["door"]}.items():
        audit(page, live_server.url + path, name)
    hosts.close()


def test_the_share_panel_leaves_the_call_to_action_on_a_phone_s_first_screen(
    live_server, demo, phone
):
    page = phone.new_page()
    sign_in_as_demo_member(page, live_server)
    page.goto(live_server.url + "/bring-a-guest/")

    heading = page.get_by_role("heading", level=1)
    panel = page.get_by_role("region", name="Share this page")
    expect(panel).to_be_visible()
    assert heading.bounding_box()["y"] < panel.bounding_box()["y"]
    # The page's own call to action shows before the panel, on the first screen.
    cta = page.get_by_role("main").get_by_role("link").first
    assert cta.bounding_box()["y"] + cta.bounding_box()["height"] < 844
    assert cta.bounding_box()["y"] < panel.bounding_box()["y"]


def test_a_wide_table_scrolls_inside_its_region_and_says_so(live_server, demo, phone):
    page = phone.new_page()
    sign_in_as_demo_member(page, live_server)
    page.goto(live_server.url + "/accounts/share-links/")

    region = page.get_by_role("region", name=re.compile("Visitors you brought"))
    region.focus()
    expect(region).to_be_focused()
    scrolls = region.evaluate("(el) => el.scrollWidth > el.clientWidth")
    assert scrolls, "the visitors table fits a phone: nothing to check"
    # A visible hint that the table scrolls sideways, and room to scroll.
    hint = region.evaluate("(el) => getComputedStyle(el).backgroundImage")
    assert "gradient" in hint
    region.press("ArrowRight")
    page.wait_for_function("(el) => el.scrollLeft > 0", arg=region.element_handle())
    assert_fits_viewport(page)
