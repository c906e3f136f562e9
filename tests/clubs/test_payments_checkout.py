"""Paying for a place through Stripe Checkout, against the fake Stripe: the
seat is held while the person pays, only the webhook confirms it, and an
unpaid hold frees the seat for the waitlist."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from clubs.models import Occurrence, Payment, Registration, StripeEvent
from clubs.tokens import registration_manage_token
from clubs.views.meetings import registration_from_token
from tests.builders import make_club, make_membership, make_occurrence, make_user
from tests.builders import make_registration as register
from tests.stripe.fake import deliver, event

# Real commits: the confirmation email and the refund request happen on
# commit, as they do in production.
pytestmark = pytest.mark.django_db(transaction=True)

PRICES = {"member_price": 1500, "guest_price": 2500, "currency": "USD"}


@pytest.fixture
def occurrence():
    return make_occurrence(make_club(slug="breakfast"), capacity=2, **PRICES)


def register_url(occurrence):
    return reverse(
        "occurrence_register",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )


def manage_url(registration):
    token = registration_manage_token(registration)
    return reverse("registration_manage", kwargs={"token": token})


def guest_registers(client, occurrence, email="gia@example.com", name="Gia"):
    return client.post(register_url(occurrence), {"name": name, "email": email})


def place_linked_from(email) -> Registration:
    token = re.search(r"/registrations/([^/\s]+)/", email.body).group(1)
    return registration_from_token(token)


def seats(occurrence) -> tuple[int, int]:
    occurrence = Occurrence.objects.get(pk=occurrence.pk)
    return occurrence.confirmed_count, occurrence.held_count


def test_a_guest_is_sent_to_checkout_with_their_seat_held(
    client, occurrence, stripe_fake
):
    response = guest_registers(client, occurrence)

    session = stripe_fake.session()
    assert response.status_code == 302
    assert response["Location"] == session["url"]
    registration = Registration.objects.get(email="gia@example.com")
    assert registration.status == Registration.Status.HELD
    assert seats(occurrence) == (0, 1)
    assert session["amount_total"] == 2500 and session["currency"] == "usd"
    assert session["customer_email"] == "gia@example.com"
    assert session["metadata"] == {
        "kind": "registration",
        "registration_id": str(registration.pk),
    }
    # Stripe's session ends no later than the hold, which lasts the club's
    # 30 minutes (Stripe's shortest session, plus a minute).
    assert session["expires_at"] <= registration.hold_expires_at.timestamp()
    assert (
        timedelta(minutes=30)
        <= registration.hold_expires_at - (registration.created_at)
        <= timedelta(minutes=32)
    )
    # A guest comes back to the page every guest sees, which names no place
    # (tests/clubs/test_payments_no_enumeration.py); the link to their held
    # seat comes by email, and nothing is confirmed yet.
    assert session["success_url"] == (
        f"http://testserver/clubs/breakfast/meetings/{occurrence.pk}"
        f"/registered/?checkout=done&session={session['id']}"
    )
    [held] = mail.outbox
    assert held.subject.startswith("Your seat is held while you pay")
    assert place_linked_from(held) == registration


def test_a_member_pays_the_member_price(client, occurrence, stripe_fake):
    member = make_user(email="mia@example.com")
    make_membership(occurrence.series.club, member)
    client.force_login(member)

    client.post(register_url(occurrence))

    assert stripe_fake.session()["amount_total"] == 1500


def test_the_webhook_not_the_redirect_confirms_the_place(
    client, occurrence, stripe_fake
):
    guest_registers(client, occurrence)
    mail.outbox.clear()  # the seat held while they pay
    registration = Registration.objects.get()
    back = client.get(manage_url(registration) + "?checkout=done").content.decode()
    assert "Confirming your payment…" in back
    assert '<meta http-equiv="refresh" content="3">' in back

    response = deliver(event("checkout.session.completed", stripe_fake.pay()))

    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert seats(occurrence) == (1, 0)
    payment = Payment.objects.get()
    assert (payment.status, payment.amount, payment.method) == ("paid", 2500, "stripe")
    assert payment.stripe_payment_intent_id == stripe_fake.session()["payment_intent"]
    assert [m.to for m in mail.outbox] == [["gia@example.com"]]
    assert "You're in" in mail.outbox[0].subject or "confirmed" in (
        mail.outbox[0].body.lower()
    )
    page = client.get(manage_url(registration) + "?checkout=done").content.decode()
    assert "Confirming your payment" not in page
    assert "Paid online: $25.00" in page


def test_pressing_pay_twice_or_coming_back_resumes_one_session(
    client, occurrence, stripe_fake
):
    guest_registers(client, occurrence)
    registration = Registration.objects.get()
    pay = reverse(
        "registration_pay", kwargs={"token": registration_manage_token(registration)}
    )

    answers = [client.post(pay)["Location"] for _ in range(3)]

    assert len(stripe_fake.sessions()) == 1
    assert set(answers) == {stripe_fake.session()["url"]}
    assert Payment.objects.count() == 1


def test_an_expired_session_frees_the_seat_and_offers_it_to_the_waitlist(
    client, occurrence, stripe_fake
):
    occurrence.capacity = 1
    occurrence.save()
    guest_registers(client, occurrence)
    waiting = register(occurrence, name="Wes", email="wes@example.com")
    assert waiting.status == Registration.Status.WAITLISTED
    first_session = stripe_fake.session()

    deliver(event("checkout.session.expired", stripe_fake.expire()))

    assert Registration.objects.get(email="gia@example.com").status == "cancelled"
    assert Payment.objects.get().status == Payment.Status.EXPIRED
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.HELD and waiting.offered
    assert seats(occurrence) == (0, 1)
    offer = mail.outbox[-1]
    assert offer.to == ["wes@example.com"]
    assert "A seat is yours if you want it" in offer.subject
    assert "Nothing is charged unless you pay" in offer.body
    link = re.search(r"https?://\S+/registrations/\S+/", offer.body).group()
    page = client.get(link.split("testserver")[-1].replace("http://127.0.0.1:8000", ""))
    assert "A seat opened up for you" in page.content.decode()
    # Wes pays through a checkout of his own.
    client.post(link.replace("http://127.0.0.1:8000", "") + "pay/")
    assert stripe_fake.session()["id"] != first_session["id"]
    assert stripe_fake.session()["customer_email"] == "wes@example.com"


def test_an_offer_nobody_takes_passes_to_the_next_person(
    occurrence, stripe_fake, time_machine
):
    occurrence.capacity = 1
    occurrence.save()
    first = register(occurrence, name="A", email="a@example.com")
    second = register(occurrence, name="B", email="b@example.com")
    third = register(occurrence, name="C", email="c@example.com")
    from clubs.services.payments import place_cancel

    place_cancel(registration=first)
    second.refresh_from_db()
    assert second.status == Registration.Status.HELD

    time_machine.move_to(second.hold_expires_at + timedelta(seconds=1))
    from clubs.services.registrations import holds_release_expired

    assert holds_release_expired() == 1

    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == Registration.Status.CANCELLED
    assert third.status == Registration.Status.HELD and third.offered
    assert stripe_fake.sessions() == []  # nobody was charged or asked to pay


def test_a_hold_that_ran_out_is_released_when_the_next_person_registers(
    client, occurrence, stripe_fake, time_machine
):
    occurrence.capacity = 1
    occurrence.save()
    guest_registers(client, occurrence)
    held = Registration.objects.get()
    time_machine.move_to(held.hold_expires_at + timedelta(seconds=1))

    guest_registers(client, occurrence, email="late@example.com", name="Late")

    held.refresh_from_db()
    assert held.status == Registration.Status.CANCELLED
    assert Registration.objects.get(email="late@example.com").status == "held"
    assert seats(occurrence) == (0, 1)


def test_when_stripe_is_down_the_seat_stays_held_and_pay_now_tries_again(
    client, occurrence, stripe_fake
):
    stripe_fake.failures = [500, 500, 500]  # the first request and two retries

    response = guest_registers(client, occurrence)

    registration = Registration.objects.get()
    # The guest is told on the page every guest sees; their seat's link,
    # with "Pay now", is in the email about the held seat.
    assert response["Location"].endswith(f"/meetings/{occurrence.pk}/registered/")
    page = client.get(response["Location"]).content.decode()
    assert "We could not reach our payment provider" in page
    assert registration.status == Registration.Status.HELD
    assert place_linked_from(mail.outbox[0]) == registration
    assert "Pay now" in client.get(manage_url(registration)).content.decode()

    pay = manage_url(registration) + "pay/"
    assert client.post(pay)["Location"] == stripe_fake.session()["url"]


def test_without_keys_a_paid_meeting_registers_as_before(client, occurrence):
    guest_registers(client, occurrence)

    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert Payment.objects.count() == 0
    assert len(mail.outbox) == 1


def test_a_free_meeting_never_goes_to_checkout(client, stripe_fake):
    occurrence = make_occurrence(capacity=5)

    guest_registers(client, occurrence)

    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    assert stripe_fake.requests == []


# --- Webhooks ------------------------------------------------------------


def test_five_deliveries_of_one_event_make_one_payment_and_one_email(
    client, occurrence, stripe_fake
):
    guest_registers(client, occurrence)
    completed = event("checkout.session.completed", stripe_fake.pay())

    answers = [deliver(completed) for _ in range(5)]

    assert [a.status_code for a in answers] == [200] * 5
    assert [a.json()["replay"] for a in answers] == [False, True, True, True, True]
    assert Payment.objects.filter(status="paid").count() == 1
    # The seat held, then one confirmation.
    assert len(mail.outbox) == 2
    assert StripeEvent.objects.count() == 1
    assert seats(occurrence) == (1, 0)


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param({"secret": "whsec_someone_else"}, id="wrong-secret"),
        pytest.param({"at": 1_000_000_000}, id="stale"),
    ],
)
def test_a_bad_or_stale_signature_is_refused_and_writes_nothing(
    client, occurrence, stripe_fake, tamper
):
    guest_registers(client, occurrence)

    response = deliver(event("checkout.session.completed", stripe_fake.pay()), **tamper)

    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0
    assert Registration.objects.get().status == Registration.Status.HELD


def test_a_body_changed_after_signing_is_refused(client, occurrence, stripe_fake):
    from tests.stripe.fake import signed

    guest_registers(client, occurrence)
    payload, header = signed(event("checkout.session.completed", stripe_fake.pay()))

    response = client.post(
        "/payments/stripe/webhook/",
        payload.replace('"amount_total": 2500', '"amount_total": 1'),
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )

    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0


@pytest.mark.parametrize("order", ["completed-first", "expired-first"])
def test_completed_and_expired_in_either_order_end_the_same(
    client, occurrence, stripe_fake, order
):
    guest_registers(client, occurrence)
    paid = stripe_fake.pay()
    completed = event("checkout.session.completed", paid)
    expired = event("checkout.session.expired", {**paid, "status": "expired"})
    events = [completed, expired]
    if order == "expired-first":
        events.reverse()

    for one in events:
        assert deliver(one).status_code == 200

    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert Payment.objects.get().status == Payment.Status.PAID
    assert seats(occurrence) == (1, 0)
    assert stripe_fake.refunds() == []


def test_a_late_payment_for_a_seat_given_away_is_refunded_not_overbooked(
    client, occurrence, stripe_fake, host
):
    make_membership(occurrence.series.club, host, role="organizer")
    occurrence.capacity = 1
    occurrence.save()
    guest_registers(client, occurrence)
    paid = stripe_fake.pay()
    # The hold expired at our end first and someone else took the seat.
    deliver(event("checkout.session.expired", {**paid, "status": "expired"}))
    taker = register(occurrence, name="Taker", email="taker@example.com")
    taken = stripe_fake.session(taker_session(stripe_fake, taker))
    deliver(event("checkout.session.completed", taken))
    mail.outbox.clear()

    deliver(event("checkout.session.completed", paid))

    assert seats(occurrence) == (1, 0)
    assert Registration.objects.get(email="gia@example.com").status == "cancelled"
    payment = Payment.objects.get(registration__email="gia@example.com")
    assert payment.status == Payment.Status.REFUNDED
    refund = payment.refunds.get()
    assert refund.reason == "late" and refund.status == "succeeded"
    assert refund.stripe_refund_id == stripe_fake.refunds()[0]["id"]
    assert stripe_fake.refunds()[0]["payment_intent"] == paid["payment_intent"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["gia@example.com", host.email]
    )


def taker_session(stripe_fake, registration):
    """The taker was offered nothing; they registered into the free seat and
    went to checkout themselves."""
    from clubs.services.payments import checkout_start

    url = checkout_start(registration=registration, return_url="http://x/")
    stripe_fake.pay(url.rsplit("/", 1)[-1])
    return url.rsplit("/", 1)[-1]


def test_a_bank_debit_keeps_the_seat_until_it_settles(client, occurrence, stripe_fake):
    guest_registers(client, occurrence)
    pending = stripe_fake.pay(payment_status="unpaid")

    deliver(event("checkout.session.completed", pending))

    registration = Registration.objects.get()
    assert registration.status == Registration.Status.HELD
    assert registration.hold_expires_at == registration.occurrence.start
    assert Payment.objects.get().status == Payment.Status.PROCESSING

    deliver(
        event(
            "checkout.session.async_payment_succeeded",
            {**pending, "payment_status": "paid"},
        )
    )

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert Payment.objects.get().status == Payment.Status.PAID


def test_a_failed_bank_debit_frees_the_seat(client, occurrence, stripe_fake):
    guest_registers(client, occurrence)
    pending = stripe_fake.pay(payment_status="unpaid")
    deliver(event("checkout.session.completed", pending))

    deliver(event("checkout.session.async_payment_failed", pending))

    assert Registration.objects.get().status == Registration.Status.CANCELLED
    assert Payment.objects.get().status == Payment.Status.FAILED
    assert seats(occurrence) == (0, 0)


def test_a_failure_of_ours_answers_5xx_so_stripe_retries(
    client, occurrence, stripe_fake, monkeypatch
):
    from django.db import OperationalError

    from clubs.services import stripe_events

    guest_registers(client, occurrence)
    completed = event("checkout.session.completed", stripe_fake.pay())

    def database_away(registration):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(
        stripe_events, "registration_hold_paid", lambda **kw: database_away(**kw)
    )
    assert deliver(completed).status_code == 503
    assert StripeEvent.objects.count() == 0
    monkeypatch.undo()

    assert deliver(completed).status_code == 200
    assert Registration.objects.get().status == Registration.Status.CONFIRMED


def test_an_event_that_overtakes_its_sessions_row_is_retried_not_lost(
    client, occurrence, stripe_fake
):
    """Checkout is opened inside the transaction that records it: a payment
    event can arrive before that commits. It gets a 503, and Stripe's next
    delivery confirms the place."""
    guest_registers(client, occurrence)
    payment = Payment.objects.get()
    session_id = payment.stripe_checkout_session_id
    completed = event("checkout.session.completed", stripe_fake.pay())
    Payment.objects.filter(pk=payment.pk).update(stripe_checkout_session_id="")

    assert deliver(completed).status_code == 503
    assert StripeEvent.objects.count() == 0

    Payment.objects.filter(pk=payment.pk).update(stripe_checkout_session_id=session_id)
    assert deliver(completed).status_code == 200
    assert Registration.objects.get().status == Registration.Status.CONFIRMED


def test_an_old_session_we_never_recorded_is_acknowledged(
    client, occurrence, stripe_fake
):
    guest_registers(client, occurrence)
    session = stripe_fake.pay()
    Payment.objects.update(stripe_checkout_session_id="")
    stale = {**session, "created": session["created"] - 3600}

    assert deliver(event("checkout.session.completed", stale)).status_code == 200
    assert Registration.objects.get().status == Registration.Status.HELD


def test_events_that_are_not_ours_are_acknowledged(client, stripe_fake):
    response = deliver(event("customer.created", {"id": "cus_1", "object": "customer"}))

    assert response.status_code == 200
    assert StripeEvent.objects.get().type == "customer.created"


def test_the_meeting_page_says_how_paying_works_before_anyone_registers(
    client, occurrence, stripe_fake
):
    page = client.get(
        reverse(
            "occurrence_detail",
            kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
        )
    ).content.decode()

    assert "Register as a guest and pay" in page
    assert "we hold your seat for 30 minutes while you do" in page
    assert "for a full refund" in page
    assert "Online payment is not set up yet" not in page


def test_a_member_with_a_held_seat_is_pointed_to_paying(
    client, occurrence, stripe_fake
):
    member = make_user(email="mia@example.com")
    make_membership(occurrence.series.club, member)
    client.force_login(member)
    client.post(register_url(occurrence))
    registration = Registration.objects.get()

    page = client.get(
        reverse(
            "occurrence_detail",
            kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
        )
    ).content.decode()
    mine = client.get(reverse("my_meetings")).content.decode()

    assert "while you pay" in page
    # (manage tokens are signed with the time, so compare the place, not the token)
    link = re.search(r'href="(/registrations/[^"]+/)">Pay for your seat', page)
    assert registration_from_token(link.group(1).split("/")[2]) == registration
    assert "Seat held until paid" in mine


def test_a_guest_whose_hold_ran_out_can_register_again(
    client, occurrence, stripe_fake, time_machine
):
    guest_registers(client, occurrence)
    held = Registration.objects.get()
    time_machine.move_to(held.hold_expires_at + timedelta(seconds=1))

    again = guest_registers(client, occurrence)

    assert again.status_code == 302
    assert again["Location"] == stripe_fake.session()["url"]
    assert len(stripe_fake.sessions()) == 2
    assert Registration.objects.filter(status="held").count() == 1


def test_a_seat_given_up_while_its_payment_is_on_its_way_is_refunded(
    client, occurrence, stripe_fake
):
    """Back from Checkout, the page says "Confirming your payment…" and still
    offers "Give up this seat". Found by the browser journey's author."""
    guest_registers(client, occurrence)
    registration = Registration.objects.get()
    paid = stripe_fake.pay()  # paid at Stripe; the webhook is on its way
    cancel = reverse(
        "registration_cancel", kwargs={"token": registration_manage_token(registration)}
    )
    assert "If your payment went through already, all of it is refunded" in (
        client.get(cancel).content.decode()
    )
    client.post(cancel)

    deliver(event("checkout.session.completed", paid))

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert Payment.objects.get().status == Payment.Status.REFUNDED
    assert [r["payment_intent"] for r in stripe_fake.refunds()] == [
        paid["payment_intent"]
    ]


def test_giving_up_an_unpaid_seat_closes_its_checkout_at_stripe(
    client, occurrence, stripe_fake
):
    guest_registers(client, occurrence)
    registration = Registration.objects.get()
    cancel = reverse(
        "registration_cancel", kwargs={"token": registration_manage_token(registration)}
    )

    client.post(cancel)

    assert stripe_fake.session()["status"] == "expired"
    assert Payment.objects.get().status == Payment.Status.ABANDONED
    # Stripe then tells us the session expired; nothing changes.
    deliver(event("checkout.session.expired", stripe_fake.session()))
    assert Payment.objects.get().status == Payment.Status.ABANDONED


def test_a_member_back_from_checkout_unpaid_sees_their_seat_held_not_a_waitlist(
    client, occurrence, stripe_fake
):
    member = make_user(email="mia@example.com")
    make_membership(occurrence.series.club, member)
    client.force_login(member)
    client.post(register_url(occurrence))  # off to Checkout, and back unpaid

    page = client.get(
        reverse(
            "occurrence_detail",
            kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
        )
    ).content.decode()

    assert Registration.objects.get().status == Registration.Status.HELD
    assert "on the waitlist" not in page
    assert "while you pay" in page
