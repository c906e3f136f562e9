"""A member downloads everything the site keeps about them, as JSON
(clubs.selectors.personal_data, with masterminds' and content's sections)."""

import json
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clubs.models import Attribution, Payment, Refund, Reward, Subscription
from clubs.services.attendance import attendance_mark
from clubs.services.referrals import referral_move, referral_thank
from masterminds.models import AbsenceNotice, Application, Commitment, HotSeat
from tests.builders import (
    make_category,
    make_club,
    make_member,
    make_occurrence,
    make_referral,
    make_registration,
    make_user,
)
from tests.content.funnel_builders import make_landing_page, shares, visits
from tests.masterminds.builders import make_group, seat, sessions

pytestmark = pytest.mark.django_db
_sequence = count()


@pytest.fixture
def club():
    return make_club(name="Sunrise Breakfast", slug="sunrise")


@pytest.fixture
def mia(club):
    return make_member(
        club,
        email="mia@example.com",
        first_name="Mia",
        last_name="Member",
        business_name="Mia's Bakery",
        category=make_category("Bakeries"),
        phone="+1 312 555 0101",
        bio="Wedding cakes for the North Side.",
        language="es",
    )


@pytest.fixture
def gina(club):
    return make_member(
        club, email="gina@example.com", first_name="Gina", last_name="Giver"
    )


@pytest.fixture
def rob(club):
    return make_member(
        club, email="rob@example.com", first_name="Rob", last_name="Roofer"
    )


def download(client, person):
    client.force_login(person)
    response = client.get(reverse("personal_data_download"))
    assert response.status_code == 200
    return response, json.loads(response.content.decode())


def meeting_rows(club, mia, n: int, *, title="Networking breakfast"):
    """`n` meetings Mia registered for, was marked at and paid for."""
    for i in range(n):
        occurrence = make_occurrence(club, title=title)
        place = make_registration(occurrence, person=mia)
        attendance_mark(
            occurrence=occurrence, registration=place, status="present", by=None
        )
        payment = Payment.objects.create(
            registration=place,
            amount=1500,
            currency="EUR",
            method=Payment.Method.STRIPE,
            status=Payment.Status.REFUNDED,
            paid_at=timezone.now(),
            stripe_checkout_session_id=f"cs_test_secret_{place.pk}",
            stripe_payment_intent_id=f"pi_test_{place.pk}",
            checkout_url="https://checkout.stripe.com/c/pay/cs_test_secret",
        )
        Refund.objects.create(
            payment=payment,
            amount=1500,
            currency="EUR",
            reason="cancelled",
            status="succeeded",
            stripe_refund_id=f"re_test_{i}_{place.pk}",
        )


def referral_rows(club, mia, gina, rob, n: int):
    """`n` slips Gina gives Mia (won and thanked), `n` Mia gives Rob."""
    for i in range(n):
        received = make_referral(
            giver=gina,
            club=club,
            receiver=mia,
            prospect_name=f"Paula Prospect {i}",
            prospect_email=f"paula{i}@example.com",
            need="Three hundred macarons for a gala",
        )
        referral_move(referral=received, status="contacted", by=mia, note="Called")
        referral_move(
            referral=received,
            status="won",
            by=mia,
            value=Decimal("4200"),
            currency="USD",
        )
        referral_thank(referral=received, by=mia, note=f"Thank you Gina {i}!")
        make_referral(
            giver=mia,
            club=club,
            receiver=rob,
            prospect_name=f"Hal Homeowner {i}",
            prospect_email=f"hal{i}@example.com",
            need="A leaking roof",
        )


def visitor_rows(mia, club, n: int):
    """`n` visitors Mia's link brought in, each with Mia's reward."""
    for _ in range(n):
        i = next(_sequence)
        attribution = Attribution.objects.create(
            referrer=mia,
            email_key=f"vera{i}-{mia.pk}@example.com",
            name=f"Vera Visitor {i}",
            email=f"vera{i}-{mia.pk}@example.com",
            touched_at=timezone.now() - timedelta(days=3),
            registered_at=timezone.now() - timedelta(days=2),
        )
        Reward.objects.create(
            attribution=attribution,
            side=Reward.Side.REFERRER,
            recipient=mia,
            recipient_name="Mia Member",
            recipient_email=mia.email,
            description="A free breakfast",
            club=club,
            granted_at=timezone.now(),
        )


def mastermind_rows(mia, n: int):
    group = make_group()
    seat(group, mia)
    Application.objects.create(
        group=group,
        person=mia,
        wants="Grow the wholesale side",
        business="Mia's Bakery",
        status=Application.Status.APPROVED,
        note="Welcome aboard, Mia",
        decided_at=timezone.now(),
    )
    Subscription.objects.create(
        club=group.club,
        person=mia,
        kind=Subscription.Kind.SEAT,
        status=Subscription.Status.ACTIVE,
        amount=9900,
        currency="USD",
        interval="month",
        stripe_customer_id="cus_secret",
        stripe_subscription_id=f"sub_secret_{group.pk}",
    )
    occurrences = sessions(group)
    for i in range(n):
        occurrence = occurrences[i]
        Commitment.objects.create(
            occurrence=occurrence, member=mia, text=f"Call ten caterers ({i})"
        )
        HotSeat.objects.create(occurrence=occurrence, member=mia, position=1)
        AbsenceNotice.objects.create(
            occurrence=occurrence, member=mia, note="At a wedding fair"
        )
    return group


def share_rows(mia, n: int):
    for _ in range(n):
        i = next(_sequence)
        page = make_landing_page(title=f"Bring a guest {i}")
        visits(mia, page, 7)
        shares(mia, page, 2)


@pytest.fixture
def everything(club, mia, gina, rob):
    meeting_rows(club, mia, 1)
    referral_rows(club, mia, gina, rob, 1)
    visitor_rows(mia, club, 1)
    share_rows(mia, 1)
    return mastermind_rows(mia, 1)


def test_a_member_finds_every_part_of_their_record_in_the_file(client, mia, everything):
    response, data = download(client, mia)

    assert data["format_version"] == 1
    generated = datetime.fromisoformat(data["generated_at"])
    assert generated.utcoffset() == timedelta(0)
    profile = data["profile"]
    assert profile["first_name"] == "Mia"
    assert profile["business_name"] == "Mia's Bakery"
    assert profile["business_category"] == "Bakeries"
    assert profile["phone"] == "+1 312 555 0101"
    assert profile["language"] == "es"
    assert profile["email_addresses"] == [
        {"email": "mia@example.com", "primary": True, "verified": True}
    ]
    clubs = {m["club"]: m["role"] for m in data["memberships"]}
    assert clubs["Sunrise Breakfast"] == "member"
    [place] = data["registrations"]
    assert place["meeting"]["club"] == "Sunrise Breakfast"
    assert place["meeting"]["title"] == "Networking breakfast"
    assert place["status"] == "confirmed"
    assert datetime.fromisoformat(place["meeting"]["start"]).utcoffset() is not None
    assert [a["status"] for a in data["attendance"]] == ["present"]
    [payment] = data["payments"]
    assert (payment["amount"], payment["currency"], payment["status"]) == (
        1500,
        "EUR",
        "refunded",
    )
    assert payment["refunds"][0]["status"] == "succeeded"

    [received] = data["referrals_received"]
    assert received["from_member"] == "Gina Giver"
    assert received["prospect"]["name"] == "Paula Prospect 0"
    assert received["prospect"]["email"] == "paula0@example.com"
    assert received["need"] == "Three hundred macarons for a gala"
    assert received["value"] == "4200.00"
    assert [s["status"] for s in received["status_steps"]] == [
        "new",
        "contacted",
        "won",
    ]
    assert received["status_steps"][1]["note"] == "Called"
    assert received["thank_you"]["note"] == "Thank you Gina 0!"
    [given] = data["referrals_given"]
    assert given["to_member"] == "Rob Roofer"
    assert given["prospect"]["name"] == "Hal Homeowner 0"

    assert data["rewards"][0]["what"] == "A free breakfast"
    assert data["attributions"]["visitors_brought"] == 1
    assert data["share_links"]["totals"]["visits"] == 7
    assert data["share_links"]["totals"]["shares"] == 2
    assert data["share_links"]["pages"][0]["page"].startswith("Bring a guest")
    assert data["share_links"]["share_code"] == mia.referral_code

    [application] = data["mastermind_applications"]
    assert application["what_you_want"] == "Grow the wholesale side"
    assert application["note_to_you"] == "Welcome aboard, Mia"
    assert data["mastermind_seats"][0]["group"] == everything.club.name
    assert data["mastermind_commitments"][0]["commitment"] == "Call ten caterers (0)"
    assert data["mastermind_hot_seats"][0]["position"] == 1
    assert data["mastermind_absences"][0]["note"] == "At a wedding fair"
    [subscription] = data["subscriptions"]
    assert (subscription["pays_for"], subscription["amount"]) == ("seat", 9900)


def test_the_file_downloads_as_a_dated_attachment_no_cache_keeps(client, mia):
    response, _ = download(client, mia)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    today = timezone.localdate(timezone=ZoneInfo(mia.time_zone))
    assert response["Content-Disposition"] == (
        f'attachment; filename="referral-clubs-data-{today:%Y-%m-%d}.json"'
    )
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_nobody_elses_details_or_secrets_are_in_the_file(
    client, club, mia, gina, rob, everything
):
    # A slip between two other members, and a guest Gina invited.
    make_referral(
        giver=gina,
        club=club,
        receiver=rob,
        prospect_name="Olga Outsider",
        prospect_email="olga@example.com",
        prospect_phone="+1 312 555 0199",
    )
    make_registration(make_occurrence(club), name="Gus Guest", email="gus@ex.com")

    response, _ = download(client, mia)
    text = response.content.decode()

    for theirs in ("Olga", "olga@example.com", "555 0199", "Gus", "gus@ex.com"):
        assert theirs not in text
    # Other members by name only; the visitors Mia brought in not at all.
    for contact in ("gina@example.com", "rob@example.com", "Vera", "vera"):
        assert contact not in text
    for secret in ("cs_test_secret", "checkout.stripe.com", "cus_secret", "re_test"):
        assert secret not in text
    assert mia.password not in text


def test_a_guest_place_taken_before_signing_up_is_in_the_file(client, club):
    occurrence = make_occurrence(club, title="Open breakfast")
    make_registration(occurrence, name="Nora New", email="nora@example.com")
    # The same address, never proved: it is not hers to read.
    make_registration(occurrence, name="Not Nora", email="nora.other@example.com")
    nora = make_user(email="nora@example.com", first_name="Nora")

    _, data = download(client, nora)

    assert [r["name"] for r in data["registrations"]] == ["Nora New"]


def test_signing_in_comes_first(client):
    response = client.get(reverse("personal_data_download"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_download_costs_the_same_queries_for_ten_times_the_rows(
    client, club, mia, gina, rob, django_assert_max_num_queries
):
    def queries() -> int:
        client.force_login(mia)
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("personal_data_download"))
        return len(captured)

    meeting_rows(club, mia, 1)
    referral_rows(club, mia, gina, rob, 1)
    visitor_rows(mia, club, 1)
    share_rows(mia, 1)
    mastermind_rows(mia, 1)
    once = queries()
    meeting_rows(club, mia, 9)
    referral_rows(club, mia, gina, rob, 9)
    visitor_rows(mia, club, 9)
    share_rows(mia, 9)
    mastermind_rows(mia, 10)

    client.force_login(mia)
    with django_assert_max_num_queries(once):
        response = client.get(reverse("personal_data_download"))
    data = json.loads(response.content)
    assert len(data["registrations"]) == len(data["payments"]) == 10
    assert len(data["referrals_received"]) == len(data["referrals_given"]) == 10
    assert len(data["mastermind_commitments"]) == 11
    assert data["share_links"]["totals"]["visits"] == 70


def test_past_the_limit_the_member_is_told_to_wait(client, mia, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "personal_data_download": "2/h"}
    client.force_login(mia)
    url = reverse("personal_data_download")

    answers = [client.get(url).status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_the_profile_page_offers_the_download(client, mia):
    client.force_login(mia)

    response = client.get(reverse("profile_edit"))

    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("personal_data_download") in page
    assert "Download my data" in page
