"""The one door to Stripe: a client built from the settings.

Everything that talks to Stripe goes through `stripe_client()`. Tests never
reach the network: they install a fake `http_client` that answers like the
API (tests/stripe_fake.py), through `use_http_client`.
"""

from datetime import UTC, datetime, timedelta

import stripe
from django.conf import settings
from django.utils import timezone

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


# How long after opening a Checkout Session an event about it may arrive
# before our row for it is committed: sessions are opened inside the
# transaction that records them.
UNCOMMITTED_SESSION_WINDOW = timedelta(minutes=10)


class StripeEventTooEarly(Exception):
    """An event about a Checkout Session opened moments ago whose row is not
    committed yet: the webhook answers 503, so Stripe delivers it again."""


def retry_if_just_opened(session: dict) -> None:
    """For a Checkout Session we have no row for: raise StripeEventTooEarly
    when it was opened within the window (its row may still be on its way);
    an older one really is unknown, and the caller acknowledges it."""
    opened = from_timestamp(session.get("created") or 0)
    if timezone.now() - opened < UNCOMMITTED_SESSION_WINDOW:
        raise StripeEventTooEarly(session["id"])
