"""The periodic hot-seat proposal and the email to each member seated.

A few days before a group's next session (PROPOSE_DAYS_AHEAD), the rotation
seats it if nobody sits there yet. Then every member holding a hot seat at a
session that close and not yet told is told once: each seat is claimed with a
conditional UPDATE of `notified_at` before its email goes, so two workers or a
repeated run never send it twice. A member a facilitator swaps in is told on
the next run.
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
    """Seat the sessions coming within the week; tell who sits. Returns how
    many members were told."""
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
