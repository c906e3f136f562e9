"""Issue 6, journey 4: a guest comes to the monthly training, applies for a
seat, the facilitator approves in the admin, and the new member sees their
next hot seat and the next session's agenda with last month's commitments."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from clubs.demo.people import _hosts_group
from clubs.models import Registration
from clubs.services.attendance import attendance_mark
from masterminds.demo import facilitators_work_in_admin
from masterminds.models import Commitment
from masterminds.services.agendas import session_agenda_build
from masterminds.services.sessions import hot_seats_propose
from tests.browser.steps import confirm_email, sign_in
from tests.builders import PASSWORD, make_category, make_user
from tests.masterminds.builders import (
    facilitator_of,
    make_group,
    make_session_template,
    seat,
    sessions,
)

GUEST, GUEST_EMAIL = "Dana Whitlock", "dana@whitlock.example"


def mastermind():
    """A group with a public monthly training, two members who met last month
    and made commitments, and the next session's agenda published."""
    facilitator = make_user(
        email="rosa@example.com", first_name="Rosa", last_name="Delgado"
    )
    _hosts_group()
    facilitator.groups.add(facilitators_work_in_admin())
    group = make_group(
        facilitator=facilitator,
        training=True,
        first_session=timezone.localdate() - timedelta(days=40),
    )
    make_session_template(group)
    ana, ben = (
        seat(group, first_name=name, last_name="Lee", category=make_category(trade))
        for name, trade in [("Ana", "Accounting"), ("Ben", "Photography")]
    )
    make_category("Florist")
    now = timezone.now()
    last = [session for session in sessions(group) if session.start < now][-1]
    upcoming = [session for session in sessions(group) if session.start > now][0]
    for member, text in [(ana, "Call ten past clients"), (ben, "Raise my prices")]:
        Commitment.objects.create(occurrence=last, member=member, text=text)
    hot_seats_propose(occurrence=upcoming)
    session_agenda_build(occurrence=upcoming).save_revision().publish()
    return group


def test_a_guest_trains_applies_and_sees_their_hot_seat(
    live_server, browser, phone, settings
):
    settings.SITE_URL = live_server.url
    group = mastermind()
    group_url = f"{live_server.url}/masterminds/{group.club.slug}/"
    guest = phone.new_page()
    admin_context = browser.new_context(viewport={"width": 1280, "height": 900})
    admin_context.set_default_timeout(10_000)
    facilitator = admin_context.new_page()
    try:
        # The guest finds the training on the group's page and registers.
        guest.goto(group_url)
        guest.get_by_role(
            "link", name=re.compile(r"^Register for Monthly training")
        ).first.click()
        guest.get_by_label("Your name").fill(GUEST)
        guest.get_by_label("Email").fill(GUEST_EMAIL)
        guest.get_by_role("button", name="Register as a guest").click()
        expect(guest.get_by_role("status")).to_contain_text("Look in your inbox")

        # At the door, the training's host marks them present.
        registration = Registration.objects.get(email=GUEST_EMAIL)
        attendance_mark(
            occurrence=registration.occurrence,
            registration=registration,
            status="present",
            by=None,
        )

        # The guest signs up and applies on the group's page.
        guest.goto(live_server.url + "/accounts/signup/")
        guest.get_by_label("First name").fill("Dana")
        guest.get_by_label("Last name").fill("Whitlock")
        guest.get_by_label("Email").fill(GUEST_EMAIL)
        guest.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
        guest.get_by_label("Password (again)").fill(PASSWORD)
        guest.get_by_role("button", name="Sign Up").click()
        confirm_email(guest, live_server, GUEST_EMAIL)
        guest.goto(group_url)
        guest.get_by_role("link", name="Apply for a seat").click()
        guest.get_by_label("What you want from the group").fill(
            "Peers who hold me to my plans."
        )
        guest.get_by_label("Your business").fill("Whitlock Flowers")
        guest.get_by_label("Business category").select_option(label="Florist")
        guest.get_by_role("button", name="Send my application").click()
        expect(guest.get_by_role("status")).to_contain_text("Thank you!")

        # The facilitator approves in the admin.
        sign_in(facilitator, live_server, facilitator_of(group).email)
        facilitator.goto(live_server.url + "/admin/masterminds/applications/")
        facilitator.get_by_role("link", name="Dana Whitlock").first.click()
        facilitator.get_by_role("button", name="Approve").click()
        expect(facilitator.get_by_text("Dana Whitlock is approved.")).to_be_visible()

        # The new member sees their turn and the next session's agenda.
        guest.goto(group_url)
        expect(guest.get_by_role("heading", name="Your next hot seat")).to_be_visible()
        next_session = guest.get_by_role("region", name="Next session")
        expect(next_session).to_contain_text(
            re.compile(r"Your next hot seat\s+\w+day, \d{1,2} \w+ \d{4}")
        )
        guest.get_by_role("region", name="Next session").get_by_role(
            "link"
        ).first.click()
        agenda = guest.get_by_role("region", name="Agenda")
        expect(agenda).to_contain_text("Hot seat: Ana Lee")
        # Last month's commitments are listed once, live, below the agenda.
        expect(agenda).to_contain_text("Last session's commitments are listed")
        due = guest.get_by_role("region", name="Last session's commitments")
        expect(due).to_contain_text("Ana Lee: Call ten past clients")
        expect(due).to_contain_text("Ben Lee: Raise my prices")
    finally:
        admin_context.close()
