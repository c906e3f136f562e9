"""Emails about share-link rewards, sent from background tasks (clubs/tasks.py)."""

from django.urls import reverse

from clubs.links import absolute
from clubs.models import Attribution, Reward
from clubs.notifications.email import email_send
from clubs.selectors.rewards import reward_discount_label


def rewards_granted(attribution_id: int) -> None:
    """Tell the member who shared and the friend they brought what each earned."""
    attribution = (
        Attribution.objects.select_related("referrer", "program", "registration")
        .filter(pk=attribution_id)
        .first()
    )
    if attribution is None:
        return
    for reward in attribution.rewards.select_related("club", "recipient"):
        email_send(
            to=reward.recipient_email,
            language=_language(reward, attribution),
            template="clubs/emails/reward_granted",
            context=lambda reward=reward: _context(reward, attribution),
        )


def reward_code_issued(reward_id: int) -> None:
    """A discount code Stripe could not make at first is ready now: send it
    (the grant's email said it would follow)."""
    reward = (
        Reward.objects.select_related(
            "attribution__referrer", "attribution__registration", "club", "recipient"
        )
        .filter(pk=reward_id)
        .exclude(stripe_promotion_code_id="")
        .first()
    )
    if reward is None:
        return
    email_send(
        to=reward.recipient_email,
        language=_language(reward, reward.attribution),
        template="clubs/emails/reward_code",
        context=lambda: _context(reward, reward.attribution),
    )


def _context(reward: Reward, attribution: Attribution) -> dict:
    """The rewards page link goes to those who can sign in to see it."""
    has_account = reward.recipient_id is not None or attribution.person_id
    return {
        "reward": reward,
        "attribution": attribution,
        "rewards_url": absolute(reverse("my_rewards")) if has_account else "",
        "discount": reward_discount_label(reward),
    }


def _language(reward: Reward, attribution: Attribution) -> str:
    """The member's own language; for a friend without an account, the
    language of the page they registered on."""
    if reward.recipient is not None:
        return reward.recipient.language
    if attribution.registration is not None:
        return attribution.registration.language
    return ""
