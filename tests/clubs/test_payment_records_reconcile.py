"""`manage.py reconcile_payments` against the fake Stripe: what it finds when
a webhook never came, an amount changed or a refund was made in Stripe's
dashboard, and what `--fix` settles through the webhook handlers."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from clubs.models import Payment, Refund, Registration
from clubs.selectors import reconciliation
from clubs.stripe_api import stripe_client
from clubs.tokens import registration_manage_token
from tests.builders import make_club, make_occurrence
from tests.stripe.fake import deliver, event

pytestmark = pytest.mark.django_db(transaction=True)

PRICES = {"member_price": 1500, "guest_price": 2500, "currency": "USD"}


@pytest.fixture
def occurrence():
    return make_occurrence(make_club(slug="breakfast"), capacity=5, **PRICES)


def guest_pays(client, occurrence, email):
    url = reverse(
        "occurrence_register", kwargs={"slug": "breakfast", "pk": occurrence.pk}
    )
    client.post(url, {"name": email.split("@")[0], "email": email})
    return Payment.objects.get(registration__email=email)


def reconcile(*options) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("reconcile_payments", *options, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def test_matching_records_report_no_differences(client, occurrence, stripe_fake):
    guest_pays(client, occurrence, "gia@example.com")
    deliver(event("checkout.session.completed", stripe_fake.pay()))
    guest_pays(client, occurrence, "open@example.com")  # still paying: fine

    code, out = reconcile()

    assert code == 0 and "No differences." in out


def test_a_lost_webhook_is_reported_then_fixed_through_the_handlers(
    client, occurrence, stripe_fake
):
    payment = guest_pays(client, occurrence, "gia@example.com")
    stripe_fake.pay()  # paid at Stripe; the webhook never arrives

    code, out = reconcile()

    assert code == 1
    assert "Paid at Stripe, not paid here (1):" in out
    assert payment.stripe_checkout_session_id in out and "[--fix]" in out

    code, out = reconcile("--fix")

    assert code == 0 and "Fixed 1" in out and "No differences." in out
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    registration = Registration.objects.get(pk=payment.registration_id)
    assert registration.status == Registration.Status.CONFIRMED
    assert reconcile("--fix")[0] == 0  # nothing more to do


def test_paid_here_only_and_amount_differences_need_a_person(
    client, occurrence, stripe_fake
):
    ghost = guest_pays(client, occurrence, "ghost@example.com")
    Payment.objects.filter(pk=ghost.pk).update(status="paid", paid_at=ghost.created_at)
    promo = guest_pays(client, occurrence, "promo@example.com")
    session = stripe_fake.pay(promo.stripe_checkout_session_id)
    deliver(event("checkout.session.completed", session))
    stripe_fake.objects[session["id"]]["amount_total"] = 2000  # changed at Stripe
    # A payment Stripe has never heard of.
    lost = guest_pays(client, occurrence, "lost@example.com")
    Payment.objects.filter(pk=lost.pk).update(
        status="paid", paid_at=lost.created_at, stripe_checkout_session_id="cs_gone"
    )

    code, out = reconcile("--fix")

    assert code == 1
    assert "Paid here, not paid at Stripe (2):" in out
    assert "cs_gone" in out and "no such session" in out
    assert "Amounts differ (1):" in out and "2000 USD" in out
    assert "[--fix]" not in out


def test_a_refund_made_in_stripes_dashboard_is_reported_and_recorded(
    client, occurrence, stripe_fake
):
    payment = guest_pays(client, occurrence, "gia@example.com")
    deliver(event("checkout.session.completed", stripe_fake.pay()))
    payment.refresh_from_db()
    # Refunded by hand at Stripe; its webhooks are lost.
    stripe_client().v1.refunds.create(
        {"payment_intent": payment.stripe_payment_intent_id, "amount": 2500}
    )

    code, out = reconcile()
    assert code == 1 and "Refund at Stripe, missing here (1):" in out

    code, out = reconcile("--fix")

    assert code == 0
    refund = Refund.objects.get()
    assert (refund.status, refund.amount) == ("succeeded", 2500)
    assert refund.stripe_refund_id == stripe_fake.refunds()[0]["id"]
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED


def test_a_refund_status_that_moved_at_stripe_is_reported(
    client, occurrence, stripe_fake
):
    payment = guest_pays(client, occurrence, "gia@example.com")
    deliver(event("checkout.session.completed", stripe_fake.pay()))
    token = registration_manage_token(payment.registration)
    cancel = reverse("registration_cancel", kwargs={"token": token})
    client.post(cancel)
    stripe_refund = stripe_fake.refunds()[0]
    stripe_refund["status"] = "failed"

    code, out = reconcile()
    assert code == 1 and "Refund statuses differ (1):" in out
    assert "succeeded" in out and "failed" in out

    assert reconcile("--fix")[0] == 0
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID  # the money never went back


def test_every_page_of_stripes_lists_is_read(
    client, occurrence, stripe_fake, monkeypatch, no_rate_limits
):
    occurrence.capacity = 30
    occurrence.save()
    for n in range(12):
        guest_pays(client, occurrence, f"p{n}@example.com")
        stripe_fake.pay()
    monkeypatch.setattr(reconciliation, "PAGE", 5)

    code, out = reconcile()

    assert "Paid at Stripe, not paid here (12):" in out
    pages = [r for r in stripe_fake.requests if r[1] == "/v1/checkout/sessions"]
    assert len([r for r in pages if r[0] == "get"]) == 3


def test_without_keys_it_refuses():
    with pytest.raises(CommandError, match="STRIPE_SECRET_KEY"):
        call_command("reconcile_payments")
