"""The pages' Content-Security-Policy lets forms lead only to us and to the
two Stripe pages people are sent to. Chrome applies `form-action` to the
redirect that answers a form too (tests/browser/test_online_payments.py
caught Checkout being blocked)."""

import pytest

pytestmark = pytest.mark.django_db


def form_action(response) -> list[str]:
    policy = response.headers["Content-Security-Policy"]
    directive = next(d for d in policy.split(";") if "form-action" in d)
    return directive.split()[1:]


def test_forms_may_go_to_checkout_and_the_customer_portal_and_nowhere_else(client):
    response = client.get("/clubs/")

    assert sorted(form_action(response)) == sorted(
        ["'self'", "https://checkout.stripe.com", "https://billing.stripe.com"]
    )
