"""Double-sided rewards: granted once, when the friend qualifies, never before.

The friend here was credited through a share link (the crediting itself is
tested through the pages in test_attribution_credit.py).
"""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clubs.cookies import Touch
from clubs.models import Attendance, Attribution, Club, Reward, RewardProgram
from clubs.services.attendance import (
    attendance_add_walk_in,
    attendance_check_in,
    attendance_mark,
)
from clubs.services.attribution import reward_fulfil
from clubs.services.memberships import club_join, membership_set_status
from clubs.services.registrations import registration_cancel, registration_create
from tests.builders import make_club, make_membership, make_occurrence, make_user

pytestmark = pytest.mark.django_db

PAGE_ID = 41  # the landing page the link led to; only its id is kept


@pytest.fixture
def club():
    return make_club(name="Downtown Breakfast", join_policy=Club.JoinPolicy.OPEN)


@pytest.fixture
def host(club):
    host = make_user()
    make_membership(club, host, role="organizer")
    return host


def make_program(qualifier="attended"):
    return RewardProgram.objects.create(
        name="Breakfast",
        referrer_reward="A free breakfast",
        friend_reward="Your first breakfast on us",
        qualifying_action=qualifier,
        terms="One reward per friend.",
    )


def touch(member, program=None) -> Touch:
    return Touch(
        code=member.referral_code,
        page_id=PAGE_ID,
        program_id=program and program.pk,
        at=timezone.now(),
    )


def register_friend(occurrence, member, program, **fields):
    fields.setdefault("name", "Bea Costa")
    fields.setdefault("email", "bea@example.com")
    return registration_create(
        occurrence=occurrence, touch=touch(member, program), **fields
    )


def mark(registration, status, by):
    return attendance_mark(
        occurrence=registration.occurrence,
        registration=registration,
        status=status,
        by=by,
    )


def test_a_friend_who_attends_earns_both_rewards_once_with_an_email_each(
    ana, club, host, django_capture_on_commit_callbacks
):
    program = make_program()
    registration = register_friend(make_occurrence(club), ana, program)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        mark(registration, Attendance.Status.PRESENT, host)

    attribution = Attribution.objects.get()
    assert attribution.attended_at is not None
    rewards = {reward.side: reward for reward in attribution.rewards.all()}
    assert rewards["referrer"].recipient == ana
    assert rewards["referrer"].description == "A free breakfast"
    assert rewards["friend"].recipient_email == "bea@example.com"
    assert rewards["friend"].description == "Your first breakfast on us"
    assert {reward.club for reward in rewards.values()} == {club}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@example.com",
        "bea@example.com",
    ]
    to_ana = next(m for m in mail.outbox if m.to == ["ana@example.com"])
    to_bea = next(m for m in mail.outbox if m.to == ["bea@example.com"])
    assert "Bea Costa" in to_ana.subject
    assert "came to their first meeting" in to_ana.body
    assert "A free breakfast" in to_ana.body
    assert "Your first breakfast on us" in to_bea.body
    assert "Ana Lima" in to_bea.body
    assert "Downtown Breakfast" in to_bea.body
    assert "One reward per friend." in to_bea.body


def test_marking_again_or_at_another_meeting_grants_nothing_more(
    ana, club, host, django_capture_on_commit_callbacks
):
    program = make_program()
    first = register_friend(make_occurrence(club), ana, program)
    second = register_friend(make_occurrence(club), ana, program)
    with django_capture_on_commit_callbacks(execute=True):
        mark(first, Attendance.Status.PRESENT, host)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        mark(first, Attendance.Status.LATE, host)
        mark(first, Attendance.Status.PRESENT, host)
        attendance_check_in(registration=first, by=host)
        mark(second, Attendance.Status.PRESENT, host)

    assert Reward.objects.count() == 2
    assert mail.outbox == []


def test_a_check_in_at_the_door_qualifies_too(ana, club, host):
    registration = register_friend(make_occurrence(club), ana, make_program())

    attendance_check_in(registration=registration, by=host)

    assert Reward.objects.count() == 2


def test_a_credited_walk_in_qualifies_too(ana, club, host):
    register_friend(make_occurrence(club), ana, make_program())

    attendance_add_walk_in(
        occurrence=make_occurrence(club),
        name="Bea",
        email="BEA@example.com",
        by=host,
    )

    assert Reward.objects.count() == 2


def test_cancelling_before_the_meeting_earns_nothing(ana, club, host):
    registration = register_friend(make_occurrence(club), ana, make_program())

    registration_cancel(registration=registration)
    with pytest.raises(ValidationError):
        mark(registration, Attendance.Status.PRESENT, host)

    attribution = Attribution.objects.get()
    assert attribution.attended_at is None
    assert not Reward.objects.exists()


@pytest.mark.parametrize(
    "status", [Attendance.Status.ABSENT, Attendance.Status.EXCUSED]
)
def test_a_friend_who_does_not_come_earns_nothing(ana, club, host, status):
    registration = register_friend(make_occurrence(club), ana, make_program())

    mark(registration, status, host)

    assert Attribution.objects.get().attended_at is None
    assert not Reward.objects.exists()


def test_a_substitute_sent_in_the_friends_place_earns_nothing(ana, club, host):
    registration = register_friend(make_occurrence(club), ana, make_program())

    attendance_mark(
        occurrence=registration.occurrence,
        registration=registration,
        status=Attendance.Status.SUBSTITUTE,
        substitute_name="Carl",
        by=host,
    )

    assert not Reward.objects.exists()


def test_without_a_program_nothing_is_granted_but_attending_is_recorded(
    ana, club, host
):
    registration = register_friend(make_occurrence(club), ana, None)

    mark(registration, Attendance.Status.PRESENT, host)

    attribution = Attribution.objects.get()
    assert attribution.program is None
    assert attribution.attended_at is not None
    assert not Reward.objects.exists()


def test_when_joining_qualifies_attending_is_not_enough(
    ana, club, host, django_capture_on_commit_callbacks
):
    program = make_program("joined")
    registration = register_friend(make_occurrence(club), ana, program)
    mark(registration, Attendance.Status.PRESENT, host)
    assert not Reward.objects.exists()
    bea = make_user(email="bea@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        club_join(club=club, person=bea)

    attribution = Attribution.objects.get()
    assert attribution.joined_at is not None
    assert Reward.objects.count() == 2
    to_ana = next(m for m in mail.outbox if m.to == ["ana@example.com"])
    assert "joined" in to_ana.body


def test_a_club_that_approves_members_rewards_on_approval(ana, host):
    club = make_club(join_policy=Club.JoinPolicy.APPROVAL)
    make_membership(club, host, role="organizer")
    register_friend(make_occurrence(club), ana, make_program("joined"))
    bea = make_user(email="bea@example.com")

    membership = club_join(club=club, person=bea)
    assert not Reward.objects.exists()
    membership_set_status(membership=membership, status="active", by=host)

    assert Reward.objects.count() == 2
    assert Attribution.objects.get().joined_at is not None


def test_hosts_hand_rewards_over_once(ana, club, host):
    registration = register_friend(make_occurrence(club), ana, make_program())
    mark(registration, Attendance.Status.PRESENT, host)
    reward = Reward.objects.get(side="referrer")

    with pytest.raises(PermissionDenied):
        reward_fulfil(reward=reward, by=ana)
    reward_fulfil(reward=reward, by=host)
    with pytest.raises(ValidationError):
        reward_fulfil(reward=reward, by=host)

    reward.refresh_from_db()
    assert reward.fulfilled_by == host
    assert reward.fulfilled_at is not None
