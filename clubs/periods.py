"""The period a report covers: whole days on a club's calendar.

A period is the days `start`..`end` in the club's time zone, which queries
compare with as the instants [since, until) those days span, so a day stays a
day across a daylight-saving change. The attendance and referral reports both
read theirs through `clubs.forms.periods.ReportPeriodForm`."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from clubs.models import Club

# The named periods a host can choose on the referral report.
PRESETS = ("this_quarter", "last_quarter", "last_12_months")
# The attendance report's default: the same day six months ago, to today.
SIX_MONTHS_TO_TODAY = "six_months_to_today"


@dataclass(frozen=True)
class Period:
    """Whole days `start`..`end` in the club's time zone, as the instants
    [since, until) that the queries compare with."""

    start: date
    end: date
    since: datetime
    until: datetime
    zone: ZoneInfo

    def months(self) -> list[date]:
        """The first day of every month the period touches, in order."""
        month, months = self.start.replace(day=1), []
        while month <= self.end:
            months.append(month)
            month += relativedelta(months=1)
        return months


def club_today(club: Club) -> date:
    return timezone.localdate(timezone=ZoneInfo(club.time_zone))


def period_for(club: Club, *, start: date, end: date) -> Period:
    zone = ZoneInfo(club.time_zone)
    return Period(
        start=start,
        end=end,
        since=datetime.combine(start, time.min, tzinfo=zone),
        until=datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
        zone=zone,
    )


def preset_dates(preset: str, today: date) -> tuple[date, date]:
    """This quarter runs to today; last quarter is the whole previous one;
    the last 12 months are whole months, this one included, so the chart
    shows twelve comparable bars. Any other name is this quarter."""
    quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    if preset == "last_quarter":
        start = quarter - relativedelta(months=3)
        return start, quarter - timedelta(days=1)
    if preset == "last_12_months":
        return today.replace(day=1) - relativedelta(months=11), today
    if preset == SIX_MONTHS_TO_TODAY:
        return today - relativedelta(months=6), today
    return quarter, today
