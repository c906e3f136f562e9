"""Hosts type prices as money ("12.50") in the admin; they are stored as the
currency's minor units, and bad amounts are refused beside their field."""

from datetime import date

import pytest
from django.urls import reverse

from clubs.models import Series
from tests.builders import make_series
from tests.clubs.admin.test_admin_occurrences import edit_data
from tests.clubs.admin.test_admin_series import ZONE, series_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(club, time_machine):
    time_machine.move_to(date(2025, 12, 1))
    return make_series(
        club,
        first_date=date(2026, 1, 6),
        ends_on=date(2026, 3, 31),
        member_price=1500,
        guest_price=2500,
        currency="USD",
    )


def test_a_series_is_priced_in_money_and_stored_in_cents(
    host_client, club, time_machine
):
    time_machine.move_to(date(2025, 12, 1))
    data = series_data(club=club.pk, member_price="15", guest_price="25.50")

    response = host_client.post(reverse("club_series:add"), {**data, "currency": "usd"})

    assert response.status_code == 302
    series = Series.objects.get()
    assert (series.member_price, series.guest_price) == (1500, 2550)
    assert series.currency == "USD"


def test_the_series_form_shows_stored_cents_as_money(host_client, series):
    response = host_client.get(reverse("club_series:edit", args=[series.pk]))

    assert response.context["form"].initial["guest_price"] == pytest.approx(25)
    assert 'value="25.00"' in response.text


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"member_price": "12,50", "currency": "USD"}, "member_price", "number"),
        ({"member_price": "12.505", "currency": "USD"}, "member_price", "at most 2"),
        ({"member_price": "-1", "currency": "USD"}, "member_price", "greater than"),
        ({"member_price": "99999999", "currency": "USD"}, "member_price", "less"),
        ({"member_price": "12.50", "currency": "JPY"}, "member_price", "whole"),
        ({"member_price": "12.50", "currency": ""}, "currency", "which currency"),
        ({"member_price": "12.50", "currency": "XYZ"}, "currency", "not a currency"),
    ],
)
def test_bad_amounts_are_refused_beside_the_field(
    host_client, series, typed, field, message
):
    url = reverse("club_series:edit", args=[series.pk])

    response = host_client.post(url, series_data(**ZONE, **typed))

    assert response.status_code == 200  # the admin's way: the form again
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    series.refresh_from_db()
    assert series.member_price == 1500


def test_one_date_gets_its_own_guest_price(host_client, series):
    meeting = series.occurrences.order_by("start").first()
    url = reverse("club_meetings:edit", args=[meeting.pk])

    response = host_client.post(url, edit_data(meeting, guest_price="30"))

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.member_price, meeting.guest_price) == (None, 3000)
    assert meeting.sequence == 0  # calendars carry no price


def test_a_date_of_a_free_series_cannot_be_priced(host_client, club, time_machine):
    time_machine.move_to(date(2025, 12, 1))
    meeting = make_series(club, first_date=date(2026, 1, 6)).occurrences.first()
    url = reverse("club_meetings:edit", args=[meeting.pk])

    response = host_client.post(url, edit_data(meeting, member_price="10"))

    assert response.status_code == 200
    assert "currency first" in response.context["form"].errors["member_price"][0]


def club_data(club, **changes):
    data = {
        "name_en": club.name,
        "slug": club.slug,
        "description_en": "",
        "time_zone": club.time_zone,
        "venue_name_en": "",
        "venue_address": "",
        "online_url": "",
        "visibility": "public",
        "join_policy": "open",
        "reminder_hours_before": "24",
        "absence_limit": "",
        "absence_window_months": "6",
        "payment_hold_minutes": "30",
        "waitlist_offer_hours": "12",
        "refund_until_hours": "24",
    }
    return {**data, **changes}


def test_a_host_sets_the_payment_hold_and_cancellation_policy(host_client, club):
    url = reverse("clubs:edit", args=[club.pk])
    policy = {
        "payment_hold_minutes": "45",
        "waitlist_offer_hours": "6",
        "refund_until_hours": "72",
    }

    assert host_client.post(url, club_data(club, **policy)).status_code == 302

    club.refresh_from_db()
    assert (
        club.payment_hold_minutes,
        club.waitlist_offer_hours,
        club.refund_until_hours,
    ) == (45, 6, 72)


def test_a_hold_shorter_than_stripe_allows_is_refused(host_client, club):
    url = reverse("clubs:edit", args=[club.pk])

    response = host_client.post(url, club_data(club, payment_hold_minutes="10"))

    assert response.status_code == 200
    errors = response.context["form"].errors["payment_hold_minutes"]
    assert "greater than or equal to 30" in errors[0]


def test_a_club_charges_yearly_dues(host_client, club):
    url = reverse("clubs:edit", args=[club.pk])
    dues = {"dues": "120", "dues_currency": "EUR", "dues_interval": "year"}

    response = host_client.post(url, club_data(club, **dues))

    assert response.status_code == 302
    club.refresh_from_db()
    assert (club.dues, club.dues_currency, club.dues_interval) == (12000, "EUR", "year")


def test_dues_need_an_interval(host_client, club):
    url = reverse("clubs:edit", args=[club.pk])
    dues = {"dues": "120", "dues_currency": "EUR", "dues_interval": ""}

    response = host_client.post(url, club_data(club, **dues))

    assert response.status_code == 200
    assert "how often" in response.context["form"].errors["dues_interval"][0]
    club.refresh_from_db()
    assert club.dues is None
