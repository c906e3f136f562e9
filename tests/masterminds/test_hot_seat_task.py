"""The periodic task seats each group's next session a week ahead and tells
the members seated, once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from masterminds.jobs import propose_hot_seats
from masterminds.models import HotSeat
from masterminds.services.sessions import hot_seat_swap, hot_seats_propose
from tests.masterminds.builders import facilitator_of, make_group, seat, sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    group = make_group(hot_seats_per_session=2)
    for name in ("Ana", "Ben", "Cy"):
        seat(group, first_name=name, email=f"{name.lower()}@example.com")
    return group


def run(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        propose_hot_seats.enqueue()


def test_the_next_session_is_seated_and_the_members_told_once(
    group, time_machine, django_capture_on_commit_callbacks
):
    upcoming = sessions(group)[0]
    time_machine.move_to(upcoming.start - timedelta(days=3), tick=False)

    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)

    assert [seat.member.first_name for seat in upcoming.hot_seats.all()] == [
        "Ana",
        "Ben",
    ]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@example.com",
        "ben@example.com",
    ]
    assert "Your hot seat at" in mail.outbox[0].subject
    assert f"/sessions/{upcoming.pk}/" in mail.outbox[0].body


def test_a_session_weeks_away_waits(group, time_machine):
    upcoming = sessions(group)[0]
    time_machine.move_to(upcoming.start - timedelta(days=20), tick=False)

    propose_hot_seats.enqueue()

    assert not HotSeat.objects.exists()
    assert mail.outbox == []


def test_seats_the_facilitator_already_gave_are_kept_and_their_members_told(
    group, time_machine, django_capture_on_commit_callbacks
):
    upcoming = sessions(group)[0]
    time_machine.move_to(upcoming.start - timedelta(days=10), tick=False)
    ana = group.club.memberships.get(person__first_name="Ana").person
    cy = group.club.memberships.get(person__first_name="Cy").person
    call_command("enqueue_periodic_tasks")  # ten days ahead: nothing yet
    assert not HotSeat.objects.exists()
    hot_seats_propose(occurrence=upcoming)
    hot_seat_swap(
        hot_seat=upcoming.hot_seats.get(member=ana),
        member=cy,
        by=facilitator_of(group),
    )

    time_machine.move_to(upcoming.start - timedelta(days=3), tick=False)
    run(django_capture_on_commit_callbacks)

    assert {seat.member.first_name for seat in upcoming.hot_seats.all()} == {
        "Cy",
        "Ben",
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["ben@example.com", "cy@example.com"]


def test_a_member_swapped_in_after_the_email_is_told_too(
    group, time_machine, django_capture_on_commit_callbacks
):
    upcoming = sessions(group)[0]
    time_machine.move_to(upcoming.start - timedelta(days=3), tick=False)
    run(django_capture_on_commit_callbacks)  # Ana and Ben are told
    ana = group.club.memberships.get(person__first_name="Ana").person
    cy = group.club.memberships.get(person__first_name="Cy").person
    hot_seat_swap(
        hot_seat=upcoming.hot_seats.get(member=ana),
        member=cy,
        by=facilitator_of(group),
    )
    mail.outbox.clear()

    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)

    assert [m.to[0] for m in mail.outbox] == ["cy@example.com"]
