"""Prices of meetings and club dues: what each person sees, on the pages and
in the JSON-LD offers. Free meetings stay exactly as they were."""

import html
import json
import re
from datetime import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from clubs.models import Club
from clubs.money import Money
from clubs.selectors.payments import (
    club_dues,
    occurrence_price_for,
    occurrence_prices,
)
from tests.builders import (
    make_club,
    make_member,
    make_membership,
    make_occurrence,
    make_registration,
    make_series,
    make_user,
)

pytestmark = pytest.mark.django_db

NO_PAYMENT = "Online payment is not set up yet: pay the host at the meeting."


def page_url(occurrence):
    slug = occurrence.series.club.slug
    return reverse("occurrence_detail", kwargs={"slug": slug, "pk": occurrence.pk})


def page(client, occurrence) -> str:
    response = client.get(page_url(occurrence))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def json_ld(text: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    return json.loads(found[1])


@pytest.fixture
def paid():
    """A breakfast at USD 15.00 for members and 25.00 for guests, 2 seats."""
    return make_occurrence(
        member_price=1500, guest_price=2500, currency="USD", capacity=2
    )


def test_a_member_pays_the_member_price_and_everyone_else_the_guest_price(paid):
    club = paid.series.club
    member, stranger = make_member(club), make_user()
    left = make_user()
    make_membership(club, left, status="left")

    assert occurrence_price_for(occurrence=paid, person=member) == Money(1500, "USD")
    assert occurrence_price_for(occurrence=paid, person=stranger) == Money(2500, "USD")
    assert occurrence_price_for(occurrence=paid, person=left) == Money(2500, "USD")


def test_a_date_of_its_own_overrides_the_series_price(paid):
    paid.guest_price = 3000
    paid.save()

    prices = occurrence_prices(paid)

    assert prices.member == Money(1500, "USD")
    assert prices.guest == Money(3000, "USD")


def test_a_meeting_without_prices_is_free_for_everyone():
    free = make_occurrence()

    assert occurrence_prices(free) is None
    assert occurrence_price_for(occurrence=free, person=make_user()) is None


def test_a_price_without_a_currency_is_refused_by_the_database():
    series = make_series()
    with pytest.raises(IntegrityError):
        type(series).objects.filter(pk=series.pk).update(member_price=1500)


def test_the_page_shows_both_prices_to_visitors_and_says_to_pay_at_the_door(
    client, paid
):
    text = page(client, paid)

    assert "Members $15.00 · Guests $25.00" in text
    assert "You pay" not in text
    assert NO_PAYMENT in text
    assert "Register as a guest" in text  # registration works as for a free one


def test_a_member_sees_their_own_price_in_their_language(client, paid):
    client.force_login(make_member(paid.series.club))

    text = page(client, paid)
    with translation.override("es"):
        spanish = client.get(page_url(paid)).content.decode()

    assert "You pay $15.00" in text
    spanish = html.unescape(spanish)
    assert "Pagas 15,00\xa0US$" in spanish
    assert "Miembros 15,00\xa0US$ · Invitados 25,00\xa0US$" in spanish
    assert "paga al anfitrión en la reunión" in spanish


def test_a_guest_registers_for_a_paid_meeting_as_today(client, paid):
    response = client.post(
        reverse(
            "occurrence_register",
            kwargs={"slug": paid.series.club.slug, "pk": paid.pk},
        ),
        {"name": "Gia Guest", "email": "gia@example.com"},
    )

    assert response.status_code == 302
    assert paid.registrations.get().email == "gia@example.com"


def test_the_json_ld_offers_one_offer_per_price(client, paid):
    data = json_ld(page(client, paid))

    members, guests = data["offers"]
    assert (members["name"], members["price"]) == ("Members", "15.00")
    assert (guests["name"], guests["price"]) == ("Guests", "25.00")
    for offer in (members, guests):
        assert offer["@type"] == "Offer"
        assert offer["priceCurrency"] == "USD"
        assert offer["availability"] == "https://schema.org/InStock"
        assert offer["url"] == data["url"]
        published = datetime.fromisoformat(offer["validFrom"])
        assert published == paid.series.created_at


def test_a_full_paid_meeting_is_sold_out(client, paid):
    make_registration(paid)
    make_registration(paid)
    paid.refresh_from_db()

    offers = json_ld(page(client, paid))["offers"]

    assert {offer["availability"] for offer in offers} == {"https://schema.org/SoldOut"}


def test_a_free_meeting_has_no_offers_and_no_price_text(client):
    free = make_occurrence()
    client.force_login(make_member(free.series.club))

    text = page(client, free)

    assert "offers" not in json_ld(text)
    for words in ("Price", "You pay", "Members", "Online payment"):
        assert words not in text


def test_the_club_page_shows_its_dues():
    club = make_club(dues=12000, dues_currency="EUR", dues_interval="year")

    with translation.override("es"):
        assert str(club_dues(club)) == "120,00\xa0€ al año"
    assert str(club_dues(club)) == "€120.00 a year"
    assert club_dues(make_club()) is None


def test_dues_need_a_currency_and_an_interval():
    with pytest.raises(IntegrityError):
        Club.objects.create(name="X", slug="x", time_zone="UTC", dues=100)


def test_the_club_page_names_the_dues(client):
    club = make_club(dues=12000, dues_currency="USD", dues_interval="year")

    text = client.get(reverse("club_detail", args=[club.slug])).content.decode()

    assert "Dues: $120.00 a year." in html.unescape(text)


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_prices_cost_the_meeting_page_no_queries(
    client, who, django_assert_max_num_queries, settings
):
    settings.CACHE_MIDDLEWARE_SECONDS = 0  # what building the page costs
    free, paid = (
        make_occurrence(),
        make_occurrence(member_price=1500, guest_price=2500, currency="USD"),
    )
    if who == "member":
        person = make_user()
        make_membership(free.series.club, person)
        make_membership(paid.series.club, person)
        client.force_login(person)
    client.get(page_url(free))  # warm the session and content types

    with django_assert_max_num_queries(40) as on_free:
        page(client, free)
    with django_assert_max_num_queries(len(on_free.captured_queries)):
        page(client, paid)


def test_dues_cost_the_club_page_no_queries(
    client, django_assert_max_num_queries, settings
):
    settings.CACHE_MIDDLEWARE_SECONDS = 0  # what building the page costs
    free = make_club()
    paying = make_club(dues=5000, dues_currency="USD", dues_interval="month")
    client.get(reverse("club_detail", args=[free.slug]))

    with django_assert_max_num_queries(40) as on_free:
        client.get(reverse("club_detail", args=[free.slug]))
    with django_assert_max_num_queries(len(on_free.captured_queries)):
        client.get(reverse("club_detail", args=[paying.slug]))


def test_with_stripe_keys_the_pay_at_the_door_message_goes(client, paid, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_example"

    text = page(client, paid)

    assert "Members $15.00 · Guests $25.00" in text
    assert NO_PAYMENT not in text
