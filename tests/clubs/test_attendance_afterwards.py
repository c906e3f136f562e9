"""A host who marks attendance after the meeting (days later, from notes)
records who came, not the moment they typed it: no check-in time, and the
pages say "marked afterwards"."""

from datetime import timedelta

import pytest
from django.urls import reverse

from clubs.models import Attendance
from clubs.selectors.attendance import person_attendance_counts
from clubs.services.attendance import (
    attendance_add_walk_in,
    attendance_check_in,
    attendance_mark,
)
from clubs.tokens import registration_check_in_token
from tests.builders import make_club, make_host, make_occurrence, make_user
from tests.builders import make_registration as register

pytestmark = pytest.mark.django_db


@pytest.fixture
def club():
    return make_club(slug="breakfast", time_zone="America/Chicago")


@pytest.fixture
def host(club):
    return make_host(club)


@pytest.fixture
def occurrence(club):
    """The next first-Tuesday breakfast, 7:30 to 9:00 in Chicago."""
    return make_occurrence(club)


@pytest.fixture
def ana(occurrence):
    return register(occurrence, make_user(first_name="Ana", last_name="Ruiz"))


def mark(occurrence, registration, status, by):
    return attendance_mark(
        occurrence=occurrence, registration=registration, status=status, by=by
    )


def sheet(client, occurrence):
    url = reverse(
        "occurrence_attendance", args=[occurrence.series.club.slug, occurrence.pk]
    )
    return client.get(url).content.decode()


def test_marked_days_later_records_no_check_in_time(
    occurrence, ana, host, time_machine
):
    time_machine.move_to(occurrence.end + timedelta(days=3))

    attendance = mark(occurrence, ana, "present", host)

    assert attendance.status == "present"
    assert attendance.checked_in_at is None
    assert attendance.marked_afterwards


def test_marked_at_the_door_keeps_the_door_time_when_corrected_later(
    occurrence, ana, host, time_machine
):
    at_the_door = occurrence.start + timedelta(minutes=10)
    time_machine.move_to(at_the_door, tick=False)
    mark(occurrence, ana, "present", host)
    time_machine.move_to(occurrence.end + timedelta(days=2), tick=False)

    attendance = mark(occurrence, ana, "late", host)

    assert attendance.checked_in_at == at_the_door
    assert not attendance.marked_afterwards


def test_a_qr_code_scanned_afterwards_and_a_late_walk_in_record_no_time(
    occurrence, ana, host, time_machine
):
    time_machine.move_to(occurrence.end + timedelta(hours=5))

    attendance_check_in(registration=ana, by=host)
    walk_in = attendance_add_walk_in(occurrence=occurrence, name="Sam", by=host)

    assert Attendance.objects.get(registration=ana).checked_in_at is None
    assert walk_in.checked_in_at is None


def test_the_door_sheet_says_marked_afterwards_instead_of_a_time(
    client, occurrence, ana, host, time_machine
):
    early = register(occurrence, make_user(first_name="Ben", last_name="Early"))
    time_machine.move_to(occurrence.start + timedelta(minutes=5), tick=False)
    mark(occurrence, early, "present", host)
    time_machine.move_to(occurrence.end + timedelta(days=1), tick=False)
    mark(occurrence, ana, "present", host)
    attendance_add_walk_in(occurrence=occurrence, name="Sam Rivera", by=host)
    client.force_login(host)

    page = sheet(client, occurrence)

    ana_row = page[page.index("Ana Ruiz") :].split("</li>")[0]
    ben_row = page[page.index("Ben Early") :].split("</li>")[0]
    sam_row = page[page.index("Sam Rivera") :].split("</li>")[0]
    assert "marked afterwards" in " ".join(ana_row.split())
    assert "checked in at" not in ana_row
    assert "checked in at 07:35" in ben_row
    assert "marked afterwards" in sam_row


def test_the_admin_lists_marked_afterwards_and_door_times_on_the_meetings_clock(
    client, occurrence, ana, host, time_machine
):
    early = register(occurrence, make_user(first_name="Ben", last_name="Early"))
    time_machine.move_to(occurrence.start + timedelta(minutes=5), tick=False)
    mark(occurrence, early, "present", host)
    time_machine.move_to(occurrence.end + timedelta(days=1), tick=False)
    mark(occurrence, ana, "present", host)
    client.force_login(host)

    page = client.get(reverse("club_attendance:index")).content.decode()
    export = client.get(reverse("club_attendance:index") + "?export=csv")

    assert "Marked afterwards" in page
    assert ", 07:35 CST" in page  # January in Chicago, not 13:35 UTC
    csv = export.getvalue().decode()
    assert "Marked afterwards" in csv
    assert "07:35 CST" in csv


def test_the_attendance_rate_counts_marks_made_afterwards(
    occurrence, ana, host, time_machine
):
    time_machine.move_to(occurrence.end + timedelta(days=3))

    mark(occurrence, ana, "present", host)

    counts = person_attendance_counts(person=ana.person)
    assert (counts.attended, counts.rate_percent) == (1, 100)


def test_a_second_scan_afterwards_says_already_marked(
    client, occurrence, ana, host, time_machine
):
    time_machine.move_to(occurrence.end + timedelta(days=1))
    attendance_check_in(registration=ana, by=host)
    client.force_login(host)
    url = reverse(
        "registration_check_in", kwargs={"token": registration_check_in_token(ana)}
    )

    page = client.get(url).content.decode()

    assert "Ana Ruiz is already marked as there (marked afterwards)." in page
