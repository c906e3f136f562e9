"""The period a report covers, and the filters that place rows in it.

A period is whole days in the club's time zone; the queries compare with the
instants [since, until) those days span."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.db.models import Q, QuerySet
from django.utils import timezone

from clubs.models import Attendance, Club, Occurrence, Referral

STATUS = Referral.Status
# Attending in person: a substitute filled the seat, but the member wasn't there.
CAME = (Attendance.Status.PRESENT, Attendance.Status.LATE)
PRESETS = ("this_quarter", "last_quarter", "last_12_months")


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


def preset_dates(preset: str, today: date) -> tuple[date, date]:
    """This quarter runs to today; last quarter is the whole previous one;
    the last 12 months are whole months, this one included, so the chart
    shows twelve comparable bars."""
    quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    if preset == "last_quarter":
        start = quarter - relativedelta(months=3)
        return start, quarter - timedelta(days=1)
    if preset == "last_12_months":
        return today.replace(day=1) - relativedelta(months=11), today
    return quarter, today


def period_for(club: Club, *, start: date, end: date) -> Period:
    zone = ZoneInfo(club.time_zone)
    return Period(
        start=start,
        end=end,
        since=datetime.combine(start, time.min, tzinfo=zone),
        until=datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
        zone=zone,
    )


def within(period: Period, when: str) -> Q:
    """`when` (a datetime field, through relations) falls in the period."""
    return Q(**{f"{when}__gte": period.since, f"{when}__lt": period.until})


def given_in(period: Period, prefix: str = "") -> Q:
    return within(period, f"{prefix}created_at")


def closed_in(period: Period, prefix: str = "", statuses=Referral.CLOSED) -> Q:
    return Q(**{f"{prefix}status__in": statuses}) & within(period, f"{prefix}closed_at")


def won_in(period: Period, prefix: str = "") -> Q:
    return closed_in(period, prefix, statuses=[STATUS.WON])


def came_to_meetings(club: Club, period: Period) -> QuerySet[Attendance]:
    """Everyone who came (present or late) to a meeting the club held in the
    period, members and guests alike: the size of the room."""
    return Attendance.objects.filter(
        ~Q(occurrence__status=Occurrence.Status.CANCELLED),
        within(period, "occurrence__start"),
        occurrence__series__club=club,
        status__in=CAME,
    )
