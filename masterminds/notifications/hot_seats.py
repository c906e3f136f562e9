"""The email to each member seated at a session; masterminds/jobs.py decides
who is told, and when."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from clubs.links import absolute
from masterminds.models import HotSeat


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
