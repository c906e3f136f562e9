"""Template helpers for meeting pages: short titles, map links and the
initials shown for people without a photo."""

from zoneinfo import ZoneInfo

from django import template
from django.utils.text import Truncator

from clubs import dates, links
from clubs.models import Occurrence

register = template.Library()

# Search results and browser tabs cut titles past about 60 characters.
TITLE_LENGTH = 60
SEPARATOR = " · "


@register.simple_tag
def meeting_title(occurrence: Occurrence, prefix: str = "") -> str:
    """ "Tue 5 Jan · Networking breakfast · Northside Breakfast", shortened to
    fit 60 characters: the club's name goes first, then the series' title is
    cut. The date is in the series' own zone and the reader's language
    ("вт, 5 янв.")."""
    series = occurrence.series
    zone = ZoneInfo(series.time_zone)
    head = [str(prefix)] if prefix else []
    head.append(dates.format_day(occurrence.start, "weekday_short", time_zone=zone))
    full = SEPARATOR.join([*head, series.title, series.club.name])
    if len(full) <= TITLE_LENGTH:
        return full
    start = SEPARATOR.join(head) + SEPARATOR
    room = TITLE_LENGTH - len(start)
    return start + Truncator(series.title).chars(room)


@register.filter
def map_url(address: str) -> str:
    return links.map_url(address)


@register.filter
def initials(name: str) -> str:
    """ "Dana Whitlock" → "DW": the face of someone without a photo."""
    words = [word for word in str(name).split() if word[:1].isalpha()]
    if not words:
        return "?"
    picked = words[:1] + words[1:][-1:]
    return "".join(word[0] for word in picked).upper()


@register.filter
def first_name(name: str) -> str:
    """A guest's first name: enough for members to greet them, no more."""
    words = str(name).split()
    return words[0] if words else ""
