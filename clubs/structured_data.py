"""schema.org Event data for occurrence pages, as DOMAIN.md sets out."""

import json
from zoneinfo import ZoneInfo

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from clubs.links import absolute, occurrence_url
from clubs.models import Occurrence
from clubs.selectors.payments import occurrence_prices

STATUS = {
    "cancelled": "https://schema.org/EventCancelled",
    "moved": "https://schema.org/EventRescheduled",
    "scheduled": "https://schema.org/EventScheduled",
}


def event_json_ld(occurrence: Occurrence, *, club_url: str, image_url: str = "") -> str:
    """The JSON for a <script type="application/ld+json"> block, made safe to
    embed in HTML. `image_url` is the meeting's cover, when it has one."""
    series, zone = occurrence.series, ZoneInfo(occurrence.series.time_zone)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": f"{series.club.name}: {series.title}",
        "description": occurrence.note or series.description or series.club.description,
        "startDate": occurrence.start.astimezone(zone).isoformat(),
        "endDate": occurrence.end.astimezone(zone).isoformat(),
        "eventStatus": STATUS[_status(occurrence)],
        "eventAttendanceMode": _attendance_mode(occurrence),
        "location": _location(occurrence),
        "url": occurrence_url(occurrence),
        "organizer": {
            "@type": "Organization",
            "name": series.club.name,
            "url": absolute(club_url),
        },
    }
    if image_url:
        data["image"] = [image_url]
    if occurrence.is_moved:  # where the series had it, so search shows the change
        previous = occurrence.original_start.astimezone(zone)
        data["previousStartDate"] = previous.isoformat()
    if occurrence.capacity is not None:
        data["maximumAttendeeCapacity"] = occurrence.capacity
        data["remainingAttendeeCapacity"] = occurrence.seats_left
    if offers := _offers(occurrence):
        data["offers"] = offers
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _offers(occurrence: Occurrence) -> list[dict]:
    """One Offer per price a paid meeting has; none for a free one."""
    prices = occurrence_prices(occurrence)
    if prices is None:
        return []
    sold_out = occurrence.seats_left == 0
    common = {
        "@type": "Offer",
        "availability": "https://schema.org/" + ("SoldOut" if sold_out else "InStock"),
        "url": occurrence_url(occurrence),
        # Occurrences carry no creation time: a date is on sale from the
        # moment its series was published.
        "validFrom": occurrence.series.created_at.isoformat(),
    }
    named = ((_("Members"), prices.member), (_("Guests"), prices.guest))
    return [
        {
            **common,
            "name": name,
            "price": str(money.as_decimal()),
            "priceCurrency": money.currency,
        }
        for name, money in named
        if money is not None
    ]


def _status(occurrence: Occurrence) -> str:
    if occurrence.is_cancelled:
        return "cancelled"
    return "moved" if occurrence.is_moved else "scheduled"


def _venue(occurrence: Occurrence):
    """The first level (this date, the series, the club) that names a place."""
    for holder in (occurrence, occurrence.series, occurrence.series.club):
        if holder.venue_name or holder.venue_address or holder.online_url:
            return holder
    return occurrence.series.club


def _attendance_mode(occurrence: Occurrence) -> str:
    venue = _venue(occurrence)
    if venue.online_url and not (venue.venue_name or venue.venue_address):
        return "https://schema.org/OnlineEventAttendanceMode"
    return "https://schema.org/OfflineEventAttendanceMode"


def _location(occurrence: Occurrence) -> dict:
    venue = _venue(occurrence)
    if venue.venue_name or venue.venue_address:
        return {
            "@type": "Place",
            "name": venue.venue_name or venue.venue_address,
            "address": venue.venue_address or venue.venue_name,
        }
    return {"@type": "VirtualLocation", "url": venue.online_url}
