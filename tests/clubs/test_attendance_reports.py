"""Reading attendance back: the club report, its CSV, absence flags, and a
member's own history."""

import csv
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from clubs.selectors.attendance import (
    AttendanceCounts,
    club_absence_flags,
)
from clubs.services.attendance import attendance_add_walk_in, attendance_mark
from tests.builders import (
    make_club,
    make_membership,
    make_registration,
    make_series,
    make_user,
    weekly,
)

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")

# Four weekly meetings; each member's marks, in order ("" = no mark).
MARKS = {
    "Ana": ["present", "late", "substitute", "excused"],  # 3 attended, 0 absent
    "Ben": ["absent", "absent", "present", "present"],  # 2 attended, 2 absent
    "Cat": ["absent", "excused", "", ""],  # 0 attended, 1 absent
}


@pytest.fixture
def club(host):
    club = make_club(slug="breakfast", absence_limit=1, absence_window_months=3)
    make_membership(club, host, role="organizer")
    return club


def meetings(club, count=4):
    series = make_series(club, recurrence=weekly())
    return list(series.occurrences.order_by("start")[:count])


def take_attendance(club, host, marks, occurrences):
    """Register each member for every meeting and mark them as `marks` says."""
    people = {}
    for first_name, statuses in marks.items():
        person = make_user(first_name=first_name, last_name="Member")
        make_membership(club, person)
        people[first_name] = person
        for occurrence, status in zip(occurrences, statuses, strict=True):
            registration = make_registration(occurrence, person)
            if status:
                attendance_mark(
                    occurrence=occurrence,
                    registration=registration,
                    status=status,
                    substitute_name="Sam Stand-in" if status == "substitute" else "",
                    by=host,
                )
    return people


@pytest.fixture
def recorded(club, host, time_machine):
    """The four meetings with everyone's marks, a guest who came and a
    walk-in at the first, seen from six days after the last meeting."""
    occurrences = meetings(club)
    people = take_attendance(club, host, MARKS, occurrences)
    guest = make_registration(occurrences[0], name="Gus Guest", email="gus@example.com")
    attendance_mark(
        occurrence=occurrences[0], registration=guest, status="present", by=host
    )
    attendance_add_walk_in(occurrence=occurrences[0], name="Walt Walker", by=host)
    left = make_user(first_name="Lou", last_name="Left")
    make_membership(club, left, status="left")
    time_machine.move_to(occurrences[-1].start + timedelta(days=6), tick=False)
    return occurrences, people


def report_url(club, name="club_attendance_report"):
    return reverse(name, kwargs={"slug": club.slug})


def test_the_rate_counts_attended_over_attended_and_absent():
    assert AttendanceCounts(attended=3, absent=1, excused=5).rate == 0.75
    assert AttendanceCounts(attended=0, absent=2).rate_percent == 0
    assert AttendanceCounts(excused=2).rate is None


def test_the_report_shows_each_member_and_each_meeting(client, club, host, recorded):
    client.force_login(host)

    page = client.get(report_url(club)).content.decode()

    report = client.get(report_url(club)).context["report"]
    rows = {str(row.person): row.counts for row in report.members}
    assert rows["Ana Member"] == AttendanceCounts(
        attended=3, late=1, substitute=1, absent=0, excused=1
    )
    assert rows["Ben Member"].rate_percent == 50
    assert rows["Cat Member"].rate_percent == 0
    assert rows["Hana Host"].rate is None
    assert "Lou Left" not in rows
    first = report.occurrences[0]
    assert (first.confirmed_count, first.attended, first.walk_ins) == (4, 3, 1)
    assert len(report.occurrences) == 4
    assert "100%" in page and "50%" in page
    assert "excused counts neither way" in page


def test_a_chosen_period_limits_the_meetings(client, club, host, recorded):
    occurrences, _ = recorded
    client.force_login(host)
    third = occurrences[2].start.astimezone(CHICAGO).date()

    response = client.get(report_url(club), {"start": third, "end": third})

    report = response.context["report"]
    assert [o.pk for o in report.occurrences] == [occurrences[2].pk]
    ana = next(row for row in report.members if row.person.first_name == "Ana")
    assert ana.counts == AttendanceCounts(attended=1, substitute=1)


def test_a_period_that_ends_before_it_starts_is_refused(client, club, host):
    client.force_login(host)

    response = client.get(
        report_url(club), {"start": "2025-05-01", "end": "2025-01-01"}
    )
    csv_response = client.get(
        report_url(club, "club_attendance_csv"),
        {"start": "2025-05-01", "end": "2025-01-01"},
    )

    assert response.status_code == 400
    assert "The period must start before it ends." in response.content.decode()
    assert csv_response.status_code == 400


def test_the_csv_has_a_header_then_a_row_per_member_and_per_meeting(
    client, club, host, recorded
):
    occurrences, people = recorded
    client.force_login(host)

    response = client.get(report_url(club, "club_attendance_csv"))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "section",
        "date",
        "meeting",
        "name",
        "email",
        "registered",
        "attended",
        "late",
        "substitute",
        "absent",
        "excused",
        "walk_ins",
        "rate_percent",
    ]
    members = [row for row in rows if row[0] == "member"]
    assert [row[3] for row in members] == [
        "Ana Member",
        "Ben Member",
        "Cat Member",
        "Hana Host",
    ]
    ben = people["Ben"]
    assert ["member", "", "", "Ben Member", ben.email, "", "2", "0", "0", "2", "0"] == (
        members[1][:11]
    )
    assert members[1][12] == "50"
    assert members[3][12] == ""  # no marks, no rate
    meetings_rows = [row for row in rows if row[0] == "meeting"]
    assert [row[1] for row in meetings_rows] == [
        o.start.astimezone(CHICAGO).date().isoformat() for o in occurrences
    ]
    assert meetings_rows[0][2] == "Networking breakfast"
    assert meetings_rows[0][5:12] == ["4", "3", "0", "0", "2", "0", "1"]
    assert len(rows) == 1 + 4 + 4


def test_names_cannot_smuggle_spreadsheet_formulas_into_the_csv(
    client, club, host, time_machine
):
    (occurrence,) = meetings(club, count=1)
    person = make_user(first_name="=HYPERLINK(1)", last_name="x")
    make_membership(club, person)
    time_machine.move_to(occurrence.start + timedelta(days=1), tick=False)
    client.force_login(host)

    content = client.get(report_url(club, "club_attendance_csv")).content.decode()

    assert "'=HYPERLINK(1) x" in content


def test_the_absence_policy_flags_exactly_the_members_over_the_limit(
    client, club, host, recorded
):
    client.force_login(host)

    flagged = club_absence_flags(club=club)
    page = client.get(report_url(club)).content.decode()

    # Ben has 2 absences (over the limit of 1); Cat has 1 absence and 1 excused.
    assert [(str(p), p.absences) for p in flagged] == [("Ben Member", 2)]
    assert "<strong>Ben Member</strong>: 2 absences" in page


def test_absences_older_than_the_window_are_forgotten(club, host, time_machine):
    club.absence_window_months = 1
    club.save()
    occurrences = meetings(club, count=2)
    take_attendance(club, host, {"Ben": ["absent", "absent"]}, occurrences)

    time_machine.move_to(occurrences[1].start + timedelta(days=20), tick=False)
    assert [p.first_name for p in club_absence_flags(club=club)] == ["Ben"]
    time_machine.move_to(occurrences[0].start + timedelta(days=40), tick=False)
    assert club_absence_flags(club=club) == []


def test_a_club_without_a_limit_flags_nobody(client, club, host, recorded):
    club.absence_limit = None
    club.save()
    client.force_login(host)

    page = client.get(report_url(club)).content.decode()

    assert club_absence_flags(club=club) == []
    assert "This club sets no absence limit." in page


def test_a_member_sees_only_their_own_history_and_rate(client, recorded):
    occurrences, people = recorded
    client.force_login(people["Ben"])

    response = client.get(reverse("my_attendance"))

    page = response.content.decode()
    history = list(response.context["history"])
    assert [a.occurrence for a in history] == occurrences[::-1]
    assert {a.person for a in history} == {people["Ben"]}
    assert [a.status for a in history] == ["present", "present", "absent", "absent"]
    assert (
        "Your attendance rate is 50 %: you attended 2 of the 4 meetings that count."
        in page
    )
    assert "Sam Stand-in" not in page  # Ana's substitute is Ana's business


def test_a_member_with_no_marks_sees_no_rate(client):
    client.force_login(make_user())

    page = client.get(reverse("my_attendance")).content.decode()

    assert "No attendance rate yet" in page


def test_the_report_needs_the_same_queries_for_small_and_large_clubs(
    client, host, time_machine, django_assert_max_num_queries
):
    small, large = make_club(absence_limit=0), make_club(absence_limit=0)
    size = {small: (1, 2), large: (8, 6)}  # (members, meetings)
    for club, (members, count) in size.items():
        make_membership(club, host, role="organizer")
        marks = {f"M{n}": ["absent", "present"] * (count // 2) for n in range(members)}
        held = meetings(club, count=count)
        take_attendance(club, host, marks, held)
    time_machine.move_to(held[-1].start + timedelta(days=1), tick=False)
    client.force_login(host)

    for name in ("club_attendance_report", "club_attendance_csv"):
        with django_assert_max_num_queries(12) as queries:
            client.get(report_url(small, name))
        with django_assert_max_num_queries(len(queries)):
            response = client.get(report_url(large, name))
        assert response.status_code == 200
    assert len(response.content.decode().splitlines()) == 1 + 9 + 6
