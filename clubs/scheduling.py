"""Expanding a series into dated meetings, correctly across daylight-saving changes.

Rules are expanded on naive wall-clock time and only then placed in the series'
zone: a rule expanded from an aware start steps in 24-hour days and turns a 7:30
breakfast into 6:30 after the clocks change. Everything here is pure: no queries.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from dateutil.rrule import rruleset

from clubs.models import Series


def wall_clock_starts(series: Series, *, until: date) -> list[datetime]:
    """Naive local start times of the series' meetings, first date to `until`."""
    zone = ZoneInfo(series.time_zone)
    dtstart = datetime.combine(series.first_date, series.start_time)
    last_day = min(until, series.ends_on) if series.ends_on else until
    dtend = datetime.combine(last_day, time.max)
    if dtend < dtstart:
        return []

    rules = rruleset()
    rules.rdate(dtstart)  # RFC 5545: DTSTART is always the first instance
    for rule in series.recurrence.rrules:
        rules.rrule(rule.to_dateutil_rrule(dtstart=dtstart, dtend=dtend))
    for rule in series.recurrence.exrules:
        rules.exrule(rule.to_dateutil_rrule(dtstart=dtstart, dtend=dtend))
    for instant in series.recurrence.rdates:
        rules.rdate(wall_clock(instant, zone))
    for instant in series.recurrence.exdates:
        rules.exdate(wall_clock(instant, zone))
    return rules.between(dtstart, dtend, inc=True)


def original_starts(series: Series, *, until: date) -> list[datetime]:
    """The aware UTC instants the rule puts meetings at: their identities."""
    zone = ZoneInfo(series.time_zone)
    return [to_utc(local, zone) for local in wall_clock_starts(series, until=until)]


def to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """Place a naive wall-clock time in `zone`. A time skipped by a spring-forward
    change resolves to the instant just after the gap, as calendar apps do."""
    return local.replace(tzinfo=zone).astimezone(UTC)


def wall_clock(instant: datetime, zone: ZoneInfo) -> datetime:
    """The naive local time of an instant (naive values are taken as UTC)."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(zone).replace(tzinfo=None)


def instants_for_dates(series: Series, dates: Iterable[date]) -> list[datetime]:
    """The starts of meetings on `dates` at the series' time: how extra dates and
    exclusions are stored in `series.recurrence` (RDATE / EXDATE)."""
    zone = ZoneInfo(series.time_zone)
    return [to_utc(datetime.combine(day, series.start_time), zone) for day in dates]
