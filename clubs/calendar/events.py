"""One meeting as iCalendar: its UID, its VEVENT and the calendar around it
(the .ics download and the emailed invitations), plus the Google Calendar and
webcal links. The feeds build their events from these too (`feeds.py`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parseaddr
from enum import Enum
from urllib.parse import urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from clubs import scheduling
from clubs.calendar.timezones import _add_timezones
from clubs.control_characters import icalendar_bytes
from clubs.links import absolute, occurrence_url, site_domain
from clubs.models import Agenda, Occurrence, Registration, Series
from clubs.selectors.agendas import (
    agenda_text,
    published_agenda,
)

PRODID = "-//Referral Clubs//Meetings//EN"
GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK_CALENDAR = "https://outlook.live.com/calendar/0/deeplink/compose"


class _Unset(Enum):
    TOKEN = 0


# "Look the agenda up": None already means "no published agenda".
NOT_FETCHED = _Unset.TOKEN


def occurrence_uid(occurrence: Occurrence) -> str:
    """The meeting's one calendar identity, for life.

    Every calendar a person holds a single meeting in uses it: the emailed
    invitations (METHOD:REQUEST, then REQUEST again with a raised SEQUENCE
    for every change, CANCEL when the meeting is withdrawn), the .ics
    download and the member's private feed. Each of those is a stand-alone
    event, never an instance of the series, so it carries no RECURRENCE-ID.

    It is stored on the row (`Occurrence.calendar_uid`), not derived from the
    series and `original_start`: an edit of the whole series (new time, zone
    or rule) and "this and following" give a row a new `original_start` or a
    new series, and a derived UID would turn each such edit into a second
    entry in everybody's calendar. The row itself survives those edits
    wherever the meeting goes on (clubs/services/series.py), so its page,
    places and attendance do too; a meeting that really disappears is
    cancelled, and its people get a CANCEL under this UID.

    Only the club's public feed uses the other form, the series' UID with a
    RECURRENCE-ID per changed date (`series_uid`): a subscription is a
    calendar of its own, which the app replaces wholesale on every refresh.
    """
    return f"{occurrence.calendar_uid}@{site_domain()}"


def series_uid(series: Series) -> str:
    """The UID of a series' recurring event in the club feed; its overrides
    share it and tell themselves apart by RECURRENCE-ID."""
    return f"{series.uid}@{site_domain()}"


def occurrence_calendar(
    occurrence: Occurrence,
    *,
    method: str | None = None,
    attendee: Registration | None = None,
) -> bytes:
    """One meeting as a calendar: the .ics download, or an email invitation
    for `attendee` (`method` REQUEST, or CANCEL once the meeting is cancelled
    or they gave up their place)."""
    calendar = new_calendar()
    if method:
        calendar.add("method", method)
    event = occurrence_event(occurrence)
    if method == "CANCEL":
        # A withdrawn meeting, or a place given up: either way the entry
        # leaves the person's calendar.
        event["status"] = "CANCELLED"
    if attendee is not None:
        event.add("organizer", _organizer(occurrence))
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["cn"] = vText(attendee.name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("ACCEPTED")
        event.add("attendee", address)
    calendar.add_component(event)
    _add_timezones(calendar, since=occurrence.start)
    return icalendar_bytes(calendar.to_ical())


def new_calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    return calendar


def occurrence_event(
    occurrence: Occurrence,
    *,
    agenda: Agenda | None | _Unset = NOT_FETCHED,
    uid: str | None = None,
    known: "SeriesParts | None" = None,
) -> Event:
    """One meeting as a VEVENT. Pass `agenda` when it was fetched in bulk, and
    `known` when a feed builds many events of the same series and clubs."""
    event = Event()
    properties = occurrence_properties(occurrence, agenda=agenda, uid=uid, known=known)
    for name, value in properties.items():
        event.add(name, value)
    return event


def occurrence_properties(
    occurrence: Occurrence,
    *,
    agenda: Agenda | None | _Unset = NOT_FETCHED,
    uid: str | None = None,
    known: "SeriesParts | None" = None,
) -> dict[str, object]:
    """The properties of `occurrence_event`, by name: what a feed of many
    meetings writes straight to lines (`lines.vevent`)."""
    known = known or SeriesParts.of(occurrence.series)
    url = known.url(occurrence.pk)
    properties = {
        "UID": uid or known.uid(occurrence),
        "DTSTAMP": (occurrence.updated_at or timezone.now()).astimezone(UTC),
        "DTSTART": _written(occurrence.start, known.zone),
        "DTEND": _written(occurrence.end, known.zone),
        "SEQUENCE": occurrence.sequence,
        "SUMMARY": known.summary,
        "URL": url,
        "STATUS": "CANCELLED" if occurrence.is_cancelled else "CONFIRMED",
    }
    if location := _location((occurrence,)) or known.location:
        properties["LOCATION"] = location
    properties["DESCRIPTION"] = occurrence_description(
        occurrence, agenda=agenda, url=url
    )
    return properties


@dataclass(frozen=True)
class SeriesParts:
    """What every event of one series shares, worked out once: a feed of a
    hundred meetings would otherwise resolve the same zone, translated names
    and URL pattern a hundred times."""

    zone: ZoneInfo
    summary: str
    location: str  # the series' venue, else the club's
    domain: str
    url_pattern: tuple[str, str]  # before and after the meeting's id

    @classmethod
    def of(cls, series: Series) -> "SeriesParts":
        path = reverse(
            "occurrence_detail", kwargs={"slug": series.club.slug, "pk": _MARK}
        )
        before, after = absolute(path).rsplit(f"/{_MARK}/", 1)
        return cls(
            zone=ZoneInfo(series.time_zone),
            summary=_summary(series),
            location=_location((series, series.club)),
            domain=site_domain(),
            url_pattern=(f"{before}/", f"/{after}"),
        )

    def url(self, pk: int) -> str:
        """As `occurrence_url`, without a `reverse` per meeting."""
        before, after = self.url_pattern
        return f"{before}{pk}{after}"

    def uid(self, occurrence: Occurrence) -> str:
        """As `occurrence_uid`."""
        return f"{occurrence.calendar_uid}@{self.domain}"


_MARK = 987654321  # stands for the meeting's id in the URL pattern


def occurrence_location(occurrence: Occurrence) -> str:
    """This date's venue, else the series', else the club's."""
    return _location((occurrence, occurrence.series, occurrence.series.club))


def occurrence_description(
    occurrence: Occurrence,
    *,
    agenda: Agenda | None | _Unset = NOT_FETCHED,
    url: str | None = None,
) -> str:
    """Why it is cancelled, this date's note, the published agenda, the link."""
    if agenda is NOT_FETCHED:
        agenda = published_agenda(occurrence)
    parts = []
    if occurrence.is_cancelled:
        parts.append(_("Cancelled: %(reason)s") % {"reason": occurrence.cancel_reason})
    if occurrence.note:
        parts.append(occurrence.note)
    if text := agenda_text(agenda):
        parts.append(_("Agenda") + f"\n{text}")
    parts.append(url or occurrence_url(occurrence))
    return "\n\n".join(parts)


def google_calendar_url(occurrence: Occurrence) -> str:
    """An "add to Google Calendar" link for this date, in UTC with the zone
    named so Google shows it at the right local time."""
    stamp = "%Y%m%dT%H%M%SZ"
    series = occurrence.series
    query = {
        "action": "TEMPLATE",
        "text": _summary(series),
        "dates": f"{occurrence.start.astimezone(UTC):{stamp}}/"
        f"{occurrence.end.astimezone(UTC):{stamp}}",
        # No agenda here: the link must stay short enough for every browser.
        "details": occurrence_description(occurrence, agenda=None),
        "location": occurrence_location(occurrence),
        "ctz": series.time_zone,
    }
    return f"{GOOGLE_CALENDAR}?{urlencode(query)}"


def outlook_calendar_url(occurrence: Occurrence) -> str:
    """An "add to Outlook" link (Outlook on the web), in UTC: Outlook shows
    it in the reader's own zone."""
    stamp = "%Y-%m-%dT%H:%M:%SZ"
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": _summary(occurrence.series),
        "startdt": f"{occurrence.start.astimezone(UTC):{stamp}}",
        "enddt": f"{occurrence.end.astimezone(UTC):{stamp}}",
        "body": occurrence_description(occurrence, agenda=None),
        "location": occurrence_location(occurrence),
    }
    return f"{OUTLOOK_CALENDAR}?{urlencode(query)}"


def webcal_url(https_url: str) -> str:
    """The same address with the scheme calendar apps offer to subscribe to."""
    return urlunsplit(("webcal", *urlsplit(https_url)[1:]))


def _location(holders: Iterable) -> str:
    """The first of `holders` (most specific first) that names a place."""
    for holder in holders:
        parts = [holder.venue_name, holder.venue_address]
        place = ", ".join(part for part in parts if part)
        if place or holder.online_url:
            return place or holder.online_url
    return ""


def _organizer(occurrence: Occurrence) -> vCalAddress:
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(occurrence.series.club.name)
    return organizer


def _summary(series: Series) -> str:
    return f"{series.club.name}: {series.title}"


def _written(instant: datetime, zone: ZoneInfo) -> datetime:
    """How DTSTART and DTEND write `instant`: local time in `zone`, unless it
    falls in the second pass of a repeated autumn hour, which readers take as
    the first (RFC 5545 3.3.5); that one is written in UTC, so the elapsed
    time between start and end stays exact (3.8.5.3)."""
    local = instant.astimezone(zone)
    if scheduling.to_utc(local.replace(tzinfo=None, fold=0), zone) == instant:
        return local
    return instant.astimezone(UTC)
