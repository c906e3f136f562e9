"""Paying for a place online, and Stripe's webhook.

The person is sent to Stripe Checkout (hosted by Stripe; no card form of
ours). Coming back from it proves nothing: the place is confirmed by the
webhook, and the person's page says "confirming your payment" until then.
"""

import json
import logging

import stripe
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from clubs.ratelimits import limit
from clubs.services.payments import checkout_start
from clubs.services.stripe_events import stripe_event_handle
from clubs.stripe_api import StripeEventTooEarly, construct_event
from clubs.views.expired_links import expired_link_page
from clubs.views.meetings import registration_from_token

log = logging.getLogger(__name__)


@cache_control(private=True, no_store=True)
@expired_link_page
@require_POST
@limit("checkout")
def registration_pay(request, token):
    """Open (or resume) the Checkout Session for a held place."""
    registration = registration_from_token(token)
    try:
        url = checkout_start(
            registration=registration,
            return_url=request.build_absolute_uri(
                reverse("registration_manage", kwargs={"token": token})
            ),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("registration_manage", token=token)
    return redirect(url)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's events. The signature is checked on the raw body: a bad or
    stale one gets 400 and nothing is written. A replay gets 200 at once. A
    failure of ours (the database away), or an event that overtook the commit
    of its Checkout Session's row, gets 503, so Stripe tries again."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        return HttpResponseBadRequest("Webhooks are not configured.")
    try:
        event = construct_event(
            request.body, request.headers.get("Stripe-Signature", "")
        )
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponseBadRequest("Bad signature.")
    # The signed JSON itself: `event.to_dict()` leaves StripeObjects nested in
    # lists, which the event's JSON column cannot store.
    body = json.loads(request.body)
    if not _well_formed(request.body, body):
        log.warning("A malformed Stripe event, refused")
        return HttpResponseBadRequest("Malformed event.")
    try:
        handled = stripe_event_handle(body)
    except (LookupError, TypeError, ValueError, AttributeError):
        # A signed event in a shape no handler expects: nothing was kept
        # (the handling transaction rolled back), and retrying cannot help.
        log.exception("Stripe event %s has an unexpected shape", body["id"])
        return HttpResponseBadRequest("Malformed event.")
    except DatabaseError:
        log.exception("Stripe event %s failed; Stripe will retry it", event.id)
        return HttpResponse("Try again.", status=503)
    except StripeEventTooEarly:
        log.info("Stripe event %s came before its session's row; retried", event.id)
        return HttpResponse("Try again.", status=503)
    return JsonResponse({"received": True, "replay": not handled})


def _well_formed(raw: bytes, body) -> bool:
    """An event envelope as Stripe sends it: an id, a type, a time and an
    object, and no NUL anywhere (PostgreSQL's text cannot hold one)."""
    if not isinstance(body, dict) or b"\\u0000" in raw:
        return False
    data = body.get("data")
    created = body.get("created")
    return (
        isinstance(body.get("id"), str)
        and 0 < len(body["id"]) <= 255
        and isinstance(body.get("type"), str)
        and len(body["type"]) <= 100
        and isinstance(created, int)
        and 0 <= created < 2**33
        and isinstance(data, dict)
        and isinstance(data.get("object"), dict)
        and isinstance(data["object"].get("id", ""), str)
        and len(data["object"].get("id", "")) <= 255
    )
