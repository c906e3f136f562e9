"""Dates, times and percentages in the reader's language, from CLDR via
Babel (clubs/dates.py). Each filter is named for what it shows:

    {{ occurrence.start|day_long }}        Tuesday, 5 January 2027
    {{ occurrence.start|day_long_time }}   Tuesday, 5 January 2027, 07:30
    {{ occurrence.start|time_of_day }}     07:30 · 7:30 (es) · 07.30 (id)
    {% meeting_time occurrence.start occurrence.end %}
                                           Tuesday, 5 January 2027, 07:30–08:30
    {{ 38|percent }}                       38% · 38 % (es, ru)

and one pair (`|<style>`, `|<style>_time`) for each style in
clubs.dates.DAY_STYLES: day, day_short, weekday_month, weekday_short,
weekday_short_year, day_month, day_month_short; month_year, month_short and
day_number show no time. Aware values are read on the current time zone,
so `{% timezone %}` and `|timezone:` work as with Django's `date` filter.
Machine formats stay on Django's filters: `|date:'c'`, `|date:'Y-m-d'`.
"""

from decimal import Decimal

from babel.numbers import format_percent
from django import template
from django.utils import translation

from clubs import dates

register = template.Library()

WITHOUT_TIME = {"month_year", "month_short", "day_number"}


def _day_filter(style: str):
    def day_filter(value) -> str:
        return dates.format_day(value, style)

    day_filter.__doc__ = f"The day in the {style!r} style of clubs.dates."
    return day_filter


def _moment_filter(style: str):
    def moment_filter(value) -> str:
        return dates.format_moment(value, style)

    moment_filter.__doc__ = f"The day in the {style!r} style, and the time."
    return moment_filter


for _style in dates.DAY_STYLES:
    register.filter(_style, _day_filter(_style))
    if _style not in WITHOUT_TIME:
        register.filter(f"{_style}_time", _moment_filter(_style))


@register.filter
def time_of_day(value) -> str:
    """The time on the locale's own clock."""
    return dates.format_time_of_day(value)


@register.simple_tag
def meeting_time(start, end, style: str = "day_long") -> str:
    """The day and the hours from start to end, in the locale's own form."""
    return dates.format_meeting_time(start, end, style)


@register.filter
def percent(value) -> str:
    """A whole-number percentage (38) as the language writes it: "38%",
    "38 %"; "" for none."""
    if value is None or value == "":
        return ""
    share = Decimal(value) / 100
    return format_percent(share, locale=dates.babel_locale(translation.get_language()))
