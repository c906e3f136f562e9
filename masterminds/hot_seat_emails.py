"""The periodic hot-seat proposal and the email to each member seated.

A few days before a group's next session (PROPOSE_DAYS_AHEAD), the rotation
seats it if nobody sits there yet, and each member seated is told once: the
proposal happens only for a session with no hot seats, under a lock on the
session. Seats given later (a swap, a seat refilled after an absence) are the
facilitator's doing and show on the group page.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clubs.links import absolute
from masterminds.models import HotSeat, MastermindGroup
from masterminds.selectors import sessions
from masterminds.services.sessions import hot_seats_propose_ahead

PROPOSE_DAYS_AHEAD = 7


def propose_due(*, now=None) -> int:
    now = now or timezone.now()
    given = 0
    groups = MastermindGroup.objects.filter(session_series__isnull=False)
    for group in groups.select_related("club"):
        upcoming = sessions(group).filter(start__gt=now).first()
        if upcoming and upcoming.start <= now + timedelta(days=PROPOSE_DAYS_AHEAD):
            given += len(hot_seats_propose_ahead(occurrence=upcoming))
    return given


def hot_seat_proposed(hot_seat_id: int) -> None:
    hot_seat = (
        HotSeat.objects.select_related("member", "occurrence__series__club")
        .filter(pk=hot_seat_id)
        .first()
    )
    if hot_seat is None:  # swapped or given up since: nothing to tell
        return
    occurrence = hot_seat.occurrence
    club = occurrence.series.club
    context = {
        "hot_seat": hot_seat,
        "club": club,
        "starts": occurrence.start.astimezone(ZoneInfo(occurrence.series.time_zone)),
        "url": absolute(reverse("mastermind_session", args=[club.slug, occurrence.pk])),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = _("Your hot seat at %(group)s") % {"group": club.name}
    body = render_to_string("masterminds/emails/hot_seat_proposed.txt", context)
    EmailMessage(subject, body, to=[hot_seat.member.email]).send()
