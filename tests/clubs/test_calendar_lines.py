"""Events written straight to lines (clubs/calendar/lines.py) come out byte
for byte as icalendar writes the same properties: escaping, folding, the
TZID of every zone and the order of the properties."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event
from icalendar.parser import Contentline

from clubs.calendar import lines

ZONES = [
    ZoneInfo("America/Chicago"),
    ZoneInfo("Asia/Kolkata"),
    ZoneInfo("Etc/UTC"),
    ZoneInfo("UTC"),
    UTC,
    timezone(timedelta(hours=3)),
]
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200
) | st.sampled_from(["a\\Nb", "a\\,;b", "x" * 73 + "\\y" * 4, "é" * 80, "a\r\nb\rc"])
# Mostly escapes and carets, where folding must not split an escape.
ASCII = st.text(
    st.sampled_from("ab,;\\^\n:") | st.characters(max_codepoint=127), max_size=400
)
LONG = st.text(st.sampled_from("ab\\^,é"), min_size=70, max_size=300)
WHEN = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)
).map(lambda value: value.replace(microsecond=0))


def icalendar_event(properties: dict) -> str:
    event = Event()
    for name, value in properties.items():
        event.add(name, value)
    return event.to_ical().decode()


@settings(max_examples=300, deadline=None)
@given(
    summary=TEXT,
    description=TEXT | ASCII,
    location=st.none() | TEXT,
    start=WHEN,
    zone=st.sampled_from(ZONES),
    sequence=st.integers(0, 10_000),
    status=st.sampled_from(["CONFIRMED", "TENTATIVE", "CANCELLED"]),
    recurrence=st.booleans(),
)
def test_an_event_is_written_as_icalendar_writes_it(
    summary, description, location, start, zone, sequence, status, recurrence
):
    start = start.replace(tzinfo=zone)
    properties = {
        "UID": f"{summary[:10]}@example.com",
        "DTSTAMP": start.astimezone(UTC),
        "DTSTART": start,
        "DTEND": start + timedelta(minutes=90),
        "SEQUENCE": sequence,
        "SUMMARY": summary,
        "URL": "https://example.com/clubs/x/meetings/12/",
        "STATUS": status,
        "DESCRIPTION": description,
    }
    if location is not None:
        properties["LOCATION"] = location
    if recurrence:
        properties["RECURRENCE-ID"] = start.astimezone(UTC)

    assert lines.vevent(properties) == icalendar_event(properties)


@settings(max_examples=500, deadline=None)
@given(text=TEXT | ASCII | LONG)
def test_lines_fold_where_icalendar_folds_them(text):
    line = f"DESCRIPTION:{lines.text(text)}"

    assert lines.fold(line) == Contentline(line).to_ical().decode()


def test_a_calendar_with_events_as_lines_is_the_calendar_icalendar_writes():
    start = datetime(2026, 11, 1, 1, 30, tzinfo=ZoneInfo("America/Chicago"))
    properties = [
        {"UID": "a@x", "DTSTART": start, "DTSTAMP": start.astimezone(UTC)},
        {"UID": "b@x", "DTSTART": start.astimezone(UTC), "SUMMARY": "B, b"},
    ]
    whole, calendar = Calendar(), Calendar()
    for one in properties:
        event = Event()
        for name, value in one.items():
            event.add(name, value)
        whole.add_component(event)
    for one in (whole, calendar):
        one.add("prodid", "-//x//y//EN")
        one.add("version", "2.0")

    written = lines.with_events(calendar.to_ical(), map(lines.vevent, properties))

    assert written == whole.to_ical()
    tzids = set().union(*map(lines.tzids, properties))
    assert tzids == whole.get_used_tzids() == {"America/Chicago"}
