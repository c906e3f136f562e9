"""The hosts' referral report: champions, conversion, time to first contact,
money per currency, the members who never refer, the CSV, and who may see
any of it."""

import csv
import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
import recurrence
from django.template.loader import render_to_string
from django.urls import reverse

from clubs.models import Attendance, Occurrence, Referral, Series
from clubs.selectors import referral_reports as reports
from tests.builders import make_club, make_membership, make_user

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 5, 20, 12, 0, tzinfo=CHICAGO)


def at(month: int, day: int, hour: int = 9, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=CHICAGO)


def give(club, giver, receiver=None, *, on, **fields) -> Referral:
    """A referral row as the services would leave it, with its timestamps
    set (auto_now_add would stamp them now)."""
    status = fields.pop("status", Referral.Status.NEW)
    closed = status in Referral.CLOSED
    referral = Referral.objects.create(
        club=club,
        giver=giver,
        receiver=receiver,
        partner_name="" if receiver else "Partner Co",
        prospect_name=fields.pop("prospect_name", "Pat Prospect"),
        prospect_email="pat@example.net",
        need="Books",
        consent=True,
        status=status,
        **fields,
    )
    contacted = fields.get("first_contacted_at") or (
        on + timedelta(hours=5) if status != Referral.Status.NEW else None
    )
    closed_at = fields.get("closed_at") or (on + timedelta(days=3) if closed else None)
    Referral.objects.filter(pk=referral.pk).update(
        created_at=on,
        status_changed_at=on,
        first_contacted_at=contacted,
        closed_at=closed_at,
    )
    referral.refresh_from_db()
    return referral


def won(club, giver, receiver, *, on, value, currency="USD", **fields):
    return give(
        club,
        giver,
        receiver,
        on=on,
        status=Referral.Status.WON,
        value=Decimal(value),
        currency=currency,
        **fields,
    )


def meeting(club, when: datetime, *, cancelled=False) -> Occurrence:
    series = club.series.first() or Series.objects.create(
        club=club,
        title="Networking breakfast",
        recurrence=recurrence.Recurrence(),
        first_date=date(2025, 1, 1),
        start_time=time(7, 30),
        time_zone=club.time_zone,
    )
    status = "cancelled" if cancelled else "scheduled"
    return Occurrence.objects.create(
        series=series,
        original_start=when,
        start=when,
        end=when + timedelta(hours=1),
        status=status,
    )


def mark(occurrence, person, status="present") -> Attendance:
    return Attendance.objects.create(
        occurrence=occurrence,
        person=person,
        name=str(person),
        status=status,
        substitute_name="Sam Stand-in" if status == "substitute" else "",
    )


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def host():
    return make_user(first_name="Hana", last_name="Host")


@pytest.fixture
def club(host):
    club = make_club(slug="breakfast", name="Northside Breakfast")
    make_membership(club, host, role="organizer")
    return club


@pytest.fixture
def people(club):
    members = {}
    for name in ["Ana", "Ben", "Cat", "Dan", "Eve"]:
        members[name] = make_user(first_name=name, last_name="Member")
        make_membership(club, members[name])
    return members


@pytest.fixture
def period(club):
    """This quarter: 1 April to today, 20 May 2026."""
    return reports.period_for(club, start=date(2026, 4, 1), end=date(2026, 5, 20))


def url(club, name="club_referrals_report"):
    return reverse(name, kwargs={"slug": club.slug})


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


# --- The page, the CSV and the graph ------------------------------------------


@pytest.mark.parametrize(
    "name", ["club_referrals_report", "club_referrals_csv", "club_referrals_graph"]
)
def test_only_hosts_see_the_report_csv_and_graph(client, club, people, name):
    give(club, people["Ana"], people["Ben"], on=at(4, 2), prospect_name="Secret")
    cohost = make_user()
    make_membership(club, cohost, role="cohost")
    suspended = make_user()
    make_membership(club, suspended, role="organizer", status="suspended")
    other_club_host = make_user()
    make_membership(make_club(), other_club_host, role="organizer")

    assert client.get(url(club, name)).status_code == 302  # to sign in
    for person in [people["Ana"], suspended, other_club_host]:
        client.force_login(person)
        assert client.get(url(club, name)).status_code == 404
    client.force_login(cohost)
    assert client.get(url(club, name)).status_code == 200
    assert client.get(url(make_club(), name)).status_code == 404


def test_the_page_shows_champions_graph_chart_and_definitions(
    client, club, host, people
):
    ana, ben, *_ = people.values()
    won(club, ana, ben, on=at(4, 2), value="1200")
    give(club, ana, ben, on=at(5, 2))
    give(club, ben, ana, on=at(5, 3))
    client.force_login(host)

    response = client.get(url(club))

    page = response.content.decode()
    assert response.status_code == 200
    champions = response.context["report"].champions
    assert [(str(c.person), c.given, c.rank) for c in champions] == [
        ("Ana Member", 2, 1),
        ("Ben Member", 1, 2),
    ]
    assert "the share won: 1 of 1" in page
    assert page.count("<svg") == 2
    assert "Ana M." in page and "Ana Member → Ben Member: 2" in page
    assert 'aria-labelledby="graph-title graph-desc"' in page
    assert 'aria-labelledby="months-title months-desc"' in page
    assert '<th scope="row">May 2026</th>' in page


def test_the_form_chooses_a_preset_or_dates_and_a_measure(client, club, host, people):
    ana, ben, *_ = people.values()
    give(club, ana, ben, on=at(2, 2))
    won(club, ben, ana, on=at(4, 2), value="5")
    client.force_login(host)

    last_quarter = client.get(url(club), {"period": "last_quarter"})
    dates = client.get(
        url(club), {"period": "custom", "start": "2026-02-01", "end": "2026-04-30"}
    )
    by_value = client.get(url(club), {"period": "this_quarter", "rank": "value:USD"})

    report = last_quarter.context["report"]
    assert (report.period.start, report.period.end) == (
        date(2026, 1, 1),
        date(2026, 3, 31),
    )
    assert [c.person.pk for c in report.champions] == [ana.pk]
    assert 'value="2026-01-01"' in last_quarter.content.decode()  # From shows it
    assert [c.person.pk for c in dates.context["report"].champions] == [ana.pk, ben.pk]
    assert len(dates.context["report"].months) == 3
    assert by_value.context["report"].champions[0].person.pk == ben.pk
    assert 'aria-sort="descending">Value closed' in by_value.content.decode()


def test_a_wrong_period_is_refused_with_a_reason(client, club, host):
    client.force_login(host)
    backwards = {"period": "custom", "start": "2026-05-01", "end": "2026-01-01"}

    response = client.get(url(club), backwards)
    missing = client.get(url(club), {"period": "custom", "start": "2026-05-01"})
    csv_response = client.get(url(club, "club_referrals_csv"), backwards)

    assert response.status_code == 400
    assert "The period must start before it ends." in response.content.decode()
    assert "Give both dates" in missing.content.decode()
    assert csv_response.status_code == 400
    assert client.get(url(club), {"rank": "value:XYZ"}).status_code == 400


def test_the_graph_is_valid_svg_with_a_title_and_everyones_name(
    client, club, host, people
):
    ana, ben, cat, *_ = people.values()
    cat.first_name = "<Cat&Co>"
    cat.save()
    give(club, ana, ben, on=at(4, 2))
    give(club, ana, ben, on=at(4, 3))
    give(club, cat, ana, on=at(4, 4))
    client.force_login(host)

    response = client.get(url(club, "club_referrals_graph"))

    assert response["Content-Type"] == "image/svg+xml"
    svg = ET.fromstring(response.content)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert svg.find("svg:title", ns).text.startswith("Who refers whom in Northside")
    assert "3 referrals between 3 members" in svg.find("svg:desc", ns).text
    labels = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert {"Ana M.", "Ben M.", "<Cat&Co> M."} <= labels
    assert b"&lt;Cat&amp;Co&gt;" in response.content


def test_the_csv_has_one_row_per_referral_for_a_crm(client, club, host, people):
    ana, ben, *_ = people.values()
    won(
        club,
        ana,
        ben,
        on=at(4, 2),
        value="1200",
        prospect_name="Jo Ann Baker",
        prospect_phone="+1 312 555 0100",
        prospect_company="=HYPERLINK(1)",
    )
    give(club, ben, on=at(5, 2), partner_contact="@partner")
    give(club, ben, ana, on=at(1, 2))  # last quarter: not exported
    client.force_login(host)

    response = client.get(url(club, "club_referrals_csv"))

    assert response["Content-Type"].startswith("text/csv")
    assert (
        'filename="referrals-breakfast-2026-04-01-to-2026-05-20.csv"'
        in (response["Content-Disposition"])
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == reports.CSV_HEADER
    assert len(rows) == 2
    first, second = rows
    assert first["created_at"] == "2026-04-02T09:00:00-05:00"
    assert (first["prospect_first_name"], first["prospect_last_name"]) == (
        "Jo",
        "Ann Baker",
    )
    assert (first["value"], first["currency"], first["status"]) == (
        "1200.00",
        "USD",
        "won",
    )
    assert first["prospect_phone"] == "+1 312 555 0100"
    assert first["prospect_company"] == "'=HYPERLINK(1)"
    assert first["referred_by_email"] == ana.email
    assert (second["referred_to_name"], second["partner_name"]) == ("", "Partner Co")
    assert second["partner_contact"] == "'@partner"


def test_the_same_queries_for_a_small_and_a_large_club(
    client, host, django_assert_max_num_queries
):
    small, large = make_club(), make_club()
    for club, size in [(small, 2), (large, 12)]:
        make_membership(club, host, role="organizer")
        members = [make_user() for _ in range(size)]
        for n, person in enumerate(members):
            make_membership(club, person)
            mark(meeting(club, at(4, 1 + n, 7)), person)
            receiver = members[n - 1]
            give(club, person, receiver, on=at(4, 2))
            won(club, person, receiver, on=at(4, 3), value="10", currency="USD")
            won(club, person, receiver, on=at(4, 4), value="10", currency="EUR")
            give(club, person, receiver, on=at(4, 5), status="contacted")
    client.force_login(host)

    for name in ["club_referrals_report", "club_referrals_csv", "club_referrals_graph"]:
        with django_assert_max_num_queries(20) as queries:
            client.get(url(small, name), {"period": "last_12_months"})
        with django_assert_max_num_queries(len(queries)):
            response = client.get(url(large, name), {"period": "last_12_months"})
        assert response.status_code == 200
    assert len(response.content.decode().splitlines()) > 1


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
