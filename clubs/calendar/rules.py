"""A series' dates as iCalendar rules: the RRULE (COUNT or UNTIL), the extra
dates (RDATE) and the excluded ones (EXDATE), the rolling horizon of a series
with exclusion rules, and the split of a series into parts when its EXDATEs
are too many for one event. `feeds.py` writes the events from these.

Instants are UTC; limits are local wall time in the series' zone, expanded as
clubs/scheduling.py expands them.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rruleset
from django.utils import timezone
from icalendar import vRecur
from recurrence import Rule, to_weekday
from recurrence.base import normalize_offset_awareness

from clubs import scheduling
from clubs.calendar.events import series_uid
from clubs.models import Occurrence, Series

# EXRULE is gone from RFC 5545 and most apps ignore it, so exclusion rules are
# written out as EXDATEs. EXDATEs cannot run forever, so a series with an
# exclusion rule is published this far ahead and no further (RRULE UNTIL); the
# horizon rolls forward because the feed's cache version includes today.
FEED_HORIZON = timedelta(days=2 * 366)
# Google drops a recurring event with more than about 90 EXDATEs: past this
# many, the series is written as several events, each with its own UID.
MAX_EXDATES = 80


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


def _last_row_date(series: Series, occurrences: list[Occurrence]) -> date:
    zone = ZoneInfo(series.time_zone)
    starts = [o.original_start for o in occurrences]
    return max(starts).astimezone(zone).date() if starts else series.first_date
