"""What hosts see of a meeting's and a club's payments, their CSVs, and a
host's refund by hand, against the fake Stripe."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clubs.models import Payment, Refund, Registration
from clubs.services.payments import payment_record_at_door
from tests.builders import make_club, make_membership, make_occurrence, make_user
from tests.builders import make_registration as register

pytestmark = pytest.mark.django_db

PRICES = {"member_price": 1500, "guest_price": 2500, "currency": "USD"}


@pytest.fixture
def occurrence(host):
    club = make_club(slug="breakfast", name="Breakfast Club")
    make_membership(club, host, role="cohost")
    return make_occurrence(club, **PRICES)


def online_payment(occurrence, *, name="Gia", status="paid", amount=2500, n=None):
    """A place paid through Stripe, as the webhook leaves it."""
    n = n if n is not None else Payment.objects.count() + 1
    registration = register(occurrence, name=name, email=f"payer{n}@example.com")
    return Payment.objects.create(
        registration=registration,
        amount=amount,
        currency="USD",
        method=Payment.Method.STRIPE,
        status=status,
        paid_at=timezone.now() if status in ("paid", "refunded") else None,
        stripe_checkout_session_id=f"cs_test_{n}",
        stripe_payment_intent_id=f"pi_test_{n}" if status != "pending" else "",
    )


def payments_url(occurrence):
    club = occurrence.series.club
    return reverse(
        "occurrence_payments", kwargs={"slug": club.slug, "pk": occurrence.pk}
    )


def refund_url(payment):
    occurrence = payment.registration.occurrence
    return reverse(
        "payment_refund",
        kwargs={
            "slug": occurrence.series.club.slug,
            "pk": occurrence.pk,
            "payment_pk": payment.pk,
        },
    )


def test_the_meeting_page_lists_payments_refunds_totals_and_holds(
    host_client, host, occurrence
):
    online_payment(occurrence, name="Gia")
    refunded = online_payment(occurrence, name="Rae", status="refunded")
    Refund.objects.create(
        payment=refunded, amount=2500, currency="USD", reason="host", status="succeeded"
    )
    door = register(occurrence, name="Dora", email="dora@example.com")
    payment_record_at_door(registration=door, by=host)
    held = register(occurrence, name="Hal", email="hal@example.com")
    Registration.objects.filter(pk=held.pk).update(
        status="held", hold_expires_at=timezone.now() + timedelta(minutes=20)
    )

    response = host_client.get(payments_url(occurrence))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Gia" in page and "Rae" in page and "Dora" in page
    assert "$25.00" in page and "At the door" in page and "Online (Stripe)" in page
    # Received 25 + 25 + 25, refunded 25, net 50.
    assert "<td>$75.00</td>" in page and "<td>$50.00</td>" in page
    assert "Refunded by a host" in page
    assert "Hal" in page and "Paying for their seat" in page
    # One refund button: Gia's online payment (Rae is refunded, Dora paid cash).
    assert page.count('class="button button--small button--secondary"') == 1


def test_query_counts_do_not_grow_with_rows(
    host_client, occurrence, django_assert_max_num_queries
):
    online_payment(occurrence)
    with django_assert_max_num_queries(30) as few:
        host_client.get(payments_url(occurrence))
    for n in range(8):
        payment = online_payment(occurrence, name=f"P{n}", status="refunded")
        Refund.objects.create(
            payment=payment, amount=2500, currency="USD", reason="host"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        host_client.get(payments_url(occurrence))
    club_url = reverse("club_payments", kwargs={"slug": "breakfast"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert host_client.get(club_url).status_code == 200


def test_people_who_do_not_host_get_404_and_anonymous_people_sign_in(
    client, occurrence
):
    payment = online_payment(occurrence)
    club_urls = [
        reverse("club_payments", kwargs={"slug": "breakfast"}),
        reverse("club_payments_csv", kwargs={"slug": "breakfast"}),
    ]
    csv_url = reverse(
        "occurrence_payments_csv", kwargs={"slug": "breakfast", "pk": occurrence.pk}
    )
    urls = [payments_url(occurrence), csv_url, refund_url(payment), *club_urls]
    for url in urls:
        assert "/accounts/login/" in client.get(url)["Location"]
    member = make_user()
    make_membership(occurrence.series.club, member)
    client.force_login(member)
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(refund_url(payment)).status_code == 404
    assert not Refund.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_host_refunds_by_hand_after_a_confirmation_naming_person_and_amount(
    host_client, occurrence, stripe_fake
):
    payment = online_payment(occurrence, name="Gia")
    stripe_fake.objects["cs_test_1"] = {
        "id": "cs_test_1",
        "object": "checkout.session",
        "payment_intent": "pi_test_1",
    }

    page = host_client.get(refund_url(payment)).content.decode()
    assert "Give <strong>$25.00</strong> back to <strong>Gia</strong>" in page
    assert "Refund $25.00 to Gia</button>" in page

    response = host_client.post(refund_url(payment), follow=True)

    assert "Refund of $25.00 to Gia requested." in response.content.decode()
    refund = Refund.objects.get()
    assert (refund.reason, refund.status) == ("host", "succeeded")
    assert refund.stripe_refund_id == stripe_fake.refunds()[0]["id"]
    payment.refresh_from_db()
    assert payment.status == "refunded"


def test_door_payments_and_refunded_ones_are_refused_with_a_message(
    host_client, host, occurrence
):
    door = register(occurrence, name="Dora", email="dora@example.com")
    cash = payment_record_at_door(registration=door, by=host)
    refunded = online_payment(occurrence, name="Rae", status="refunded")
    Refund.objects.create(payment=refunded, amount=2500, currency="USD", reason="host")

    page = host_client.get(refund_url(cash)).content.decode()
    assert "taken at the door" in page and "</button>" not in page.split("<main")[1]
    response = host_client.post(refund_url(cash), follow=True)
    assert "taken at the door" in response.content.decode()
    response = host_client.post(refund_url(refunded), follow=True)
    assert "This payment has already been refunded." in response.content.decode()
    assert Refund.objects.count() == 1


def test_another_meetings_payment_is_404(host_client, occurrence):
    elsewhere = make_occurrence(make_club(), **PRICES)
    payment = online_payment(elsewhere)
    url = reverse(
        "payment_refund",
        kwargs={"slug": "breakfast", "pk": occurrence.pk, "payment_pk": payment.pk},
    )
    assert host_client.get(url).status_code == 404
    assert host_client.post(url).status_code == 404


def test_the_csvs_go_through_the_formula_guard(host_client, occurrence):
    online_payment(occurrence, name="=HYPERLINK(1)")
    csv_url = reverse(
        "occurrence_payments_csv", kwargs={"slug": "breakfast", "pk": occurrence.pk}
    )
    club_csv = reverse("club_payments_csv", kwargs={"slug": "breakfast"})
    for url in (csv_url, club_csv):
        response = host_client.get(url)
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0][:3] == ["meeting_start", "meeting", "name"]
        assert rows[1][2] == "'=HYPERLINK(1)"
        assert rows[1][5:9] == ["25.00", "USD", "stripe", "paid"]


def test_the_club_page_filters_by_period(host_client, occurrence):
    old = online_payment(occurrence, name="Olga")
    Payment.objects.filter(pk=old.pk).update(
        paid_at=timezone.now() - timedelta(days=400)
    )
    online_payment(occurrence, name="Nina")
    url = reverse("club_payments", kwargs={"slug": "breakfast"})

    page = host_client.get(url).content.decode()
    assert "Nina" in page and "Olga" not in page
    page = host_client.get(url, {"period": "last_12_months"}).content.decode()
    assert "Olga" not in page
    start = (timezone.localdate() - timedelta(days=500)).isoformat()
    end = timezone.localdate().isoformat()
    page = host_client.get(
        url, {"period": "custom", "start": start, "end": end}
    ).content.decode()
    assert "Nina" in page and "Olga" in page
    assert host_client.get(url, {"period": "custom", "start": "x"}).status_code == 400


def test_the_door_sheet_and_meeting_page_link_to_the_payments(host_client, occurrence):
    club = occurrence.series.club
    sheet = reverse(
        "occurrence_attendance", kwargs={"slug": club.slug, "pk": occurrence.pk}
    )
    detail = reverse(
        "occurrence_detail", kwargs={"slug": club.slug, "pk": occurrence.pk}
    )
    for url in (sheet, detail):
        assert payments_url(occurrence) in host_client.get(url).content.decode()
    club_page = host_client.get(reverse("club_detail", kwargs={"slug": club.slug}))
    assert reverse("club_payments", kwargs={"slug": club.slug}) in (
        club_page.content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_a_refund_that_failed_at_stripe_is_offered_again(
    host_client, occurrence, stripe_fake
):
    payment = online_payment(occurrence, name="Fay")
    stripe_fake.objects["cs_fay"] = {  # Stripe knows the payment
        "id": "cs_fay",
        "object": "checkout.session",
        "payment_intent": payment.stripe_payment_intent_id,
    }
    Refund.objects.create(
        payment=payment,
        amount=2500,
        currency="USD",
        reason="host",
        status="failed",
        stripe_refund_id="re_failed",
    )

    page = host_client.get(refund_url(payment)).content.decode()
    assert "already been refunded" not in page
    host_client.post(refund_url(payment), follow=True)

    payment.refresh_from_db()
    assert payment.status == "refunded"
    retried = Refund.objects.filter(payment=payment).exclude(status="failed").get()
    assert retried.stripe_refund_id == stripe_fake.refunds()[0]["id"]
