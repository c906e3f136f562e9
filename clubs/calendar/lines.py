"""VEVENTs written straight to content lines, byte for byte as icalendar
writes the same properties, for feeds of hundreds of events.

icalendar builds a typed object per property, infers its type on `add`, and
makes a `Contentline` and a `Parameters` per line on `to_ical`: for a member
feed of 240 meetings that was most of the rebuild. Here each property's type
is known by its name (`WRITERS`), TEXT is escaped as icalendar escapes it, the
TZID parameter is worked out once per zone (by icalendar itself), and only a
line long enough to fold goes through icalendar's `Contentline`.
tests/clubs/test_calendar_lines.py holds this to icalendar's output.

A calendar of such events is icalendar's `Calendar` (properties and
VTIMEZONEs) with the events' lines put before its END (`with_events`).
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Event, vDDDTypes
from icalendar.parser import Contentline

_END = b"END:VCALENDAR\r\n"
_ORDER = {name: position for position, name in enumerate(Event.canonical_order)}


def text(value: str) -> str:
    """TEXT as icalendar escapes it (RFC 5545 3.3.11), in the same order."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded as icalendar folds it: 74 octets a line, never
    right after a backslash or caret (an escape stays whole). Most lines are
    ASCII, where a character is an octet; others go through icalendar."""
    if not line.isascii():
        return Contentline(line).to_ical().decode()
    if len(line) < 75:
        return line
    parts, start = [], 0
    while len(line) - start > 74:
        end = start + 74
        if line[end - 1] in "\\^":
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return "\r\n ".join(parts)


@lru_cache(maxsize=64)
def _zone_form(zone: tzinfo | None) -> tuple[str, str, str | None]:
    """How icalendar writes a DATE-TIME in `zone`: its parameters, suffix and
    TZID (`;TZID=<id>`, nothing, the id; for UTC and its aliases nothing,
    `Z` and None)."""
    return _form(vDDDTypes(datetime(2000, 1, 1, tzinfo=zone)))


def _form(typed: vDDDTypes) -> tuple[str, str, str | None]:
    params = typed.params.to_ical().decode()
    if not params:
        return "", typed.to_ical().decode()[len("20000101T000000") :], None
    return f";{params}", "", typed.params.get("TZID")


def _datetime(name: str, value: datetime) -> str:
    params, suffix, _ = _datetime_form(value)
    return (
        f"{name}{params}:{value.year:04}{value.month:02}{value.day:02}"
        f"T{value.hour:02}{value.minute:02}{value.second:02}{suffix}"
    )


def _datetime_form(value: datetime) -> tuple[str, str, str | None]:
    # icalendar names these zones by the zone alone; another tzinfo may be
    # named by the instant's abbreviation, so it is asked about the instant.
    if value.tzinfo is None or isinstance(value.tzinfo, ZoneInfo | timezone):
        return _zone_form(value.tzinfo)
    return _form(vDDDTypes(value))


WRITERS: dict[str, Callable[[str, object], str]] = {
    "SUMMARY": lambda name, value: f"{name}:{text(value)}",
    "DTSTART": _datetime,
    "DTEND": _datetime,
    "DTSTAMP": _datetime,
    "UID": lambda name, value: f"{name}:{text(value)}",
    "RECURRENCE-ID": _datetime,
    "SEQUENCE": lambda name, value: f"{name}:{int(value)}",
    "DESCRIPTION": lambda name, value: f"{name}:{text(value)}",
    "LOCATION": lambda name, value: f"{name}:{text(value)}",
    "STATUS": lambda name, value: f"{name}:{text(value)}",
    "URL": lambda name, value: f"{name}:{value}",
}


def vevent(properties: Mapping[str, object]) -> str:
    """One VEVENT of these properties (names in capitals, one value each, a
    type WRITERS knows), in icalendar's order: its canonical order first,
    then by name."""
    body = "\r\n".join(
        [fold(WRITERS[name](name, properties[name])) for name in _order(*properties)]
    )
    return f"BEGIN:VEVENT\r\n{body}\r\nEND:VEVENT\r\n"


@lru_cache(maxsize=64)
def _order(*names: str) -> tuple[str, ...]:
    # A feed's events have the same few sets of properties.
    return tuple(sorted(names, key=lambda name: (_ORDER.get(name, 99), name)))


def tzids(properties: Mapping[str, object]) -> set[str]:
    """The TZIDs `vevent` writes for these properties: each needs a VTIMEZONE."""
    found = {
        _datetime_form(value)[2]
        for value in properties.values()
        if isinstance(value, datetime)
    }
    return found - {None}


def with_events(calendar: bytes, events: Iterable[str]) -> bytes:
    """A serialised calendar with these VEVENTs after its own components."""
    assert calendar.endswith(_END)
    body = "".join(events).encode()
    return b"".join([calendar[: -len(_END)], body, _END])
