"""Emails about meetings, each with a calendar entry attached.

These run inside background tasks (clubs/tasks.py), so they send directly.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from clubs.calendar import occurrence_calendar
from clubs.links import occurrence_url, registration_manage_url
from clubs.models import Club, Occurrence, Registration

REGISTRATION_SUBJECTS = {
    Registration.Status.CONFIRMED: "You're in: {meeting}",
    Registration.Status.WAITLISTED: "You're on the waitlist: {meeting}",
}


def registration_received(registration_id: int) -> None:
    registration = _registration(registration_id)
    if registration is None or registration.status not in REGISTRATION_SUBJECTS:
        return
    _send(registration, REGISTRATION_SUBJECTS[registration.status], "registration")


def waitlist_promoted(registration_id: int) -> None:
    registration = _registration(registration_id)
    if registration and registration.status == Registration.Status.CONFIRMED:
        _send(registration, "A seat opened up: {meeting}", "promoted")


def occurrence_changed(occurrence_id: int, change: str) -> None:
    """Tell everyone with a place about a move or a cancellation."""
    subject = {
        "moved": "New time or place: {meeting}",
        "cancelled": "Cancelled: {meeting}",
    }[change]
    registrations = Registration.objects.filter(occurrence_id=occurrence_id).exclude(
        status=Registration.Status.CANCELLED
    )
    for registration in registrations.select_related("occurrence__series__club"):
        _send(registration, subject, change)


def due_reminders() -> int:
    """Remind confirmed people of tomorrow's meeting (each club sets how far
    ahead). A reminder is claimed before it is sent, so it never goes twice."""
    now, sent = timezone.now(), 0
    for club in Club.objects.filter(series__occurrences__start__gt=now).distinct():
        due = Registration.objects.filter(
            Q(occurrence__series__club=club),
            status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            occurrence__status=Occurrence.Status.SCHEDULED,
            occurrence__start__gt=now,
            occurrence__start__lte=now + timedelta(hours=club.reminder_hours_before),
        ).select_related("occurrence__series__club")
        for registration in due:
            claimed = Registration.objects.filter(
                pk=registration.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if claimed:
                _send(registration, "Reminder: {meeting}", "reminder")
                sent += 1
    return sent


def _registration(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related("occurrence__series__club")
        .filter(pk=registration_id)
        .first()
    )


def _send(registration: Registration, subject: str, template: str) -> None:
    occurrence = registration.occurrence
    meeting = f"{occurrence.series.title}, {_local_start(occurrence):%a %-d %b}"
    context = {
        "registration": registration,
        "occurrence": occurrence,
        "meeting_url": occurrence_url(occurrence),
        "manage_url": registration_manage_url(registration),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    message = EmailMultiAlternatives(
        subject.format(meeting=meeting),
        render_to_string(f"clubs/emails/{template}.txt", context),
        to=[registration.email],
    )
    method = "CANCEL" if occurrence.is_cancelled else "REQUEST"
    if registration.status == Registration.Status.CONFIRMED or occurrence.is_cancelled:
        message.attach(
            "meeting.ics",
            occurrence_calendar(occurrence, method=method, attendee=registration),
            f"text/calendar; method={method}; charset=utf-8",
        )
    message.send()


def _local_start(occurrence: Occurrence):
    return occurrence.start.astimezone(ZoneInfo(occurrence.series.time_zone))
