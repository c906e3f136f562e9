"""Reads for the rewards ledger: the rewards a club's hosts hand over.

A reward belongs to the club where the friend qualified (attended or
joined); its hosts are the ones who hand both sides' rewards over.
"""

from django.db.models import F, QuerySet

from clubs.models import Club, Reward


def club_rewards(club: Club) -> QuerySet[Reward]:
    """The club's rewards, those still to hand over first, newest first."""
    return (
        Reward.objects.filter(club=club)
        .select_related("attribution__referrer", "fulfilled_by")
        .order_by(F("fulfilled_at").desc(nulls_first=True), "-granted_at", "pk")
    )


def club_reward(*, club: Club, pk: int) -> Reward | None:
    return Reward.objects.filter(club=club, pk=pk).first()
