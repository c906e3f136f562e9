"""Emails about share-link rewards, sent from background tasks (clubs/tasks.py)."""

from clubs.models import Attribution, Reward
from clubs.notifications.email import email_send


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
            context={"reward": reward, "attribution": attribution},
        )


def _language(reward: Reward, attribution: Attribution) -> str:
    """The member's own language; for a friend without an account, the
    language of the page they registered on."""
    if reward.recipient is not None:
        return reward.recipient.language
    if attribution.registration is not None:
        return attribution.registration.language
    return ""
