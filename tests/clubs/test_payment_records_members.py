"""A member's own payments and receipts, and a guest's receipt by token."""

import pytest
from django.urls import reverse
from django.utils import timezone

from clubs.models import Payment, Refund
from clubs.tokens import registration_manage_token
from tests.builders import make_club, make_membership, make_occurrence, make_user
from tests.builders import make_registration as register

pytestmark = pytest.mark.django_db

PRICES = {"member_price": 1500, "guest_price": 2500, "currency": "EUR"}


@pytest.fixture
def occurrence():
    return make_occurrence(
        make_club(slug="breakfast", name="Breakfast Club"),
        title="Networking breakfast",
        **PRICES,
    )


@pytest.fixture
def mia(occurrence):
    person = make_user(first_name="Mia", last_name="Member", email="mia@example.com")
    make_membership(occurrence.series.club, person)
    return person


def paid(registration, *, amount=1500, status="paid"):
    return Payment.objects.create(
        registration=registration,
        amount=amount,
        currency="EUR",
        method=Payment.Method.STRIPE,
        status=status,
        paid_at=timezone.now(),
        stripe_checkout_session_id=f"cs_test_{registration.pk}",
        stripe_payment_intent_id=f"pi_test_{registration.pk}",
    )


def test_a_member_lists_their_payments_and_opens_a_printable_receipt(
    client, occurrence, mia
):
    payment = paid(register(occurrence, person=mia), status="refunded")
    Refund.objects.create(
        payment=payment,
        amount=1500,
        currency="EUR",
        reason="cancelled",
        status="succeeded",
        stripe_refund_id="re_test_9",
    )
    someone_else = paid(register(occurrence, name="Sam", email="sam@example.com"))
    client.force_login(mia)

    listing = client.get(reverse("my_payments")).content.decode()
    assert "€15.00" in listing and "Breakfast Club" in listing
    assert reverse("my_payment_receipt", args=[payment.pk]) in listing
    assert reverse("my_payment_receipt", args=[someone_else.pk]) not in listing
    assert 'aria-current="page">Payments</a>' in listing

    receipt = client.get(reverse("my_payment_receipt", args=[payment.pk]))
    page = receipt.content.decode()
    assert receipt.status_code == 200
    for text in (
        "Referral Clubs",
        "Breakfast Club",
        "Networking breakfast",
        "€15.00",
        "Online (Stripe)",
        f"pi_test_{payment.registration_id}",
        "re_test_9",
        "Cancelled within the policy",
    ):
        assert text in page, text


def test_another_members_receipt_is_404_and_anonymous_people_sign_in(
    client, occurrence, mia
):
    payment = paid(register(occurrence, person=mia))
    url = reverse("my_payment_receipt", args=[payment.pk])
    assert "/accounts/login/" in client.get(url)["Location"]
    assert "/accounts/login/" in client.get(reverse("my_payments"))["Location"]
    client.force_login(make_user())
    assert client.get(url).status_code == 404
    assert client.get(reverse("my_payment_receipt", args=[999999])).status_code == 404


def test_a_guest_reaches_their_receipt_from_their_place_page(client, occurrence):
    gia = register(occurrence, name="Gia", email="gia@example.com")
    token = registration_manage_token(gia)
    receipt_url = reverse("registration_receipt", kwargs={"token": token})
    assert client.get(receipt_url).status_code == 404  # nothing paid yet
    paid(gia, amount=2500)

    place = client.get(reverse("registration_manage", kwargs={"token": token}))
    assert receipt_url in place.content.decode()
    page = client.get(receipt_url).content.decode()
    assert "Gia" in page and "€25.00" in page
    forged = reverse("registration_receipt", kwargs={"token": "forged"})
    assert client.get(forged).status_code == 404


def test_the_members_list_takes_the_same_queries_for_many_payments(
    client, mia, django_assert_max_num_queries
):
    client.force_login(mia)
    club = make_club()
    make_membership(club, mia)
    paid(register(make_occurrence(club, **PRICES), person=mia))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("my_payments"))
    for _ in range(5):
        paid(register(make_occurrence(club, **PRICES), person=mia))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("my_payments")).status_code == 200


def test_checkouts_that_never_paid_are_not_listed_nor_receipted(
    client, occurrence, mia
):
    expired = Payment.objects.create(
        registration=register(occurrence, person=mia),
        amount=1500,
        currency="EUR",
        method=Payment.Method.STRIPE,
        status=Payment.Status.EXPIRED,
        stripe_checkout_session_id="cs_test_expired",
    )
    client.force_login(mia)

    page = client.get(reverse("my_payments")).content.decode()

    assert "You have not paid for any meeting yet." in page
    receipt = reverse("my_payment_receipt", args=[expired.pk])
    assert client.get(receipt).status_code == 404
