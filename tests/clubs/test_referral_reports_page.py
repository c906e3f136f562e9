"""The hosts' referral report as a page, a CSV and a graph, and who may see
any of it."""

import csv
import io
from datetime import date
from xml.etree import ElementTree as ET

import pytest

from clubs.selectors import referral_reports as reports
from tests.builders import make_club, make_membership, make_user
from tests.clubs.report_builders import at, give, mark, meeting, url, won

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


@pytest.fixture
def club(hosted_club):
    return hosted_club


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


# The session, the person signed in, the club, its currencies, the months
# (given, came, closed and won: one query), the median first contact, the
# champions' scores (referrals and visitors: one query), the asks, the flows,
# the names, the stale referrals and the header's permissions (the person's
# own and their groups'). Was 17 before those three merges.
REPORT_QUERIES = 13


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

    for name, most in [
        ("club_referrals_report", REPORT_QUERIES),
        ("club_referrals_csv", 20),
        ("club_referrals_graph", 20),
    ]:
        with django_assert_max_num_queries(most) as queries:
            client.get(url(small, name), {"period": "last_12_months"})
        with django_assert_max_num_queries(len(queries)):
            response = client.get(url(large, name), {"period": "last_12_months"})
        assert response.status_code == 200
    assert len(response.content.decode().splitlines()) > 1


def test_the_champions_are_paged_and_cost_the_same_queries_at_ten_times(
    client, club, host, django_assert_max_num_queries
):
    """Everyone is ranked; the page shows 25 at a time, keeping the period
    and the measure in its links, and ten times the givers cost no query."""

    def add(start, end):
        for n in range(start, end):
            giver = make_user(first_name=f"Giver{n:02}", last_name="Member")
            make_membership(club, giver)
            for _ in range(n + 1):  # Giver29 gave the most
                give(club, giver, host, on=at(5, 2))

    client.force_login(host)
    add(0, 3)
    client.get(url(club))
    with django_assert_max_num_queries(40) as one_times:
        client.get(url(club))
    add(3, 30)
    with django_assert_max_num_queries(len(one_times.captured_queries)):
        first = client.get(url(club) + "?rank=given").content.decode()

    board = first.split('id="champions"')[1].split('id="graph"')[0]
    assert board.count('<th scope="row">') == 25
    assert "Giver29" in board and "Giver04" not in board
    assert 'rel="next" href="?rank=given&amp;champions=2#champions"' in board
    second = client.get(url(club) + "?rank=given&champions=2").content.decode()
    board = second.split('id="champions"')[1].split('id="graph"')[0]
    assert "Giver04" in board and "Giver29" not in board
    assert "<td>26</td>" in board  # ranks count on from the first page
