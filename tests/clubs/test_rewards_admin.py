"""The admin side of rewards: editors define reward programs; hosts read the
ledger of the clubs they host, and nobody adds or edits a reward there."""

import pytest
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse

from clubs.demo.attribution import _hosts_see_rewards
from clubs.models import Reward, RewardProgram
from clubs.selectors.clubs import EDITORS_GROUP
from content.demo.pages import editors_run_the_referral_program
from tests.builders import make_club, make_host, make_occurrence, make_user
from tests.content.funnel_builders import attend, bring, make_landing_page, make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    editors_run_the_referral_program()
    person = make_user(first_name="Edith")
    person.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return person


@pytest.fixture
def club(northside_club):
    return northside_club


@pytest.fixture
def host(club):
    _hosts_see_rewards()
    return make_host(club, first_name="Hana")


@pytest.fixture
def rewards(club):
    """Dana qualified at the host's club, Eli at another club."""
    page = make_landing_page(reward_program=make_program())
    for where, name, email in [
        (club, "Dana Whitlock", "dana@x.net"),
        (make_club(name="Hilltop Experts"), "Eli Stone", "eli@x.net"),
    ]:
        attend(bring(make_user(), page, make_occurrence(where), name=name, email=email))
    return Reward.objects.all()


def test_an_editor_creates_a_reward_program(client, editor):
    client.force_login(editor)
    add = reverse("wagtailsnippets_clubs_rewardprogram:add") + "?locale=en"
    assert client.get(add).status_code == 200

    response = client.post(
        add,
        {
            "name": "Bring a friend",
            "referrer_reward": "A coffee voucher",
            "friend_reward": "A free first month",
            "qualifying_action": "joined",
            "referrer_reward_kind": "gift",
            "friend_reward_kind": "gift",
            "terms": "One per friend.",
        },
    )

    assert response.status_code == 302
    program = RewardProgram.objects.get(name="Bring a friend")
    assert (program.qualifying_action, program.locale.language_code) == (
        "joined",
        "en",
    )


def test_an_editor_sets_the_paid_action_and_the_discount_terms(client, editor):
    client.force_login(editor)
    add = reverse("wagtailsnippets_clubs_rewardprogram:add") + "?locale=en"
    fields = {
        "name": "Pay and save",
        "referrer_reward": "$5 off your next breakfast",
        "friend_reward": "A coffee",
        "qualifying_action": "paid",
        "referrer_reward_kind": "discount",
        "friend_reward_kind": "gift",
        "terms": "",
    }
    form = client.get(add).content.decode()
    assert "pays online for their place at a meeting" in form
    assert 'name="discount_percent_off"' in form

    refused = client.post(add, fields)  # a discount without its terms
    assert refused.status_code == 200
    assert "A discount needs a percentage or an amount off." in refused.text
    missing_currency = client.post(add, {**fields, "discount_amount_off": "500"})
    assert "An amount off needs its currency." in missing_currency.text
    both = {**fields, "discount_amount_off": "500", "discount_percent_off": "10"}
    assert "not both" in client.post(add, both).text

    response = client.post(
        add, {**fields, "discount_amount_off": "500", "discount_currency": "USD"}
    )

    assert response.status_code == 302
    program = RewardProgram.objects.get(name="Pay and save")
    assert (program.qualifying_action, program.referrer_reward_kind) == (
        "paid",
        "discount",
    )
    assert (program.discount_amount_off, program.discount_currency) == (500, "USD")


def test_a_host_sees_only_their_clubs_rewards(client, host, rewards):
    client.force_login(host)

    html = client.get(reverse("rewards:index")).content.decode()

    assert "Dana Whitlock" in html
    assert "Eli Stone" not in html
    theirs = rewards.get(recipient_name="Eli Stone")
    ours = rewards.get(recipient_name="Dana Whitlock")
    assert client.get(reverse("rewards:inspect", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("rewards:inspect", args=[ours.pk])).status_code == 200


def test_the_ledger_filters_by_handed_over(client, host, rewards):
    ours = rewards.filter(club__memberships__person=host)
    ours.filter(side="friend").update(fulfilled_at="2026-01-05T08:00:00Z")
    client.force_login(host)

    html = client.get(reverse("rewards:index"), {"handed_over": "false"}).content

    assert b"A free breakfast" in html  # the member's, still to hand over
    assert b"First breakfast on the house" not in html


def test_an_editor_sees_every_clubs_rewards(client, editor, rewards):
    client.force_login(editor)

    html = client.get(reverse("rewards:index")).content.decode()

    assert "Dana Whitlock" in html and "Eli Stone" in html


def test_nobody_adds_or_edits_a_reward_in_the_admin(client, editor, rewards):
    for view in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"rewards:{view}", args=[] if view == "add" else [1])
    client.force_login(editor)
    pk = rewards.first().pk
    assert client.get(f"/admin/clubs/rewards/edit/{pk}/").status_code == 404
