"""The one door to Stripe: a client built from the settings.

Everything that talks to Stripe goes through `stripe_client()`. Tests never
reach the network: they install a fake `http_client` that answers like the
API (tests/stripe_fake.py), through `use_http_client`.
"""

from datetime import UTC, datetime

import stripe
from django.conf import settings

_http_client: stripe.HTTPClient | None = None


def stripe_client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise RuntimeError("STRIPE_SECRET_KEY is not set: online payment is off.")
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        http_client=_http_client,
        # Stripe's own advice: retry network errors, with idempotency keys.
        max_network_retries=2,
    )


def use_http_client(http_client: stripe.HTTPClient | None) -> None:
    """Send every request through `http_client` (None: the real network)."""
    global _http_client
    _http_client = http_client


def construct_event(payload: bytes, signature: str) -> stripe.Event:
    """The event in a webhook request, once its signature (on the raw body,
    within Stripe's five-minute tolerance) checks out. Raises ValueError or
    `stripe.SignatureVerificationError` otherwise."""
    return stripe.Webhook.construct_event(
        payload, signature, settings.STRIPE_WEBHOOK_SECRET
    )


def from_timestamp(seconds: int | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, tz=UTC)
