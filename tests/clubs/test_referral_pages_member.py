"""A member's referral pages: the slip form, and their own record and CSV."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clubs.models import Attribution, Referral
from clubs.services.referrals import referral_move, referral_thank
from tests.builders import make_club, make_membership, make_occurrence, make_user
from tests.clubs.referral_builders import give, logged_in

pytestmark = pytest.mark.django_db
S = Referral.Status


@pytest.fixture
def receiver(receiver_with_business):
    return receiver_with_business


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

    add(3)
    # Session, user, three lists and their counts, two sums, the visitors
    # brought, and the header's two permissions.
    with django_assert_max_num_queries(13) as few:
        client.get(reverse("my_referrals"))
    add(27)  # ten times as many
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("my_referrals"))
    assert len(response.context["record"].received) == 25  # a page of them
    assert response.context["record"].received.count == 30


def test_the_record_pages_each_list_and_keeps_the_others_place(
    client, giver, receiver, club
):
    for n in range(30):
        give(giver, club, receiver, prospect_name=f"Prospect {n:02}")
    client = logged_in(client, receiver)

    def received(response) -> str:
        html = response.content.decode()
        return html.split('id="received"')[1].split('id="given"')[0]

    first = received(client.get(reverse("my_referrals")))
    assert "Prospect 29" in first and "Prospect 04" not in first
    assert 'rel="next" href="?received=2#received"' in first
    assert "Page 1 of 2" in first

    second = received(client.get(reverse("my_referrals") + "?waiting=2&received=2"))
    assert "Prospect 04" in second and "Prospect 29" not in second
    assert "Page 2 of 2" in second
    assert 'rel="prev" href="?waiting=2#received"' in second


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
