"""VTIMEZONE components the way calendar vendors write them (vzic/tzurl form).

For each zone: the rule in force today as one STANDARD and one DAYLIGHT
observance, each a DTSTART plus a yearly RRULE such as
`FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU`. RFC 5545 (3.6.5) reads DTSTART as local
wall time in TZOFFSETFROM, so it is the local time just before the change.
Outlook ignores observances without an RRULE and ical.js reads only the first
value of an RDATE, so neither long RDATE lists nor rules that stop are written.

The rules are derived from the same zoneinfo data the site expands meetings
with, so they follow tzdata: the zone's transitions are sampled daily up to
LAST_YEAR, found to the second by bisection, and expressed as month, weekday
and week of the month. A rule is written only once it reproduces every
transition up to LAST_YEAR.

History: transitions are read from the year before the calendar's first
meeting; the ones there before today's rule began (and every transition of a
zone whose changes follow no yearly rule, such as Ramadan-based ones) are
written as one observance each, DTSTART plus a single-valued RDATE. Older
history is left out, since no meeting of the calendar falls in it.

Every calendar the site writes gets its VTIMEZONEs from `_add_timezones`.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import YEARLY, rrule, weekday
from django.utils import timezone
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

LAST_YEAR = 2060
# A yearly rule must have held this many years in a row to be trusted beyond
# LAST_YEAR; shorter runs are written year by year.
MIN_RULE_YEARS = 10
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Onset:
    """One change of offset: `local` is the wall time in `offset_from`."""

    local: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    @property
    def into(self) -> tuple:
        return (self.offset_to, self.name, self.daylight)

    @property
    def shape(self) -> tuple:
        """What a yearly rule keeps the same from one year to the next."""
        return (
            self.offset_from,
            self.offset_to,
            self.name,
            self.daylight,
            self.local.month,
            self.local.time(),
        )


@dataclass(frozen=True)
class Observance:
    onset: Onset
    recur: dict | None = None  # a yearly rule, else a single onset


def vtimezone(zone_name: str, *, first_year: int) -> Timezone:
    """The VTIMEZONE of `zone_name` for meetings from `first_year` + 1 on."""
    component = Timezone()
    component.add("tzid", zone_name)
    component.add("x-lic-location", zone_name)
    for observance in observances(zone_name, first_year=first_year):
        component.add_component(_component(observance))
    return component


def _add_timezones(
    calendar: Calendar,
    *,
    since: date | datetime | None,
    tzids: set[str] = frozenset(),
) -> None:
    """A VTIMEZONE for every TZID, first in the calendar, covering its dates and
    no more (the full 1970 history would make every feed kilobytes longer).
    `tzids` adds those of events to be written beside the calendar as lines
    (`lines.with_events`). Every calendar the site writes goes through here;
    see the module docstring."""
    first_year = max((since or timezone.now()).year - 1, 1970)
    missing = calendar.get_missing_tzids() | (tzids - {"UTC"})
    for position, tzid in enumerate(sorted(missing)):
        try:
            component = vtimezone(tzid, first_year=first_year)
        except (ZoneInfoNotFoundError, ValueError):
            continue  # not an IANA name: apps fall back to their own
        calendar.subcomponents.insert(position, component)


@lru_cache(maxsize=256)
def observances(zone_name: str, *, first_year: int) -> tuple[Observance, ...]:
    zone = ZoneInfo(zone_name)
    onsets = transitions(zone, first_year=first_year)
    found = []
    if not onsets or onsets[0].local.year > first_year:
        # Nothing describes the time before the first change: say it.
        start = datetime(first_year, 1, 1, tzinfo=UTC)
        offset, name, daylight = _state(zone, start)
        local = start.replace(tzinfo=None) + offset
        daylight = daylight > timedelta(0)
        found.append(Observance(Onset(local, offset, offset, name, daylight)))
    still_changing = bool(onsets) and onsets[-1].local.year >= LAST_YEAR - 1
    # One observance (or run of them) per state changed into.
    for kind in dict.fromkeys(onset.into for onset in onsets):
        same = [onset for onset in onsets if onset.into == kind]
        found.extend(_observances_of_kind(same, ruled=still_changing))
    return tuple(sorted(found, key=lambda o: o.onset.local - o.onset.offset_from))


def transitions(zone: ZoneInfo, *, first_year: int) -> list[Onset]:
    """Every change of offset, name or DST flag from `first_year` to LAST_YEAR."""
    instant = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)
    found, before = [], _state(zone, instant)
    while instant < end:
        after = _state(zone, instant + _DAY)
        if after != before:
            found.append(_bisect(zone, instant, instant + _DAY, before))
        instant, before = instant + _DAY, after
    return found


def _state(zone: ZoneInfo, instant: datetime) -> tuple:
    local = instant.astimezone(zone)
    return local.utcoffset(), local.tzname(), local.dst()


def _bisect(zone: ZoneInfo, low: datetime, high: datetime, before: tuple) -> Onset:
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if _state(zone, middle) == before:
            low = middle
        else:
            high = middle
    offset_to, name, dst = _state(zone, high)
    local = high.replace(tzinfo=None) + before[0]
    # Dublin keeps negative DST in winter: its summer is the daylight one.
    daylight = dst > timedelta(0) or (not dst and offset_to > before[0])
    return Onset(local, before[0], offset_to, name, daylight)


def _observances_of_kind(onsets: list[Onset], *, ruled: bool) -> list[Observance]:
    """The trailing run of onsets that one yearly rule describes, as that rule;
    the onsets before it (or all, when no rule holds) one by one."""
    run_start, recur = len(onsets), None
    if ruled and onsets:
        run_start, patterns = _trailing_run(onsets)
        run = onsets[run_start:]
        recur = _recur(run[0], patterns) if len(run) >= MIN_RULE_YEARS else None
        if recur is None or _expand(run[0], recur) != [o.local for o in run]:
            run_start, recur = len(onsets), None
    single = [Observance(onset) for onset in onsets[:run_start]]
    if recur is None:
        return single
    return [*single, Observance(onsets[run_start], recur)]


def _trailing_run(onsets: list[Onset]) -> tuple[int, set]:
    """Where the last run of same-shaped onsets begins, and the patterns
    every onset in it matches."""
    patterns = _patterns(onsets[-1].local)
    start = len(onsets) - 1
    while start > 0:
        earlier = onsets[start - 1]
        common = patterns & _patterns(earlier.local)
        if earlier.shape != onsets[-1].shape or not common:
            break
        patterns, start = common, start - 1
    return start, patterns


def _patterns(local: datetime) -> set:
    """Ways to name this day within its month: "the weekday on or after the
    Nth" (2SU is on or after the 8th), "the last weekday", or the date."""
    day, wd = local.day, local.weekday()
    found = {("from", first, wd) for first in range(max(1, day - 6), day + 1)}
    if (local + timedelta(days=7)).month != local.month:
        found.add(("last", 0, wd))
    found.add(("date", day, None))
    return found


def _recur(first: Onset, patterns: set) -> dict | None:
    def preference(pattern):
        kind, day, _ = pattern
        ordinal = kind == "from" and day % 7 == 1
        return (not ordinal, kind != "last", kind != "from", day)

    kind, day, wd = min(patterns, key=preference)
    recur = {"FREQ": "YEARLY", "BYMONTH": [first.local.month]}
    if kind == "last":
        recur["BYDAY"] = [f"-1{WEEKDAYS[wd]}"]
    elif kind == "from" and day % 7 == 1:
        recur["BYDAY"] = [f"{day // 7 + 1}{WEEKDAYS[wd]}"]
    elif kind == "from":
        recur["BYDAY"] = [WEEKDAYS[wd]]
        recur["BYMONTHDAY"] = list(range(day, day + 7))
    else:
        recur["BYMONTHDAY"] = [day]
    return recur


def _expand(first: Onset, recur: dict) -> list[datetime]:
    """The rule's onsets up to LAST_YEAR, to check it against zoneinfo."""
    byday = None
    if "BYDAY" in recur:
        (text,) = recur["BYDAY"]
        n = int(text[:-2]) if len(text) > 2 else None
        byday = weekday(WEEKDAYS.index(text[-2:]), n)
    rule = rrule(
        YEARLY,
        dtstart=first.local,
        bymonth=recur["BYMONTH"],
        byweekday=byday,
        bymonthday=recur.get("BYMONTHDAY"),
        until=datetime(LAST_YEAR, 12, 31, 23, 59, 59),
    )
    return list(rule)


def _component(observance: Observance):
    onset = observance.onset
    component = TimezoneDaylight() if onset.daylight else TimezoneStandard()
    component.add("tzname", onset.name)
    component.add("tzoffsetfrom", onset.offset_from)
    component.add("tzoffsetto", onset.offset_to)
    component.add("dtstart", onset.local)
    if observance.recur:
        component.add("rrule", vRecur(observance.recur))
    else:
        component.add("rdate", onset.local)
    return component
