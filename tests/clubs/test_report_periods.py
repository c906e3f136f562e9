"""Choosing a report's period: one form and one period for the attendance
and referral reports, and no input that makes either answer 500."""

import dataclasses
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict
from django.urls import reverse

from clubs.forms.periods import ReportPeriodForm
from clubs.periods import PRESETS, SIX_MONTHS_TO_TODAY, period_for
from tests.builders import make_club, make_membership, make_user

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 5, 20, 12, 0, tzinfo=CHICAGO)
PAGES = ("club_attendance_report", "club_referrals_report")
CSVS = ("club_attendance_csv", "club_referrals_csv")


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def club():
    return make_club(slug="breakfast")


@pytest.fixture
def host_client(client, club):
    return signed_in_host(client, club)


def signed_in_host(client, club):
    host = make_user()
    make_membership(club, host, role="organizer")
    client.force_login(host)
    return client


def url(club, name):
    return reverse(name, kwargs={"slug": club.slug})


def custom(query: dict, name: str) -> dict:
    """The referral report reads dates only for "The dates below"."""
    return {"period": "custom", **query} if "referrals" in name else query


# --- One form, one period ------------------------------------------------------


def test_both_reports_read_one_period_with_their_own_default(host_client, club):
    attendance = host_client.get(url(club, "club_attendance_report")).context
    referrals = host_client.get(url(club, "club_referrals_report")).context

    assert isinstance(attendance["form"], ReportPeriodForm)
    assert isinstance(referrals["form"], ReportPeriodForm)
    report = attendance["report"]
    assert (report.start, report.end) == (date(2025, 11, 20), date(2026, 5, 20))
    assert referrals["report"].period == period_for(
        club, start=date(2026, 4, 1), end=date(2026, 5, 20)
    )


def test_a_period_is_frozen_whole_days_in_the_clubs_zone(club):
    form = ReportPeriodForm(
        QueryDict("start=2026-03-01&end=2026-03-31"),
        club=club,
        default=SIX_MONTHS_TO_TODAY,
    )

    period = form.period()

    assert (period.start, period.end, period.zone) == (
        date(2026, 3, 1),
        date(2026, 3, 31),
        CHICAGO,
    )
    assert period.since == datetime(2026, 3, 1, tzinfo=CHICAGO)
    assert period.until == datetime(2026, 4, 1, tzinfo=CHICAGO)
    with pytest.raises(dataclasses.FrozenInstanceError):
        period.end = date(2026, 4, 30)


def test_presets_fill_in_the_dates_and_custom_reads_them(club):
    def chosen(query):
        form = ReportPeriodForm(
            QueryDict(query), club=club, default="this_quarter", presets=PRESETS
        )
        return form.period().start, form.period().end

    assert chosen("") == (date(2026, 4, 1), date(2026, 5, 20))
    assert chosen("period=last_quarter&start=2020-01-01") == (
        date(2026, 1, 1),
        date(2026, 3, 31),
    )
    assert chosen("period=custom&start=2026-02-01&end=2026-02-28") == (
        date(2026, 2, 1),
        date(2026, 2, 28),
    )


def test_a_wrong_period_falls_back_to_the_default_and_says_why(club):
    form = ReportPeriodForm(
        QueryDict("end=9999-12-30"), club=club, default=SIX_MONTHS_TO_TODAY
    )

    period = form.period()

    assert (period.start, period.end) == (date(2025, 11, 20), date(2026, 5, 20))
    assert form.refusal() == "Choose a period of five years or less."


# --- Wrong input: a reason beside the form, never a 500 -------------------------


@pytest.mark.parametrize("name", PAGES + CSVS)
@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"start": "2026-05-01", "end": "9999-12-30"}, "five years or less"),
        ({"start": "9999-12-01", "end": "9999-12-30"}, "between"),
        ({"start": "9999-12-31", "end": "9999-12-31"}, "between"),
        ({"start": "0001-01-01", "end": "0001-01-31"}, "between"),
        ({"start": "2026-05-01", "end": "2026-01-01"}, "start before it ends"),
        ({"start": "garbage", "end": "2026-05-01"}, "Enter a valid date"),
        ({"start": "2026-05-01", "end": "10000-01-01"}, "Enter a valid date"),
    ],
)
def test_a_wrong_period_is_refused_with_a_reason(
    host_client, club, name, query, reason
):
    response = host_client.get(url(club, name), custom(query, name))

    assert response.status_code == 400
    if name in PAGES:
        assert reason in response.content.decode()
        assert response.context["form"].errors


@pytest.mark.parametrize(
    ("name", "status", "shown"),
    [
        ("club_attendance_report", 400, "Choose a period of five years or less."),
        ("club_attendance_csv", 400, "Choose a period of five years or less."),
        # The referral report reads dates only for "The dates below".
        ("club_referrals_report", 200, 'name="start" value="2026-04-01"'),
        ("club_referrals_csv", 200, "breakfast-2026-04-01-to-2026-05-20.csv"),
        ("club_referrals_graph", 200, "breakfast-2026-04-01-to-2026-05-20.svg"),
    ],
)
def test_an_end_in_9999_gives_a_reason_or_the_default_period(
    host_client, club, name, status, shown
):
    response = host_client.get(url(club, name), {"end": "9999-12-30"})

    assert response.status_code == status
    assert shown in response.content.decode() + response.get("Content-Disposition", "")


def test_a_club_east_of_greenwich_can_ask_for_the_first_day_allowed(client):
    tokyo = make_club(slug="tokyo", time_zone="Asia/Tokyo")
    signed_in_host(client, tokyo)

    for name in PAGES + CSVS:
        query = custom({"start": "1900-01-01", "end": "1900-01-31"}, name)

        assert client.get(url(tokyo, name), query).status_code == 200


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("club_attendance_csv", b"Check the dates."),
        ("club_referrals_csv", b"Check the period."),
    ],
)
def test_a_csv_refused_for_a_field_says_what_to_check(host_client, club, name, message):
    query = custom({"start": "garbage", "end": "2026-05-01"}, name)
    if name == "club_referrals_csv":
        query = {"period": "bogus"}

    response = host_client.get(url(club, name), query)

    assert response.status_code == 400
    assert response.content == message
