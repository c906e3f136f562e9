"""Issue 13, the host's admin: Rosa signs in, finds her club's next meeting
on the dashboard with its places, opens the meetings (upcoming first), edits
one from the second page and lands back on that page, with "Cancel this
meeting" in plain sight; at the door her phone's buttons are not covered."""

import os
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clubs.services.agendas import agenda_from_template
from tests.browser.audits import assert_accessible, assert_fits_viewport, axe_violations
from tests.browser.steps import open_menu, sign_in
from tests.builders import (
    make_agenda_template,
    make_club,
    make_host,
    make_registration,
    make_series,
    weekly,
)

HOST = "rosa@example.com"
SHOTS = os.environ.get("ADMIN_SCREENSHOTS", "/tmp/shots-admin")
# Wagtail's own pages: their axe findings are Wagtail's; kept for the report.
ADMIN_AXE_LOG = os.path.join(SHOTS, "axe-admin.txt")


def shot(page, name, size):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}-{size}.png", full_page=True)


def log_admin_axe(page, size):
    """Wagtail's admin is not ours to fix: note what axe finds, never fail."""
    os.makedirs(SHOTS, exist_ok=True)
    with open(ADMIN_AXE_LOG, "a") as log:
        for line in axe_violations(page):
            log.write(f"[{size}] {page.url}: {line}\n")


def breakfasts():
    """Riverside's weekly breakfast, from ten weeks ago to half a year ahead:
    more meetings than one listing page holds, the past ones included."""
    club = make_club(name="Riverside Breakfast", slug="riverside")
    make_host(club, email=HOST, first_name="Rosa", last_name="Delgado")
    today = timezone.localdate()
    series = make_series(
        club,
        recurrence=weekly(),
        first_date=today - timedelta(days=70),
        ends_on=today + timedelta(days=180),
        capacity=2,
    )
    upcoming = series.occurrences.filter(end__gte=timezone.now()).order_by("start")
    next_one = upcoming.first()
    make_registration(next_one, name="Marcus Bell", email="marcus@example.com")
    make_registration(next_one, name="Priya Natarajan", email="priya@example.com")
    make_registration(next_one, name="Wanda Wait", email="wanda@example.com")
    agenda = agenda_from_template(
        occurrence=next_one, template=make_agenda_template(club)
    )
    agenda.save_revision().publish()
    return club, next_one, list(upcoming)


def local_start(occurrence) -> str:
    local = occurrence.start.astimezone(ZoneInfo(occurrence.series.time_zone))
    return f"{local:%a}, {local.day} {local:%b %Y, %H:%M}"  # "Tue, 5 Jan 2027, 07:30"


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_host_finds_the_next_meeting_edits_one_and_comes_back(
    live_server, request, size
):
    context = request.getfixturevalue(size)
    club, next_one, upcoming = breakfasts()
    page = context.new_page()
    sign_in(page, live_server, HOST)
    open_menu(page)  # a phone folds the header's links behind "Menu"
    page.get_by_role("link", name="Admin").click()

    # The dashboard: the next breakfast, full, one waiting.
    panel = page.locator("#next-meetings-section")
    expect(panel).to_contain_text("Your next meetings")
    first = panel.get_by_role("listitem").first
    expect(first.get_by_role("heading", level=3)).to_have_text("Networking breakfast")
    expect(first).to_contain_text(local_start(next_one))
    expect(first).to_contain_text(
        re.compile(r"Confirmed:\s*2 of 2\s*·\s*Waitlist:\s*1")
    )
    expect(first.get_by_role("link", name=re.compile("^Door sheet"))).to_be_visible()
    expect(first.get_by_role("link", name=re.compile("^Agenda"))).to_be_visible()
    shot(page, "dashboard", size)
    log_admin_axe(page, size)

    # The meetings, upcoming first.
    panel.get_by_role("link", name="All meetings").click()
    rows = page.get_by_role("row")
    expect(rows.nth(1)).to_contain_text(local_start(next_one))
    expect(rows.nth(2)).to_contain_text(local_start(upcoming[1]))
    cancel = page.get_by_role("link", name=f"Cancel this meeting: {next_one}")
    expect(cancel).to_be_visible()
    expect(page.get_by_role("columnheader", name="Club")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Waitlist")).to_be_visible()
    shot(page, "meetings", size)
    log_admin_axe(page, size)

    # Page 2, a meeting there, saved: back on page 2.
    pagination = page.get_by_role("navigation", name="Pagination")
    pagination.get_by_role("link", name="Next").click()
    expect(pagination).to_contain_text("Page 2 of")
    listing_url = page.url
    assert "p=2" in listing_url
    target = upcoming[21]
    page.get_by_role("link", name=str(target), exact=True).click()
    expect(
        page.get_by_role("link", name="Cancel this meeting", exact=True)
    ).to_be_visible()
    shot(page, "meeting-edit", size)
    log_admin_axe(page, size)
    # The original, not its translations ("Note for this date (Español)").
    note = re.compile(r"^\s*Note for this date(?!\s*\()")
    page.get_by_label(note).fill("Bring cards.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text("updated")
    assert page.url == listing_url
    expect(page.get_by_role("link", name=str(target), exact=True)).to_be_visible()
    target.refresh_from_db()
    assert target.note == "Bring cards."

    # The meeting page (ours): the agenda reads each kind once.
    page.goto(live_server.url + f"/clubs/{club.slug}/meetings/{next_one.pk}/")
    expect(page.get_by_role("region", name="Agenda")).to_be_visible()
    assert_accessible(page)
    assert_fits_viewport(page)
    shot(page, "meeting-page", size)

    # The door: no userbar over the buttons.
    page.goto(
        live_server.url
        + reverse("occurrence_attendance", args=[club.slug, next_one.pk])
    )
    expect(page.locator("wagtail-userbar")).to_have_count(0)
    for button in page.get_by_role("button").all():
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        on_top = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y)?.closest('button')?.outerHTML",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        assert on_top == button.evaluate("b => b.outerHTML"), "covered"
    assert_accessible(page)
    assert_fits_viewport(page)
    shot(page, "door", size)
