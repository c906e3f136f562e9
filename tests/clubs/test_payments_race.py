"""Paying online under load, on PostgreSQL, against the fake Stripe.

Many threads, each with its own client and database connection, do at once
what people and Stripe do: deliver one webhook event several times, press
"Pay" from several tabs, and race for the last paid seats while Stripe
confirms some payments and expires other sessions. SQLite lets one writer in
at a time, so these run only when DATABASE_URL points at PostgreSQL (CI runs
the suite on both).
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from clubs.models import Occurrence, Payment, Registration, StripeEvent
from clubs.tokens import registration_manage_token
from tests.builders import make_club, make_occurrence
from tests.builders import make_registration as register
from tests.stripe.fake import deliver, event

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL: set DATABASE_URL (SQLite serialises writers)",
    ),
    pytest.mark.django_db(transaction=True),
]

PRICES = {"member_price": 1500, "guest_price": 2500, "currency": "USD"}


def paid_meeting(capacity):
    return make_occurrence(make_club(slug="breakfast"), capacity=capacity, **PRICES)


def register_url(occurrence):
    return reverse(
        "occurrence_register",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )


def together(count, action):
    """`action(n)` for n in range(count), each in a thread of its own, all
    let go at the same moment; each thread closes its own connection."""
    barrier = threading.Barrier(count)

    def run(n):
        try:
            barrier.wait(timeout=30)
            return action(n)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def seats(occurrence) -> tuple[int, int]:
    occurrence = Occurrence.objects.get(pk=occurrence.pk)
    return occurrence.confirmed_count, occurrence.held_count


def confirmations(email):
    """The "your place is confirmed" emails to `email` (calendar invite)."""
    return [
        m
        for m in mail.outbox
        if m.to == [email]
        and any("text/calendar" in str(a) for a in m.attachments + m.alternatives)
    ]


# --- One event, many deliveries -------------------------------------------


def test_one_completed_event_delivered_five_times_at_once_then_five_in_a_row(
    client, stripe_fake
):
    occurrence = paid_meeting(capacity=2)
    client.post(register_url(occurrence), {"name": "Gia", "email": "gia@example.com"})
    completed = event("checkout.session.completed", stripe_fake.pay())

    at_once = together(5, lambda n: deliver(completed, client=Client()))
    in_a_row = [deliver(completed) for _ in range(5)]

    answers = at_once + in_a_row
    assert [a.status_code for a in answers] == [200] * 10
    assert [a.json()["replay"] for a in answers].count(False) == 1
    assert [a.json()["replay"] for a in in_a_row] == [True] * 5
    assert StripeEvent.objects.count() == 1
    assert Payment.objects.filter(status=Payment.Status.PAID).count() == 1
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    assert seats(occurrence) == (1, 0)
    # The seat held while she paid (sent when she registered), then one
    # confirmation, however many times Stripe delivered the event.
    assert len(mail.outbox) == 2
    assert len(confirmations("gia@example.com")) == 1
    assert stripe_fake.refunds() == []


@pytest.mark.parametrize(
    "second",
    ["checkout.session.async_payment_succeeded", "checkout.session.expired"],
)
def test_two_events_about_one_session_at_once_end_paid_and_confirmed(
    client, stripe_fake, second
):
    """Stripe sends no order: "completed" can meet another event about the
    same session (a settled debit, a late "expired") at the same moment."""
    occurrence = paid_meeting(capacity=2)
    client.post(register_url(occurrence), {"name": "Gia", "email": "gia@example.com"})
    paid = stripe_fake.pay()
    other = paid if second.endswith("succeeded") else {**paid, "status": "expired"}
    events = [event("checkout.session.completed", paid), event(second, other)]

    answers = together(2, lambda n: deliver(events[n], client=Client()))

    assert [a.status_code for a in answers] == [200, 200]
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    assert Payment.objects.get().status == Payment.Status.PAID
    assert seats(occurrence) == (1, 0)
    assert len(confirmations("gia@example.com")) == 1
    assert stripe_fake.refunds() == []


# --- "Pay" pressed from several tabs --------------------------------------


def test_pay_pressed_at_once_in_four_tabs_opens_one_checkout_session(stripe_fake):
    occurrence = paid_meeting(capacity=2)
    # Held, with no session yet: as after "Stripe was down", or a waitlist offer.
    registration = register(occurrence, name="Gia", email="gia@example.com")
    assert registration.status == Registration.Status.HELD
    token = registration_manage_token(registration)
    pay = reverse("registration_pay", kwargs={"token": token})

    answers = together(4, lambda n: Client().post(pay))

    assert len(stripe_fake.sessions()) == 1
    url = stripe_fake.session()["url"]
    assert [(a.status_code, a["Location"]) for a in answers] == [(302, url)] * 4
    assert Payment.objects.count() == 1
    assert seats(occurrence) == (0, 1)


# --- A rush for the last paid seats ---------------------------------------

CAPACITY, PEOPLE, WORKERS = 20, 100, 24


def snapshot(occurrence_pk) -> tuple[int, int, int, int]:
    """The counters and the real rows, read in one statement, so one
    snapshot of the database: (confirmed_count, held_count, confirmed rows,
    held rows)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT o.confirmed_count, o.held_count,
                (SELECT count(*) FROM {Registration._meta.db_table} r
                 WHERE r.occurrence_id = o.id AND r.status = 'confirmed'),
                (SELECT count(*) FROM {Registration._meta.db_table} r
                 WHERE r.occurrence_id = o.id AND r.status = 'held')
            FROM {Occurrence._meta.db_table} o WHERE o.id = %s
            """,
            [occurrence_pk],
        )
        return cursor.fetchone()


def test_a_hundred_people_racing_for_twenty_paid_seats_never_overbook(
    stripe_fake, no_rate_limits
):
    occurrence = paid_meeting(capacity=CAPACITY)
    url = register_url(occurrence)
    registering = threading.Event()
    registering.set()

    def registers(n):
        try:
            response = Client().post(
                url, {"name": f"Guest {n}", "email": f"guest{n}@example.com"}
            )
            return response.status_code
        finally:
            connection.close()

    def stripe_settles():
        """Stripe's side while they race: of the sessions people open, every
        third is paid, every third expires, the rest stay open. An event that
        overtakes the commit of its session's row gets a 503 and, as Stripe
        does, is delivered again."""
        seen, paid, expired, answers, again = set(), [], [], [], []

        def send(payload):
            response = deliver(payload)
            if response.status_code == 503:
                again.append(payload)
            else:
                answers.append(response.status_code)

        try:
            while True:
                still_registering = registering.is_set()
                retrying, again[:] = list(again), []
                for payload in retrying:
                    send(payload)
                for session in stripe_fake.sessions():
                    if session["id"] in seen:
                        continue
                    seen.add(session["id"])
                    if len(seen) % 3 == 1:
                        done = stripe_fake.pay(session["id"])
                        send(event("checkout.session.completed", done))
                        paid.append(session["customer_email"])
                    elif len(seen) % 3 == 2:
                        gone = stripe_fake.expire(session["id"])
                        send(event("checkout.session.expired", gone))
                        expired.append(session["customer_email"])
                if not still_registering and not again:
                    return paid, expired, answers
                registering.wait(0.005)  # a short breath between polls
        finally:
            connection.close()

    def samples():
        taken = []
        try:
            while registering.is_set():
                taken.append(snapshot(occurrence.pk))
        finally:
            connection.close()
        return taken

    with ThreadPoolExecutor(max_workers=2) as watchers:
        stripe = watchers.submit(stripe_settles)
        sampled = watchers.submit(samples)
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            codes = list(pool.map(registers, range(PEOPLE)))
        registering.clear()
        paid, expired, webhook_answers = stripe.result()
        moments = sampled.result()

    assert codes == [302] * PEOPLE  # to Checkout, or to their waitlist place
    assert webhook_answers == [200] * len(webhook_answers)
    assert paid and expired, "Stripe settled nothing while they raced"
    moments.append(snapshot(occurrence.pk))
    for confirmed_count, held_count, confirmed, held in moments:
        assert (confirmed_count, held_count) == (confirmed, held)
        assert confirmed + held <= CAPACITY
    active = occurrence.registrations.exclude(status=Registration.Status.CANCELLED)
    assert active.count() == PEOPLE - len(expired)
    assert active.values("email").distinct().count() == active.count()
    # Every seat freed by an expired session went to someone waiting.
    confirmed_count, held_count, confirmed, held = moments[-1]
    assert confirmed + held == CAPACITY
    # Everyone who paid has their place, and nobody else does.
    assert sorted(
        active.filter(status=Registration.Status.CONFIRMED).values_list(
            "email", flat=True
        )
    ) == sorted(paid)
    assert Payment.objects.filter(status=Payment.Status.PAID).count() == len(paid)
    assert stripe_fake.refunds() == []
    assert all(len(confirmations(email)) == 1 for email in paid)
