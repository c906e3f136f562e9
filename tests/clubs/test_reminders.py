from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from clubs.jobs import send_due_reminders
from clubs.services.meetings import occurrence_cancel
from clubs.services.registrations import registration_cancel
from tests.builders import make_club, make_occurrence, make_registration

pytestmark = pytest.mark.django_db


def test_a_reminder_goes_the_day_before_and_only_once(time_machine):
    occurrence = make_occurrence(make_club(reminder_hours_before=24))
    make_registration(occurrence, email="ana@example.com", name="Ana")
    time_machine.move_to(occurrence.start - timedelta(hours=23))

    send_due_reminders.enqueue()
    send_due_reminders.enqueue()

    (reminder,) = mail.outbox
    assert reminder.to == ["ana@example.com"]
    assert reminder.subject.startswith("Reminder:")
    assert "Cancel" in reminder.body or "Free your seat" in reminder.body


def test_no_reminder_before_the_club_wants_one(time_machine):
    occurrence = make_occurrence(make_club(reminder_hours_before=24))
    make_registration(occurrence)
    time_machine.move_to(occurrence.start - timedelta(hours=30))

    send_due_reminders.enqueue()

    assert mail.outbox == []


def test_no_reminders_for_cancelled_meetings_or_places(time_machine):
    cancelled_meeting = make_occurrence()
    make_registration(cancelled_meeting)
    occurrence_cancel(occurrence=cancelled_meeting, reason="Snow")
    other = make_occurrence()
    registration_cancel(registration=make_registration(other))
    make_registration(make_occurrence(capacity=0))  # only on the waitlist
    time_machine.move_to(other.start - timedelta(hours=2))

    send_due_reminders.enqueue()

    assert mail.outbox == []


def test_the_scheduler_command_queues_the_periodic_work(time_machine):
    occurrence = make_occurrence()
    make_registration(occurrence)
    time_machine.move_to(occurrence.start - timedelta(hours=1))

    call_command("enqueue_periodic_tasks")

    assert len(mail.outbox) == 1
