"""VTIMEZONE as calendar apps read it: each observance's onsets, expanded the
way RFC 5545 3.6.5 says (DTSTART plus RRULE in TZOFFSETFROM's wall time), are
exactly zoneinfo's transitions, one to one."""

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from dateutil.rrule import rrulestr
from django.urls import reverse
from icalendar import Calendar

from clubs.calendar.timezones import vtimezone
from tests.builders import make_club, make_series, weekly

ROOT = Path(__file__).resolve().parents[2]
FIRST, LAST = datetime(2020, 1, 1, tzinfo=UTC), datetime(2061, 1, 1, tzinfo=UTC)
EXTRA_ZONES = {"Australia/Lord_Howe", "America/Sao_Paulo", "Asia/Kolkata"}


def demo_zones() -> set[str]:
    sources = [*(ROOT / "clubs/demo").glob("*.py"), ROOT / "masterminds/demo.py"]
    pattern = re.compile(r"""time_zone["']?\s*[=:]\s*["']([A-Za-z_]+/[A-Za-z_]+)""")
    return {zone for path in sources for zone in pattern.findall(path.read_text())}


ZONES = sorted(demo_zones() | EXTRA_ZONES)


def test_the_demo_clubs_zones_are_all_checked():
    assert {"America/Chicago", "Europe/London"} <= demo_zones()


def zoneinfo_transitions(name: str) -> list[tuple]:
    """(UTC instant, offset before, offset after) of every change in range:
    sampled every six hours, then narrowed to the second."""
    zone, step = ZoneInfo(name), timedelta(hours=6)

    def offset(instant):
        return instant.astimezone(zone).utcoffset()

    found, instant = [], FIRST
    while instant < LAST:
        if offset(instant) != offset(instant + step):
            low, high = instant, instant + step
            while high - low > timedelta(seconds=1):
                middle = low + timedelta(seconds=(high - low).seconds // 2)
                if offset(middle) == offset(low):
                    low = middle
                else:
                    high = middle
            found.append((high, offset(low), offset(high)))
        instant += step
    return found


def observance_onsets(timezone) -> list[tuple]:
    """RFC 5545 3.6.5: each onset is DTSTART's wall time (and the RRULE's and
    RDATE's after it) read in TZOFFSETFROM. Onsets that change nothing are the
    zone's state at the start, not transitions."""
    onsets = []
    for observance in timezone.walk():
        if observance.name not in ("STANDARD", "DAYLIGHT"):
            continue
        before = observance["TZOFFSETFROM"].td
        after = observance["TZOFFSETTO"].td
        start = observance["DTSTART"].dt
        locals_ = {start}
        if "RRULE" in observance:
            rule = observance["RRULE"].to_ical().decode()
            until = (LAST + before).replace(tzinfo=None)
            locals_ |= set(rrulestr(rule, dtstart=start).between(start, until, True))
        for rdate in _as_list(observance.get("RDATE", [])):
            locals_ |= {value.dt for value in rdate.dts}
        for local in locals_:
            instant = (local - before).replace(tzinfo=UTC)
            if FIRST <= instant < LAST and before != after:
                onsets.append((instant, before, after))
    return sorted(onsets)


def _as_list(value):
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("name", ZONES)
def test_observances_reproduce_zoneinfo_from_2020_to_2060(name):
    timezone = vtimezone(name, first_year=2019)
    parsed = Calendar.from_ical(
        b"BEGIN:VCALENDAR\r\n" + timezone.to_ical() + b"END:VCALENDAR\r\n"
    ).timezones[0]

    assert observance_onsets(parsed) == zoneinfo_transitions(name)


@pytest.mark.parametrize("name", ["Asia/Kolkata", "America/Sao_Paulo"])
def test_a_zone_without_dst_is_one_standard_observance(name):
    (observance,) = vtimezone(name, first_year=2020).walk("STANDARD")

    assert observance["TZOFFSETTO"].td == datetime.now(ZoneInfo(name)).utcoffset()
    assert not vtimezone(name, first_year=2020).walk("DAYLIGHT")


@pytest.mark.parametrize("name", ["Europe/London", "America/Chicago"])
def test_a_zone_with_dst_is_one_yearly_rule_each_way(name):
    timezone = vtimezone(name, first_year=2019)
    observances = timezone.walk("STANDARD") + timezone.walk("DAYLIGHT")

    assert len(observances) == 2
    assert all("RRULE" in o and "RDATE" not in o for o in observances)


def test_london_summer_time_starts_at_one_utc():
    (summer,) = vtimezone("Europe/London", first_year=2019).walk("DAYLIGHT")

    assert summer["DTSTART"].dt.time() == time(1, 0)
    assert summer["TZOFFSETFROM"].td == timedelta(0)
    assert summer["RRULE"].to_ical() in (
        b"FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    )


@pytest.mark.django_db
def test_a_meeting_in_the_hour_after_the_spring_change_lands_right(client):
    club = make_club(time_zone="Europe/London")
    # 28 March 2027 is the change: 02:30 that day is 01:30 UTC.
    make_series(
        club, recurrence=weekly(), first_date=date(2027, 3, 21), start_time=time(2, 30)
    )
    body = client.get(reverse("club_calendar_feed", kwargs={"slug": club.slug}))
    calendar = Calendar.from_ical(body.content)

    (event,) = recurring_ical_events.of(calendar).at(date(2027, 3, 28))
    assert event.start.astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    # The same, read from the VTIMEZONE alone, as an app without tzdata does.
    (timezone,) = calendar.timezones
    own = timezone.to_tz(lookup_tzid=False)
    local = datetime(2027, 3, 28, 2, 30, tzinfo=own)
    assert local.astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert_rdates_single_valued(calendar)


def assert_rdates_single_valued(calendar: Calendar) -> None:
    for timezone in calendar.timezones:
        for observance in timezone.walk():
            for rdate in _as_list(observance.get("RDATE", [])):
                assert len(rdate.dts) == 1, timezone.tz_name


@pytest.mark.django_db
def test_no_feed_of_demo_like_clubs_has_a_multi_valued_rdate(client):
    """Clubs in every zone checked here, with series that began years ago, so
    the feeds carry historic observances too (Sao Paulo's last DST, 2019)."""
    for name in ZONES:
        club = make_club(time_zone=name)
        make_series(club, first_date=date(2018, 1, 2), ends_on=date(2019, 6, 30))
        make_series(club, recurrence=weekly())
        body = client.get(reverse("club_calendar_feed", kwargs={"slug": club.slug}))
        calendar = Calendar.from_ical(body.content)

        assert {tz.tz_name for tz in calendar.timezones} == {name}
        assert_rdates_single_valued(calendar)
