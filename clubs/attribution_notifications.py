"""Emails about share-link rewards, sent from background tasks (clubs/tasks.py)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from clubs.models import Attribution


def rewards_granted(attribution_id: int) -> None:
    """Tell the member who shared and the friend they brought what each earned."""
    attribution = (
        Attribution.objects.select_related("referrer", "program")
        .filter(pk=attribution_id)
        .first()
    )
    if attribution is None:
        return
    for reward in attribution.rewards.select_related("club"):
        subject = (
            f"{attribution.name} qualified: your reward for sharing"
            if reward.side == reward.Side.REFERRER
            else f"Welcome, {attribution.name}: a gift from {reward.club or 'us'}"
        )
        body = render_to_string(
            "clubs/emails/reward_granted.txt",
            {
                "reward": reward,
                "attribution": attribution,
                "site_name": settings.WAGTAIL_SITE_NAME,
            },
        )
        EmailMessage(
            " ".join(subject.split()), body, to=[reward.recipient_email]
        ).send()
