"""Emails about share-link rewards, sent from background tasks (clubs/tasks.py)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from clubs.models import Attribution, Reward


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
        body = render_to_string(
            "clubs/emails/reward_granted.txt",
            {
                "reward": reward,
                "attribution": attribution,
                "site_name": settings.WAGTAIL_SITE_NAME,
            },
        )
        EmailMessage(
            _subject(reward, attribution), body, to=[reward.recipient_email]
        ).send()


def _subject(reward: Reward, attribution: Attribution) -> str:
    if reward.side == Reward.Side.REFERRER:
        subject = _("%(friend)s qualified: your reward for sharing") % {
            "friend": attribution.name
        }
    else:
        subject = _("Welcome, %(friend)s: a gift from %(club)s") % {
            "friend": attribution.name,
            "club": reward.club or settings.WAGTAIL_SITE_NAME,
        }
    return " ".join(subject.split())  # no line breaks from a name in a header
