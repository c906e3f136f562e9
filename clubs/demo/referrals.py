"""A year of demo referrals between the members of the demo clubs, for
`manage.py seed_demo`, so the leaderboard, the graph and the charts have
something to show.

Rows are written directly (in bulk), not through the services, so no email
goes out: no "you have a referral", no "won", no nudge (every referral left
*new* is marked as already nudged). The data keeps to the model's rules:
consent given, giver and receiver different members, a value and currency
only on won referrals, steps in order, first contact and closing times set
as the services set them. Safe to run again: a club that already has
referrals is left alone. Random but repeatable (seeded by the club's slug).
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from clubs.models import (
    Club,
    Membership,
    Occurrence,
    Referral,
    ReferralStep,
    ThankYou,
    User,
)
from clubs.selectors.referrals import STALE_AFTER

STATUS = Referral.Status
CLUBS = ["northside-breakfast", "expert-club-europe"]

# What each business gets referred for, and the deal sizes it closes.
NEEDS = {
    "Commercial insurance": (["Cover for a new café lease", "Fleet insurance"], 800),
    "Accounting": (["Monthly books and payroll", "Year-end accounts"], 1500),
    "Web design": (["A booking website", "A new shop site"], 3500),
    "Mortgage broker": (["Refinance before the rate resets", "A first home"], 2500),
    "Family law": (["A will and power of attorney", "Advice on custody"], 1800),
    "Photography": (["Team headshots", "Photos for a new menu"], 600),
}
PROSPECTS = [
    ("Alma Reyes", "Reyes Bakery"),
    ("Ben Okoro", "Okoro Motors"),
    ("Chloe Martin", "Martin & Daughters"),
    ("Dev Patel", "Patel Pharmacy"),
    ("Elif Kaya", "Kaya Studio"),
    ("Finn Murphy", "Murphy Plumbing"),
    ("Greta Lind", "Lind Florals"),
    ("Hugo Blanc", "Blanc Bistro"),
    ("Ines Costa", "Costa Dental"),
    ("Jonah Weiss", "Weiss Carpentry"),
    ("Kemi Adeyemi", "Adeyemi Salon"),
    ("Luca Romano", "Romano Gelato"),
]
THANKS = [
    "Thank you for the introduction: we signed this week.",
    "A great fit. Thank you for thinking of me.",
    "Closed! Coffee is on me at the next breakfast.",
]


@dataclass
class _Slip:
    """One demo referral before it is written: the row, and its story."""

    referral: Referral
    created: datetime  # kept aside: inserting stamps created_at with "now"
    path: list[tuple[str, datetime]]  # the steps after *new*, in order
    thanked_at: datetime | None = None


def seed(people: dict[str, User]) -> None:
    """`people` is what clubs.demo.seed returns; the clubs' members are read
    from their memberships, so the data follows clubs.demo.meetings."""
    for club in Club.objects.filter(slug__in=CLUBS):
        if not club.referrals.exists():
            with transaction.atomic():
                _write(club, _slips(club))


def _slips(club: Club) -> list[_Slip]:
    rng = random.Random(f"referrals-{club.slug}")
    members = list(
        User.objects.filter(
            memberships__club=club, memberships__status=Membership.Status.ACTIVE
        )
        .select_related("category")
        .order_by("pk")
    )
    now = timezone.now()
    meetings = Occurrence.objects.filter(
        series__club=club,
        status=Occurrence.Status.SCHEDULED,
        start__gte=now - timedelta(days=365),
        start__lt=now,
    ).order_by("start")
    slips = []
    for meeting in meetings:
        for _ in range(rng.randint(2, 5)):
            slips.append(_slip(rng, club, members, meeting, now))
    return slips


def _slip(rng, club: Club, members: list[User], meeting: Occurrence, now) -> _Slip:
    giver, receiver = rng.sample(members, 2)
    needs, typical = NEEDS.get(
        receiver.category.name if receiver.category else "", (["An introduction"], 900)
    )
    name, company = rng.choice(PROSPECTS)
    # Passed at the meeting; never in the future if one is on right now.
    created = min(
        meeting.start + timedelta(minutes=rng.randint(20, 80)),
        now - timedelta(hours=1),
    )
    referral = Referral(
        club=club,
        occurrence=meeting,
        giver=giver,
        receiver=receiver,
        prospect_name=name,
        prospect_company=company,
        prospect_email=_email(name, company),
        need=rng.choice(needs),
        temperature=rng.choice(["hot", "warm", "warm", "cold"]),
        consent=True,
    )
    path = _path(rng, created, now)
    if path and path[-1][0] == STATUS.WON:
        referral.value = Decimal(round(typical * rng.uniform(0.5, 3), -1))
        referral.currency = _currency(club, receiver)
    return _Slip(referral, created, path, _thanked(rng, path, now))


def _email(name: str, company: str) -> str:
    return f"{name.split()[0].lower()}@{company.split()[0].lower()}.example"


def _path(rng, created: datetime, now: datetime) -> list[tuple[str, datetime]]:
    """Where the referral got to, and when: older slips are mostly closed,
    the last few weeks' mostly still open, and a few sit untouched."""
    age = (now - created).days
    weights = [5, 10, 10, 40, 25, 10] if age > 60 else [30, 30, 20, 10, 7, 3]
    outcome = rng.choices(
        [STATUS.NEW, STATUS.CONTACTED, STATUS.MEETING] + list(Referral.CLOSED),
        weights,
    )[0]
    order = [STATUS.CONTACTED, STATUS.MEETING, STATUS.WON]
    if outcome in (STATUS.LOST, STATUS.NOT_A_FIT):
        order = [STATUS.CONTACTED, outcome]
    steps = order[: order.index(outcome) + 1] if outcome != STATUS.NEW else []
    path, when = [], created
    for index, status in enumerate(steps):
        # A first call within hours or a few days; a deal takes weeks.
        hours = rng.randint(2, 72) if index == 0 else rng.randint(48, 24 * 20)
        when += timedelta(hours=hours)
        path.append((status, min(when, now - timedelta(minutes=5))))
    return path


def _currency(club: Club, receiver: User) -> str:
    """Chicago deals are in dollars; Europe's in pounds for a London member
    and euros for everyone else."""
    if club.time_zone.startswith("America/"):
        return "USD"
    return "GBP" if receiver.time_zone == "Europe/London" else "EUR"


def _thanked(rng, path, now) -> datetime | None:
    if not path or path[-1][0] != STATUS.WON or rng.random() > 0.8:
        return None
    return min(path[-1][1] + timedelta(days=1), now)


def _write(club: Club, slips: list[_Slip]) -> None:
    for slip in slips:
        _apply_path(slip, club)
    referrals = Referral.objects.bulk_create([s.referral for s in slips])
    # auto_now_add stamps "now" on insert; put the real moments back.
    for slip in slips:
        slip.referral.created_at = slip.created
    Referral.objects.bulk_update(
        referrals, ["created_at", "status_changed_at"], batch_size=500
    )
    _write_steps(slips)
    thank_yous = [
        ThankYou(referral=s.referral, note=THANKS[s.referral.pk % len(THANKS)])
        for s in slips
        if s.thanked_at
    ]
    ThankYou.objects.bulk_create(thank_yous)
    for thank_you in thank_yous:
        thank_you.created_at = next(
            s.thanked_at for s in slips if s.referral is thank_you.referral
        )
    ThankYou.objects.bulk_update(thank_yous, ["created_at"], batch_size=500)


def _apply_path(slip: _Slip, club: Club) -> None:
    """Status and timestamps as the services leave them after each move."""
    referral, created = slip.referral, slip.created
    referral.status_changed_at = slip.path[-1][1] if slip.path else created
    if slip.path:
        referral.status = slip.path[-1][0]
        referral.first_contacted_at = slip.path[0][1]
        if referral.status in Referral.CLOSED:
            referral.closed_at = slip.path[-1][1]
    else:
        # The demo's old untouched slips count as nudged, and their hosts as
        # told, so `make run` sends no nudge or stale alert about them.
        nudged = created + timedelta(hours=club.referral_nudge_hours)
        referral.nudged_at = min(nudged, timezone.now())
        if created <= timezone.now() - STALE_AFTER:
            referral.hosts_alerted_at = created + STALE_AFTER


def _write_steps(slips: list[_Slip]) -> None:
    steps = []
    for slip in slips:
        referral = slip.referral
        steps.append(
            ReferralStep(referral=referral, status=STATUS.NEW, by=referral.giver)
        )
        steps.extend(
            ReferralStep(referral=referral, status=status, by=referral.receiver)
            for status, _ in slip.path
        )
    moments = [
        moment
        for slip in slips
        for moment in [slip.created, *(at for _, at in slip.path)]
    ]
    ReferralStep.objects.bulk_create(steps)
    for step, moment in zip(steps, moments, strict=True):
        step.at = moment
    ReferralStep.objects.bulk_update(steps, ["at"], batch_size=500)
