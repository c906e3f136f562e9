"""Writes: bring our payment records in line with Stripe's, where Stripe's
word settles it.

Nothing here decides anything of its own: each fixable difference is
Stripe's current object handed to the webhook handlers as the event Stripe
would have sent (and may yet send), so a fix does exactly what the late
webhook would have done: confirm the seat or refund a payment that came
after its seat was released, close an expired checkout, record a refund
made in Stripe's dashboard. The event's id names the object and its state,
so running the fix twice, or the real webhook arriving after it, changes
nothing more.
"""

import time

from clubs.selectors.reconciliation import (
    PAID_AT_STRIPE_ONLY,
    REFUND_MISSING_HERE,
    REFUND_STATUS_DIFFERS,
    STATUS_DIFFERS,
    Difference,
)
from clubs.services.stripe_events import stripe_event_handle

EVENT_TYPES = {
    PAID_AT_STRIPE_ONLY: "checkout.session.completed",
    STATUS_DIFFERS: "checkout.session.expired",
    REFUND_MISSING_HERE: "refund.updated",
    REFUND_STATUS_DIFFERS: "refund.updated",
}


def difference_fix(*, difference: Difference) -> bool:
    """Replay Stripe's object for this difference; False when it cannot be
    fixed this way (or was already)."""
    if not difference.fixable:
        return False
    obj = difference.stripe_object
    state = obj.get("payment_status") if obj.get("object") == "checkout.session" else ""
    state = state or obj.get("status") or ""
    event = {
        "id": f"reconcile_{obj['id']}_{state}",
        "type": EVENT_TYPES[difference.kind],
        "created": int(time.time()),
        "data": {"object": obj},
    }
    return stripe_event_handle(event)
