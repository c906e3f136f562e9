"""Subscribed calendars: a club's public feed, one recurring event per series
(in parts past MAX_EXDATES) with cancelled dates as EXDATE and changed dates
as RECURRENCE-ID overrides, and a member's private feed of the meetings they
hold a place at. The dates come from `rules.py`, each meeting's event from
`events.py`.

Feeds read with a fixed number of queries, however many meetings they hold.
"""

from collections import defaultdict, namedtuple
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration
from modeltranslation.settings import AVAILABLE_LANGUAGES as LANGUAGES
from modeltranslation.utils import build_localized_fieldname

from clubs.calendar import lines
from clubs.calendar.events import (
    SeriesParts,
    _location,
    _summary,
    _written,
    new_calendar,
    occurrence_event,
    occurrence_properties,
)
from clubs.calendar.rules import _holds, _Part, _part_of, _parts, _rdates, _recur
from clubs.calendar.timezones import _add_timezones
from clubs.control_characters import icalendar_bytes
from clubs.links import absolute
from clubs.models import (
    Agenda,
    AgendaItem,
    Club,
    Occurrence,
    Registration,
    Series,
    User,
)
from clubs.models.translations import read_in_language

# Calendar apps poll subscribed feeds; an hour keeps moves and cancellations
# reasonably fresh without hammering the site.
FEED_REFRESH = timedelta(hours=1)


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
    return icalendar_bytes(calendar.to_ical())


def member_feed(person: User) -> bytes:
    """A member's private calendar: every meeting they hold a place at.
    Waitlisted places show as TENTATIVE; cancelled meetings stay, marked so."""
    occurrences = _member_occurrences(person)
    agendas = _published_agendas(
        Registration.objects.filter(person=person, status__in=_ACTIVE).values(
            "occurrence_id"
        ),
        {occurrence.pk: occurrence for occurrence in occurrences},
    )
    calendar = _feed_calendar(name=f"{settings.WAGTAIL_SITE_NAME}: my meetings")
    known: dict[int, SeriesParts] = {}
    events, zones = [], set()
    for occurrence in occurrences:
        if occurrence.series_id not in known:
            known[occurrence.series_id] = SeriesParts.of(occurrence.series)
        properties = _place_properties(
            occurrence, agendas.get(occurrence.pk), known[occurrence.series_id]
        )
        events.append(lines.vevent(properties))
        zones |= lines.tzids(properties)
    first = occurrences[0].start if occurrences else None
    _add_timezones(calendar, since=first, tzids=zones)
    # Hundreds of events: written as lines, byte for byte as icalendar would.
    return icalendar_bytes(lines.with_events(calendar.to_ical(), events))


_PLACE = ("venue_name", "venue_address", "online_url")
_TRANSLATED = {"venue_name", "note", "cancel_reason", "title", "name", "intro"}


def _columns(prefix: str, names) -> list[str]:
    """`names` under `prefix`, with every language's column of the translated
    ones: an entry falls back from the feed's language to the others."""
    return [
        f"{prefix}{column}"
        for name in names
        for column in (
            [name, *(build_localized_fieldname(name, code) for code in LANGUAGES)]
            if name in _TRANSLATED
            else [name]
        )
    ]


# Only what an entry shows: parsing each row's copy of the rule was a third of
# the build time, and the prices, counts and descriptions in every language
# another share, none of which an entry needs.
_MEMBER_FEED_SERIES = (
    *_columns("", ("club_id", "title", "time_zone", *_PLACE)),
    *_columns("club__", ("name", "slug", *_PLACE)),
)
_ACTIVE = [s for s in Registration.Status if s != Registration.Status.CANCELLED]


def series_events(
    series: Series, occurrences: list[Occurrence], agendas: dict[int, "_Agenda"]
) -> list[Event]:
    """The recurring event of a series (in parts, when its exclusions are too
    many for one), then one override per changed date."""
    parts = _parts(series, occurrences)
    events = [_series_event(series, occurrences, part) for part in parts]
    known = None
    for occurrence in occurrences:
        agenda = agendas.get(occurrence.pk)
        if _needs_override(occurrence, agenda):
            part = _part_of(parts, occurrence.original_start)
            known = known or SeriesParts.of(series)
            events.append(_override_event(occurrence, agenda, part.uid, known))
    return events


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


def _place_properties(
    occurrence: Occurrence, agenda: "_Agenda | None", known: SeriesParts
) -> dict[str, object]:
    """A meeting in its member's feed: `occurrence.place` is their place's
    status (`_member_occurrences`)."""
    properties = occurrence_properties(occurrence, agenda=agenda, known=known)
    waiting = occurrence.place == Registration.Status.WAITLISTED
    if waiting and not occurrence.is_cancelled:
        properties["STATUS"] = "TENTATIVE"
        properties["SUMMARY"] = _("%(meeting)s (waitlist)") % {"meeting": known.summary}
    return properties


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
    occurrence: Occurrence, agenda: "_Agenda | None", uid: str, known: SeriesParts
) -> Event:
    """This date as it really is, replacing the rule's instance."""
    event = occurrence_event(occurrence, agenda=agenda, uid=uid, known=known)
    event.add("recurrence-id", occurrence.original_start.astimezone(known.zone))
    return event


def _needs_override(occurrence: Occurrence, agenda: "_Agenda | None") -> bool:
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


@dataclass(slots=True)
class _Meeting:
    """A meeting as its member's feed reads it: an occurrence's attributes
    (by the same names, for `occurrence_properties`) that an entry shows,
    each text already in the feed's language, without a model instance per
    row; and `place`, the status of the member's place."""

    pk: int
    place: str
    series_id: int
    start: datetime
    end: datetime
    status: str
    sequence: int
    calendar_uid: str
    updated_at: datetime
    venue_address: str
    online_url: str
    cancel_reason: str
    note: str
    venue_name: str
    series: Series | None = None

    @property
    def is_cancelled(self) -> bool:
        return self.status == Occurrence.Status.CANCELLED


@dataclass(slots=True)
class _Agenda:
    """A published agenda as calendar entries show it (`agenda_text`)."""

    occurrence: Occurrence | _Meeting
    intro: str
    running_order: list  # its items, where `agenda_schedule` finds them (RUNNING_ORDER)


_Item = namedtuple("_Item", "title owner minutes")
# _Meeting's fields in order: columns as they are, then texts in the language.
_MEETING_TEXTS = ("cancel_reason", "note", "venue_name")
_MEETING_COLUMNS = (
    *("pk", "place", "series_id", "start", "end", "status", "sequence"),
    *("calendar_uid", "updated_at", "venue_address", "online_url"),
)
assert [field.name for field in fields(_Meeting)] == [
    *_MEETING_COLUMNS,
    *_MEETING_TEXTS,
    "series",
]


def _member_occurrences(person: User) -> list[_Meeting]:
    """The meetings the person holds a place at (one place at most is active
    per meeting), by date, each with its series and club. The series are
    read on their own, not beside each of their meetings: a feed holds a
    few series and hundreds of dates."""
    rows = (
        Occurrence.objects.rewrite(False)  # plain values: see `_texts`
        .filter(registrations__person=person, registrations__status__in=_ACTIVE)
        .annotate(
            place=F("registrations__status"), **_texts(Occurrence, _MEETING_TEXTS)
        )
        .order_by("start", "pk")
        .values_list(*_MEETING_COLUMNS, *[f"{name}_read" for name in _MEETING_TEXTS])
    )
    meetings = [_Meeting(*row) for row in rows]
    series_ids = {meeting.series_id for meeting in meetings}
    series = Series.objects.filter(pk__in=series_ids).select_related("club")
    by_pk = {one.pk: one for one in series.only(*_MEMBER_FEED_SERIES)}
    for meeting in meetings:
        meeting.series = by_pk[meeting.series_id]
    return meetings


def _texts(model, names) -> dict:
    """Translated texts in the feed's language, as `<name>_read`: a model's
    field cannot be annotated under its own name. Already resolved in SQL, so
    the values need none of modeltranslation's rewriting (`rewrite(False)`),
    which rebuilds every row as a dict."""
    return {f"{name}_read": read_in_language(model, name) for name in names}


def _published_agendas(
    occurrence_ids: QuerySet, occurrences: dict[int, Occurrence | _Meeting]
) -> dict[int, _Agenda]:
    """The published agendas of these occurrences, items included, each tied
    to the occurrence already in hand (agenda times need its series). Read
    as values: two queries, and no model instance or related manager for
    each of a feed's dozens of agendas."""
    agendas = {
        pk: _Agenda(occurrences[occurrence_id], intro, [])
        for pk, occurrence_id, intro in Agenda.objects.rewrite(False)
        .filter(occurrence_id__in=occurrence_ids, live=True)
        .annotate(**_texts(Agenda, ["intro"]))
        .order_by()  # a dict by occurrence: no join for the model's ordering
        .values_list("pk", "occurrence_id", "intro_read")
        if occurrence_id in occurrences
    }
    items = (
        AgendaItem.objects.rewrite(False)
        .filter(agenda_id__in=agendas)
        .annotate(**_texts(AgendaItem, ["title"]))
        .order_by("sort_order")  # the running order, as `agenda.items` has it
        .values_list("agenda_id", "title_read", "owner", "minutes")
    )
    for agenda_id, *item in items:
        agendas[agenda_id].running_order.append(_Item(*item))
    return {agenda.occurrence.pk: agenda for agenda in agendas.values()}
