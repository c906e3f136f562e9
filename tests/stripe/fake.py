"""A fake Stripe API behind the stripe client's `http_client`.

It answers the handful of endpoints the site calls the way Stripe does:
form-encoded requests in, JSON objects out, the same answer again for a
repeated `Idempotency-Key`, and errors as Stripe shapes them. It keeps what
it created, so a test can complete, expire or refund "at Stripe" and then
deliver the webhook Stripe would send, signed as Stripe signs it, from the
realistic payloads beside this file. A subscription Checkout starts a
subscription whose `latest_invoice` is paid by a Payment Intent, listed, as
the pinned API has it, under `/v1/invoice_payments`; refunds of it are
checked against what it paid.
"""

import copy
import itertools
import json
import threading
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import stripe

PAYLOADS = Path(__file__).parent / "payloads"
WEBHOOK_SECRET = "whsec_test_fake"


def _form(post_data) -> dict:
    """Stripe's nested form keys (`line_items[0][price_data][currency]`) back
    into dicts and lists."""
    result: dict = {}
    for key, value in parse_qsl(post_data or "", keep_blank_values=True):
        parts = key.replace("]", "").split("[")
        node = result
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(result)


def _lists(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_lists(node[k]) for k in sorted(node, key=int)]
        return {k: _lists(v) for k, v in node.items()}
    return node


class FakeStripe(stripe.HTTPClient):
    name = "fake"

    def __init__(self):
        super().__init__()
        self.objects: dict[str, dict] = {}
        self.requests: list[tuple[str, str, dict]] = []
        self._answers: dict[str, tuple] = {}
        self._keyed_params: dict[str, tuple] = {}
        self._ids = itertools.count(1)
        self.failures: list[int] = []  # status codes to answer next, once each
        # Paths ("/v1/refunds") that answer 503 until a test clears them: one
        # part of Stripe down while the rest answers.
        self.down: set[str] = set()
        self.portals: list[dict] = []  # customer portal sessions made
        # Threads of a race test call in at once: one request at a time, as
        # Stripe answers one idempotency key once, and no test helper reads
        # the objects while a request adds one.
        self.lock = threading.RLock()

    # --- the HTTP boundary -------------------------------------------------

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        with self.lock:
            return self._request(method, url, headers, post_data)

    def _request(self, method, url, headers, post_data):
        key = (headers or {}).get("Idempotency-Key")
        parts = urlsplit(url)
        params = _form(post_data if method == "post" else parts.query)
        if method == "post" and key in self._answers:
            # Stripe refuses a key reused with other parameters.
            if self._keyed_params[key] != (parts.path, params):
                return self._error(
                    "idempotency_error",
                    "Keys for idempotent requests can only be used with the "
                    "same parameters they were first used with.",
                    status=400,
                )
            return self._answers[key]
        self.requests.append((method, parts.path, params))
        if self.failures or any(parts.path.startswith(p) for p in self.down):
            status = self.failures.pop(0) if self.failures else 503
            return self._json(
                {"error": {"type": "api_error", "message": "Down"}}, status
            )
        answer = self._route(method, parts.path, params)
        if method == "post" and key:
            self._answers[key] = answer
            self._keyed_params[key] = (parts.path, params)
        return answer

    def request_stream(self, method, url, headers, post_data=None, *, _usage=None):
        raise NotImplementedError

    def close(self):
        pass

    def _route(self, method, path, params):
        segments = path.strip("/").split("/")[1:]  # drop "v1"
        match method, segments:
            case "post", ["checkout", "sessions"]:
                return self._json(self._create_session(params))
            case "post", ["checkout", "sessions", session_id, "expire"]:
                if self.objects.get(session_id, {}).get("status") != "open":
                    error = {
                        "type": "invalid_request_error",
                        "message": "Only Checkout Sessions with a status in "
                        '["open"] can be expired.',
                    }
                    return self._json({"error": error}, 400)
                return self._json(self.expire(session_id))
            case "get", ["checkout", "sessions", session_id]:
                return self._get(session_id)
            case "get", ["checkout", "sessions"]:
                return self._list("checkout.session", params, path)
            case "post", ["refunds"]:
                return self._create_refund(params)
            case "get", ["refunds"]:
                return self._list("refund", params, path)
            case "get", ["invoice_payments"]:
                # The pinned API lists an invoice's payments on their own
                # (an invoice has no `payment_intent` since 2025-03-31).
                return self._list(
                    "invoice_payment", params, path, fields=("invoice", "status")
                )
            case "post", ["billing_portal", "sessions"]:
                return self._json(self._create_portal(params))
            case "post", ["coupons"]:
                return self._create_coupon(params)
            case "post", ["promotion_codes"]:
                return self._create_promotion_code(params)
            case "delete", ["subscriptions", subscription_id]:
                return self._json(self.subscription_cancel(subscription_id))
            case "get", [_kind, object_id]:
                return self._get(object_id)
        return self._json(
            {"error": {"type": "invalid_request_error", "message": f"No {path}"}}, 404
        )

    def _json(self, body, status=200):
        return json.dumps(body), status, {"Request-Id": f"req_{next(self._ids)}"}

    def _get(self, object_id):
        if object_id not in self.objects:
            return self._json(
                {
                    "error": {
                        "type": "invalid_request_error",
                        "code": "resource_missing",
                        "message": f"No such object: '{object_id}'",
                    }
                },
                404,
            )
        return self._json(self.objects[object_id])

    def _list(self, kind, params, path, *, fields=()):
        """A page of a list, as Stripe gives it: newest first, filtered by
        `created[gte|gt|lte|lt]` (and by the `fields` the endpoint filters
        on), `limit` long (10 unless asked), after the object
        `starting_after` names, with `has_more` when more follow."""
        data = [
            self._public(o)
            for o in self.objects.values()
            if o["object"] == kind
            and _created_matches(o, params.get("created"))
            and all(o.get(f) == params[f] for f in fields if f in params)
        ]
        data.sort(key=lambda o: (o.get("created") or 0, o["id"]), reverse=True)
        if after := params.get("starting_after"):
            ids = [o["id"] for o in data]
            data = data[ids.index(after) + 1 :] if after in ids else []
        limit = int(params.get("limit", 10))
        return self._json(
            {
                "object": "list",
                "data": data[:limit],
                "has_more": len(data) > limit,
                "url": path,
            }
        )

    # --- objects ---------------------------------------------------------

    def _new_id(self, prefix):
        return f"{prefix}_test_{next(self._ids):06d}"

    def _create(self, prefix, kind, params):
        obj = {"id": self._new_id(prefix), "object": kind, **params}
        if kind == "promotion_code":
            obj.setdefault("active", True)
        self.objects[obj["id"]] = obj
        return obj

    def _error(self, kind, message, *, status=400, code=None, param=None):
        error = {"type": kind, "message": message}
        error.update({k: v for k, v in (("code", code), ("param", param)) if v})
        return self._json({"error": error}, status)

    def _create_coupon(self, params):
        """Stripe's rules: a duration, and exactly one of `percent_off` or
        `amount_off` (which needs its currency)."""
        if params.get("duration") not in ("once", "repeating", "forever"):
            return self._error("invalid_request_error", "Missing duration")
        if ("percent_off" in params) == ("amount_off" in params):
            return self._error(
                "invalid_request_error", "Give exactly one of percent_off, amount_off"
            )
        if "amount_off" in params and not params.get("currency"):
            return self._error("invalid_request_error", "amount_off needs currency")
        if len(params.get("name", "")) > 40:
            return self._error(
                "invalid_request_error", "name is too long", param="name"
            )
        coupon = self._create("coupon", "coupon", params)
        coupon.update(valid=True, times_redeemed=0)
        return self._json(coupon)

    def _create_promotion_code(self, params):
        """The API version the client pins names the coupon in
        `promotion[coupon]`; a code is unique among active codes (any case)."""
        promotion = params.get("promotion") or {}
        coupon = self.objects.get(promotion.get("coupon") or "-")
        if promotion.get("type") != "coupon" or coupon is None:
            return self._error(
                "invalid_request_error",
                "No such coupon",
                code="resource_missing",
                param="promotion[coupon]",
            )
        code = params.get("code", "")
        if code and any(
            o["object"] == "promotion_code"
            and o.get("active")
            and o.get("code", "").upper() == code.upper()
            for o in self.objects.values()
        ):
            return self._error(
                "invalid_request_error",
                "An active promotion code with this code already exists.",
                code="resource_already_exists",
                param="code",
            )
        promo = self._create("promo", "promotion_code", params)
        promo["code"] = code or f"AUTO{next(self._ids)}"
        promo["promotion"] = {"type": "coupon", "coupon": coupon}
        promo["times_redeemed"] = 0
        return self._json(promo)

    def coupons(self) -> list[dict]:
        return [o for o in self.objects.values() if o["object"] == "coupon"]

    def promotion_codes(self) -> list[dict]:
        return [o for o in self.objects.values() if o["object"] == "promotion_code"]

    def _create_session(self, params):
        session = json.loads((PAYLOADS / "checkout_session.json").read_text())
        session_id = self._new_id("cs")
        amount = sum(
            int(item["price_data"]["unit_amount"]) * int(item.get("quantity", 1))
            for item in params.get("line_items", [])
            if "price_data" in item
        )
        currency = next(
            (i["price_data"]["currency"] for i in params.get("line_items", [])), "usd"
        )
        session.update(
            id=session_id,
            url=f"https://checkout.stripe.com/c/pay/{session_id}",
            mode=params.get("mode", "payment"),
            amount_subtotal=amount,
            amount_total=amount,
            currency=currency,
            client_reference_id=params.get("client_reference_id"),
            customer_email=params.get("customer_email"),
            customer=params.get("customer"),
            metadata=params.get("metadata", {}),
            # Stripe puts the session's id where the address asks for it.
            success_url=(params.get("success_url") or "").replace(
                "{CHECKOUT_SESSION_ID}", session_id
            )
            or None,
            cancel_url=params.get("cancel_url"),
            expires_at=int(params.get("expires_at", time.time() + 86400)),
            created=int(time.time()),
            locale=params.get("locale"),
            status="open",
            payment_status="unpaid",
            payment_intent=None,
            subscription=None,
        )
        session["_params"] = params
        self.objects[session_id] = session
        return self._public(session)

    def _create_portal(self, params):
        portal = {
            "id": self._new_id("bps"),
            "object": "billing_portal.session",
            "customer": params.get("customer"),
            "return_url": params.get("return_url"),
        }
        portal["url"] = f"https://billing.stripe.com/p/session/{portal['id']}"
        self.portals.append(portal)
        return portal

    def _create_refund(self, params):
        intent = params.get("payment_intent")
        invoice_payment = self._invoice_payment_of(intent)
        if invoice_payment is None and not any(
            o.get("payment_intent") == intent and o["object"] == "checkout.session"
            for o in self.objects.values()
        ):
            return self._json(
                {
                    "error": {
                        "type": "invalid_request_error",
                        "code": "resource_missing",
                        "message": f"No such payment_intent: '{intent}'",
                    }
                },
                400,
            )
        if invoice_payment is not None:
            # Stripe refuses to give back more than was paid.
            paid = invoice_payment.get("amount_paid") or 0
            given = sum(
                r["amount"] for r in self.refunds() if r["payment_intent"] == intent
            )
            amount = int(params.get("amount", paid - given))
            if given >= paid:
                return self._error(
                    "invalid_request_error",
                    f"Charge ch_for_{intent} has already been refunded.",
                    code="charge_already_refunded",
                )
            if given + amount > paid:
                return self._error(
                    "invalid_request_error",
                    "Refund amount is greater than unrefunded amount on charge",
                    param="amount",
                )
            params = {**params, "amount": str(amount)}
        refund = json.loads((PAYLOADS / "refund.json").read_text())
        refund.update(
            id=self._new_id("re"),
            payment_intent=intent,
            charge=f"ch_for_{intent}",
            amount=int(params["amount"]) if "amount" in params else None,
            metadata=params.get("metadata", {}),
            created=int(time.time()),
            status="succeeded",
        )
        self.objects[refund["id"]] = refund
        return self._json(refund)

    def _invoice_payment_of(self, intent):
        return next(
            (
                o
                for o in self.objects.values()
                if o["object"] == "invoice_payment"
                and o["payment"].get("payment_intent") == intent
            ),
            None,
        )

    @staticmethod
    def _public(obj):
        return {k: v for k, v in obj.items() if not k.startswith("_")}

    # --- what happens at Stripe, for tests -------------------------------

    def sessions(self) -> list[dict]:
        with self.lock:
            return [
                self._public(o)
                for o in self.objects.values()
                if o["object"] == "checkout.session"
            ]

    def session(self, session_id=None) -> dict:
        if session_id is None:
            return self.sessions()[-1]
        return self._public(self.objects[session_id])

    def pay(self, session_id=None, *, payment_status="paid") -> dict:
        """The person completes Checkout: paid by card, or "unpaid" for a
        bank debit still on its way."""
        with self.lock:
            session = self.objects[session_id or self.sessions()[-1]["id"]]
            session.update(status="complete", payment_status=payment_status)
            if session["mode"] == "payment":
                session["payment_intent"] = f"pi_for_{session['id']}"
            else:
                session["subscription"] = f"sub_for_{session['id']}"
                session["customer"] = (
                    session.get("customer") or f"cus_for_{session['id']}"
                )
                self._start_subscription(session)
            return self._public(session)

    def _start_subscription(self, session):
        """The subscription Checkout starts: its first period is paid."""
        params = session["_params"]
        item = params["line_items"][0]["price_data"]
        now = int(time.time())
        days = 365 if item["recurring"]["interval"] == "year" else 30
        subscription = json.loads((PAYLOADS / "customer_subscription.json").read_text())
        line = subscription["items"]["data"][0]
        line.update(
            current_period_start=now,
            current_period_end=now + days * 86400,
            subscription=session["subscription"],
        )
        line["price"].update(
            currency=item["currency"],
            unit_amount=int(item["unit_amount"]),
            unit_amount_decimal=item["unit_amount"],
        )
        line["price"]["recurring"]["interval"] = item["recurring"]["interval"]
        subscription.update(
            id=session["subscription"],
            customer=session["customer"],
            currency=item["currency"],
            created=now,
            start_date=now,
            billing_cycle_anchor=now,
            metadata=(params.get("subscription_data") or {}).get("metadata", {}),
            status="active" if session["payment_status"] == "paid" else "incomplete",
            latest_invoice=self._first_invoice(session, subscription, item, now),
        )
        self.objects[subscription["id"]] = subscription

    def _first_invoice(self, session, subscription, item, now) -> str:
        """The subscription's first invoice, paid by the card Checkout took
        (or still open for a bank debit on its way), and its payment."""
        paid = session["payment_status"] == "paid"
        amount = int(item["unit_amount"])
        invoice = json.loads((PAYLOADS / "invoice.json").read_text())
        invoice_id = self._new_id("in")
        invoice.update(
            id=invoice_id,
            customer=session["customer"],
            customer_email=session.get("customer_email"),
            currency=item["currency"],
            created=now,
            amount_due=amount,
            amount_paid=amount if paid else 0,
            amount_remaining=0 if paid else amount,
            subtotal=amount,
            total=amount,
            status="paid" if paid else "open",
            period_start=now,
            period_end=now,
        )
        invoice["parent"]["subscription_details"].update(
            subscription=session["subscription"], metadata=subscription["metadata"]
        )
        line = invoice["lines"]["data"][0]
        line.update(amount=amount, currency=item["currency"], invoice=invoice_id)
        line["parent"]["subscription_item_details"]["subscription"] = session[
            "subscription"
        ]
        invoice["lines"]["url"] = f"/v1/invoices/{invoice_id}/lines"
        invoice["status_transitions"].update(
            finalized_at=now, paid_at=now if paid else None
        )
        self.objects[invoice_id] = invoice
        payment = json.loads((PAYLOADS / "invoice_payment.json").read_text())
        payment.update(
            id=self._new_id("inpay"),
            invoice=invoice_id,
            currency=item["currency"],
            created=now,
            amount_requested=amount,
            amount_paid=amount if paid else None,
            status="paid" if paid else "open",
            payment={
                "type": "payment_intent",
                "payment_intent": f"pi_for_{session['subscription']}",
            },
            status_transitions={"canceled_at": None, "paid_at": now if paid else None},
        )
        self.objects[payment["id"]] = payment
        return invoice_id

    def subscription(self, subscription_id=None) -> dict:
        """The subscription as Stripe holds it now (the latest by default)."""
        if subscription_id is None:
            subscription_id = [
                o for o in self.objects.values() if o["object"] == "subscription"
            ][-1]["id"]
        return copy.deepcopy(self.objects[subscription_id])

    def subscription_update(self, subscription_id=None, **changes) -> dict:
        """Something happens to it at Stripe: a failed renewal (past_due),
        retries exhausted (unpaid), a card fixed (active), a cancellation at
        the period's end (cancel_at_period_end=True)."""
        subscription = self.objects[self.subscription(subscription_id)["id"]]
        subscription.update(changes)
        return copy.deepcopy(subscription)

    def subscription_cancel(self, subscription_id=None) -> dict:
        """Ended now, by the member in the portal or by the site."""
        subscription = self.objects[self.subscription(subscription_id)["id"]]
        now = int(time.time())
        subscription.update(status="canceled", canceled_at=now, ended_at=now)
        return copy.deepcopy(subscription)

    def expire(self, session_id=None) -> dict:
        with self.lock:
            session = self.objects[session_id or self.sessions()[-1]["id"]]
            if session["status"] == "open":
                session["status"] = "expired"
            return self._public(session)

    def refunds(self) -> list[dict]:
        with self.lock:
            return [o for o in self.objects.values() if o["object"] == "refund"]


def _created_matches(obj: dict, bounds) -> bool:
    if not isinstance(bounds, dict):
        return True
    created = obj.get("created") or 0
    tests = {
        "gte": lambda limit: created >= limit,
        "gt": lambda limit: created > limit,
        "lte": lambda limit: created <= limit,
        "lt": lambda limit: created < limit,
    }
    return all(tests[op](int(value)) for op, value in bounds.items() if op in tests)


def event(event_type: str, obj: dict, *, event_id: str | None = None) -> dict:
    """The event Stripe sends about `obj`, in the shape of the payload file
    for its type (payloads/<type>.json)."""
    body = json.loads((PAYLOADS / "event.json").read_text())
    body.update(
        id=event_id or f"evt_test_{obj['id']}_{event_type.replace('.', '_')}",
        type=event_type,
        created=int(time.time()),
    )
    body["data"] = {"object": copy.deepcopy(obj)}
    return body


def signed(body: dict, *, secret: str = WEBHOOK_SECRET, at: int | None = None):
    """The raw payload and its Stripe-Signature header, as Stripe signs them."""
    payload = json.dumps(body)
    timestamp = int(time.time()) if at is None else at
    header = stripe.WebhookSignature.generate_signature_header(
        payload, secret, timestamp=timestamp
    )
    return payload, header


def deliver(body: dict, *, client=None, secret: str = WEBHOOK_SECRET, at=None):
    """POST the event to the site's webhook as Stripe would."""
    from django.test import Client

    payload, header = signed(body, secret=secret, at=at)
    return (client or Client()).post(
        "/payments/stripe/webhook/",
        payload,
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )
