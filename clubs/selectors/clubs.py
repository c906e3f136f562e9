"""Reads: what pages and services ask of clubs' data."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from clubs.models import Club, Membership, Occurrence, Registration, Series, User
from clubs.selectors.meetings import occurrence_for_page


def _hosting(person: User) -> QuerySet[Membership]:
    """The person's active memberships as an organizer or co-host: what makes
    someone a host, in one place."""
    return Membership.objects.filter(
        person=person,
        status=Membership.Status.ACTIVE,
        role__in=Membership.HOST_ROLES,
    )


def club_is_host(*, person: User, club: Club) -> bool:
    """Organizers and co-hosts with an active membership run the club."""
    if not person.is_authenticated:
        return False
    return _hosting(person).filter(club=club).exists()


def hosted_club_or_404(*, person: User, slug: str) -> Club:
    """The club with this slug, if `person` hosts it: what every hosts-only
    page asks first. Anyone else gets a 404, not a hint that the club exists."""
    if person.is_authenticated:
        club = Club.objects.filter(slug=slug, pk__in=_hosting(person).values("club"))
        if club := club.first():
            return club
    raise Http404("No such club.")


def hosted_occurrence_or_404(*, person: User, slug: str, pk: int) -> Occurrence:
    """The meeting `pk` of the club `slug`, with its series and club, if
    `person` hosts that club: the door sheet's and the payments' first
    question. Anyone else gets a 404."""
    occurrence = occurrence_for_page(club_slug=slug, pk=pk)
    if occurrence is None or not club_is_host(
        person=person, club=occurrence.series.club
    ):
        raise Http404("No such meeting.")
    return occurrence


def club_hosts(club: Club) -> QuerySet[User]:
    """The people who run the club (its organizers and co-hosts), by name."""
    return User.objects.filter(
        is_active=True,
        memberships__club=club,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role__in=Membership.HOST_ROLES,
    ).order_by("first_name", "last_name")


def club_membership(*, person: User, club: Club) -> Membership | None:
    if not person.is_authenticated:
        return None
    return Membership.objects.filter(club=club, person=person).first()


def clubs_visible_to(person: User) -> QuerySet[Club]:
    """Public clubs, plus members-only clubs the person belongs to."""
    return Club.objects.filter(_visible(person)).distinct()


def _visible(person: User, club: str = "") -> Q:
    """What makes a club visible to `person`, as a condition on the club
    reached through `club` ("series__club__" from a meeting)."""
    public = Q(**{f"{club}visibility": Club.Visibility.PUBLIC})
    if not person.is_authenticated:
        return public
    belongs = Q(
        **{
            f"{club}memberships__person": person,
            f"{club}memberships__status": Membership.Status.ACTIVE,
        }
    )
    return public | belongs


def occurrence_to_register(*, person: User, slug: str, pk: int) -> Occurrence | None:
    """The meeting `pk` of the club `slug`, if `person` may see that club;
    else None. Only its id is read: registering locks the row and reads it
    afresh (clubs.services.locks), so the page's joins would go to waste."""
    club = "series__club__"
    return (
        Occurrence.objects.filter(
            _visible(person, club), pk=pk, **{f"{club}slug": slug}
        )
        .only("pk")
        .first()
    )


def clubs_for_directory(*, person: User) -> QuerySet[Club]:
    """Visible clubs, each with the start of its next scheduled meeting: one
    of its own, not a training it hosts."""
    next_start = (
        Occurrence.objects.filter(
            series__club=OuterRef("pk"),
            series__purpose=Series.Purpose.MEETING,
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
    return hosted_clubs(user)


def hosted_clubs(person: User) -> QuerySet[Club]:
    """The clubs the person runs (organizer or co-host), by name."""
    if not person.is_authenticated:
        return Club.objects.none()
    return Club.objects.filter(pk__in=_hosting(person).values("club")).order_by("name")


def hosted_next_meetings(person: User) -> list[tuple[Club, Occurrence | None]]:
    """Each club the person runs with its next meeting (or None), the meeting
    carrying `waitlisted`: two queries however many clubs and meetings."""
    next_pk = (
        Occurrence.objects.filter(
            series__club=OuterRef("pk"),
            series__purpose=Series.Purpose.MEETING,
            status=Occurrence.Status.SCHEDULED,
            end__gte=timezone.now(),
        )
        .order_by("start", "pk")
        .values("pk")[:1]
    )
    clubs = list(hosted_clubs(person).annotate(next_pk=Subquery(next_pk)))
    waiting = Q(registrations__status=Registration.Status.WAITLISTED)
    meetings = (
        Occurrence.objects.filter(pk__in=[club.next_pk for club in clubs])
        .select_related("series")
        .annotate(waitlisted=Count("registrations", filter=waiting))
    )
    found = {meeting.pk: meeting for meeting in meetings}
    return [(club, found.get(club.next_pk)) for club in clubs]


def public_clubs() -> QuerySet[Club]:
    """The clubs anyone may find: public, and not a mastermind's own club
    (its group has pages of its own)."""
    return Club.objects.filter(
        visibility=Club.Visibility.PUBLIC, kind=Club.Kind.CLUB
    ).order_by("slug")
