"""The hosts' rewards ledger: what to hand over at their club, and marking it
handed over, once."""

import pytest
from django.urls import reverse

from clubs.models import Reward
from tests.builders import make_club, make_membership, make_occurrence, make_user
from tests.content.funnel_builders import attend, bring, make_landing_page, make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def club(northside_club):
    return northside_club


@pytest.fixture
def host(club):
    person = make_user(first_name="Hana", last_name="Host")
    make_membership(club, person, role="organizer")
    return person


def qualify(member, club, name, email):
    """`member`'s link brings `name`, who comes to one of `club`'s meetings."""
    page = make_landing_page(
        title=f"Page for {name}", reward_program=make_program(name=f"P {name}")
    )
    registration = bring(member, page, make_occurrence(club), name=name, email=email)
    attend(registration)
    return Reward.objects.filter(attribution__email=email)


@pytest.fixture
def rewards(club, marcus):
    return qualify(marcus, club, "Dana Whitlock", "dana@x.net")


def url(club):
    return reverse("club_rewards", args=[club.slug])


def test_a_host_sees_both_sides_rewards_to_hand_over(client, club, host, rewards):
    client.force_login(host)

    response = client.get(url(club))

    assert response.status_code == 200
    html = response.content.decode()
    assert url(club) == f"/clubs/{club.slug}/rewards/"
    assert "<strong>Marcus Bell</strong>: A free breakfast" in html
    assert "for bringing Dana Whitlock" in html
    assert "<strong>Dana Whitlock</strong>: First breakfast on the house" in html
    assert html.count(">Mark handed over</button>") == 2


def test_marking_one_handed_over_moves_it_and_says_so(client, club, host, rewards):
    reward = rewards.get(side="referrer")
    client.force_login(host)

    response = client.post(
        reverse("club_reward_fulfil", args=[club.slug, reward.pk]), follow=True
    )

    reward.refresh_from_db()
    assert reward.fulfilled_at is not None and reward.fulfilled_by == host
    html = response.content.decode()
    assert "Handed over: A free breakfast for Marcus Bell." in html
    assert html.count(">Mark handed over</button>") == 1
    assert "by Hana Host" in html


def test_a_second_press_changes_nothing_and_explains(client, club, host, rewards):
    reward = rewards.get(side="friend")
    client.force_login(host)
    fulfil = reverse("club_reward_fulfil", args=[club.slug, reward.pk])
    client.post(fulfil)
    reward.refresh_from_db()
    first = reward.fulfilled_at

    response = client.post(fulfil)

    assert response.status_code == 400
    assert "was already handed over on" in response.content.decode()
    reward.refresh_from_db()
    assert reward.fulfilled_at == first


def test_members_and_hosts_of_other_clubs_get_404(client, club, marcus, rewards):
    reward = rewards.first()
    other_host = make_user()
    make_membership(make_club(), other_host, role="organizer")
    fulfil = reverse("club_reward_fulfil", args=[club.slug, reward.pk])
    for person in (marcus, other_host):
        client.force_login(person)
        assert client.get(url(club)).status_code == 404
        assert client.post(fulfil).status_code == 404
    reward.refresh_from_db()
    assert reward.fulfilled_at is None


def test_another_clubs_reward_is_not_found_through_this_club(client, club, host):
    other = make_club()
    theirs = qualify(make_user(), other, "Eli Stone", "eli@x.net").first()
    client.force_login(host)

    response = client.post(reverse("club_reward_fulfil", args=[club.slug, theirs.pk]))

    assert response.status_code == 404
    assert "Eli Stone" not in client.get(url(club)).content.decode()
    theirs.refresh_from_db()
    assert theirs.fulfilled_at is None


def test_handing_over_takes_a_post(client, club, host, rewards):
    client.force_login(host)
    reward = rewards.first()

    response = client.get(reverse("club_reward_fulfil", args=[club.slug, reward.pk]))

    assert response.status_code == 405
