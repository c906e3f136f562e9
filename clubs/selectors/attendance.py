"""Attendance reads: the door sheet, a member's history, rates and the club report.

**Attendance rate.** Of the meetings where a person has a mark, the share they
attended: present, late and substitute count as attended (the seat was
filled), absent counts against them, and excused counts neither way. So

    rate = attended / (attended + absent)

and a person with no such marks has no rate (shown as a dash), not 0 %.
Meetings that were cancelled are left out of every count. Every count here is
an aggregate in SQL, so the number of queries never grows with the number of
members, meetings or registrations.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone

from clubs.models import Attendance, Club, Occurrence, Registration, User
from clubs.periods import Period
from clubs.selectors.clubs import active_members
from clubs.tokens import CHECK_IN_SALT, registration_pk_from_token

STATUS = Attendance.Status


@dataclass(frozen=True)
class AttendanceCounts:
    attended: int = 0
    late: int = 0
    substitute: int = 0
    absent: int = 0
    excused: int = 0

    @property
    def marked(self) -> int:
        return self.attended + self.absent + self.excused

    @property
    def rate(self) -> float | None:
        """attended / (attended + absent); None when there is nothing to rate."""
        counted = self.attended + self.absent
        return self.attended / counted if counted else None

    @property
    def rate_percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


@dataclass(frozen=True)
class MemberAttendance:
    person: User
    counts: AttendanceCounts


@dataclass(frozen=True)
class ClubAttendanceReport:
    club: Club
    start: date
    end: date
    members: list[MemberAttendance]
    occurrences: list[Occurrence]
    flagged: list[User]
    absence_since: datetime | None = None


@dataclass(frozen=True)
class AttendanceSheet:
    """The host's list at the door: registrations (confirmed first, then the
    waitlist, each in the order they registered) with their marks, walk-ins,
    and the counts shown at the top."""

    registrations: list[Registration]
    walk_ins: list[Attendance]
    registered: int
    waitlisted: int
    checked_in: int
    counts: AttendanceCounts = field(default_factory=AttendanceCounts)


def _counts(prefix: str = "", where: Q | None = None) -> dict[str, Count]:
    """Aggregates of attendance rows by mark, for `.annotate()` (with the path
    to the attendance relation as `prefix`) or `.aggregate()` (no prefix)."""
    where = where or Q()
    target = prefix.rstrip("_") or "pk"
    status = f"{prefix}status"
    return {
        "attended": Count(
            target, filter=where & Q(**{f"{status}__in": Attendance.ATTENDED})
        ),
        "late": Count(target, filter=where & Q(**{status: STATUS.LATE})),
        "substitute": Count(target, filter=where & Q(**{status: STATUS.SUBSTITUTE})),
        "absent": Count(target, filter=where & Q(**{status: STATUS.ABSENT})),
        "excused": Count(target, filter=where & Q(**{status: STATUS.EXCUSED})),
    }


def _counts_of(row) -> AttendanceCounts:
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return AttendanceCounts(
        **{name: get(name) or 0 for name in AttendanceCounts.__dataclass_fields__}
    )


def _held(prefix: str = "") -> Q:
    """Meetings that took place: cancelled ones are out of every count."""
    return ~Q(**{f"{prefix}status": Occurrence.Status.CANCELLED})


# --- The door -----------------------------------------------------------------


def occurrence_attendance_sheet(*, occurrence: Occurrence) -> AttendanceSheet:
    registrations = list(
        occurrence.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("person", "attendance")
        .order_by(
            Case(
                When(status=Registration.Status.CONFIRMED, then=Value(0)),
                default=Value(1),
            ),
            "created_at",
            "pk",
        )
    )
    walk_ins = list(
        occurrence.attendance.filter(registration=None).order_by(
            F("checked_in_at").asc(nulls_last=True), "name", "pk"
        )
    )
    counts = _counts_of(occurrence.attendance.aggregate(**_counts()))
    waitlisted = sum(r.status == Registration.Status.WAITLISTED for r in registrations)
    return AttendanceSheet(
        registrations=registrations,
        walk_ins=walk_ins,
        registered=len(registrations) - waitlisted,
        waitlisted=waitlisted,
        checked_in=counts.attended,
        counts=counts,
    )


def registration_for_check_in(token: str) -> Registration | None:
    """The registration a QR code names, with its meeting and mark; None when
    the token is forged, the registration is gone, or its person's data was
    erased."""
    pk = registration_pk_from_token(token, salt=CHECK_IN_SALT)
    if pk is None:
        return None
    return (
        Registration.objects.select_related("occurrence__series__club", "attendance")
        .filter(pk=pk, erased_at__isnull=True)
        .first()
    )


def registration_attendance(registration: Registration) -> Attendance | None:
    """The registration's mark, read from what `select_related` fetched."""
    try:
        return registration.attendance
    except Attendance.DoesNotExist:
        return None


# --- A member's own record -----------------------------------------------------


def person_attendance_history(*, person: User) -> QuerySet[Attendance]:
    """Every meeting the person has a mark for, newest first."""
    return (
        Attendance.objects.filter(_held("occurrence__"), person=person)
        .select_related("occurrence__series__club")
        .order_by("-occurrence__start")
    )


def person_attendance_counts(*, person: User) -> AttendanceCounts:
    return _counts_of(
        Attendance.objects.filter(_held("occurrence__"), person=person).aggregate(
            **_counts()
        )
    )


# --- The club report ----------------------------------------------------------


def attendance_report(*, club: Club, period: Period) -> ClubAttendanceReport:
    """The meetings held in the period, but never past now: the report is
    about meetings that took place, and one later today has nothing to report
    yet."""
    since, until = period.since, min(period.until, timezone.now())
    return ClubAttendanceReport(
        club=club,
        start=period.start,
        end=period.end,
        members=club_attendance_by_member(club=club, since=since, until=until),
        occurrences=list(
            club_attendance_by_occurrence(club=club, since=since, until=until)
        ),
        flagged=club_absence_flags(club=club),
        absence_since=absence_window_start(club),
    )


def club_attendance_by_member(
    *, club: Club, since: datetime, until: datetime
) -> list[MemberAttendance]:
    """Each active member's counts and rate over meetings starting in
    [since, until), in one query."""
    in_period = _held("attendance__occurrence__") & Q(
        attendance__occurrence__series__club=club,
        attendance__occurrence__start__gte=since,
        attendance__occurrence__start__lt=until,
    )
    members = active_members(club).annotate(**_counts("attendance__", in_period))
    return [MemberAttendance(person=m, counts=_counts_of(m)) for m in members]


def club_attendance_by_occurrence(
    *, club: Club, since: datetime, until: datetime
) -> QuerySet[Occurrence]:
    """Meetings held in [since, until), oldest first, with `confirmed_count`
    (registered) and the counts of each mark, plus `walk_ins`."""
    return (
        Occurrence.objects.filter(
            _held(), series__club=club, start__gte=since, start__lt=until
        )
        .select_related("series")
        .annotate(
            **_counts("attendance__"),
            walk_ins=Count("attendance", filter=Q(attendance__registration=None)),
        )
        .order_by("start")
    )


def absence_window_start(club: Club, now: datetime | None = None) -> datetime | None:
    if club.absence_limit is None:
        return None
    return (now or timezone.now()) - relativedelta(months=club.absence_window_months)


def club_absence_flags(*, club: Club, now: datetime | None = None) -> list[User]:
    """Active members with more than `absence_limit` absences in the meetings
    of the last `absence_window_months` (excused absences don't count).
    Each carries `absences`. Empty when the club sets no limit."""
    now = now or timezone.now()
    since = absence_window_start(club, now)
    if since is None:
        return []
    in_window = _held("attendance__occurrence__") & Q(
        attendance__status=STATUS.ABSENT,
        attendance__occurrence__series__club=club,
        attendance__occurrence__start__gte=since,
        attendance__occurrence__start__lte=now,
    )
    return list(
        active_members(club)
        .annotate(absences=Count("attendance", filter=in_window))
        .filter(absences__gt=club.absence_limit)
        .order_by("-absences", "first_name", "last_name")
    )


# --- The club report as CSV ---------------------------------------------------

# attended, late, substitute, absent, excused: named and ordered as the counts.
COUNT_COLUMNS = list(AttendanceCounts.__dataclass_fields__)
CSV_HEADER = (
    ["section", "date", "meeting", "name", "email", "registered"]
    + COUNT_COLUMNS
    + ["walk_ins", "rate_percent"]
)


def attendance_report_rows(report: ClubAttendanceReport) -> list[list]:
    """One table, one header: a `member` row per active member, then a
    `meeting` row per meeting held (dated in the club's time zone). Columns
    that don't apply to a section are left empty, so a spreadsheet can filter
    on `section` and sum any count column. Names are as typed: write the rows
    with `clubs.spreadsheets.csv_writer`."""
    zone = ZoneInfo(report.club.time_zone)
    rows: list[list] = [CSV_HEADER]
    for row in report.members:
        person, counts = row.person, row.counts
        rows.append(
            ["member", "", "", str(person), person.email, ""]
            + _count_cells(counts)
            + ["", _blank_if_none(counts.rate_percent)]
        )
    for occurrence in report.occurrences:
        counts = _counts_of(occurrence)
        rows.append(
            ["meeting", occurrence.start.astimezone(zone).date().isoformat()]
            + [occurrence.series.title, "", "", occurrence.confirmed_count]
            + _count_cells(counts)
            + [occurrence.walk_ins, _blank_if_none(counts.rate_percent)]
        )
    return rows


def _count_cells(counts: AttendanceCounts) -> list[int]:
    return [getattr(counts, column) for column in COUNT_COLUMNS]


def _blank_if_none(value):
    return "" if value is None else value
