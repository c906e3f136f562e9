"""Payments and refunds in the admin: read-only, and only the host's clubs."""

import csv
import io

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from clubs.models import Payment, Refund
from tests.builders import make_club, make_occurrence
from tests.builders import make_registration as register

pytestmark = pytest.mark.django_db


def payment_in(club, email, *, refunded=False):
    occurrence = make_occurrence(club, title=f"{club.name} breakfast")
    payment = Payment.objects.create(
        registration=register(occurrence, name=email.split("@")[0], email=email),
        amount=2500,
        currency="USD",
        method="stripe",
        status="refunded" if refunded else "paid",
        paid_at=timezone.now(),
        stripe_checkout_session_id=f"cs_{email}",
        stripe_payment_intent_id=f"pi_{email}",
    )
    Refund.objects.create(
        payment=payment, amount=2500, currency="USD", reason="host", status="pending"
    )
    return payment


@pytest.fixture
def payments(club):
    return {
        "ours": payment_in(club, "ours@example.com"),
        "theirs": payment_in(make_club(name="Hilltop Experts"), "theirs@example.com"),
    }


@pytest.mark.parametrize("name", ["payments", "refunds"])
def test_a_host_lists_and_exports_their_clubs_payments_and_refunds_only(
    host_client, payments, name
):
    page = host_client.get(reverse(f"{name}:index")).content.decode()
    assert "ours" in page and "$25.00" in page
    assert "theirs@example.com" not in page and "Hilltop" not in page

    response = host_client.get(reverse(f"{name}:index") + "?export=csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert [row["Email"] for row in rows] == ["ours@example.com"]


def test_other_clubs_rows_are_not_found_and_nothing_is_editable(host_client, payments):
    ours, theirs = payments["ours"], payments["theirs"]
    assert (
        host_client.get(reverse("payments:inspect", args=[ours.pk])).status_code == 200
    )
    for name, row in (("payments", theirs), ("refunds", theirs.refunds.get())):
        url = reverse(f"{name}:inspect", args=[row.pk])
        assert host_client.get(url).status_code == 404
    for view in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"payments:{view}", args=[ours.pk] if view != "add" else [])
