"""A member's "Your share links" page: what their links brought, and their
rewards; nobody else's."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clubs.services.memberships import club_join
from content.selectors import member_share_record
from tests.builders import make_club, make_membership, make_occurrence, make_user
from tests.content.funnel_builders import (
    attend,
    bring,
    make_landing_page,
    make_program,
    shares,
    visits,
)

pytestmark = pytest.mark.django_db
URL = "/accounts/share-links/"


@pytest.fixture
def club():
    return make_club(name="Northside Breakfast", join_policy="open")


@pytest.fixture
def marcus(club):
    person = make_user(email="marcus@example.com", first_name="Marcus", last_name="B")
    make_membership(club, person)
    return person


@pytest.fixture
def page():
    return make_landing_page(reward_program=make_program())


def test_the_member_sees_visits_visitors_and_their_reward(
    client, club, marcus, page, django_capture_on_commit_callbacks
):
    occurrence = make_occurrence(club)
    visits(marcus, page, 7)
    shares(marcus, page, 2)
    with django_capture_on_commit_callbacks(execute=True):
        dana = bring(marcus, page, occurrence, name="Dana Whitlock", email="d@x.net")
        bring(marcus, page, occurrence, name="Eli Stone", email="eli@x.net")
        attend(dana)
    client.force_login(marcus)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("my_share_links") == URL
    assert "<dt>Visits</dt><dd>7</dd>" in html
    assert "<dt>Links shared</dt><dd>2</dd>" in html
    assert "<dt>Registered</dt><dd>2</dd>" in html
    assert "<dt>Attended</dt><dd>1</dd>" in html
    assert f'<a href="{page.url}">Bring a guest to breakfast</a>' in html
    assert "Dana Whitlock" in html and "Eli Stone" in html
    assert "d@x.net" not in html  # names only, no contact details
    assert "A free breakfast" in html and "for bringing Dana Whitlock" in html
    assert "To collect from the hosts of Northside Breakfast" in html


def test_a_friend_who_joins_counts_as_joined(client, club, marcus, page):
    page.reward_program.qualifying_action = "joined"
    page.reward_program.save()
    registration = bring(
        marcus, page, make_occurrence(club), name="Dana", email="dana@x.net"
    )
    dana = make_user(email="dana@x.net", first_name="Dana")
    registration.person = dana
    registration.save()
    club_join(club=club, person=dana)

    record = member_share_record(member=marcus)

    assert (record.totals.funnel.registered, record.totals.funnel.joined) == (1, 1)
    assert [r.recipient_name for r in record.rewards] == [str(marcus)]
    client.force_login(dana)
    assert "First breakfast on the house" in client.get(URL).content.decode()


def test_another_member_sees_none_of_it(client, club, marcus, page):
    bring(marcus, page, make_occurrence(club), name="Dana Whitlock", email="d@x.net")
    visits(marcus, page, 7)
    client.force_login(make_user())

    html = client.get(URL).content.decode()

    assert "Dana Whitlock" not in html
    assert "<dt>Visits</dt><dd>0</dd>" in html
    assert "You haven't shared a page yet" in html


def test_signed_out_visitors_are_asked_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_page_costs_the_same_queries_for_one_page_or_many(
    client, club, marcus, django_assert_max_num_queries
):
    occurrence = make_occurrence(club)
    program = make_program()

    def one_more_page(n):
        page = make_landing_page(title=f"Page {n}", reward_program=program)
        visits(marcus, page, 3, day=timezone.localdate() - timedelta(days=n))
        shares(marcus, page, 2)
        registration = bring(
            marcus, page, occurrence, name=f"Guest {n}", email=f"g{n}@x.net"
        )
        attend(registration)

    one_more_page(0)
    client.force_login(marcus)
    client.get(URL)  # warm the site root paths cache, as any page view does
    with django_assert_max_num_queries(12) as one:
        client.get(URL)
    for n in range(1, 8):
        one_more_page(n)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(URL)
    assert response.content.decode().count('<th scope="row">Guest ') == 8
