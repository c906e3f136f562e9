"""Fulfilling discount rewards as Stripe promotion codes.

When a reward of the kind "discount" is granted (`clubs.services.attribution`)
and Stripe keys are set, the reward gets its human-readable code at once, in
the granting transaction (`ANA-7KQ2XM`). After that transaction commits,
Stripe is asked for a coupon with the reward's terms (`duration: once`) and a
promotion code with that code, redeemable once; the ids are stored on the
reward and the reward counts as handed over. Every request carries an
idempotency key per reward and the same parameters, so a retry after a
timeout makes nothing twice.

Stripe being down never breaks the webhook or the registration that granted
the reward: the failure is logged, and the periodic job
`issue_waiting_reward_codes` (clubs/jobs.py) asks again. Without keys
nothing calls Stripe: the reward is recorded with its terms, and the hosts
give the discount by hand and mark it handed over in their ledger.

The code is not tied to a Stripe customer: meeting checkouts are made with
the person's email, not a customer, so a customer-bound code would be refused
at their next checkout. One redemption, and a code only the person receives
(by email and on their own rewards page), keep it theirs.
"""

import logging
import secrets
from datetime import timedelta

import stripe
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from clubs.models import Reward, RewardKind, RewardProgram
from clubs.selectors.payments import online_payment_ready
from clubs.stripe_api import stripe_client
from clubs.tasks import send_reward_code_issued

log = logging.getLogger(__name__)

# No 0/O or 1/I/L: people copy the code by eye from an email or a screen.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_SUFFIX_LENGTH = 6
CODE_NAME_LENGTH = 12
# A code Stripe still refuses after a week (bad terms, not an outage) is left
# to the hosts: their ledger shows it waiting, to hand over by hand.
RETRY_FOR = timedelta(days=7)


def reward_code_new(name: str) -> str:
    """A promotion code people can read and type: their first name, in plain
    capitals, and six random characters (`BEA-7KQ2XM`)."""
    first = (name.split() or ["GIFT"])[0]
    letters = slugify(first).replace("-", "").upper()[:CODE_NAME_LENGTH]
    suffix = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_SUFFIX_LENGTH))
    return f"{letters or 'GIFT'}-{suffix}"


def reward_terms(*, program: RewardProgram, side: str) -> dict:
    """The fields a side's new reward copies from its program: its kind, the
    discount terms, and (with Stripe keys set) its code."""
    kind = program.reward_kind(side)
    if kind != RewardKind.DISCOUNT:
        return {"kind": RewardKind.GIFT}
    return {
        "kind": kind,
        "discount_percent_off": program.discount_percent_off,
        "discount_amount_off": program.discount_amount_off,
        "discount_currency": program.discount_currency
        if program.discount_amount_off
        else "",
    }


def rewards_discount_prepare(rewards: list[Reward]) -> None:
    """Called in the transaction that granted `rewards`: give each discount a
    code and ask Stripe for it once the grant commits. Without keys the
    rewards stay as they are, for the hosts to fulfil by hand."""
    if not online_payment_ready():
        return
    for reward in rewards:
        if reward.kind != RewardKind.DISCOUNT or reward.promotion_code:
            continue
        reward.promotion_code = reward_code_new(reward.recipient_name)
        reward.save(update_fields=["promotion_code"])
        reward_id = reward.pk
        transaction.on_commit(
            lambda pk=reward_id: reward_code_issue(reward_id=pk), robust=True
        )


def reward_code_issue(*, reward_id: int, notify: bool = False) -> bool:
    """Make the reward's coupon and promotion code at Stripe. True once it is
    issued now; False when there is nothing to do or Stripe failed (a later
    try issues it). `notify` emails the code (a retry: the grant's email went
    out without it)."""
    reward = Reward.objects.filter(pk=reward_id).first()
    if not _waiting(reward) or not online_payment_ready():
        return False
    client = stripe_client()
    try:
        coupon_id = reward.stripe_coupon_id or _coupon_create(client, reward)
        if not _store(reward, stripe_coupon_id=coupon_id):
            return False
        promotion = client.v1.promotion_codes.create(
            _promotion_params(reward, coupon_id),
            {"idempotency_key": f"reward-{reward.pk}-promotion-code"},
        )
    except stripe.StripeError as error:
        log.warning("Discount code for reward %s not issued yet: %s", reward.pk, error)
        return False
    issued = _store(
        reward,
        stripe_promotion_code_id=promotion.id,
        fulfilled_at=timezone.now(),
    )
    if issued and notify:
        transaction.on_commit(
            lambda: send_reward_code_issued.enqueue(reward_id=reward.pk)
        )
    return issued


def reward_codes_issue_waiting() -> int:
    """Ask Stripe again for the codes it never made (it was unreachable):
    the periodic job behind the first try after each grant."""
    now = timezone.now()
    waiting = Reward.objects.filter(
        kind=RewardKind.DISCOUNT,
        stripe_promotion_code_id="",
        fulfilled_at__isnull=True,
        granted_at__lte=now - timedelta(minutes=1),
        granted_at__gte=now - RETRY_FOR,
    ).exclude(promotion_code="")
    return sum(
        reward_code_issue(reward_id=pk, notify=True)
        for pk in waiting.values_list("pk", flat=True)
    )


def _waiting(reward: Reward | None) -> bool:
    """A discount with its code chosen, not yet made at Stripe, and not
    handed over by a host in the meantime."""
    return (
        reward is not None
        and reward.kind == RewardKind.DISCOUNT
        and bool(reward.promotion_code)
        and not reward.stripe_promotion_code_id
        and reward.fulfilled_at is None
    )


def _coupon_create(client: stripe.StripeClient, reward: Reward) -> str:
    params = {
        "duration": "once",
        "max_redemptions": 1,
        "name": reward.description[:40],
        "metadata": {"reward_id": str(reward.pk)},
    }
    if reward.discount_percent_off is not None:
        params["percent_off"] = reward.discount_percent_off
    else:
        params["amount_off"] = reward.discount_amount_off
        params["currency"] = reward.discount_currency.lower()
    coupon = client.v1.coupons.create(
        params, {"idempotency_key": f"reward-{reward.pk}-coupon"}
    )
    return coupon.id


def _promotion_params(reward: Reward, coupon_id: str) -> dict:
    return {
        # The API version the client pins (2026-10) names the coupon here,
        # no longer in a top-level `coupon`.
        "promotion": {"type": "coupon", "coupon": coupon_id},
        "code": reward.promotion_code,
        "max_redemptions": 1,
        "metadata": {
            "reward_id": str(reward.pk),
            "recipient_email": reward.recipient_email,
        },
    }


def _store(reward: Reward, **fields) -> bool:
    """Write what Stripe made onto the reward, unless a simultaneous try (or
    a host handing the reward over) got there first."""
    with transaction.atomic():
        locked = Reward.objects.select_for_update().get(pk=reward.pk)
        if locked.stripe_promotion_code_id or locked.fulfilled_at is not None:
            return False
        for name, value in fields.items():
            setattr(locked, name, value)
            setattr(reward, name, value)
        locked.save(update_fields=list(fields))
    return True
