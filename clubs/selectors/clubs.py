"""Reads: what pages and services ask of clubs' data."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from clubs.models import Club, Membership, Occurrence, User


def club_is_host(*, person: User, club: Club) -> bool:
    """Organizers and co-hosts with an active membership run the club."""
    if not person.is_authenticated:
        return False
    return Membership.objects.filter(
        club=club,
        person=person,
        status=Membership.Status.ACTIVE,
        role__in=Membership.HOST_ROLES,
    ).exists()


def club_hosted_by(*, person: User, slug: str) -> Club | None:
    """The club with this slug, if `person` hosts it: what every hosts-only
    page asks first (anyone else gets a 404, not a hint that the club exists)."""
    if not person.is_authenticated:
        return None
    return Club.objects.filter(
        slug=slug,
        memberships__person=person,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role__in=Membership.HOST_ROLES,
    ).first()


def club_membership(*, person: User, club: Club) -> Membership | None:
    if not person.is_authenticated:
        return None
    return Membership.objects.filter(club=club, person=person).first()


def clubs_visible_to(person: User) -> QuerySet[Club]:
    """Public clubs, plus members-only clubs the person belongs to."""
    clubs = Club.objects.filter(visibility=Club.Visibility.PUBLIC)
    if person.is_authenticated:
        clubs = clubs | Club.objects.filter(
            memberships__person=person, memberships__status=Membership.Status.ACTIVE
        )
    return clubs.distinct()


def clubs_for_directory(*, person: User) -> QuerySet[Club]:
    """Visible clubs, each with the start of its next scheduled meeting."""
    next_start = (
        Occurrence.objects.filter(
            series__club=OuterRef("pk"),
            status=Occurrence.Status.SCHEDULED,
            start__gte=timezone.now(),
        )
        .order_by("start")
        .values("start")[:1]
    )
    clubs = clubs_visible_to(person).filter(kind=Club.Kind.CLUB)
    return clubs.annotate(next_meeting=Subquery(next_start))


def active_members(club: Club) -> QuerySet[User]:
    return User.objects.filter(
        memberships__club=club, memberships__status=Membership.Status.ACTIVE
    ).order_by("first_name", "last_name")


# Wagtail creates this group for site editors; they look after every club.
EDITORS_GROUP = "Editors"


def sees_all_clubs(user: User) -> bool:
    return user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists()


def clubs_managed_by(user: User) -> QuerySet[Club]:
    """The clubs a person runs in the admin: every club for superusers and
    editors, otherwise the clubs they host (organizer or co-host)."""
    if sees_all_clubs(user):
        return Club.objects.all()
    hosted = Membership.objects.filter(
        person=user,
        status=Membership.Status.ACTIVE,
        role__in=Membership.HOST_ROLES,
    )
    return Club.objects.filter(pk__in=hosted.values("club"))
