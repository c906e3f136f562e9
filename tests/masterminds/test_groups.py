"""A mastermind group is a members-only club with seats on top."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from clubs.models import Club, Membership
from clubs.selectors.clubs import clubs_for_directory
from masterminds.selectors import group_for_person, group_is_member
from masterminds.services.applications import membership_leave
from masterminds.services.groups import lock_group, mastermind_create
from tests.builders import make_club, make_series, make_user
from tests.masterminds.builders import facilitator_of, make_group, seat

pytestmark = pytest.mark.django_db


def test_a_new_group_is_a_private_club_its_creator_facilitates():
    facilitator = make_user()

    group = make_group(facilitator=facilitator, seat_limit=8)

    club = group.club
    assert club.visibility == Club.Visibility.MEMBERS
    assert club.join_policy == Club.JoinPolicy.APPROVAL
    assert facilitator_of(group) == facilitator
    assert club.memberships.get().role == Membership.Role.ORGANIZER


def test_sessions_belong_to_the_group_and_the_training_is_open_to_guests():
    group = make_group()
    group.session_series = make_series(make_club(), guests_allowed=False)
    group.training_series = make_series(group.club, title="Training")

    with pytest.raises(ValidationError) as excinfo:
        group.full_clean()

    assert set(excinfo.value.message_dict) == {"session_series", "training_series"}


def test_sessions_keep_guests_out():
    group = make_group()
    group.session_series = make_series(group.club, guests_allowed=True)

    with pytest.raises(ValidationError) as excinfo:
        group.full_clean()

    assert "session_series" in excinfo.value.message_dict


def test_only_members_and_facilitators_see_the_group():
    group = make_group()
    member, outsider = seat(group), make_user()
    slug = group.club.slug

    assert group_for_person(person=member, slug=slug) == group
    assert group_for_person(person=facilitator_of(group), slug=slug) == group
    assert group_for_person(person=outsider, slug=slug) is None
    assert not group_is_member(person=outsider, group=group)

    membership_leave(membership=member.memberships.get())
    assert group_for_person(person=member, slug=slug) is None


@pytest.mark.django_db(transaction=True)
def test_the_group_lock_is_taken_only_inside_a_transaction():
    group = make_group()

    with pytest.raises(RuntimeError):
        lock_group(group)
    with transaction.atomic():
        assert lock_group(group) == group


def test_a_group_stays_out_of_the_club_directory(db):
    facilitator = make_user(email="fay@example.com")
    group = mastermind_create(
        name="Referral Mastermind",
        slug="referral-mastermind",
        time_zone="America/Chicago",
        by=facilitator,
    )
    make_club(name="Open Breakfast", slug="open-breakfast")

    directory = clubs_for_directory(person=facilitator)

    assert group.club.kind == Club.Kind.MASTERMIND
    assert [club.slug for club in directory] == ["open-breakfast"]


def test_a_group_is_joined_and_left_through_its_own_pages_not_the_clubs(client):
    facilitator, member = make_user(email="fay@example.com"), make_user()
    group = mastermind_create(
        name="Referral Mastermind",
        slug="referral-mastermind",
        time_zone="America/Chicago",
        by=facilitator,
    )
    outsider = make_user()
    client.force_login(outsider)

    client.post(f"/clubs/{group.club.slug}/join/")

    assert not Membership.objects.filter(person=outsider).exists()
    seat(group, member)
    client.force_login(member)
    client.post(f"/clubs/{group.club.slug}/leave/")
    assert Membership.objects.get(person=member).status == Membership.Status.ACTIVE
