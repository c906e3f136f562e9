"""Rewards tied to payments: a program whose friend qualifies by paying online,
and discount rewards fulfilled as Stripe promotion codes, against the fake
Stripe. The friend was credited through a share link (Ana's)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from clubs.cookies import Touch
from clubs.jobs import issue_waiting_reward_codes
from clubs.models import Registration, Reward, RewardProgram
from clubs.services.attendance import attendance_check_in
from clubs.services.payments import checkout_start
from clubs.services.registrations import registration_create
from tests.builders import make_club, make_membership, make_occurrence, make_user
from tests.stripe.fake import deliver, event

# Real commits: rewards' codes and emails happen on commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

PRICES = {"member_price": 1500, "guest_price": 2500, "currency": "USD"}


@pytest.fixture
def club():
    return make_club(name="Downtown Breakfast", slug="downtown")


@pytest.fixture
def occurrence(club):
    return make_occurrence(club, capacity=5, **PRICES)


@pytest.fixture
def host(club):
    host = make_user(email="hana@example.com", first_name="Hana")
    make_membership(club, host, role="organizer")
    return host


def make_program(**fields):
    fields = {
        "name": "Breakfast",
        "referrer_reward": "A free breakfast",
        "friend_reward": "20% off your next breakfast",
        "qualifying_action": "paid",
        **fields,
    }
    # Transactional tests flush the English locale the migrations made.
    english = Locale.objects.get_or_create(language_code="en")[0]
    return RewardProgram.objects.create(locale=english, **fields)


def discount_program(**fields):
    return make_program(
        friend_reward_kind="discount", discount_percent_off=20, **fields
    )


def friend_registers(occurrence, member, program, *, email="bea@example.com"):
    touch = Touch(
        code=member.referral_code, page_id=41, program_id=program.pk, at=timezone.now()
    )
    return registration_create(
        occurrence=occurrence, touch=touch, name="Bea Costa", email=email
    )


def friend_pays(stripe_fake, registration, *, event_id=None):
    """Bea goes through Checkout and Stripe tells the site she paid."""
    checkout_start(registration=registration, return_url="http://testserver/back")
    session = stripe_fake.pay()
    body = event("checkout.session.completed", session, event_id=event_id)
    assert deliver(body).status_code == 200
    return session


def reward_email(to):
    """The reward email to `to` (Bea also gets her place's confirmation)."""
    [message] = [m for m in mail.outbox if m.to == [to] and "confirmed" not in m.body]
    return message


def two_minutes_later(time_machine):
    time_machine.move_to(timezone.now() + timedelta(minutes=2))


# --- The "paid" qualifying action -------------------------------------------------


def test_paying_grants_both_rewards_on_the_webhook_not_before(
    ana, occurrence, stripe_fake
):
    registration = friend_registers(occurrence, ana, make_program())
    checkout_start(registration=registration, return_url="http://testserver/back")
    assert Reward.objects.count() == 0  # registered and sent to pay: not yet

    session = stripe_fake.pay()
    deliver(event("checkout.session.completed", session))

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    rewards = {reward.side: reward for reward in Reward.objects.all()}
    assert rewards["referrer"].recipient == ana
    assert rewards["friend"].recipient_email == "bea@example.com"
    assert {reward.club for reward in rewards.values()} == {occurrence.series.club}
    assert registration.attribution.paid_at is not None
    to_ana = reward_email("ana@example.com")
    assert "has paid for their place" in to_ana.body


def test_a_replayed_webhook_never_grants_twice(ana, occurrence, stripe_fake):
    registration = friend_registers(occurrence, ana, make_program())
    session = friend_pays(stripe_fake, registration)
    sent = len(mail.outbox)

    # The same event again, the same session under another event id, and
    # the other event of the pair Stripe may send for one payment.
    deliver(event("checkout.session.completed", session))
    deliver(event("checkout.session.completed", session, event_id="evt_again"))
    deliver(event("checkout.session.async_payment_succeeded", session))

    assert Reward.objects.count() == 2
    assert len(mail.outbox) == sent


def test_an_unpaid_bank_debit_grants_nothing_until_it_settles(
    ana, occurrence, stripe_fake
):
    registration = friend_registers(occurrence, ana, make_program())
    checkout_start(registration=registration, return_url="http://testserver/back")

    pending = stripe_fake.pay(payment_status="unpaid")
    deliver(event("checkout.session.completed", pending))
    assert Reward.objects.count() == 0

    settled = stripe_fake.pay(payment_status="paid")
    deliver(event("checkout.session.async_payment_succeeded", settled))
    assert Reward.objects.count() == 2


def test_a_late_payment_that_is_refunded_grants_nothing(ana, club, stripe_fake):
    occurrence = make_occurrence(club, capacity=1, **PRICES)
    registration = friend_registers(occurrence, ana, make_program())
    checkout_start(registration=registration, return_url="http://testserver/back")
    paid = stripe_fake.pay()
    # Her hold ran out at our end first, and someone else took the seat.
    deliver(event("checkout.session.expired", {**paid, "status": "expired"}))
    taker = registration_create(occurrence=occurrence, name="Cy", email="cy@x.org")
    checkout_start(registration=taker, return_url="http://testserver/back")
    deliver(event("checkout.session.completed", stripe_fake.pay()))

    deliver(event("checkout.session.completed", paid))

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert Reward.objects.count() == 0


def test_a_seat_given_up_while_paying_grants_nothing(ana, occurrence, stripe_fake):
    from clubs.services.payments import place_cancel

    registration = friend_registers(occurrence, ana, make_program())
    checkout_start(registration=registration, return_url="http://testserver/back")
    paid = stripe_fake.pay()
    place_cancel(registration=registration)  # the webhook was still on its way

    deliver(event("checkout.session.completed", paid))

    assert Reward.objects.count() == 0
    assert len(stripe_fake.refunds()) == 1


def test_attending_does_not_qualify_for_a_paid_program(ana, club, host):
    free = make_occurrence(club)
    registration = friend_registers(free, ana, make_program())

    attendance_check_in(registration=registration, by=host)

    assert Reward.objects.count() == 0


# --- Discount rewards as promotion codes ------------------------------------------


def test_a_discount_becomes_a_coupon_and_a_one_time_promotion_code(
    client, ana, occurrence, host, stripe_fake
):
    registration = friend_registers(occurrence, ana, discount_program())
    friend_pays(stripe_fake, registration)

    gift = Reward.objects.get(side="referrer")
    discount = Reward.objects.get(side="friend")
    assert (gift.kind, gift.promotion_code, gift.fulfilled_at) == ("gift", "", None)
    assert discount.kind == "discount" and discount.discount_percent_off == 20
    [coupon] = stripe_fake.coupons()
    assert coupon["percent_off"] == "20"
    assert coupon["duration"] == "once"
    assert "amount_off" not in coupon
    assert coupon["metadata"] == {"reward_id": str(discount.pk)}
    [promo] = stripe_fake.promotion_codes()
    assert promo["promotion"]["coupon"]["id"] == coupon["id"]
    assert promo["max_redemptions"] == "1"
    assert promo["code"] == discount.promotion_code
    assert discount.promotion_code.startswith("BEA-")
    assert len(discount.promotion_code) == len("BEA-") + 6
    assert discount.stripe_coupon_id == coupon["id"]
    assert discount.stripe_promotion_code_id == promo["id"]
    assert discount.fulfilled_at is not None  # nothing for the hosts to hand over
    client.force_login(host)
    ledger = client.get(reverse("club_rewards", args=["downtown"])).content.decode()
    assert f"Sent as the discount code {discount.promotion_code}" in ledger


def test_stripe_is_asked_with_one_idempotency_key_per_reward_and_object(
    ana, occurrence, stripe_fake, monkeypatch
):
    keys = []
    real = stripe_fake.request

    def spy(method, url, headers, post_data=None, **kwargs):
        if "/v1/coupons" in url or "/v1/promotion_codes" in url:
            keys.append(headers.get("Idempotency-Key"))
        return real(method, url, headers, post_data, **kwargs)

    monkeypatch.setattr(stripe_fake, "request", spy)
    registration = friend_registers(occurrence, ana, discount_program())
    friend_pays(stripe_fake, registration)

    reward = Reward.objects.get(side="friend")
    assert keys == [
        f"reward-{reward.pk}-coupon",
        f"reward-{reward.pk}-promotion-code",
    ]


def test_an_amount_off_carries_its_currency(ana, occurrence, stripe_fake):
    program = make_program(
        referrer_reward_kind="discount",
        discount_amount_off=500,
        discount_currency="USD",
    )
    registration = friend_registers(occurrence, ana, program)
    friend_pays(stripe_fake, registration)

    [coupon] = stripe_fake.coupons()
    assert (coupon["amount_off"], coupon["currency"]) == ("500", "usd")
    assert "percent_off" not in coupon
    assert stripe_fake.promotion_codes()[0]["code"].startswith("ANA-")
    ana_email = reward_email("ana@example.com")
    assert "$5.00 off" in ana_email.body


def test_the_code_is_in_the_email_and_on_the_persons_rewards_page(
    client, occurrence, stripe_fake
):
    """Bea registered as a guest before she had an account; once she has one
    (tied to her credit), her rewards page shows her code."""
    ana = make_user(email="ana@example.com", first_name="Ana")
    bea = make_user(email="bea@example.com", first_name="Bea")
    registration = friend_registers(occurrence, ana, discount_program())
    registration.attribution.person = bea
    registration.attribution.save(update_fields=["person"])
    friend_pays(stripe_fake, registration)
    reward = Reward.objects.get(side="friend")

    to_bea = reward_email("bea@example.com")
    assert f"Your discount code: {reward.promotion_code} (20% off)" in to_bea.body
    assert "/accounts/rewards/" in to_bea.body
    client.force_login(bea)
    page = client.get(reverse("my_rewards")).content.decode()
    assert f"<code>{reward.promotion_code}</code>" in page
    assert "20% off" in page
    detail = client.get(reverse("my_reward", args=[reward.pk])).content.decode()
    assert f"<code>{reward.promotion_code}</code>" in detail


def test_another_member_gets_404_on_the_persons_reward(client, occurrence, stripe_fake):
    ana = make_user(email="ana@example.com", first_name="Ana")
    registration = friend_registers(occurrence, ana, discount_program())
    friend_pays(stripe_fake, registration)
    bea_reward = Reward.objects.get(side="friend")
    ana_reward = Reward.objects.get(side="referrer")
    # Someone who signed up with Bea's address but was never tied to her
    # credit (addresses may be unverified): the code stays hers.
    stranger = make_user(email="bea@example.com")
    other = make_user(email="cy@example.com")

    for person in (other, stranger):
        client.force_login(person)
        detail = reverse("my_reward", args=[bea_reward.pk])
        assert client.get(detail).status_code == 404
        listing = client.get(reverse("my_rewards")).content.decode()
        assert bea_reward.promotion_code not in listing
    client.force_login(ana)
    assert client.get(reverse("my_reward", args=[bea_reward.pk])).status_code == 404
    assert client.get(reverse("my_reward", args=[ana_reward.pk])).status_code == 200


def test_without_keys_nothing_calls_stripe_and_the_hosts_fulfil_it(
    client, ana, club, host, stripe_api
):
    """Online payment is off, so a paid program cannot qualify here; an
    "attended" program with a discount shows the by-hand path."""
    program = discount_program(qualifying_action="attended")
    registration = friend_registers(make_occurrence(club), ana, program)

    attendance_check_in(registration=registration, by=host)

    reward = Reward.objects.get(side="friend")
    assert reward.kind == "discount" and reward.discount_percent_off == 20
    assert (reward.promotion_code, reward.stripe_promotion_code_id) == ("", "")
    assert reward.fulfilled_at is None
    assert stripe_api.requests == []
    assert issue_waiting_reward_codes.call() == 0
    assert stripe_api.requests == []
    to_bea = reward_email("bea@example.com")
    assert "will give you this discount at a meeting" in to_bea.body
    client.force_login(host)
    ledger = client.get(reverse("club_rewards", args=[club.slug])).content.decode()
    assert "take it off what they pay at the door" in ledger


def test_stripe_down_keeps_the_webhook_and_the_job_issues_the_code_later(
    ana, occurrence, stripe_fake, time_machine
):
    registration = friend_registers(occurrence, ana, discount_program())
    checkout_start(registration=registration, return_url="http://testserver/back")
    session = stripe_fake.pay()
    stripe_fake.failures = [500, 500, 500]  # the first request and two retries

    response = deliver(event("checkout.session.completed", session))

    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    reward = Reward.objects.get(side="friend")
    assert reward.promotion_code and not reward.stripe_promotion_code_id
    to_bea = reward_email("bea@example.com")
    assert "on its way" in to_bea.body
    assert reward.promotion_code not in to_bea.body
    mail.outbox.clear()

    two_minutes_later(time_machine)
    assert issue_waiting_reward_codes.call() == 1
    assert issue_waiting_reward_codes.call() == 0  # once

    reward.refresh_from_db()
    assert reward.stripe_promotion_code_id
    assert len(stripe_fake.coupons()) == len(stripe_fake.promotion_codes()) == 1
    assert [m.to for m in mail.outbox] == [["bea@example.com"]]
    assert reward.promotion_code in mail.outbox[0].body


def test_a_host_who_hands_a_waiting_discount_over_stops_the_retries(
    ana, occurrence, host, stripe_fake, time_machine
):
    from clubs.services.attribution import reward_fulfil

    registration = friend_registers(occurrence, ana, discount_program())
    checkout_start(registration=registration, return_url="http://testserver/back")
    session = stripe_fake.pay()
    stripe_fake.failures = [500, 500, 500]
    deliver(event("checkout.session.completed", session))
    reward_fulfil(reward=Reward.objects.get(side="friend"), by=host)

    two_minutes_later(time_machine)
    assert issue_waiting_reward_codes.call() == 0
    assert stripe_fake.promotion_codes() == []
