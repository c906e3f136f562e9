"""iCalendar (RFC 5545) builders: from meetings to bytes.

Times are written in the series' own zone (TZID) with a VTIMEZONE for every
zone used, so calendar apps keep 7:30 at 7:30 across daylight-saving changes.

Three kinds of calendar come out of here:
- one meeting (`occurrence_calendar`): the .ics download and emailed invites;
- a club's public feed (`club_feed`): one recurring event per series, with
  cancelled dates as EXDATE and changed dates as RECURRENCE-ID overrides;
- a member's private feed (`member_feed`): the meetings they hold a place at.

A meeting has one identity, `occurrence_uid`, in every calendar a person holds
it in on its own (invitations, updates, cancellations, the .ics file and the
member feed), and keeps it through moves, series edits and splits; only the
club feed writes meetings as instances of their series (see `occurrence_uid`).

Feeds read with a fixed number of queries, however many meetings they hold.

The parts, each importing only those after it: `feeds` (the club and member
feeds, their series events and overrides), `rules` (a series' RRULE, RDATE
and EXDATE, the rolling horizon and the split past MAX_EXDATES), `events`
(one meeting: UIDs, its VEVENT and calendar, the Google and webcal links),
`timezones` (the VTIMEZONE components every calendar gets) and `lines`
(events written straight to content lines, as icalendar writes them, for
feeds of hundreds of meetings). Import from the
package: the names below are its interface.
"""

from clubs.calendar.events import (
    google_calendar_url,
    occurrence_calendar,
    occurrence_description,
    occurrence_uid,
    outlook_calendar_url,
    webcal_url,
)
from clubs.calendar.feeds import club_feed, member_feed
from clubs.calendar.rules import FEED_HORIZON

__all__ = [
    "FEED_HORIZON",
    "club_feed",
    "google_calendar_url",
    "member_feed",
    "occurrence_calendar",
    "occurrence_description",
    "occurrence_uid",
    "outlook_calendar_url",
    "webcal_url",
]
