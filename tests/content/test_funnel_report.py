"""The admin's landing page funnel: visits → registered → attended → joined
per landing page for a period, and the top sharers; editors and hosts only."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from clubs.selectors.clubs import EDITORS_GROUP
from content.selectors import landing_page_funnels, top_sharers
from tests.builders import make_host, make_occurrence, make_user
from tests.content.funnel_builders import (
    attend,
    bring,
    make_landing_page,
    make_program,
    shares,
    visits,
)

pytestmark = pytest.mark.django_db
URL = "/admin/reports/landing-page-funnel/"


@pytest.fixture
def club(northside_club):
    return northside_club


@pytest.fixture
def outsider():
    """A member of no club the host runs, whose link also brought visitors."""
    return make_user(first_name="Olga", last_name="Outsider")


@pytest.fixture
def pages(club, marcus, outsider):
    """Two landing pages: 40 visits, 4 registered, 2 attended on the first;
    a quiet second page."""
    program = make_program()
    breakfast = make_landing_page(reward_program=program)
    quiet = make_landing_page(title="Expert evenings")
    occurrence = make_occurrence(club)
    visits(marcus, breakfast, 30)
    visits(outsider, breakfast, 10)
    visits(marcus, breakfast, 99, day=timezone.localdate() - timedelta(days=200))
    shares(marcus, breakfast, 3)
    visits(marcus, quiet, 5)
    for n in range(4):
        registration = bring(
            marcus, breakfast, occurrence, name=f"Guest {n}", email=f"g{n}@x.net"
        )
        if n < 2:
            attend(registration)
    return breakfast, quiet


@pytest.fixture
def editor():
    person = make_user(first_name="Edith")
    person.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return person


@pytest.fixture
def host(club):
    return make_host(club, first_name="Hana", last_name="Host")


def test_each_landing_page_shows_its_funnel_with_rates(pages):
    breakfast, quiet = pages
    today = timezone.localdate()

    rows = {
        row.page.pk: row
        for row in landing_page_funnels(start=today - timedelta(days=30), end=today)
    }

    funnel = rows[breakfast.pk].funnel
    assert (funnel.visits, funnel.registered, funnel.attended, funnel.joined) == (
        40,
        4,
        2,
        0,
    )
    assert (funnel.registered_percent, funnel.attended_percent) == (10, 50)
    assert funnel.joined_percent == 0
    assert rows[breakfast.pk].shares == 3
    assert rows[quiet.pk].funnel.visits == 5
    assert rows[quiet.pk].funnel.registered_percent == 0
    assert rows[quiet.pk].funnel.attended_percent is None


def test_the_period_counts_only_what_happened_in_it(pages):
    breakfast, _quiet = pages
    long_ago = timezone.localdate() - timedelta(days=200)

    rows = landing_page_funnels(start=long_ago, end=long_ago)

    funnel = next(row.funnel for row in rows if row.page.pk == breakfast.pk)
    assert (funnel.visits, funnel.registered) == (99, 0)


def test_the_reads_cost_the_same_for_two_pages_or_ten(
    pages, marcus, club, django_assert_num_queries
):
    today = timezone.localdate()
    period = {"start": today - timedelta(days=30), "end": today}
    with django_assert_num_queries(4):
        landing_page_funnels(**period)
    with django_assert_num_queries(4):
        top_sharers(**period)
    occurrence = make_occurrence(club)
    for n in range(8):
        page = make_landing_page(title=f"More {n}")
        visits(make_user(), page, 2)
        bring(marcus, page, occurrence, name=f"More {n}", email=f"more{n}@x.net")

    with django_assert_num_queries(4):
        assert len(landing_page_funnels(**period)) == 10
    with django_assert_num_queries(4):
        assert len(top_sharers(**period)) == 10


def test_an_editor_reads_the_report_with_every_sharer(client, pages, editor):
    client.force_login(editor)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Bring a guest to breakfast" in html and "Expert evenings" in html
    assert "<td>40</td>" in html
    assert "(10%)" in html and "(50%)" in html
    assert "Marcus Bell" in html and "Olga Outsider" in html


def test_a_host_sees_the_funnel_but_only_their_members_as_sharers(client, pages, host):
    client.force_login(host)

    html = client.get(URL).content.decode()

    assert "<td>40</td>" in html
    assert "Marcus Bell" in html
    assert "Olga Outsider" not in html


def test_the_report_is_in_the_reports_menu_for_hosts_only(client, pages, host):
    client.force_login(host)
    assert URL in client.get("/admin/").content.decode()

    someone = make_user(first_name="Nora")
    someone.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(someone)
    assert URL not in client.get("/admin/").content.decode()
    assert client.get(URL).status_code in (302, 403)


def test_top_sharers_for_one_page(client, pages, editor):
    breakfast, quiet = pages
    client.force_login(editor)

    html = client.get(URL, {**_period(), "page": quiet.pk}).content.decode()

    assert "Top sharers of Expert evenings" in html
    assert "Olga Outsider" not in html  # she shared the other page only


def test_a_backwards_period_is_refused_with_a_message(client, pages, editor):
    client.force_login(editor)
    today = timezone.localdate()

    response = client.get(URL, {"start": today, "end": today - timedelta(days=3)})

    assert response.status_code == 400
    assert "The period must start before it ends." in response.content.decode()


def test_members_cannot_open_the_report(client, marcus):
    client.force_login(marcus)

    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("landing_page_funnel") == URL


def _period():
    today = timezone.localdate()
    return {"start": today - timedelta(days=30), "end": today}
