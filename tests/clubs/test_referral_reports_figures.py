"""The figures of the hosts' referral report: periods, champions,
conversion, time to first contact, money per currency, the members who never
refer, and the club totals everyone sees."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from clubs.models import Attendance
from clubs.selectors import referral_reports as reports
from tests.builders import make_membership, make_user
from tests.clubs.report_builders import at, give, mark, meeting, url, won

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


@pytest.fixture
def club(hosted_club):
    return hosted_club


# --- Periods ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preset", "today", "expected"),
    [
        ("this_quarter", date(2026, 5, 20), (date(2026, 4, 1), date(2026, 5, 20))),
        ("last_quarter", date(2026, 5, 20), (date(2026, 1, 1), date(2026, 3, 31))),
        ("last_quarter", date(2026, 2, 3), (date(2025, 10, 1), date(2025, 12, 31))),
        ("last_12_months", date(2026, 5, 20), (date(2025, 6, 1), date(2026, 5, 20))),
    ],
)
def test_presets_are_calendar_quarters_and_twelve_whole_months(preset, today, expected):
    assert reports.preset_dates(preset, today) == expected


def test_a_period_is_whole_days_in_the_clubs_time_zone(club):
    period = reports.period_for(club, start=date(2026, 3, 1), end=date(2026, 3, 31))

    assert period.since == at(3, 1, 0)
    assert period.until == at(4, 1, 0)  # across the DST change of 8 March
    assert period.months() == [date(2026, 3, 1)]


# --- Champions ----------------------------------------------------------------


def test_champions_rank_by_referrals_given_and_ties_share_a_rank(club, people, period):
    ana, ben, cat, dan, eve = people.values()
    for giver, count in [(ben, 2), (ana, 3), (cat, 2)]:
        for n in range(count):
            give(club, giver, dan, on=at(4, 2 + n))
    give(club, eve, dan, on=at(3, 2))  # last quarter: not counted
    won(club, eve, dan, on=at(3, 20), value="900", closed_at=at(4, 5))

    board = reports.champions_leaderboard(
        club=club, period=period, rank_by="given", currencies=["USD"]
    )

    assert [(c.person.first_name, c.given, c.rank) for c in board] == [
        ("Ana", 3, 1),
        ("Ben", 2, 2),
        ("Cat", 2, 2),
        ("Eve", 0, None),  # won a deal in the period, gave none in it
    ]
    assert board[3].won == 1


def test_champions_rank_by_won_and_by_value_in_one_currency(club, people, period):
    ana, ben, cat, dan, _ = people.values()
    won(club, ana, dan, on=at(4, 2), value="100")
    won(club, ana, dan, on=at(4, 3), value="150")
    won(club, ben, dan, on=at(4, 4), value="5000")
    won(club, cat, dan, on=at(4, 5), value="9000", currency="EUR")
    currencies = reports.club_currencies(club)

    by_won = reports.champions_leaderboard(
        club=club, period=period, rank_by="won", currencies=currencies
    )
    by_dollars = reports.champions_leaderboard(
        club=club, period=period, rank_by="value:USD", currencies=currencies
    )

    assert currencies == ["EUR", "USD"]
    assert [(c.person.first_name, c.rank) for c in by_won] == [
        ("Ana", 1),
        ("Ben", 2),
        ("Cat", 2),
    ]
    assert [(c.person.first_name, c.rank) for c in by_dollars] == [
        ("Ben", 1),
        ("Ana", 2),
        ("Cat", None),  # nothing in dollars
    ]
    assert by_dollars[1].value_closed == [reports.Money("USD", Decimal("250.00"))]
    assert by_dollars[2].value_closed == [reports.Money("EUR", Decimal("9000.00"))]


def test_visitors_brought_count_guests_who_came_and_show_only_when_any(
    client, club, host, people, period
):
    from clubs.models import Registration

    ana = people["Ana"]
    give(club, ana, people["Ben"], on=at(4, 2))
    client.force_login(host)
    assert "Visitors brought</th>" not in client.get(url(club)).content.decode()

    occurrence = meeting(club, at(4, 7, 7))
    for n, status in enumerate(["present", "absent"]):
        registration = Registration.objects.create(
            occurrence=occurrence,
            name=f"Guest {n}",
            email=f"guest{n}@example.net",
            invited_by=ana,
            status="confirmed",
        )
        Attendance.objects.create(
            occurrence=occurrence,
            registration=registration,
            name=registration.name,
            status=status,
        )

    board = reports.champions_leaderboard(
        club=club, period=period, rank_by="visitors", currencies=[]
    )
    page = client.get(url(club)).content.decode()

    assert [(c.person.pk, c.visitors, c.rank) for c in board] == [(ana.pk, 1, 1)]
    assert "Visitors brought</th>" in page


# --- Summary and months -------------------------------------------------------


def test_conversion_is_won_over_referrals_closed_in_the_period(club, people, period):
    ana, ben, *_ = people.values()
    won(club, ana, ben, on=at(4, 2), value="10")
    won(club, ana, ben, on=at(4, 3), value="10")
    give(club, ana, ben, on=at(4, 4), status="lost")
    give(club, ana, ben, on=at(4, 5), status="not_fit")
    give(club, ana, ben, on=at(4, 6))  # open: counts neither way
    give(club, ana, ben, on=at(4, 7), status="meeting")
    give(club, ana, ben, on=at(1, 7), status="lost")  # closed last quarter
    give(club, ana, on=at(4, 8))  # to a partner business

    summary = reports.referral_summary(club=club, period=period)

    assert (summary.given, summary.closed, summary.won) == (7, 4, 2)
    assert summary.conversion_percent == 50
    assert (summary.still_open, summary.to_partners) == (3, 1)


def test_no_closed_referrals_means_no_conversion_rate(club, people, period):
    give(club, people["Ana"], people["Ben"], on=at(4, 2))

    assert reports.referral_summary(club=club, period=period).conversion_percent is None


@pytest.mark.parametrize(
    ("delays", "median"),
    [([1, 3, 10, 100], 6.5), ([2, 30, 4], 4), ([7], 7), ([], None)],
)
def test_time_to_first_contact_is_the_median_delay(
    club, people, period, delays, median
):
    ana, ben, *_ = people.values()
    for n, hours in enumerate(delays):
        given = at(4, 2 + n)
        give(
            club,
            ana,
            ben,
            on=given,
            status="contacted",
            first_contacted_at=given + timedelta(hours=hours),
        )
    give(club, ana, ben, on=at(4, 20))  # not contacted yet: left out

    summary = reports.referral_summary(club=club, period=period)

    assert summary.contacted == len(delays)
    expected = None if median is None else timedelta(hours=median)
    assert summary.median_first_contact == expected


def test_months_count_given_won_value_per_currency_and_attendance(club, people, period):
    ana, ben, cat, *_ = people.values()
    give(club, ana, ben, on=at(4, 1, 0))  # first hour of April, Chicago time
    won(club, ana, ben, on=at(3, 28), value="100.50", closed_at=at(4, 30, 23))
    won(club, ana, cat, on=at(5, 2), value="200", closed_at=at(5, 3))
    won(club, ben, cat, on=at(5, 2), value="70", currency="EUR", closed_at=at(5, 4))
    april = meeting(club, at(4, 7, 7))
    cancelled = meeting(club, at(5, 5, 7), cancelled=True)
    for person, status in [(ana, "present"), (ben, "late"), (cat, "substitute")]:
        mark(april, person, status)
    mark(cancelled, ana)

    months = reports.referrals_by_month(club=club, period=period)

    assert [(m.month, m.given, m.won, m.attended) for m in months] == [
        (date(2026, 4, 1), 1, 1, 2),
        (date(2026, 5, 1), 2, 2, 0),
    ]
    assert months[0].value_closed == [reports.Money("USD", Decimal("100.50"))]
    assert months[1].value_closed == [
        reports.Money("USD", Decimal("200.00")),
        reports.Money("EUR", Decimal("70.00")),
    ]


def test_the_report_never_adds_dollars_to_euros(client, club, host, people):
    ana, ben, *_ = people.values()
    won(club, ana, ben, on=at(4, 2), value="1000")
    won(club, ben, ana, on=at(4, 3), value="250", currency="EUR")
    client.force_login(host)

    response = client.get(url(club))

    assert response.context["report"].summary.value_closed == [
        reports.Money("USD", Decimal("1000.00")),
        reports.Money("EUR", Decimal("250.00")),
    ]
    page = response.content.decode()
    assert "1,000\xa0USD" in page and "250\xa0EUR" in page
    assert "1,250" not in page


# --- An ask to make -----------------------------------------------------------


def test_members_who_came_but_never_referred(club, people, period):
    ana, ben, cat, dan, eve = people.values()
    first, second = meeting(club, at(4, 7, 7)), meeting(club, at(5, 5, 7))
    for occurrence in (first, second):
        mark(occurrence, ana)  # came twice, gave one: not an ask
        mark(occurrence, ben, "late")  # came twice, gave none
    mark(first, cat)  # came once, gave none
    mark(first, dan, "substitute")  # sent someone: did not come
    mark(second, eve, "absent")
    mark(meeting(club, at(3, 3, 7)), eve)  # came last quarter only
    give(club, ana, ben, on=at(4, 9))
    give(club, ben, ana, on=at(3, 9))  # last quarter's referral doesn't count
    left = make_user(first_name="Lou")
    make_membership(club, left, status="left")
    mark(first, left)

    asks = reports.members_who_never_refer(club=club, period=period)

    assert [(a.person.first_name, a.meetings_attended) for a in asks] == [
        ("Ben", 2),
        ("Cat", 1),
    ]


# --- Club totals for everyone -------------------------------------------------


def test_club_totals_are_this_years_aggregates_per_currency(
    club, people, django_assert_num_queries
):
    ana, ben, *_ = people.values()
    won(club, ana, ben, on=at(2, 2), value="300", prospect_name="Private Pat")
    won(club, ana, ben, on=at(12, 2, year=2025), value="1", closed_at=at(1, 5))
    won(club, ben, ana, on=at(3, 2), value="40", currency="GBP")
    give(club, ben, ana, on=at(4, 2))
    give(club, ben, ana, on=at(12, 2, year=2025))  # last year

    with django_assert_num_queries(1):
        totals = reports.club_referral_totals(club)
    html = render_to_string(
        "clubs/referral_reports/_club_totals.html", {"club_totals": totals}
    )

    assert (totals.year, totals.given, totals.won) == (2026, 3, 3)
    assert totals.value_closed == [
        reports.Money("USD", Decimal("301.00")),
        reports.Money("GBP", Decimal("40.00")),
    ]
    assert "Referrals in 2026" in html and "301\xa0USD" in html
    assert "Private Pat" not in html


def test_money_reads_in_whole_units_and_never_adds_currencies():
    money = [
        reports.Money("USD", Decimal("1200.50")),
        reports.Money("EUR", Decimal("0.40")),
    ]

    assert str(money[0]) == "1,201\xa0USD"
    assert reports.money_text(money) == "1,201\xa0USD · 0\xa0EUR"
    assert reports.money_text([]) == "—"
