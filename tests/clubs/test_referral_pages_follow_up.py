"""A referral's page, who may see it (404 for everybody else), its moves
and thank-you, thank-yous on the published agenda, and the hosts' list of
referrals nobody has followed up."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clubs.models import Agenda, AgendaItem, Referral
from clubs.selectors.referrals import stale_referrals
from clubs.services.referrals import (
    referral_move,
    referral_thank,
    thank_you_to_agenda,
)
from tests.builders import make_club, make_membership, make_occurrence, make_user
from tests.clubs.referral_builders import give, logged_in

pytestmark = pytest.mark.django_db
S = Referral.Status


@pytest.fixture
def receiver(receiver_with_business):
    return receiver_with_business


@pytest.fixture
def host(club):
    person = make_user(email="hana@example.com", first_name="Hana", last_name="Host")
    make_membership(club, person, role="cohost")
    return person


@pytest.fixture
def referral(giver, club, receiver):
    return give(giver, club, receiver)


# The referral's page and who may see it


@pytest.mark.parametrize("who", ["giver", "receiver", "host"])
def test_giver_receiver_and_hosts_see_the_prospects_details(
    client, referral, who, request
):
    person = request.getfixturevalue(who)
    response = logged_in(client, person).get(
        reverse("referral_detail", args=[referral.pk])
    )
    assert response.status_code == 200
    assert "paula@example.com" in response.content.decode()


def test_a_third_member_gets_404_on_the_page_and_on_every_action(
    client, referral, third
):
    client = logged_in(client, third)

    assert client.get(reverse("referral_detail", args=[referral.pk])).status_code == 404
    for name, data in [
        ("referral_status", {"status": "contacted"}),
        ("referral_thank", {"note": "hi"}),
        ("referral_agenda", {"occurrence": "1"}),
    ]:
        assert client.post(reverse(name, args=[referral.pk]), data).status_code == 404
    referral.refresh_from_db()
    assert referral.status == S.NEW


def test_a_host_of_another_club_and_an_admin_get_404_too(client, referral):
    other_host = make_user()
    make_membership(make_club(), other_host, role="organizer")
    admin = make_user(is_superuser=True, is_staff=True)
    for person in (other_host, admin):
        response = logged_in(client, person).get(
            reverse("referral_detail", args=[referral.pk])
        )
        assert response.status_code == 404


def test_visitors_are_sent_to_sign_in_whatever_the_referral(client, referral):
    for pk in (referral.pk, referral.pk + 1000):
        response = client.get(reverse("referral_detail", args=[pk]))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    response = client.post(reverse("referral_status", args=[referral.pk]))
    assert response.status_code == 302


def test_the_receiver_moves_it_and_the_giver_sees_each_step(
    client, referral, receiver, giver
):
    receiver_client = logged_in(client, receiver)
    url = reverse("referral_status", args=[referral.pk])
    receiver_client.post(url, {"status": "contacted", "note": "Called"})
    response = receiver_client.post(
        url, {"status": "won", "value": "2500", "currency": "usd"}, follow=True
    )
    assert "Status: Won." in response.content.decode()

    page = logged_in(client, giver).get(reverse("referral_detail", args=[referral.pk]))
    html = page.content.decode()
    assert "Contacted" in html and "Called" in html and "2,500.00 USD" in html
    assert page.context["move_form"] is None  # the giver watches, the receiver acts


def test_a_refused_move_shows_beside_the_field_with_a_400(client, referral, receiver):
    url = reverse("referral_status", args=[referral.pk])

    response = logged_in(client, receiver).post(
        url, {"status": "won", "value": "-5", "currency": "USD"}
    )
    assert response.status_code == 400
    assert "value" in response.context["move_form"].errors

    response = client.post(url, {"status": "contacted", "value": "10"})
    assert response.status_code == 400
    assert (
        response.context["move_form"]
        .errors["value"][0]
        .startswith("Only a won referral has a value")
    )
    referral.refresh_from_db()
    assert referral.status == S.NEW


def test_a_closed_referral_offers_no_more_steps(client, referral, receiver):
    referral_move(referral=referral, status=S.LOST, by=receiver)
    client = logged_in(client, receiver)

    page = client.get(reverse("referral_detail", args=[referral.pk]))
    assert page.context["next_statuses"] == []
    response = client.post(
        reverse("referral_status", args=[referral.pk]), {"status": "contacted"}
    )
    assert response.status_code == 400


def test_the_giver_cannot_move_a_members_referral(client, referral, giver):
    response = logged_in(client, giver).post(
        reverse("referral_status", args=[referral.pk]), {"status": "contacted"}
    )
    assert response.status_code == 403


def test_the_receiver_thanks_the_giver_from_the_page(
    client, referral, receiver, committed
):
    referral_move(
        referral=referral, status=S.WON, by=receiver, value=Decimal(1), currency="USD"
    )
    client = logged_in(client, receiver)
    page = client.get(reverse("referral_detail", args=[referral.pk]))
    assert page.context["thank_form"] is not None
    mail.outbox.clear()

    with committed():
        client.post(
            reverse("referral_thank", args=[referral.pk]), {"note": "Thank you!"}
        )

    assert referral.thank_you.note == "Thank you!"
    assert mail.outbox[0].to == ["gina@example.com"]
    page = client.get(reverse("referral_detail", args=[referral.pk]))
    assert page.context["thank_form"] is None
    assert "Won, thanked" in page.content.decode()
    again = client.post(reverse("referral_thank", args=[referral.pk]), {"note": "x"})
    assert again.status_code == 400


# Thank-yous on the agenda


@pytest.fixture
def thanked(referral, receiver):
    referral_move(
        referral=referral, status=S.WON, by=receiver, value=Decimal(9), currency="USD"
    )
    return referral_thank(
        referral=referral, by=receiver, note="Gina sent me my best client"
    )


def publish_agenda(occurrence):
    agenda = Agenda.objects.create(occurrence=occurrence, live=True)
    AgendaItem.objects.create(
        agenda=agenda, kind="referral_exchange", title="Referrals", minutes=15
    )
    return agenda


def test_a_host_puts_a_thank_you_on_the_next_meetings_agenda(
    client, thanked, host, club
):
    meeting = make_occurrence(club)
    publish_agenda(meeting)
    client = logged_in(client, host)
    stale_page = reverse("club_stale_referrals", args=[club.slug])
    assert "Gina sent me my best client" in client.get(stale_page).content.decode()

    response = client.post(
        reverse("referral_agenda", args=[thanked.referral_id]),
        {"occurrence": meeting.pk, "next": stale_page},
    )

    assert response.url == stale_page
    thanked.refresh_from_db()
    assert thanked.on_agenda_of == meeting
    meeting_page = client.get(
        reverse("occurrence_detail", args=[club.slug, meeting.pk])
    ).content.decode()
    assert "Thank you for closed business" in meeting_page
    assert "Rob Roofer</strong> thanks <strong>Gina Giver" in meeting_page
    assert "Gina sent me my best client" in meeting_page
    assert "9.00" not in meeting_page  # never the value


def test_only_hosts_put_thank_yous_on_agendas(client, thanked, giver, club):
    meeting = make_occurrence(club)
    response = logged_in(client, giver).post(
        reverse("referral_agenda", args=[thanked.referral_id]),
        {"occurrence": meeting.pk, "next": "https://evil.example.com/"},
    )
    assert response.status_code == 403


def test_a_thank_you_shows_only_on_the_agenda_it_was_put_on(
    client, thanked, host, club
):
    meeting, later = make_occurrence(club), make_occurrence(club)
    publish_agenda(meeting)
    publish_agenda(later)
    thank_you_to_agenda(thank_you=thanked, occurrence=later, by=host)

    page = client.get(reverse("occurrence_detail", args=[club.slug, meeting.pk]))

    assert "Gina sent me my best client" not in page.content.decode()


# The hosts' follow-up list


def test_hosts_see_referrals_still_new_after_a_week(
    client, giver, receiver, club, host, third, time_machine
):
    now = timezone.now()
    time_machine.move_to(now - timedelta(days=8))
    stale = give(giver, club, receiver, prospect_name="Old Olga")
    moved = give(giver, club, receiver, prospect_name="Moved Max")
    referral_move(referral=moved, status=S.CONTACTED, by=receiver)
    time_machine.move_to(now)
    give(giver, club, receiver, prospect_name="Fresh Fred")
    elsewhere, someone = make_club(), make_user()
    make_membership(elsewhere, someone)
    give(someone, elsewhere, receiver=None, partner_name="X")  # another club

    assert list(stale_referrals(club)) == [stale]
    url = reverse("club_stale_referrals", args=[club.slug])
    html = logged_in(client, host).get(url).content.decode()
    assert "Old Olga" in html and "Fresh Fred" not in html
    assert logged_in(client, third).get(url).status_code == 404
