"""Issue 13, on a phone: a signed-out member follows the hot-seat email to
the session (sign in, then straight there: venue, each commitment once), and
a member leaves the group only once they confirm, their seat going to the
waitlist. Every page is checked with axe-core and against the phone's edge.

MASTERMIND_SCREENSHOTS=/some/dir keeps each page at 390 and 1280 px wide."""

import os
import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from clubs.models import Registration
from clubs.tokens import registration_manage_token
from masterminds.jobs import propose_due
from masterminds.models import Application, Commitment
from masterminds.selectors import seated
from masterminds.services.agendas import session_agenda_build
from masterminds.services.applications import (
    application_submit,
    application_waitlist,
)
from masterminds.services.places import session_places_keep
from tests.browser.audits import assert_accessible, assert_fits_viewport
from tests.builders import (
    PASSWORD,
    make_category,
    make_club,
    make_membership,
    make_user,
)
from tests.masterminds.builders import (
    facilitator_of,
    make_group,
    make_session_template,
    seat,
    sessions,
)


def check(page, name):
    """What every page of these journeys must pass, and a look at it."""
    assert_accessible(page)
    assert_fits_viewport(page)
    if folder := os.environ.get("MASTERMIND_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/{name}-390.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=f"{folder}/{name}-1280.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})


def group_with_a_session_in_three_days():
    """Ana and Ben seated, last month's commitments made, a venue, and the
    next session three days away with its agenda published."""
    group = make_group(first_session=timezone.localdate() - timedelta(days=40))
    club = group.club
    club.venue_name = "Lakeview Loft"
    club.venue_address = "2 N Clark St, Chicago, IL 60602"
    club.save()
    make_session_template(group)
    ana, ben = (
        seat(group, first_name=name, last_name="Lee", category=make_category(trade))
        for name, trade in [("Ana", "Accounting"), ("Ben", "Photography")]
    )
    now = timezone.now()
    last = [s for s in sessions(group) if s.start < now][-1]
    upcoming = [s for s in sessions(group) if s.start > now][0]
    upcoming.start = now + timedelta(days=3)
    upcoming.end = upcoming.start + timedelta(minutes=90)
    upcoming.save(update_fields=["start", "end"])
    for member, text in [(ana, "Call ten past clients"), (ben, "Raise my prices")]:
        Commitment.objects.create(occurrence=last, member=member, text=text)
    session_places_keep(group=group)
    return group, ana, upcoming


def hot_seat_link(person) -> str:
    (message,) = [m for m in mail.outbox if m.to == [person.email]]
    return re.search(r"https?://\S+/sessions/\d+/", message.body).group(0)


def test_a_signed_out_member_follows_the_hot_seat_email_to_the_session(
    live_server, phone, settings
):
    settings.SITE_URL = live_server.url
    group, ana, upcoming = group_with_a_session_in_three_days()
    propose_due()  # seats Ana and Ben, and emails them
    session_agenda_build(occurrence=upcoming).save_revision().publish()
    link = hot_seat_link(ana)
    page = phone.new_page()

    page.goto(link)
    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()
    check(page, "session-sign-in")
    page.get_by_label("Email").fill(ana.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session of")
    expect(page.get_by_text("Lakeview Loft")).to_be_visible()
    expect(page.get_by_role("link", name="Open in a map")).to_have_attribute(
        "href", re.compile(r"^https://www\.openstreetmap\.org/search\?query=Lakeview")
    )
    expect(page.get_by_text("You're expected.")).to_be_visible()
    expect(page.get_by_text("Call ten past clients")).to_have_count(1)
    expect(page.get_by_text("Raise my prices")).to_have_count(1)
    due = page.get_by_role("region", name="Last session's commitments")
    expect(due).to_contain_text("Call ten past clients")
    check(page, "session")

    # Saying "I'll be absent" asks first, then can be undone.
    page.get_by_role("link", name="I'll be absent").click()
    expect(page.get_by_role("heading", name="Miss this session?")).to_be_visible()
    expect(page.get_by_text("Your hot seat goes to the next member")).to_be_visible()
    check(page, "absence-confirm")
    page.get_by_role("button", name="Yes, I'll miss this session").click()
    expect(page.get_by_text("You told the group you will miss")).to_be_visible()
    page.get_by_role("button", name="I'll be there after all").click()
    expect(page.get_by_text("You're expected.")).to_be_visible()


def test_a_member_leaves_only_after_confirming_and_the_waitlist_gets_the_seat(
    live_server, phone, settings
):
    settings.SITE_URL = live_server.url
    group = make_group(seat_limit=1)
    ana = seat(group, first_name="Ana", last_name="Lee", category=make_category())
    dana = make_user(first_name="Dana", last_name="Whitlock")
    application = application_submit(
        group=group,
        person=dana,
        wants="Peers who hold me to my plans.",
        business="Whitlock Flowers",
        category=make_category("Florist"),
    )
    application_waitlist(application=application, by=facilitator_of(group))
    page = phone.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(ana.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"{live_server.url}/masterminds/{group.club.slug}/")
    check(page, "group")

    page.get_by_role("link", name="Leave this group").click()
    heading = page.get_by_role("heading", name=f"Leave {group.club.name}?")
    expect(heading).to_be_visible()
    expect(
        page.get_by_text("Your seat goes at once to the first person on the waitlist")
    ).to_be_visible()
    assert seated(group).filter(person=ana).exists()  # the first tap only asks
    check(page, "leave-confirm")
    page.get_by_role("button", name="Yes, leave the group").click()

    expect(page.get_by_role("status")).to_contain_text(
        f"You have left {group.club.name}."
    )
    assert not seated(group).filter(person=ana).exists()
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert seated(group).filter(person=dana).exists()
    check(page, "group-after-leaving")


def test_cancelling_a_place_asks_and_can_be_taken_back(live_server, phone, settings):
    """The place's page, from the member's 'Your meetings': the cancel step,
    then 'Changed your mind? Take my place back'."""
    settings.SITE_URL = live_server.url
    group, ana, upcoming = group_with_a_session_in_three_days()
    place = Registration.objects.get(occurrence=upcoming, person=ana)
    token = registration_manage_token(place)
    page = phone.new_page()

    page.goto(f"{live_server.url}/registrations/{token}/")
    page.get_by_role("link", name="Cancel my place").click()
    expect(page.get_by_role("heading", name="Cancel your place?")).to_be_visible()
    check(page, "cancel-confirm")
    page.get_by_role("button", name="Yes, cancel my place").click()
    expect(page.get_by_role("heading", name="Changed your mind?")).to_be_visible()
    check(page, "cancelled-undo")
    page.get_by_role("button", name="Take my place back").click()

    expect(page.get_by_role("status")).to_contain_text("Your place is back.")
    place.refresh_from_db()
    assert place.status == Registration.Status.CONFIRMED
    check(page, "place-restored")


def test_withdrawing_an_application_and_leaving_a_club_ask_first(
    live_server, phone, settings
):
    settings.SITE_URL = live_server.url
    group = make_group()
    dana = make_user(first_name="Dana", last_name="Whitlock")
    application_submit(
        group=group,
        person=dana,
        wants="Peers who hold me to my plans.",
        business="Whitlock Flowers",
        category=make_category("Florist"),
    )
    club = make_club(name="Northside Breakfast")
    make_membership(club, dana)
    page = phone.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(dana.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.goto(f"{live_server.url}/masterminds/{group.club.slug}/")
    page.get_by_role("link", name="Withdraw my application").click()
    heading = page.get_by_role("heading", name="Withdraw your application?")
    expect(heading).to_be_visible()
    check(page, "withdraw-confirm")
    page.get_by_role("link", name="Keep my application").click()
    expect(page.get_by_text("waiting for the facilitators")).to_be_visible()

    page.goto(f"{live_server.url}/clubs/{club.slug}/")
    page.get_by_role("link", name="Leave this club").click()
    heading = page.get_by_role("heading", name="Leave Northside Breakfast?")
    expect(heading).to_be_visible()
    check(page, "club-leave-confirm")
    page.get_by_role("button", name="Yes, leave the club").click()
    expect(page.get_by_role("status")).to_contain_text("You have left")
    check(page, "club-after-leaving")
