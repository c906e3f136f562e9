"""Referral pages: the slip form, the referral's page and its forms, who may
see what (404 for everybody else), the member's record and CSV, the hosts'
follow-up list, and thank-yous on the published agenda."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clubs.models import Agenda, AgendaItem, Attribution, Referral
from clubs.selectors.referrals import stale_referrals
from clubs.services.referrals import (
    referral_create,
    referral_move,
    referral_thank,
    thank_you_to_agenda,
)
from tests.builders import make_club, make_membership, make_occurrence, make_user

pytestmark = pytest.mark.django_db
S = Referral.Status


@pytest.fixture
def club():
    return make_club(name="Sunrise Breakfast", slug="sunrise")


@pytest.fixture
def giver(club):
    person = make_user(email="gina@example.com", first_name="Gina", last_name="Giver")
    make_membership(club, person)
    return person


@pytest.fixture
def receiver(club):
    person = make_user(
        email="rob@example.com",
        first_name="Rob",
        last_name="Roofer",
        business_name="Rob's Roofs",
    )
    make_membership(club, person)
    return person


@pytest.fixture
def host(club):
    person = make_user(email="hana@example.com", first_name="Hana", last_name="Host")
    make_membership(club, person, role="cohost")
    return person


@pytest.fixture
def third(club):
    """Another member of the same club: no business with this referral."""
    person = make_user(email="tom@example.com", first_name="Tom", last_name="Third")
    make_membership(club, person)
    return person


def give(giver, club, receiver, **fields):
    values = {
        "giver": giver,
        "club": club,
        "receiver": receiver,
        "prospect_name": "Paula Prospect",
        "prospect_email": "paula@example.com",
        "prospect_phone": "+1 555 0100",
        "need": "A new roof",
        "consent": True,
    } | fields
    return referral_create(**values)


@pytest.fixture
def referral(giver, club, receiver):
    return give(giver, club, receiver)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a commit would trigger (emails) for the block it wraps."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def logged_in(client, person):
    client.force_login(person)
    return client


def slip_data(club, receiver, **fields):
    return {
        "club": club.slug,
        "receiver": receiver.pk if receiver else "",
        "prospect_name": "Paula Prospect",
        "prospect_email": "paula@example.com",
        "need": "A new roof",
        "temperature": "warm",
        "consent": "on",
    } | fields


# Logging a referral


def test_the_form_offers_the_clubs_members_by_name_and_asks_little(
    client, giver, receiver, club, third
):
    other_club = make_club()
    make_membership(other_club, make_user(first_name="Elsewhere"))
    make_membership(club, make_user(first_name="Gone"), status="left")

    response = logged_in(client, giver).get(reverse("referral_create"))

    assert response.status_code == 200
    receivers = response.context["form"].fields["receiver"]
    names = [label for value, label in receivers.choices if value]
    assert names == ["Rob Roofer (Rob's Roofs)", "Tom Third"]
    html = response.content.decode()
    assert 'type="checkbox" name="consent"' in html and "required" in html
    assert "<details" in html  # company, meeting and partner fields fold away


def test_a_member_logs_a_referral_and_lands_on_its_page(
    client, giver, receiver, club, committed
):
    with committed():
        response = logged_in(client, giver).post(
            reverse("referral_create"), slip_data(club, receiver), follow=True
        )

    referral = Referral.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "referral_detail", args=[referral.pk]
    )
    assert (referral.giver, referral.receiver) == (giver, receiver)
    assert "Rob Roofer has it" in response.content.decode()
    assert [email.to for email in mail.outbox] == [["rob@example.com"]]


def test_a_refused_slip_shows_the_reasons_beside_the_fields_with_a_400(
    client, giver, club, receiver
):
    data = slip_data(club, receiver, prospect_email="", consent="")

    response = logged_in(client, giver).post(reverse("referral_create"), data)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "consent" in errors
    assert not Referral.objects.exists()


def test_every_mistake_shows_on_the_first_try(client, giver, club):
    data = slip_data(club, None, prospect_email="", prospect_phone="", consent="")

    response = logged_in(client, giver).post(reverse("referral_create"), data)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["receiver"] == ["Choose the member this referral is for."]
    assert errors["prospect_email"] == ["Give an email address or a phone number."]
    assert "consent" in errors
    assert 'id="id_receiver_error"' in response.content.decode()


def test_the_services_refusals_show_on_the_form_too(client, giver, club, receiver):
    data = slip_data(club, receiver, partner_name="Pat's Plumbing")

    response = logged_in(client, giver).post(reverse("referral_create"), data)

    assert response.status_code == 400
    assert response.context["form"].errors["partner_name"] == [
        "Give it to a member or to a partner business, not both."
    ]
    assert not Referral.objects.exists()


def test_a_receiver_from_another_club_is_refused(client, giver, club):
    outsider = make_user()
    make_membership(make_club(), outsider)

    response = logged_in(client, giver).post(
        reverse("referral_create"), slip_data(club, outsider)
    )

    assert response.status_code == 400
    assert response.context["form"].errors["receiver"] == [
        "Choose a member of this club."
    ]


def test_a_referral_to_a_partner_business_uses_the_same_form(client, giver, club):
    data = slip_data(club, None, partner_name="Pat's Plumbing")

    logged_in(client, giver).post(reverse("referral_create"), data)

    assert Referral.objects.get().partner_name == "Pat's Plumbing"


def test_the_form_remembers_the_club_and_takes_a_meeting_from_the_link(
    client, giver, receiver, club, time_machine
):
    first = make_club(name="Another club")  # first by name
    make_membership(first, giver)
    meeting = make_occurrence(club)
    time_machine.move_to(meeting.start + timedelta(minutes=30))
    client = logged_in(client, giver)

    assert client.get(reverse("referral_create")).context["club"] == first
    url = reverse("referral_create") + f"?club={club.slug}&occurrence={meeting.pk}"
    form = client.get(url).context["form"]
    assert form.initial["occurrence"] == meeting
    client.post(
        reverse("referral_create"), slip_data(club, receiver, occurrence=meeting.pk)
    )
    assert Referral.objects.get().occurrence == meeting
    assert client.get(reverse("referral_create")).context["club"] == club


def test_without_a_club_the_form_says_where_to_find_one(client):
    response = logged_in(client, make_user()).get(reverse("referral_create"))
    assert response.context["club"] is None
    assert reverse("club_directory") in response.content.decode()


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


# The member's record and CSV


def test_the_members_record_shows_given_received_follow_ups_and_value(
    client, giver, receiver, club
):
    won = give(giver, club, receiver, prospect_name="Wendy Won")
    referral_move(
        referral=won, status=S.WON, by=receiver, value=Decimal(1000), currency="USD"
    )
    give(giver, club, receiver, prospect_name="Nina New")
    give(receiver, club, giver, prospect_name="Back Atcha")

    response = logged_in(client, receiver).get(reverse("my_referrals"))

    record = response.context["record"]
    assert [r.prospect_name for r in record.open_follow_ups] == ["Nina New"]
    assert [r.prospect_name for r in record.received] == ["Nina New", "Wendy Won"]
    assert [r.prospect_name for r in record.given] == ["Back Atcha"]
    assert record.counts == {
        "given": 1,
        "given_won": 0,
        "received": 2,
        "received_won": 1,
    }
    (usd,) = record.values
    assert (usd.currency, usd.received, usd.given) == ("USD", 1000, 0)
    assert reverse("referral_create") in response.content.decode()


def test_the_members_record_counts_the_visitors_their_links_brought(
    client, giver, club
):
    now = timezone.now()
    for name, registered in [("Vera", now), ("Vic", now), ("Only Clicked", None)]:
        Attribution.objects.create(
            referrer=giver,
            email_key=f"{name.lower().replace(' ', '')}@example.com",
            email=f"{name.lower().replace(' ', '')}@example.com",
            name=name,
            touched_at=now,
            registered_at=registered,
        )

    response = logged_in(client, giver).get(reverse("my_referrals"))

    assert response.context["record"].visitors_brought == 2
    assert f'href="{reverse("my_share_links")}">2</a>' in response.content.decode()


def test_the_record_page_costs_the_same_queries_however_many_referrals(
    client, giver, receiver, club, django_assert_max_num_queries
):
    client = logged_in(client, receiver)

    def add(count):
        for n in range(count):
            referral = give(giver, club, receiver, prospect_name=f"P{n}")
            referral_move(
                referral=referral,
                status=S.WON,
                by=receiver,
                value=Decimal(n),
                currency="USD",
            )
            referral_thank(referral=referral, by=receiver, note="Thanks")
            give(receiver, club, giver, prospect_name=f"Q{n}")

    add(1)
    # Session, user, three lists, two sums, the visitors brought, and the
    # header's two permissions.
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("my_referrals"))
    add(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("my_referrals"))
    assert len(response.context["record"].received) == 16


def test_the_csv_has_one_header_and_a_row_per_own_referral(
    client, giver, receiver, club, third
):
    won = give(giver, club, receiver, prospect_company="Acme")
    referral_move(
        referral=won, status=S.WON, by=receiver, value=Decimal("1250.5"), currency="EUR"
    )
    give(receiver, club, giver, prospect_name='=HYPERLINK("x")')
    give(third, club, receiver=None, partner_name="Not mine")  # someone else's

    response = logged_in(client, giver).get(reverse("my_referrals_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2
    formula, row = rows
    assert formula["Prospect name"].startswith("'=")
    assert row["Prospect name"] == "Paula Prospect"
    assert row["Company"] == "Acme"
    assert row["Email"] == "paula@example.com"
    assert row["Phone"] == "+1 555 0100"  # a phone number is not a formula
    assert (row["Status"], row["Value"], row["Currency"]) == ("won", "1250.50", "EUR")
    assert row["Giver"] == "Gina Giver" and row["Receiver"] == "Rob Roofer"
    assert row["Given on"] == timezone.localdate(won.created_at).isoformat()
    assert row["Closed on"] and row["Temperature"] == "warm"
