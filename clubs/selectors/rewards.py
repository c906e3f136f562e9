"""Reads for rewards: the ledger a club's hosts hand over from, and each
person's own rewards.

A reward belongs to the club where the friend qualified (attended, joined
or paid); its hosts are the ones who hand both sides' rewards over. A person
sees the rewards made out to their account, and the friend's reward of the
credit tied to their account (granted before they had one); never a reward
matched by email address alone, since an address on an account may be
unverified and a discount code is worth money.
"""

from django.db.models import F, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from clubs.models import Club, Reward, RewardKind, User
from clubs.money import Money
from clubs.paging import Pager, paged


def club_rewards(club: Club) -> QuerySet[Reward]:
    """The club's rewards, those still to hand over first, newest first."""
    return (
        Reward.objects.filter(club=club)
        .select_related("attribution__referrer", "fulfilled_by")
        .order_by(F("fulfilled_at").desc(nulls_first=True), "-granted_at", "pk")
    )


def club_reward(*, club: Club, pk: int) -> Reward | None:
    return Reward.objects.filter(club=club, pk=pk).first()


def person_rewards(person: User, *, query: QueryDict) -> Pager:
    """The person's own rewards, newest first, a page at a time (its number
    in `query`), each discount with its `discount_label` ("20% off")."""
    pager = paged(_person_rewards(person), query=query)
    rewards = list(pager.page.object_list)
    for reward in rewards:
        reward.discount_label = reward_discount_label(reward)
    pager.page.object_list = rewards
    return pager


def person_reward(*, person: User, pk: int) -> Reward | None:
    """One of the person's own rewards; None for anyone else's."""
    reward = _person_rewards(person).filter(pk=pk).first()
    if reward is not None:
        reward.discount_label = reward_discount_label(reward)
    return reward


def reward_discount_label(reward: Reward) -> str:
    """What a discount takes off, in the active language; "" for a gift."""
    if reward.kind != RewardKind.DISCOUNT:
        return ""
    if reward.discount_percent_off is not None:
        return _("%(percent)s%% off") % {"percent": reward.discount_percent_off}
    if reward.discount_amount_off is not None:
        money = Money(reward.discount_amount_off, reward.discount_currency)
        return _("%(amount)s off") % {"amount": money}
    return ""


def _person_rewards(person: User) -> QuerySet[Reward]:
    mine = Q(recipient=person) | Q(
        recipient__isnull=True,
        side=Reward.Side.FRIEND,
        attribution__person=person,
    )
    return (
        Reward.objects.filter(mine)
        .select_related("club", "attribution__referrer")
        .order_by("-granted_at", "pk")
    )
