import pytest
from django.core.exceptions import ValidationError

from clubs.models import Attendance
from clubs.services.attendance import (
    attendance_add_walk_in,
    attendance_check_in,
    attendance_mark,
)
from clubs.services.meetings import occurrence_cancel
from clubs.services.registrations import registration_cancel
from tests.builders import make_club, make_membership, make_occurrence, make_user
from tests.builders import make_registration as register

pytestmark = pytest.mark.django_db


@pytest.fixture
def occurrence(host):
    club = make_club()
    make_membership(club, host, role="organizer")
    return make_occurrence(club)


def mark(occurrence, registration, status, by, **extra):
    return attendance_mark(
        occurrence=occurrence, registration=registration, status=status, by=by, **extra
    )


@pytest.mark.parametrize("status", ["present", "late", "absent", "excused"])
def test_each_mark_is_recorded_for_the_registered_person(occurrence, host, status):
    member = make_user()
    registration = register(occurrence, member)

    attendance = mark(occurrence, registration, status, host)

    assert attendance.status == status
    assert attendance.person == member
    assert attendance.registration == registration
    assert attendance.recorded_by == host
    assert (attendance.checked_in_at is not None) == (status in ("present", "late"))


def test_a_substitute_is_recorded_with_their_name(occurrence, host):
    registration = register(occurrence, make_user())

    attendance = mark(
        occurrence, registration, "substitute", host, substitute_name="  Sam Sub "
    )

    assert attendance.status == "substitute"
    assert attendance.substitute_name == "Sam Sub"


def test_a_substitute_without_a_name_is_refused_and_nothing_changes(occurrence, host):
    registration = register(occurrence, make_user())
    mark(occurrence, registration, "present", host)

    with pytest.raises(ValidationError) as error:
        mark(occurrence, registration, "substitute", host, substitute_name="  ")

    assert "Name the person who came in their place." in error.value.messages
    assert Attendance.objects.get().status == "present"


def test_marking_twice_changes_the_same_row(occurrence, host):
    registration = register(occurrence, make_user())

    mark(occurrence, registration, "absent", host)
    mark(occurrence, registration, "substitute", host, substitute_name="Sam")
    mark(occurrence, registration, "late", host)

    attendance = Attendance.objects.get()
    assert attendance.status == "late"
    assert attendance.substitute_name == ""


def test_a_cancelled_meeting_takes_no_attendance(occurrence, host):
    registration = register(occurrence, make_user())
    occurrence_cancel(occurrence=occurrence, reason="Snow storm")
    occurrence.refresh_from_db()

    with pytest.raises(ValidationError, match="cancelled"):
        mark(occurrence, registration, "present", host)
    with pytest.raises(ValidationError, match="cancelled"):
        attendance_add_walk_in(occurrence=occurrence, name="Walt", by=host)

    assert not Attendance.objects.exists()


def test_a_cancelled_registration_cannot_be_marked(occurrence, host):
    registration = registration_cancel(registration=register(occurrence))

    with pytest.raises(ValidationError, match="registration is cancelled"):
        attendance_check_in(registration=registration, by=host)

    assert not Attendance.objects.exists()


def test_a_registration_for_another_meeting_is_refused(occurrence, host):
    other = make_occurrence(occurrence.series.club)
    registration = register(other)

    with pytest.raises(ValidationError, match="another meeting"):
        mark(occurrence, registration, "present", host)


def test_check_in_says_whether_the_person_was_already_in(occurrence, host):
    registration = register(occurrence)

    assert attendance_check_in(registration=registration, by=host) is False
    first = Attendance.objects.get()
    assert attendance_check_in(registration=registration, by=host) is True

    again = Attendance.objects.get()
    assert again.status == "present"
    assert again.checked_in_at == first.checked_in_at


def test_a_walk_in_is_added_as_present(occurrence, host):
    attendance = attendance_add_walk_in(
        occurrence=occurrence, name=" Walt Walker ", email="", by=host
    )

    assert attendance.status == "present"
    assert attendance.name == "Walt Walker"
    assert attendance.registration is None
    assert attendance.person is None
    assert attendance.checked_in_at is not None


def test_a_walk_in_with_a_members_email_is_linked_to_that_member(occurrence, host):
    member = make_user(email="mia@example.com")

    attendance = attendance_add_walk_in(
        occurrence=occurrence, name="Mia", email="MIA@example.com", by=host
    )
    attendance_add_walk_in(
        occurrence=occurrence, name="Mia", email="mia@example.com", by=host
    )

    assert attendance.person == member
    assert Attendance.objects.count() == 1


def test_a_walk_in_who_registered_after_all_is_checked_in_on_the_registration(
    occurrence, host
):
    registration = register(occurrence, name="Gail", email="gail@example.com")

    attendance_add_walk_in(
        occurrence=occurrence, name="Gail", email="gail@example.com", by=host
    )

    assert Attendance.objects.get().registration == registration


def test_a_walk_in_needs_a_name_and_a_valid_email(occurrence, host):
    with pytest.raises(ValidationError) as error:
        attendance_add_walk_in(occurrence=occurrence, name=" ", email="nope", by=host)

    assert set(error.value.message_dict) == {"name", "email"}
    assert not Attendance.objects.exists()


def test_a_registered_member_who_first_came_as_a_walk_in_keeps_one_mark(
    occurrence, host
):
    member = make_user()
    attendance_add_walk_in(
        occurrence=occurrence, name="Typo Name", email=member.email.upper(), by=host
    )
    # They registered on their phone at the door, then the host marks them late.
    occurrence.refresh_from_db()
    registration = register(occurrence, member)

    mark(occurrence, registration, "late", host)

    attendance = Attendance.objects.get()
    assert attendance.registration == registration
    assert attendance.status == "late"


def test_a_guest_who_came_as_a_walk_in_then_registered_keeps_one_mark(occurrence, host):
    attendance_add_walk_in(
        occurrence=occurrence, name="Gail", email="gail@example.com", by=host
    )
    occurrence.refresh_from_db()
    registration = register(occurrence, name="Gail G", email="gail@example.com")

    assert attendance_check_in(registration=registration, by=host) is True
    assert Attendance.objects.get().registration == registration
