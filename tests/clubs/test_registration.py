from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from clubs.models import Club, Registration
from clubs.services.meetings import (
    occurrence_cancel,
    occurrence_move,
    occurrence_set_capacity,
)
from clubs.services.registrations import registration_cancel, registration_create
from tests.builders import (
    make_club,
    make_membership,
    make_occurrence,
    make_registration,
    make_user,
)

pytestmark = pytest.mark.django_db


def statuses(occurrence):
    return list(
        occurrence.registrations.order_by("created_at", "pk").values_list(
            "email", "status"
        )
    )


def test_a_member_gets_a_seat_and_an_invite(committed):
    occurrence = make_occurrence(capacity=10)
    member = make_user(email="marcus@example.com", first_name="Marcus")

    with committed():
        registration = registration_create(occurrence=occurrence, person=member)

    assert registration.status == Registration.Status.CONFIRMED
    occurrence.refresh_from_db()
    assert occurrence.confirmed_count == 1
    (email,) = mail.outbox
    assert email.to == ["marcus@example.com"]
    assert email.subject.startswith("You're in")
    # The meeting's own local time, whatever zone the worker runs in:
    assert "07:30–09:00 (America/Chicago)" in email.body
    name, content, mimetype = email.attachments[0]
    assert mimetype.startswith("text/calendar; method=REQUEST")
    assert "METHOD:REQUEST" in content
    assert "ATTENDEE" in content


def test_when_full_people_join_the_waitlist_without_an_invite(committed):
    occurrence = make_occurrence(capacity=1)
    make_registration(occurrence)

    with committed():
        waiting = make_registration(occurrence, email="late@example.com", name="L")

    assert waiting.status == Registration.Status.WAITLISTED
    assert mail.outbox[-1].subject.startswith("You're on the waitlist")
    assert mail.outbox[-1].attachments == []


def test_a_cancellation_promotes_the_first_on_the_waitlist(committed):
    occurrence = make_occurrence(capacity=1)
    seated = make_registration(occurrence, email="a@example.com", name="A")
    make_registration(occurrence, email="b@example.com", name="B")
    make_registration(occurrence, email="c@example.com", name="C")

    with committed():
        registration_cancel(registration=seated)

    assert statuses(occurrence) == [
        ("a@example.com", "cancelled"),
        ("b@example.com", "confirmed"),
        ("c@example.com", "waitlisted"),
    ]
    occurrence.refresh_from_db()
    assert occurrence.confirmed_count == 1
    promoted, given_up = mail.outbox  # and A is sent the CANCEL for their calendar
    assert promoted.to == ["b@example.com"]
    assert promoted.subject.startswith("A seat opened up")
    assert given_up.to == ["a@example.com"]


def test_more_capacity_promotes_from_the_waitlist_in_order():
    occurrence = make_occurrence(capacity=1)
    for letter in "abc":
        make_registration(occurrence, email=f"{letter}@example.com", name=letter)

    occurrence_set_capacity(occurrence=occurrence, capacity=2)

    assert [status for _, status in statuses(occurrence)] == [
        "confirmed",
        "confirmed",
        "waitlisted",
    ]


def test_capacity_cannot_drop_below_the_confirmed_count():
    occurrence = make_occurrence(capacity=3)
    make_registration(occurrence)
    make_registration(occurrence)

    with pytest.raises(ValidationError, match="2 people are already confirmed"):
        occurrence_set_capacity(occurrence=occurrence, capacity=1)
    occurrence.refresh_from_db()
    assert occurrence.capacity == 3


def test_registering_twice_is_refused_whatever_the_email_case():
    occurrence = make_occurrence()
    make_registration(occurrence, email="ana@example.com", name="Ana")

    with pytest.raises(ValidationError, match="already has a place"):
        make_registration(occurrence, email="ANA@Example.com", name="Ana again")
    assert occurrence.registrations.count() == 1


def test_a_cancelled_place_can_be_taken_again():
    occurrence = make_occurrence()
    first = make_registration(occurrence, email="ana@example.com", name="Ana")
    registration_cancel(registration=first)

    again = make_registration(occurrence, email="ana@example.com", name="Ana")

    assert again.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "", "email": "ana@example.com"}, "Tell us your name"),
        ({"name": "Ana", "email": "not-an-email"}, "Enter an email address"),
    ],
)
def test_bad_guest_details_are_refused(fields, message):
    occurrence = make_occurrence()

    with pytest.raises(ValidationError, match=message):
        registration_create(occurrence=occurrence, **fields)
    assert not occurrence.registrations.exists()


def test_no_registration_for_a_cancelled_meeting():
    occurrence = make_occurrence()
    occurrence_cancel(occurrence=occurrence, reason="Venue flooded")

    with pytest.raises(ValidationError, match="cancelled"):
        make_registration(occurrence)


def test_no_registration_after_it_closes(time_machine):
    occurrence = make_occurrence(registration_closes_before=timedelta(hours=12))
    time_machine.move_to(occurrence.start - timedelta(hours=11))

    with pytest.raises(ValidationError, match="closed"):
        make_registration(occurrence)


def test_no_registration_for_a_past_meeting(time_machine):
    occurrence = make_occurrence()
    time_machine.move_to(occurrence.start + timedelta(minutes=5))

    with pytest.raises(ValidationError, match="already started"):
        make_registration(occurrence)


def test_registration_opens_when_the_series_says(time_machine):
    occurrence = make_occurrence(registration_opens_before=timedelta(days=7))
    time_machine.move_to(occurrence.start - timedelta(days=8))

    with pytest.raises(ValidationError, match="not open yet"):
        make_registration(occurrence)
    time_machine.move_to(occurrence.start - timedelta(days=6))
    assert make_registration(occurrence).status == "confirmed"


def test_a_member_may_bring_only_so_many_guests():
    occurrence = make_occurrence(max_guests_per_member=1)
    host = make_user()
    make_registration(occurrence, email="g1@example.com", name="G1", invited_by=host)

    with pytest.raises(ValidationError, match="already invited 1 guests"):
        make_registration(
            occurrence, email="g2@example.com", name="G2", invited_by=host
        )


def test_members_only_meetings_refuse_strangers():
    club = make_club(visibility=Club.Visibility.MEMBERS)
    occurrence = make_occurrence(club)
    member, stranger = make_user(), make_user()
    make_membership(club, member)

    assert make_registration(occurrence, member).status == "confirmed"
    with pytest.raises(ValidationError, match="for its members"):
        make_registration(occurrence, stranger)


def test_moving_a_meeting_tells_everyone_registered(committed):
    occurrence = make_occurrence()
    make_registration(occurrence, email="a@example.com", name="A")
    new_start = occurrence.start + timedelta(days=1)

    with committed():
        occurrence_move(occurrence=occurrence, start=new_start)

    occurrence.refresh_from_db()
    assert occurrence.start == new_start
    assert occurrence.end - occurrence.start == timedelta(minutes=90)
    assert occurrence.sequence == 1
    (email,) = mail.outbox
    assert email.subject.startswith("New time or place")
    assert "SEQUENCE:1" in email.attachments[0][1]


def test_cancelling_a_meeting_sends_a_calendar_cancellation(committed):
    occurrence = make_occurrence()
    make_registration(occurrence, email="a@example.com", name="A")

    with committed():
        occurrence_cancel(occurrence=occurrence, reason="Snow storm")

    (email,) = mail.outbox
    assert "Snow storm" in email.body
    content = email.attachments[0][1]
    assert "METHOD:CANCEL" in content and "STATUS:CANCELLED" in content


def test_a_cancellation_needs_a_reason():
    occurrence = make_occurrence()

    with pytest.raises(ValidationError, match="why"):
        occurrence_cancel(occurrence=occurrence, reason="  ")
    occurrence.refresh_from_db()
    assert not occurrence.is_cancelled


def test_registrations_stay_with_a_moved_meeting():
    occurrence = make_occurrence()
    registration = make_registration(occurrence)

    occurrence_move(occurrence=occurrence, start=timezone.now() + timedelta(days=3))

    registration.refresh_from_db()
    assert registration.occurrence_id == occurrence.pk
