"""Counting what members do with their personal share links."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from clubs.models import User
from clubs.services.erasure import erasure_step
from content.models import LinkShare, LinkVisit


def link_visit_record(*, member: User, page_id: int) -> None:
    """Count one visit through `member`'s link to a page, today. No IP address,
    no identity: only the number."""
    day = timezone.now().date()
    visits = LinkVisit.objects.filter(member=member, page_id=page_id, day=day)
    if visits.update(visits=F("visits") + 1):
        return
    try:
        with transaction.atomic():
            LinkVisit.objects.create(member=member, page_id=page_id, day=day, visits=1)
    except IntegrityError:  # a simultaneous first visit created the row
        visits.update(visits=F("visits") + 1)


def link_share_record(*, member: User, page_id: int, channel: str) -> LinkShare:
    if channel not in LinkShare.Channel.values:
        raise ValidationError("Unknown way of sharing.")
    return LinkShare.objects.create(member=member, page_id=page_id, channel=channel)


@erasure_step
def share_links_erase(person: User) -> None:
    """A member's account is deleted (clubs.services.erasure, in its
    transaction): the visits and shares of their personal links stay without
    them, as a landing page's funnel and totals count them. Visits keep no
    address or visitor identity, and the referral code goes with the account."""
    LinkVisit.objects.filter(member=person).update(member=None)
    LinkShare.objects.filter(member=person).update(member=None)
