"""On a meeting paid online, the guest form answers an address that already
has a place exactly as it answers a new one: both are sent to a Stripe
Checkout, for the same amount, coming back to the same page. Paying the
known address's Checkout changes no place and no count: Stripe's webhook
refunds it in full and its owner is told by email. Stripe is faked at the
HTTP boundary (tests/stripe/fake.py)."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from clubs.models import Occurrence, Payment, Registration
from tests.builders import make_club, make_occurrence, make_user
from tests.builders import make_registration as register
from tests.stripe.fake import deliver, event

pytestmark = pytest.mark.django_db(transaction=True)

PRICES = {"member_price": 1500, "guest_price": 2500, "currency": "USD"}
KNOWN = "kai@example.com"


@pytest.fixture
def occurrence():
    return make_occurrence(make_club(slug="breakfast"), capacity=3, **PRICES)


@pytest.fixture
def known_place(occurrence, stripe_fake):
    """Kai registered and paid: a confirmed seat, paid online."""
    registration = register(occurrence, name="Kai", email=KNOWN)
    _pay_last_session(stripe_fake, registration)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    mail.outbox.clear()
    return registration


def _pay_last_session(stripe_fake, registration):
    from clubs.services.payments import checkout_start

    checkout_start(registration=registration, return_url="http://testserver/x/")
    assert (
        deliver(event("checkout.session.completed", stripe_fake.pay())).status_code
        == 200
    )


def guest_registers(client, occurrence, email, name="Someone"):
    url = reverse(
        "occurrence_register",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )
    return client.post(url, {"name": name, "email": email})


def seats(occurrence) -> tuple[int, int]:
    occurrence = Occurrence.objects.get(pk=occurrence.pk)
    return occurrence.confirmed_count, occurrence.held_count


def what_a_stranger_sees(response, session, typed) -> dict:
    """Everything the person at the keyboard can see of the answer: the
    page's status and where it sends them, and what Stripe's page shows
    (amount, the address they typed, language, its links back to us)."""
    location = urlsplit(response["Location"])
    return {
        "status": response.status_code,
        "host": location.netloc,
        "path": re.sub(r"cs_\w+", "cs_ID", location.path),
        "body": response.content,
        "amount": session["amount_total"],
        "currency": session["currency"],
        "email is what they typed": session["customer_email"] == typed.lower(),
        "locale": session["locale"],
        "product": session["_params"]["line_items"][0]["price_data"]["product_data"],
        "success_url": re.sub(r"cs_\w+", "cs_ID", session["success_url"]),
        "cancel_url": session["cancel_url"],
        "lasts_minutes": round((session["expires_at"] - session["created"]) / 60),
    }


def last_session(stripe_fake) -> dict:
    session = stripe_fake.sessions()[-1]
    return {**session, "_params": stripe_fake.objects[session["id"]]["_params"]}


def test_a_known_address_gets_the_answer_a_new_one_gets(
    client, occurrence, known_place, stripe_fake
):
    new = guest_registers(client, occurrence, "New@Example.com")
    new_seen = what_a_stranger_sees(new, last_session(stripe_fake), "New@Example.com")
    known = guest_registers(client, occurrence, "Kai@Example.com")
    known_seen = what_a_stranger_sees(
        known, last_session(stripe_fake), "Kai@Example.com"
    )

    assert known_seen == new_seen
    assert new_seen["status"] == 302
    assert new_seen["host"] == "checkout.stripe.com"
    assert new_seen["amount"] == 2500  # the guest price, for both
    assert new_seen["email is what they typed"]
    # Stripe's page leads back to the page that names nobody's place.
    registered = reverse(
        "occurrence_registered",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )
    assert new_seen["cancel_url"] == f"http://testserver{registered}?checkout=cancelled"
    # One email each, to the address given: the new guest's link to pay for
    # the seat held for them, the known one's "you already have a place".
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("kai@example.com", "You already have a place: " + _meeting(occurrence)),
        ("new@example.com", "Your seat is held while you pay: " + _meeting(occurrence)),
    ]
    # Kai still holds the one place they had.
    assert Registration.objects.filter(email=KNOWN).count() == 1


def _meeting(occurrence) -> str:
    from clubs.notifications.meetings import place_context

    return place_context(Registration.objects.filter(occurrence=occurrence)[0])[
        "meeting"
    ]


def test_paying_for_a_place_already_held_is_refunded_and_told_by_email(
    client, occurrence, known_place, stripe_fake
):
    before = seats(occurrence)
    guest_registers(client, occurrence, KNOWN)
    mail.outbox.clear()

    paid = stripe_fake.pay()
    response = deliver(event("checkout.session.completed", paid))

    assert response.status_code == 200
    assert seats(occurrence) == before == (1, 0)
    assert Registration.objects.filter(email=KNOWN).count() == 1
    known_place.refresh_from_db()
    assert known_place.status == Registration.Status.CONFIRMED
    payments = {p.stripe_checkout_session_id: p for p in known_place.payments.all()}
    assert payments[paid["id"]].status == Payment.Status.REFUNDED
    refund = payments[paid["id"]].refunds.get()
    assert (refund.amount, refund.reason) == (2500, "duplicate")
    # Stripe was asked for all of it back, for this payment.
    assert [(r["payment_intent"], r["amount"]) for r in stripe_fake.refunds()] == [
        (paid["payment_intent"], 2500)
    ]
    # The place's own payment stands.
    assert [p.status for p in payments.values()].count(Payment.Status.PAID) == 1
    [email] = mail.outbox
    assert email.to == [KNOWN]
    assert email.subject.startswith("You already had a place, so we refunded")
    assert "Someone paid $25.00" in email.body
    assert "the full amount is on its way back" in email.body
    # The place's own page does not show the stranger's payment.
    page = client.get(
        reverse(
            "registration_manage",
            kwargs={"token": _token(known_place)},
        )
    ).content.decode()
    assert "Paid online: $25.00" in page and "Refunded" not in page


def _token(registration):
    from clubs.tokens import registration_manage_token

    return registration_manage_token(registration)


def test_the_webhook_replayed_refunds_and_emails_once(
    client, occurrence, known_place, stripe_fake
):
    guest_registers(client, occurrence, KNOWN)
    mail.outbox.clear()
    paid = stripe_fake.pay()

    deliver(event("checkout.session.completed", paid))
    deliver(event("checkout.session.completed", paid, event_id="evt_again"))
    deliver(event("checkout.session.async_payment_succeeded", paid))

    assert len(stripe_fake.refunds()) == 1
    assert len(mail.outbox) == 1


def test_an_unpaid_checkout_for_a_known_address_leaves_its_seat_held(
    client, occurrence, stripe_fake
):
    """A member's seat is held while they pay; a stranger types their address
    on the guest form and lets that Checkout expire."""
    member = make_user(email="mia@example.com")
    held = register(occurrence, person=member)
    assert held.status == Registration.Status.HELD
    guest_registers(client, occurrence, "mia@example.com")
    stranger = stripe_fake.sessions()[-1]
    assert stranger["amount_total"] == 2500  # the guest price, not Mia's

    deliver(event("checkout.session.expired", {**stranger, "status": "expired"}))

    held.refresh_from_db()
    assert held.status == Registration.Status.HELD
    assert seats(occurrence) == (0, 1)


def test_a_stranger_paying_for_a_members_held_seat_is_refunded(
    client, occurrence, stripe_fake
):
    member = make_user(email="mia@example.com")
    held = register(occurrence, person=member)
    guest_registers(client, occurrence, "mia@example.com")

    deliver(event("checkout.session.completed", stripe_fake.pay()))

    held.refresh_from_db()
    assert held.status == Registration.Status.HELD  # Mia still pays her own
    assert seats(occurrence) == (0, 1)
    assert len(stripe_fake.refunds()) == 1


def test_a_guest_who_pressed_register_twice_pays_for_their_seat(
    client, occurrence, stripe_fake
):
    guest_registers(client, occurrence, "gia@example.com")
    guest_registers(client, occurrence, "gia@example.com")
    assert len(stripe_fake.sessions()) == 2

    deliver(event("checkout.session.completed", stripe_fake.pay()))

    place = Registration.objects.get(email="gia@example.com")
    assert place.status == Registration.Status.CONFIRMED
    assert seats(occurrence) == (1, 0)
    assert stripe_fake.refunds() == []
    paid = place.payments.get(status=Payment.Status.PAID)
    assert paid.amount == 2500
    assert not paid.place_already_held  # the place's own payment now


def test_a_full_meeting_answers_both_with_the_check_your_inbox_page(
    client, occurrence, known_place, stripe_fake
):
    Occurrence.objects.filter(pk=occurrence.pk).update(capacity=1)

    new = guest_registers(client, occurrence, "new@example.com")
    known = guest_registers(client, occurrence, KNOWN)

    assert new.status_code == known.status_code == 302
    assert new["Location"] == known["Location"]
    assert urlsplit(new["Location"]).path.endswith("/registered/")
    assert len(stripe_fake.sessions()) == 1  # only Kai's own, from before


def test_stripe_down_answers_both_alike(client, occurrence, known_place, stripe_fake):
    stripe_fake.down.add("/v1/checkout/sessions")

    new = guest_registers(client, occurrence, "new@example.com")
    known = guest_registers(client, occurrence, KNOWN)

    assert new.status_code == known.status_code == 302
    assert new["Location"] == known["Location"]
    assert "/registered/" in new["Location"]


def test_coming_back_from_checkout_looks_alike_until_the_money_is_real(
    client, occurrence, known_place, stripe_fake
):
    guest_registers(client, occurrence, "new@example.com")
    new = stripe_fake.pay()
    guest_registers(client, occurrence, KNOWN)
    known = stripe_fake.pay()

    # Back from Stripe, before its webhook: the same page for both.
    pages = [client.get(s["success_url"]) for s in (new, known)]
    assert [p.status_code for p in pages] == [200, 200]
    for page in pages:
        text = page.content.decode()
        assert "Confirming your payment…" in text
        assert '<meta http-equiv="refresh" content="3">' in text
    assert _without_tokens(pages[0]) == _without_tokens(pages[1])

    for paid in (new, known):
        deliver(event("checkout.session.completed", paid))

    # Paid: the new guest's page moves on to their place; the payment for a
    # place already held was refunded, and its page stays as it is.
    moved_on = client.get(new["success_url"])
    new_place = Registration.objects.get(email="new@example.com")
    assert moved_on.status_code == 302
    assert moved_on["Location"] == reverse(
        "registration_manage", kwargs={"token": _token(new_place)}
    )
    stays = client.get(known["success_url"]).content.decode()
    assert "Check your inbox" in stays
    assert "Confirming your payment" not in stays


def test_a_made_up_session_on_the_way_back_is_only_the_plain_page(
    client, occurrence, stripe_fake
):
    url = reverse(
        "occurrence_registered",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )
    for session in ["cs_nothing", "cs_\x00", "x" * 5000, ""]:
        page = client.get(url, {"checkout": "done", "session": session})
        assert page.status_code == 200
        assert "Confirming your payment" not in page.content.decode()


def _without_tokens(response) -> str:
    """The page, without its CSRF token and the session id in its own
    address (which the person's own browser holds either way)."""
    text = re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()
    )
    return re.sub(r"cs_\w+", "cs_ID", text)
