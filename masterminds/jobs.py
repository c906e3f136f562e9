"""Masterminds' periodic work, queued on a schedule by `manage.py
enqueue_periodic_tasks` (clubsite) and run by the task worker.

A few days before a group's next session (PROPOSE_DAYS_AHEAD), the rotation
seats it if nobody sits there yet. Then every member holding a hot seat at a
session that close and not yet told is told once: each seat is claimed with a
conditional UPDATE of `notified_at` before its email goes, so two workers or a
repeated run never send it twice. A member a facilitator swaps in is told on
the next run.

Every hour, each group's members are given their places at the sessions on
the calendar (`keep_session_places`, idempotent: see services/places.py).

Every hour, seats held for approved applicants who did not pay in time are
released and offered on to the waitlist (`lapse_unpaid_seats`).
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from masterminds.models import HotSeat, MastermindGroup
from masterminds.notifications.hot_seats import hot_seat_proposed
from masterminds.selectors import sessions
from masterminds.services.applications import seat_holds_lapse
from masterminds.services.places import session_places_keep
from masterminds.services.sessions import hot_seats_propose_ahead

PROPOSE_DAYS_AHEAD = 7


@task()
def propose_hot_seats() -> int:
    """Seat each group's next session from the rotation a few days ahead, and
    tell each member seated there, once. Returns how many were told."""
    return propose_due()


def propose_due(*, now=None) -> int:
    now = now or timezone.now()
    soon = now + timedelta(days=PROPOSE_DAYS_AHEAD)
    groups = MastermindGroup.objects.filter(session_series__isnull=False)
    for group in groups.select_related("club"):
        upcoming = sessions(group).filter(start__gt=now).first()
        if upcoming and upcoming.start <= soon:
            hot_seats_propose_ahead(occurrence=upcoming)
    told = 0
    due = HotSeat.objects.filter(
        notified_at__isnull=True, occurrence__start__gt=now, occurrence__start__lte=soon
    )
    for hot_seat_id in due.values_list("pk", flat=True):
        claimed = HotSeat.objects.filter(pk=hot_seat_id, notified_at__isnull=True)
        if claimed.update(notified_at=now):
            hot_seat_proposed(hot_seat_id)
            told += 1
    return told


@task()
def lapse_unpaid_seats() -> int:
    """Release held seats whose time to pay has passed; returns how many."""
    return seat_holds_lapse()


@task()
def keep_session_places() -> int:
    """Give every group's members their places at its sessions to come (new
    dates, new facilitators, groups from before members were expected).
    Returns how many places were made."""
    groups = MastermindGroup.objects.filter(session_series__isnull=False)
    return sum(
        session_places_keep(group=group) for group in groups.select_related("club")
    )
