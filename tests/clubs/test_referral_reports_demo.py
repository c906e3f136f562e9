"""The demo's year of referrals: consistent with the model's rules, quiet
(no email), repeatable, and enough for the report to show."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from clubs.demo import (
    meetings as demo_meetings,
)
from clubs.demo import (
    people as demo,
)
from clubs.demo import (
    referrals as demo_referrals,
)
from clubs.models import Club, Referral, ReferralStep, ThankYou

pytestmark = pytest.mark.django_db

ORDER = ["new", "contacted", "meeting", "won", "lost", "not_fit"]


@pytest.fixture
def seeded():
    people = demo.seed()
    demo_meetings.seed(people)
    mail.outbox.clear()
    demo_referrals.seed(people)
    return people


def test_a_year_of_referrals_with_realistic_outcomes_and_no_email(seeded):
    referrals = Referral.objects.all()
    statuses = set(referrals.values_list("status", flat=True))
    oldest = referrals.order_by("created_at").first().created_at

    assert mail.outbox == []
    assert referrals.count() >= 40
    assert {"won", "lost", "new", "contacted"} <= statuses
    assert timezone.now() - oldest > timedelta(days=300)
    assert ThankYou.objects.exists()
    for club in Club.objects.filter(slug__in=demo_referrals.CLUBS):
        assert club.referrals.count() >= 15


def test_the_demo_keeps_the_rules_the_services_keep(seeded):
    for referral in Referral.objects.prefetch_related("steps"):
        referral.full_clean()
        assert referral.giver_id != referral.receiver_id
        assert (referral.value is not None) == (referral.status == "won")
        assert (referral.closed_at is not None) == (referral.status in Referral.CLOSED)
        assert (referral.first_contacted_at is None) == (referral.status == "new")
        if referral.status == "new":
            assert referral.nudged_at is not None  # nothing left to nudge
        steps = list(referral.steps.all())
        assert steps[0].status == "new" and steps[0].at == referral.created_at
        assert steps[-1].status == referral.status
        assert [ORDER.index(s.status) for s in steps] == sorted(
            ORDER.index(s.status) for s in steps
        )
        assert [s.at for s in steps] == sorted(s.at for s in steps)
    for thank_you in ThankYou.objects.select_related("referral"):
        assert thank_you.referral.status == "won"
        assert thank_you.created_at >= thank_you.referral.closed_at


def test_dollars_in_chicago_pounds_and_euros_in_europe(seeded):
    def currencies(slug):
        won = Referral.objects.filter(club__slug=slug, status="won")
        return set(won.values_list("currency", flat=True))

    assert currencies("northside-breakfast") == {"USD"}
    assert currencies("expert-club-europe") <= {"GBP", "EUR"}
    assert currencies("expert-club-europe")


def test_seeding_again_adds_nothing(seeded):
    counts = (
        Referral.objects.count(),
        ReferralStep.objects.count(),
        ThankYou.objects.count(),
    )

    demo_referrals.seed(seeded)

    assert (
        Referral.objects.count(),
        ReferralStep.objects.count(),
        ThankYou.objects.count(),
    ) == counts
