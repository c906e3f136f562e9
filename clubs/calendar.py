"""iCalendar (RFC 5545) builders: from meetings to bytes.

Times are written in the series' own zone (TZID) with a VTIMEZONE for every
zone used, so calendar apps keep 7:30 at 7:30 across daylight-saving changes.

Three kinds of calendar come out of here:
- one meeting (`occurrence_calendar`): the .ics download and emailed invites;
- a club's public feed (`club_feed`): one recurring event per series, with
  cancelled dates as EXDATE and changed dates as RECURRENCE-ID overrides;
- a member's private feed (`member_feed`): the meetings they hold a place at.

A meeting has one identity, `occurrence_uid`, in every calendar a person holds
it in on its own (invitations, updates, cancellations, the .ics file and the
member feed), and keeps it through moves, series edits and splits; only the
club feed writes meetings as instances of their series (see `occurrence_uid`).

Feeds read with a fixed number of queries, however many meetings they hold.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parseaddr
from enum import Enum
from urllib.parse import urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rruleset
from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vDuration, vRecur, vText
from recurrence import Rule, to_weekday
from recurrence.base import normalize_offset_awareness

from clubs import scheduling
from clubs.links import absolute, occurrence_url, site_domain
from clubs.models import Agenda, Club, Occurrence, Registration, Series, User
from clubs.selectors.agendas import (
    agenda_text,
    published_agenda,
)
from clubs.vtimezones import vtimezone

PRODID = "-//Referral Clubs//Meetings//EN"
# Calendar apps poll subscribed feeds; an hour keeps moves and cancellations
# reasonably fresh without hammering the site.
FEED_REFRESH = timedelta(hours=1)
# EXRULE is gone from RFC 5545 and most apps ignore it, so exclusion rules are
# written out as EXDATEs. EXDATEs cannot run forever, so a series with an
# exclusion rule is published this far ahead and no further (RRULE UNTIL); the
# horizon rolls forward because the feed's cache version includes today.
FEED_HORIZON = timedelta(days=2 * 366)
# Google drops a recurring event with more than about 90 EXDATEs: past this
# many, the series is written as several events, each with its own UID.
MAX_EXDATES = 80
GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"


class _Unset(Enum):
    TOKEN = 0


# "Look the agenda up": None already means "no published agenda".
NOT_FETCHED = _Unset.TOKEN


# --- One meeting -------------------------------------------------------------


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
    return calendar.to_ical()


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
) -> Event:
    """One meeting as a VEVENT. Pass `agenda` when it was fetched in bulk."""
    series = occurrence.series
    zone = ZoneInfo(series.time_zone)
    url = occurrence_url(occurrence)
    event = Event()
    event.add("uid", uid or occurrence_uid(occurrence))
    event.add("dtstamp", (occurrence.updated_at or timezone.now()).astimezone(UTC))
    event.add("dtstart", _written(occurrence.start, zone))
    event.add("dtend", _written(occurrence.end, zone))
    event.add("sequence", occurrence.sequence)
    event.add("summary", _summary(series))
    event.add("url", url)
    event.add("status", "CANCELLED" if occurrence.is_cancelled else "CONFIRMED")
    if location := occurrence_location(occurrence):
        event.add("location", location)
    event.add("description", occurrence_description(occurrence, agenda=agenda, url=url))
    return event


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
        parts.append(f"Cancelled: {occurrence.cancel_reason}")
    if occurrence.note:
        parts.append(occurrence.note)
    if text := agenda_text(agenda):
        parts.append(f"Agenda\n{text}")
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


# --- Feeds -------------------------------------------------------------------


def club_feed(club: Club) -> bytes:
    """A club's public calendar: each series as one recurring event."""
    calendar = _feed_calendar(name=club.name, description=club.description)
    series_list = list(club.series.all())
    occurrences = _occurrences_by_series(club, series_list)
    agendas = _published_agendas(
        Occurrence.objects.filter(series__club=club).values("pk"),
        {o.pk: o for group in occurrences.values() for o in group},
    )
    for series in series_list:
        series.club = club
        for event in series_events(series, occurrences[series.pk], agendas):
            calendar.add_component(event)
    _add_timezones(
        calendar, since=min((s.first_date for s in series_list), default=None)
    )
    return calendar.to_ical()


def member_feed(person: User) -> bytes:
    """A member's private calendar: every meeting they hold a place at.
    Waitlisted places show as TENTATIVE; cancelled meetings stay, marked so."""
    active = Registration.objects.filter(person=person).exclude(
        status=Registration.Status.CANCELLED
    )
    registrations = list(
        active.select_related("occurrence__series__club")
        # Parsing each row's copy of the rule is a third of the build time,
        # and a single meeting's entry never needs it.
        .defer("occurrence__series__recurrence")
        .order_by("occurrence__start")
    )
    occurrences = {r.occurrence_id: r.occurrence for r in registrations}
    agendas = _published_agendas(active.values("occurrence_id"), occurrences)
    calendar = _feed_calendar(name=f"{settings.WAGTAIL_SITE_NAME}: my meetings")
    for registration in registrations:
        calendar.add_component(_registration_event(registration, agendas))
    first = registrations[0].occurrence.start if registrations else None
    _add_timezones(calendar, since=first)
    return calendar.to_ical()


def series_events(
    series: Series, occurrences: list[Occurrence], agendas: dict[int, Agenda]
) -> list[Event]:
    """The recurring event of a series (in parts, when its exclusions are too
    many for one), then one override per changed date."""
    parts = _parts(series, occurrences)
    events = [_series_event(series, occurrences, part) for part in parts]
    for occurrence in occurrences:
        agenda = agendas.get(occurrence.pk)
        if _needs_override(occurrence, agenda):
            part = _part_of(parts, occurrence.original_start)
            events.append(_override_event(occurrence, agenda, uid=part.uid))
    return events


@dataclass(frozen=True)
class _Part:
    """Some consecutive dates of a series, as one recurring event."""

    uid: str
    start: datetime  # DTSTART: the first date, or a date the rule gives
    end: datetime | None  # the next part's start; None: as far as rules go
    exdates: list[datetime]


def _parts(series: Series, occurrences: list[Occurrence]) -> list[_Part]:
    """Split where a part would hold more than MAX_EXDATES exclusions, at the
    first date the rule gives after the last one it holds: a rule restarted
    on one of its own dates goes on giving the same dates."""
    horizon = _horizon_end(series, occurrences)
    exdates = _exdates(series, occurrences, until=horizon)
    begin, uid, parts = _first_start(series), series_uid(series), []
    if len(exdates) > MAX_EXDATES:
        last = exdates[-1].astimezone(ZoneInfo(series.time_zone)).date()
        extra = {_aware(instant) for instant in series.recurrence.rdates}
        ruled = sorted(set(scheduling.original_starts(series, until=last)) - extra)
        while len(exdates) > MAX_EXDATES:
            held = exdates[MAX_EXDATES - 1]
            following = next((s for s in ruled if s > held), None)
            if following is None:
                break
            parts.append(_Part(uid, begin, following, exdates[:MAX_EXDATES]))
            begin, uid = following, _part_uid(series, following)
            exdates = [instant for instant in exdates if instant >= following]
    return [*parts, _Part(uid, begin, horizon, exdates)]


def _part_of(parts: list[_Part], instant: datetime) -> _Part:
    return next((p for p in reversed(parts) if p.start <= instant), parts[0])


def _part_uid(series: Series, start: datetime) -> str:
    uid, _, domain = series_uid(series).rpartition("@")
    return f"{uid}-from-{start.astimezone(UTC):%Y%m%dT%H%M%SZ}@{domain}"


def _horizon_end(series: Series, occurrences: list[Occurrence]) -> datetime | None:
    """Where a series with an exclusion rule stops being published: the
    horizon, or its last dated meeting if later. None for other series."""
    if not series.recurrence.exrules:
        return None
    today = timezone.localdate()
    last = max(today + FEED_HORIZON, _last_row_date(series, occurrences))
    return _instant(datetime.combine(last + timedelta(days=1), time()), series)


def _feed_calendar(*, name: str, description: str = "") -> Calendar:
    calendar = new_calendar()
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add(
        "refresh-interval", vDuration(FEED_REFRESH), parameters={"VALUE": "DURATION"}
    )
    calendar.add("x-published-ttl", vDuration(FEED_REFRESH))
    return calendar


def _registration_event(registration: Registration, agendas) -> Event:
    occurrence = registration.occurrence
    event = occurrence_event(occurrence, agenda=agendas.get(occurrence.pk))
    waiting = registration.status == Registration.Status.WAITLISTED
    if waiting and not occurrence.is_cancelled:
        event.pop("STATUS")
        event.add("status", "TENTATIVE")
        event.pop("SUMMARY")
        event.add("summary", f"{_summary(occurrence.series)} (waitlist)")
    return event


def _summary(series: Series) -> str:
    return f"{series.club.name}: {series.title}"


def _series_event(series: Series, occurrences: list[Occurrence], part: _Part) -> Event:
    zone = ZoneInfo(series.time_zone)
    start = part.start
    event = Event()
    event.add("uid", part.uid)
    event.add("dtstamp", series.updated_at.astimezone(UTC))
    event.add("dtstart", start.astimezone(zone))
    # Every instance lasts exactly this long (RFC 5545 3.8.5.3), as rows do.
    event.add("dtend", _written(start + series.duration, zone))
    for rule in series.recurrence.rrules:
        event.add("rrule", _recur(rule, series, part))
    if rdates := [d for d in _rdates(series, occurrences) if _holds(part, d)]:
        event.add("rdate", [instant.astimezone(zone) for instant in rdates])
    if part.exdates:
        event.add("exdate", [instant.astimezone(zone) for instant in part.exdates])
    event.add("sequence", series.sequence)
    event.add("summary", _summary(series))
    event.add("url", _club_url(series.club))
    event.add("status", "CONFIRMED")
    if location := _location((series, series.club)):
        event.add("location", location)
    description = series.description or series.club.description
    event.add(
        "description", "\n\n".join(filter(None, [description, _club_url(series.club)]))
    )
    return event


def _override_event(
    occurrence: Occurrence, agenda: Agenda | None, *, uid: str
) -> Event:
    """This date as it really is, replacing the rule's instance."""
    zone = ZoneInfo(occurrence.series.time_zone)
    event = occurrence_event(occurrence, agenda=agenda, uid=uid)
    event.add("recurrence-id", occurrence.original_start.astimezone(zone))
    return event


def _needs_override(occurrence: Occurrence, agenda: Agenda | None) -> bool:
    """A date differs from what the rule says: moved, another venue, its own
    note or agenda. Cancelled dates are EXDATEs instead."""
    if occurrence.is_cancelled:
        return False
    usual_end = occurrence.original_start + occurrence.series.duration
    return bool(
        occurrence.start != occurrence.original_start
        or occurrence.end != usual_end
        or occurrence.venue_name
        or occurrence.venue_address
        or occurrence.online_url
        or occurrence.note
        or agenda is not None
    )


def _first_start(series: Series) -> datetime:
    """DTSTART: the first date at the series' wall-clock time, as an instant."""
    return _instant(datetime.combine(series.first_date, series.start_time), series)


def _recur(rule: Rule, series: Series, part: _Part) -> vRecur:
    """One RRULE from django-recurrence's rule, bounded by the series' last date
    and the part's end. A later part counts from elsewhere, so ends by UNTIL."""
    recur = vRecur(FREQ=Rule.frequencies[rule.freq])
    if rule.interval != 1:
        recur["INTERVAL"] = rule.interval
    if rule.wkst is not None:
        recur["WKST"] = Rule.weekdays[getattr(rule.wkst, "number", rule.wkst)]
    until = _until(rule, series)
    if part.end is not None:
        until = min(filter(None, [until, part.end - timedelta(seconds=1)]))
    if rule.count and (until is None or _count_ends_first(rule, series, until)):
        if part.start == _first_start(series):
            recur["COUNT"] = rule.count
        else:
            recur["UNTIL"] = _count_end(rule, series)
    elif until is not None:
        recur["UNTIL"] = until
    if rule.byday:
        recur["BYDAY"] = [repr(to_weekday(day)) for day in rule.byday]
    for param in Rule.byparams:
        if param != "byday" and (values := getattr(rule, param, None)):
            recur[param.upper()] = list(values)
    return recur


def _until(rule: Rule, series: Series) -> datetime | None:
    """The last instant a meeting may start, in UTC (RFC 5545 wants UTC when
    DTSTART has a TZID). Limits are local wall time, as in clubs/scheduling.py."""
    local = datetime.combine(series.first_date, series.start_time)
    limits = [normalize_offset_awareness(rule.until, local)] if rule.until else []
    if series.ends_on:
        limits.append(datetime.combine(series.ends_on, time(23, 59, 59)))
    return _instant(min(limits), series) if limits else None


def _count_ends_first(rule: Rule, series: Series, until: datetime) -> bool:
    return _count_end(rule, series) <= until


def _count_end(rule: Rule, series: Series) -> datetime:
    local = datetime.combine(series.first_date, series.start_time)
    return _instant(list(rule.to_dateutil_rrule(dtstart=local))[-1], series)


def _holds(part: _Part, instant: datetime) -> bool:
    return part.start <= instant and (part.end is None or instant < part.end)


def _rdates(series: Series, occurrences: list[Occurrence]) -> list[datetime]:
    """Extra dates: the rule's own, plus live rows the rule no longer gives
    (left behind when a rule was edited after they happened)."""
    zone = ZoneInfo(series.time_zone)
    local_starts = scheduling.wall_clock_starts(
        series, until=_last_row_date(series, occurrences)
    )
    ruled = {scheduling.to_utc(local, zone) for local in local_starts}
    first, until = _first_start(series), _until_any(series)
    extra = {
        instant
        for instant in map(_aware, series.recurrence.rdates)
        if first <= instant and (until is None or instant <= until)
    }
    extra |= {o.original_start for o in occurrences if not o.is_cancelled} - ruled
    return sorted(extra)


def _exdates(
    series: Series, occurrences: list[Occurrence], *, until: datetime | None
) -> list[datetime]:
    """Excluded dates: the rule's own, its exclusion rules written out, and
    cancelled meetings, never a date that still has a live meeting."""
    live = {o.original_start for o in occurrences if not o.is_cancelled}
    excluded = {_aware(instant) for instant in series.recurrence.exdates}
    excluded |= set(_exrule_starts(series, until=until))
    excluded |= {o.original_start for o in occurrences if o.is_cancelled}
    return sorted(excluded - live)


def _exrule_starts(series: Series, *, until: datetime | None) -> list[datetime]:
    if not series.recurrence.exrules or until is None:
        return []
    zone = ZoneInfo(series.time_zone)
    start = datetime.combine(series.first_date, series.start_time)
    end = scheduling.wall_clock(until, zone)
    excluded = rruleset()
    for rule in series.recurrence.exrules:
        excluded.rrule(rule.to_dateutil_rrule(dtstart=start, dtend=end))
    return [scheduling.to_utc(local, zone) for local in excluded]


def _aware(instant: datetime) -> datetime:
    """RDATE/EXDATE values are stored aware; a naive one is read as UTC, as
    clubs/scheduling.py does."""
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def _until_any(series: Series) -> datetime | None:
    if series.ends_on is None:
        return None
    return _instant(datetime.combine(series.ends_on, time(23, 59, 59)), series)


def _instant(local: datetime, series: Series) -> datetime:
    return scheduling.to_utc(local, ZoneInfo(series.time_zone))


def _written(instant: datetime, zone: ZoneInfo) -> datetime:
    """How DTSTART and DTEND write `instant`: local time in `zone`, unless it
    falls in the second pass of a repeated autumn hour, which readers take as
    the first (RFC 5545 3.3.5); that one is written in UTC, so the elapsed
    time between start and end stays exact (3.8.5.3)."""
    local = instant.astimezone(zone)
    if scheduling.to_utc(local.replace(tzinfo=None, fold=0), zone) == instant:
        return local
    return instant.astimezone(UTC)


def _last_row_date(series: Series, occurrences: list[Occurrence]) -> date:
    zone = ZoneInfo(series.time_zone)
    starts = [o.original_start for o in occurrences]
    return max(starts).astimezone(zone).date() if starts else series.first_date


def _club_url(club: Club) -> str:
    return absolute(reverse("club_detail", kwargs={"slug": club.slug}))


# --- Reads for the feeds: a fixed number of queries each ----------------------


def _occurrences_by_series(
    club: Club, series_list: list[Series]
) -> dict[int, list[Occurrence]]:
    by_pk = {series.pk: series for series in series_list}
    grouped = defaultdict(list)
    for occurrence in Occurrence.objects.filter(series__club=club).order_by(
        "original_start"
    ):
        occurrence.series = by_pk[occurrence.series_id]
        grouped[occurrence.series_id].append(occurrence)
    return grouped


def _published_agendas(
    occurrence_ids: QuerySet, occurrences: dict[int, Occurrence]
) -> dict[int, Agenda]:
    """The published agendas of these occurrences, items included, each tied
    to the occurrence already in hand (agenda times need its series)."""
    agendas = Agenda.objects.filter(
        occurrence_id__in=occurrence_ids, live=True
    ).prefetch_related("items")
    found = {}
    for agenda in agendas:
        if occurrence := occurrences.get(agenda.occurrence_id):
            agenda.occurrence = occurrence
            found[agenda.occurrence_id] = agenda
    return found


def _add_timezones(calendar: Calendar, *, since: date | datetime | None) -> None:
    """A VTIMEZONE for every TZID, first in the calendar, covering its dates and
    no more (the full 1970 history would make every feed kilobytes longer).
    Every calendar the site writes goes through here; see clubs/vtimezones.py."""
    first_year = max((since or timezone.now()).year - 1, 1970)
    for position, tzid in enumerate(sorted(calendar.get_missing_tzids())):
        try:
            component = vtimezone(tzid, first_year=first_year)
        except (ZoneInfoNotFoundError, ValueError):
            continue  # not an IANA name: apps fall back to their own
        calendar.subcomponents.insert(position, component)
