"""A mastermind seat can cost something each month or year: set in the admin
as money, shown on the group's page."""

import html

import pytest
from django.db import IntegrityError
from django.urls import reverse

from clubs.money import Money
from masterminds.models import MastermindGroup
from masterminds.selectors import group_seat_price
from tests.builders import make_user
from tests.masterminds.builders import facilitator_of, make_group
from tests.masterminds.test_admin_groups import in_admin

pytestmark = pytest.mark.django_db


def edit_data(group, **changes):
    data = {
        "seat_limit": str(group.seat_limit),
        "one_member_per_category": "on",
        "hot_seats_per_session": "2",
        "session_series": str(group.session_series_id),
        "training_series": "",
        "agenda_template": "",
        "seat_price": "",
        "seat_currency": "",
        "seat_interval": "",
    }
    return {**data, **changes}


def test_a_facilitator_sets_a_monthly_seat_price(client):
    group = make_group()
    client.force_login(in_admin(facilitator_of(group)))
    price = {"seat_price": "150", "seat_currency": "usd", "seat_interval": "month"}

    response = client.post(
        reverse("mastermind_groups:edit", args=[group.pk]), edit_data(group, **price)
    )

    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.seat_price, group.seat_currency) == (15000, "USD")
    assert str(group_seat_price(group)) == "$150.00 a month"


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        (
            {"seat_price": "abc", "seat_currency": "USD", "seat_interval": "month"},
            "seat_price",
        ),
        (
            {"seat_price": "150", "seat_currency": "", "seat_interval": "month"},
            "seat_currency",
        ),
        (
            {"seat_price": "150", "seat_currency": "USD", "seat_interval": ""},
            "seat_interval",
        ),
    ],
)
def test_a_bad_seat_price_is_refused_beside_the_field(client, typed, field):
    group = make_group()
    client.force_login(in_admin(facilitator_of(group)))

    response = client.post(
        reverse("mastermind_groups:edit", args=[group.pk]), edit_data(group, **typed)
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    group.refresh_from_db()
    assert group.seat_price is None


def test_the_group_page_shows_the_seat_price(client):
    group = make_group()
    MastermindGroup.objects.filter(pk=group.pk).update(
        seat_price=15000, seat_currency="USD", seat_interval="year"
    )
    client.force_login(make_user())

    page = client.get(reverse("mastermind_detail", args=[group.club.slug])).text

    assert "Price of a seat" in page
    assert "$150.00 a year" in html.unescape(page)
    assert "Online payment is not set up yet" in page


def test_free_seats_show_no_price(client):
    group = make_group()

    page = client.get(reverse("mastermind_detail", args=[group.club.slug])).text

    assert group_seat_price(group) is None
    assert "Price of a seat" not in page


def test_a_seat_price_needs_a_currency_and_an_interval():
    group = make_group()
    with pytest.raises(IntegrityError):
        MastermindGroup.objects.filter(pk=group.pk).update(seat_price=100)


def test_the_seat_price_is_money():
    group = make_group()
    group.seat_price, group.seat_currency, group.seat_interval = 900, "EUR", "month"
    assert group_seat_price(group).money == Money(900, "EUR")
