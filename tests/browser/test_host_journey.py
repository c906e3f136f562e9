"""DOMAIN.md journey 3, the host: schedule a series in the Wagtail admin, move
one date, cancel another, publish the next agenda, and take attendance on a
phone at the door."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from clubs.models import Attendance, Series
from tests.browser.steps import sign_in
from tests.builders import make_agenda_template as make_breakfast_template
from tests.builders import (
    make_club,
    make_host,
    make_membership,
    make_registration,
    make_user,
)

CHICAGO = ZoneInfo("America/Chicago")
HOST = "rosa@example.com"
# Who is registered for the next breakfast, and how the host marks them.
MARKS = {
    "Marcus Bell": "Present",
    "Priya Natarajan": "Late",
    "Tomás Herrera": "Absent",
    "Lena Fischer": "Excused",
}
SUBSTITUTED, SUBSTITUTE = "Grace Okafor", "Ade Okafor"
REASON = "The diner is closed for a wedding."


# --- Data ---------------------------------------------------------------------


def make_host_and_members(club):
    host = make_host(club, email=HOST, first_name="Rosa", last_name="Delgado")
    members = []
    for full_name in [*MARKS, SUBSTITUTED]:
        first_name, last_name = full_name.split()
        member = make_user(
            email=f"{last_name.lower()}@example.com",
            first_name=first_name,
            last_name=last_name,
        )
        make_membership(club, member)
        members.append(member)
    return host, members


def first_tuesdays(after: date, count: int) -> list[date]:
    days, month = [], after.replace(day=1)
    while len(days) < count:
        tuesday = month + timedelta(days=(1 - month.weekday()) % 7)
        if tuesday >= after:
            days.append(tuesday)
        month = (month + timedelta(days=32)).replace(day=1)
    return days


def local(moment: datetime) -> datetime:
    """The wall clock in Chicago, as the host typed it."""
    return moment.astimezone(CHICAGO).replace(tzinfo=None)


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"  # "Tuesday 5 January", as pages show it


def subjects_to(email):
    return [m.subject.split(":")[0] for m in mail.outbox if m.to == [email]]


# --- Pages --------------------------------------------------------------------


def field(page, label):
    """A form field by its label, which may end in "*" (Wagtail's required
    fields) or ":" (Django's forms on the site)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}[*:]?\s*$"))


def open_meeting_page(page, live_server, occurrence):
    page.goto(f"{live_server.url}/clubs/riverside/meetings/{occurrence.pk}/")


# --- The admin ----------------------------------------------------------------


def open_clubs_menu(page, item):
    page.get_by_role("button", name="Clubs").click()
    menu = page.get_by_role("list", name="Clubs")
    menu.get_by_role("link", name=item, exact=True).click()


def expect_admin_message(page, text):
    expect(page.get_by_role("status").first).to_contain_text(text)


def create_series(page, *, first_date):
    open_clubs_menu(page, "Series")
    page.get_by_role("link", name="Add series").click()
    field(page, "Club").select_option(label="Riverside Breakfast")
    field(page, "Title").fill("Networking breakfast")
    field(page, "How often").select_option(
        label="Monthly, on one weekday (e.g. the first Tuesday)"
    )
    field(page, "Which week of the month").select_option(label="First")
    field(page, "On").select_option(label="Tuesday")
    field(page, "First date").fill(first_date.isoformat())
    field(page, "Starts at (local time)").fill("07:30")
    field(page, "Length (minutes)").fill("90")
    field(page, "Time zone").select_option("America/Chicago")
    page.get_by_role("button", name="Create").click()
    expect_admin_message(page, "Series 'Riverside Breakfast: Networking breakfast'")


def move_meeting(page, occurrence, *, to: datetime):
    open_clubs_menu(page, "Meetings")
    page.get_by_role("link", name=str(occurrence), exact=True).click()
    end = to + timedelta(minutes=90)
    field(page, "Starts (America/Chicago time)").fill(f"{to:%Y-%m-%d %H:%M}")
    field(page, "Ends (America/Chicago time)").fill(f"{end:%Y-%m-%d %H:%M}")
    page.get_by_role("button", name="Save").click()
    expect_admin_message(page, "updated")


def meeting_action(page, occurrence, action):
    """One of a meeting's actions, from its "More options" menu in the list."""
    open_clubs_menu(page, "Meetings")
    page.get_by_role("button", name=f"More options for '{occurrence}'").click()
    page.get_by_role("link", name=action).click()


def cancel_meeting(page, occurrence, *, reason):
    """A button on the meeting's row, not hidden under "More options"."""
    open_clubs_menu(page, "Meetings")
    page.get_by_role("link", name=f"Cancel this meeting: {occurrence}").click()
    field(page, "Why is it cancelled?").fill(reason)
    page.get_by_role("button", name="Cancel this meeting").click()
    expect_admin_message(page, "cancelled; everyone registered is told")


def publish_agenda_from_template(page, occurrence, *, template, intro):
    meeting_action(page, occurrence, "Create agenda from template")
    field(page, "Agenda template").select_option(label=template)
    page.get_by_role("button", name="Create draft agenda").click()
    expect_admin_message(page, "Draft agenda created")
    # The original; its translations are "Introduction (Español)" and so on.
    page.get_by_role("textbox", name="Introduction", exact=True).fill(intro)
    # Wagtail 8 keeps "Publish" in the footer's dropdown, behind "Save draft".
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect_admin_message(page, "updated and published")


# --- The door -----------------------------------------------------------------


def row(page, name):
    """One person's row on the attendance sheet, registered or walk-in."""
    heading = page.get_by_role("heading", name=name, level=3)
    return page.get_by_role("listitem").filter(has=heading)


def mark(page, name, status):
    row(page, name).get_by_role("button", name=status).click()
    expect(row(page, name)).to_contain_text(f"Mark: {status}")


def mark_substitute(page, name, substitute):
    page.get_by_label(f"Substitute for {name}").fill(substitute)
    row(page, name).get_by_role("button", name="Substitute came").click()
    expect(row(page, name)).to_contain_text(f"Mark: Substitute came: {substitute}")


def add_walk_in(page, name, email):
    field(page, "Name").fill(name)
    field(page, "Email (optional)").fill(email)
    page.get_by_role("button", name="Add walk-in").click()
    expect(row(page, name)).to_contain_text("Mark: Present")


# --- The journey --------------------------------------------------------------


def test_a_host_schedules_reschedules_publishes_and_takes_attendance(
    live_server, desktop, phone
):
    club = make_club(name="Riverside Breakfast", slug="riverside")
    host, members = make_host_and_members(club)
    make_breakfast_template(club)
    admin = desktop.new_page()
    sign_in(admin, live_server, HOST)
    admin.get_by_role("link", name="Admin").click()

    # "First Tuesday, 7:30 to 9:00, America/Chicago", starting tomorrow.
    tomorrow = timezone.localdate() + timedelta(days=1)
    create_series(admin, first_date=tomorrow)

    meetings = list(Series.objects.get(club=club).occurrences.order_by("start"))
    assert len(meetings) >= 12
    assert all(local(m.start).time() == time(7, 30) for m in meetings)  # DST too
    assert all(m.end - m.start == timedelta(minutes=90) for m in meetings)
    expected = first_tuesdays(tomorrow, 3)
    assert [local(m.start).date() for m in meetings[:3]] == expected
    open_clubs_menu(admin, "Meetings")
    for day in expected:
        starts = f"{day:%a}, {day.day} {day:%b %Y}, 07:30"  # the local start column
        expect(admin.get_by_role("cell", name=starts)).to_be_visible()

    next_one, moved, cancelled = meetings[:3]
    for meeting in (next_one, moved, cancelled):
        for member in members:
            make_registration(meeting, member)
    mail.outbox.clear()

    # The second breakfast moves to the Wednesday after, at 8:00; the third
    # is cancelled.
    original = local(moved.start)
    new_start = datetime.combine(original.date() + timedelta(days=1), time(8, 0))
    move_meeting(admin, moved, to=new_start)
    cancel_meeting(admin, cancelled, reason=REASON)

    moved.refresh_from_db()
    assert local(moved.start) == new_start
    new_time = f"{new_start:%A}, {new_start.day} {new_start:%B %Y}, 08:00"
    open_meeting_page(admin, live_server, moved)
    expect(admin.get_by_text(new_time)).to_be_visible()
    expect(admin.get_by_text("New time.")).to_be_visible()
    was = f"Originally {long_date(original)}, 07:30."
    expect(admin.get_by_text(was)).to_be_visible()
    open_meeting_page(admin, live_server, cancelled)
    notice = admin.get_by_role("status").filter(has_text="meeting is cancelled")
    expect(notice).to_contain_text(REASON)
    for member in members:
        assert subjects_to(member.email) == ["New time or place", "Cancelled"]
    moved_note, cancel_note = mail.outbox[0], mail.outbox[-1]
    assert moved_note.subject.endswith(f"{new_start:%a} {new_start.day} {new_start:%b}")
    assert f"/clubs/riverside/meetings/{moved.pk}/" in moved_note.body
    assert f"{new_time}–09:30 (America/Chicago)" in moved_note.body
    assert REASON in cancel_note.body

    # The next breakfast's agenda, from the club's template.
    admin.get_by_role("link", name="Admin").click()
    publish_agenda_from_template(
        admin,
        next_one,
        template="Breakfast running order",
        intro="Coffee from 7:15; bring cards.",
    )
    open_meeting_page(admin, live_server, next_one)
    agenda = admin.get_by_role("region", name="Agenda")
    expect(agenda).to_contain_text("Coffee from 7:15; bring cards.")
    items = agenda.get_by_role("listitem")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text("07:30 Welcome and coffee")
    expect(items.nth(1)).to_contain_text("07:45 Sixty seconds each")
    expect(items.nth(2)).to_contain_text("08:15 Referrals")

    # At the door, on a phone.
    door = phone.new_page()
    sign_in(door, live_server, HOST)
    open_meeting_page(door, live_server, next_one)
    door.get_by_role("link", name="Take attendance").click()
    for name, status in MARKS.items():
        mark(door, name, status)
    mark_substitute(door, SUBSTITUTED, SUBSTITUTE)
    add_walk_in(door, "Sam Rivera", "sam@example.net")

    expect(door.get_by_label("Counts")).to_have_text(
        re.compile(r"Registered\s*5\s*Checked in\s*4\s*Walk-ins\s*1")
    )
    taken = {
        a.name: (a.status, a.substitute_name, a.registration_id is not None)
        for a in Attendance.objects.filter(occurrence=next_one)
    }
    assert taken == {
        "Marcus Bell": ("present", "", True),
        "Priya Natarajan": ("late", "", True),
        "Tomás Herrera": ("absent", "", True),
        "Lena Fischer": ("excused", "", True),
        "Grace Okafor": ("substitute", SUBSTITUTE, True),
        "Sam Rivera": ("present", "", False),
    }
    recorders = Attendance.objects.filter(occurrence=next_one).values("recorded_by")
    assert {r["recorded_by"] for r in recorders} == {host.pk}
