"""The filters that place rows in a report's period (`clubs.periods.Period`:
whole days in the club's time zone, compared as the instants [since, until)
those days span)."""

from django.db.models import Q, QuerySet

from clubs.models import Attendance, Club, Occurrence, Referral
from clubs.periods import Period

STATUS = Referral.Status
# Attending in person: a substitute filled the seat, but the member wasn't there.
CAME = (Attendance.Status.PRESENT, Attendance.Status.LATE)


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
