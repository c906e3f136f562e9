"""Dates and times written the way each language writes them, from CLDR via Babel.

The model is clubs/money.py: Babel formats in the active Django language (or
an explicit one), so "martes, 5 de enero de 2027", "вторник, 5 января
2027 г." and "Selasa, 05 Januari 2027" each come out with the reader's own
day and month names, word order, grammatical case and clock. Nothing here
is a format string picked by hand: each named style is a CLDR standard
format ("full", "long", "medium") or a CLDR skeleton ("MMMEd"), and the
locale's data decides the rest.

English uses the en_GB CLDR data: the site writes British English, and its
English pages have always shown a 24-hour clock ("Tuesday, 5 January 2027,
07:30"), which en_GB's data gives and plain "en" (US, "7:30 AM") does not.

Aware datetimes are first put on the current time zone the way Django's
own `date` filter does (`template_localtime`), so `{% timezone %}` blocks
and values already passed through `|timezone:` keep their wall clock. Python
callers that know the zone pass `time_zone=` instead. Machine formats (ISO
in CSV, ICS, JSON-LD, `<time datetime>`) do not belong here.
"""

from datetime import date, datetime, time, tzinfo
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_datetime_format,
    match_skeleton,
    tokenize_pattern,
    untokenize_pattern,
)
from django.utils import timezone, translation

# Each style: how one day is written. ("format", x) is a CLDR standard date
# format, ("skeleton", x) the locale's own pattern for those fields,
# ("pattern", x) a bare CLDR field for tiles.
DAY_STYLES: dict[str, tuple[str, str]] = {
    # Tuesday, 5 January 2027 · martes, 5 de enero de 2027 · вторник, 5 января 2027 г.
    "day_long": ("format", "full"),
    # 5 January 2027 · 5 de enero de 2027 · 5 января 2027 г.
    "day": ("format", "long"),
    # 5 Jan 2027 · 5 ene 2027 · 5 янв. 2027 г.
    "day_short": ("format", "medium"),
    # Tuesday 5 January · martes, 5 de enero · вторник, 5 января
    "weekday_month": ("skeleton", "MMMMEEEEd"),
    # Tue 5 Jan · mar, 5 ene · вт, 5 янв.: titles and tiles
    "weekday_short": ("skeleton", "MMMEd"),
    # Tue, 5 Jan 2027 · mar, 5 ene 2027 · вт, 5 янв. 2027 г.
    "weekday_short_year": ("skeleton", "yMMMEd"),
    # 5 January · 5 de enero · 5 января
    "day_month": ("skeleton", "MMMMd"),
    # 5 Jan · 5 ene · 5 янв.
    "day_month_short": ("skeleton", "MMMd"),
    # Jan 2027 · ene 2027 · янв. 2027 г.
    "month_year": ("skeleton", "yMMM"),
    # Jan · ene · янв.: the stand-alone form, for a date tile or a chart axis
    "month_short": ("pattern", "LLL"),
    # 5: the day of the month, for a date tile
    "day_number": ("pattern", "d"),
}

# Text fields (weekday, month) whose width a skeleton asks for, when the
# locale only has a pattern with a narrower one, are widened the way ICU's
# pattern generator does: Spanish has no "MMMMEEEEd", so its "MMMMEd"
# pattern "E, d 'de' MMMM" becomes "EEEE, d 'de' MMMM".
_TEXT_FIELDS = {"E": "E", "c": "E", "M": "M", "L": "M"}


@lru_cache(maxsize=16)
def babel_locale(language: str | None = None) -> Locale:
    """The CLDR locale for a Django language code; English is en_GB."""
    code = (language or "en").replace("-", "_")
    if code.lower() == "en":
        code = "en_GB"
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


def _locale(language: str | None) -> Locale:
    return babel_locale(language or translation.get_language())


def _local(value, time_zone: tzinfo | None):
    """An aware datetime on `time_zone`, else on the current zone unless it
    has already been put on one by `|timezone:`; dates and naive values as
    they are."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        if time_zone is not None:
            return value.astimezone(time_zone)
        return timezone.template_localtime(value)
    return value


@lru_cache(maxsize=128)
def _skeleton_pattern(skeleton: str, locale: Locale) -> str:
    """The locale's pattern for `skeleton`, its weekday and month widened to
    what the skeleton asks for when the locale only has a shorter one."""
    options = locale.datetime_skeletons
    matched = match_skeleton(skeleton, options) or match_skeleton(
        skeleton, options, allow_different_fields=True
    )
    wanted = {
        _TEXT_FIELDS.get(char, char): skeleton.count(char) for char in set(skeleton)
    }
    tokens = []
    for kind, value in tokenize_pattern(str(options[matched].pattern)):
        if kind == "field" and _is_text(*value):
            width = wanted.get(_TEXT_FIELDS[value[0]], value[1])
            value = (value[0], max(width, 3))
        tokens.append((kind, value))
    return untokenize_pattern(tokens)


def _is_text(field: str, width: int) -> bool:
    """A weekday or month written in letters (E is always; c, M, L from 3)."""
    return field == "E" or (field in _TEXT_FIELDS and width >= 3)


def _day(value, style: str, locale: Locale) -> str:
    kind, spec = DAY_STYLES[style]
    if kind == "format":
        return format_date(value, spec, locale=locale)
    if kind == "skeleton":
        if spec in locale.datetime_skeletons:
            return format_skeleton(spec, value, locale=locale)
        return format_date(value, _skeleton_pattern(spec, locale), locale=locale)
    return format_date(value, spec, locale=locale)


def _naive_wall_clock(value: datetime) -> datetime:
    # Babel would move an aware value to UTC; the value is already local.
    return value.replace(tzinfo=None)


def format_day(
    value: date | datetime | None,
    style: str = "day",
    *,
    language: str | None = None,
    time_zone: tzinfo | None = None,
) -> str:
    """The day of `value` in one of DAY_STYLES; "" for no value."""
    if not isinstance(value, date):
        return ""
    value = _local(value, time_zone)
    return _day(value, style, _locale(language))


def format_time_of_day(
    value: datetime | None,
    *,
    language: str | None = None,
    time_zone: tzinfo | None = None,
) -> str:
    """The time on the locale's own clock: 07:30 (en), 7:30 (es), 07.30 (id)."""
    if not isinstance(value, datetime):
        return ""
    value = _naive_wall_clock(_local(value, time_zone))
    return _time_of_day(value.time(), _locale(language))


@lru_cache(maxsize=1024)
def _time_of_day(at: time, locale: Locale) -> str:
    # A short time shows no date and, naive, no zone: one per clock time.
    # An agenda's items repeat the same few times in every feed.
    return format_time(datetime.combine(date(2000, 1, 1), at), "short", locale=locale)


def format_moment(
    value: datetime | None,
    style: str = "day",
    *,
    language: str | None = None,
    time_zone: tzinfo | None = None,
) -> str:
    """The day in `style` and the time, joined as the locale joins them:
    "Tuesday, 5 January 2027, 07:30", "Selasa, 05 Januari 2027 07.30"."""
    if not isinstance(value, datetime):
        return format_day(value, style, language=language)
    return _moment(_local(value, time_zone), style, _locale(language))


def format_hours(
    start: datetime,
    end: datetime,
    *,
    language: str | None = None,
    time_zone: tzinfo | None = None,
) -> str:
    """From start to end on the locale's clock: "18:00–19:00", "07.30–08.30",
    with the locale's own dash."""
    first, last = _local(start, time_zone), _local(end, time_zone)
    return _hours(first, last, _locale(language))


def format_meeting_time(
    start: datetime,
    end: datetime,
    style: str = "day_long",
    *,
    language: str | None = None,
    time_zone: tzinfo | None = None,
) -> str:
    """The day and the hours of a meeting: "Tuesday, 5 January 2027,
    07:30–08:30", "вторник, 5 января 2027 г., 07:30—08:30"."""
    if not (isinstance(start, datetime) and isinstance(end, datetime)):
        return format_moment(start, style, language=language, time_zone=time_zone)
    locale = _locale(language)
    first, last = _local(start, time_zone), _local(end, time_zone)
    if first.date() != last.date():  # past midnight: name both days
        fallback = str(locale.interval_formats[None])
        return fallback.replace("{0}", _moment(first, style, locale)).replace(
            "{1}", _moment(last, style, locale)
        )
    return _joined(_day(first, style, locale), _hours(first, last, locale), locale)


def _moment(local: datetime, style: str, locale: Locale) -> str:
    time = format_time(_naive_wall_clock(local), "short", locale=locale)
    return _joined(_day(local, style, locale), time, locale)


def _hours(first: datetime, last: datetime, locale: Locale) -> str:
    first, last = _naive_wall_clock(first), _naive_wall_clock(last)
    return format_interval(first, last, _clock_skeleton(locale), locale=locale)


def _clock_skeleton(locale: Locale) -> str:
    """ "Hm" where the locale's short time is a 24-hour clock, else "hm"."""
    return "Hm" if "H" in locale.time_formats["short"].pattern else "hm"


def _joined(day: str, time: str, locale: Locale) -> str:
    glue = str(get_datetime_format("medium", locale=locale))
    return glue.replace("{1}", day).replace("{0}", time)
