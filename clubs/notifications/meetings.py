"""Emails about meetings, each with a calendar entry attached, in the
language of the page the person registered on.

These run inside background tasks (clubs/tasks.py; reminders from clubs/jobs.py),
so they send directly.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from clubs import dates
from clubs.calendar import occurrence_calendar
from clubs.links import occurrence_url, registration_manage_url
from clubs.models import Club, Occurrence, Registration
from clubs.notifications.email import email_send

TOLD_ON_REGISTERING = {Registration.Status.CONFIRMED, Registration.Status.WAITLISTED}


def registration_received(registration_id: int) -> None:
    registration = _registration(registration_id)
    if registration and registration.status in TOLD_ON_REGISTERING:
        _send(registration, "registration")


def manage_link_resent(registration_id: int) -> None:
    """The link to a place, asked for again from the registration form."""
    registration = _registration(registration_id)
    if registration and registration.status != Registration.Status.CANCELLED:
        _send(registration, "manage_link")


def place_already_held(registration_id: int) -> None:
    """Someone registered this place's address again on the guest form: the
    page said what it says to everyone, and the owner learns it here."""
    registration = _registration(registration_id)
    if registration and registration.status != Registration.Status.CANCELLED:
        _send(registration, "already_registered")


def seat_held(registration_id: int) -> None:
    """A guest's seat is held while they pay: the page they come back to from
    Checkout names no place (it is the same for every guest), so the link
    to pay for it, or give it up, comes here."""
    registration = _registration(registration_id)
    if registration and registration.status == Registration.Status.HELD:
        _send(registration, "seat_held")


def waitlist_promoted(registration_id: int) -> None:
    registration = _registration(registration_id)
    if registration and registration.status == Registration.Status.CONFIRMED:
        _send(registration, "promoted")


def waitlist_offered(registration_id: int) -> None:
    """A seat on a paid meeting is offered: theirs if they pay in time."""
    registration = _registration(registration_id)
    if registration and registration.status == Registration.Status.HELD:
        _send(registration, "waitlist_offered")


def place_given_up(registration_id: int) -> None:
    """Confirm a cancelled place, with the CANCEL that takes the meeting out
    of the calendar its invitation went to."""
    registration = _registration(registration_id)
    if registration and registration.status == Registration.Status.CANCELLED:
        _send(registration, "place_cancelled")


def occurrence_changed(occurrence_id: int, change: str) -> None:
    """Tell everyone with a place about a move or a cancellation."""
    assert change in {"moved", "cancelled"}, change
    registrations = Registration.objects.filter(occurrence_id=occurrence_id).exclude(
        status=Registration.Status.CANCELLED
    )
    for registration in registrations.select_related("occurrence__series__club"):
        _send(registration, change)


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
                _send(registration, "reminder")
                sent += 1
    return sent


def _registration(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related("occurrence__series__club")
        .filter(pk=registration_id)
        .first()
    )


def place_context(registration: Registration) -> dict:
    """What every email about a person's place names: the meeting, its page
    and the place's own page. Build it under the recipient's language."""
    occurrence = registration.occurrence
    zone = ZoneInfo(occurrence.series.time_zone)
    day = dates.format_day(occurrence.start, "weekday_short", time_zone=zone)
    return {
        "registration": registration,
        "occurrence": occurrence,
        "meeting": f"{occurrence.series.title}, {day}",
        "meeting_url": occurrence_url(occurrence),
        "manage_url": registration_manage_url(registration),
        "hold_expires_at": registration.hold_expires_at,
    }


def _send(registration: Registration, template: str) -> None:
    occurrence = registration.occurrence

    def context():
        return place_context(registration)

    def calendar():
        given_up = registration.status == Registration.Status.CANCELLED
        if occurrence.is_cancelled or given_up:
            method = "CANCEL"
        elif registration.status == Registration.Status.CONFIRMED:
            method = "REQUEST"
        else:
            return None  # a waitlisted place was never in their calendar
        ics = occurrence_calendar(occurrence, method=method, attendee=registration)
        return ics, method

    email_send(
        to=registration.email,
        language=registration.language,
        template=f"clubs/emails/{template}",
        context=context,
        calendar=calendar,
    )
