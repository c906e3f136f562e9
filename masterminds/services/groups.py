"""Creating a mastermind group: a members-only club with seats on top."""

from django.db import transaction

from clubs.models import Club, User
from clubs.services.memberships import club_create
from masterminds.models import MastermindGroup


def mastermind_create(
    *,
    name: str,
    slug: str,
    time_zone: str,
    by: User,
    description: str = "",
    seat_limit: int = 8,
    one_member_per_category: bool = True,
    hot_seats_per_session: int = 2,
) -> MastermindGroup:
    """A new group whose creator is its first facilitator (the club's
    organizer). The club is members-only and admits people by approval:
    seats are given through applications (services/applications.py)."""
    club = Club(
        name=name,
        slug=slug,
        description=description,
        time_zone=time_zone,
        kind=Club.Kind.MASTERMIND,
        visibility=Club.Visibility.MEMBERS,
        join_policy=Club.JoinPolicy.APPROVAL,
    )
    with transaction.atomic():
        club_create(club=club, by=by)
        group = MastermindGroup(
            club=club,
            seat_limit=seat_limit,
            one_member_per_category=one_member_per_category,
            hot_seats_per_session=hot_seats_per_session,
        )
        group.full_clean()
        group.save()
    return group


def lock_group(group: MastermindGroup) -> MastermindGroup:
    """The group row, locked: every change to who holds a seat takes this lock
    first, so seats and categories are counted by one writer at a time."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Lock a group only inside a transaction.")
    return (
        MastermindGroup.objects.select_for_update(of=("self",))
        .select_related("club")
        .get(pk=group.pk)
    )
