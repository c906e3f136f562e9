"""The email to each member seated at a session; masterminds/jobs.py decides
who is told, and when."""

from zoneinfo import ZoneInfo

from django.urls import reverse

from clubs.links import absolute
from clubs.notifications.email import email_send
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
    zone = ZoneInfo(occurrence.series.time_zone)
    email_send(
        to=hot_seat.member.email,
        language=hot_seat.member.language,
        template="masterminds/emails/hot_seat_proposed",
        context=lambda: {
            "hot_seat": hot_seat,
            "club": club,
            "starts": occurrence.start.astimezone(zone),
            "url": absolute(
                reverse("mastermind_session", args=[club.slug, occurrence.pk])
            ),
        },
    )
