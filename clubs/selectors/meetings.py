"""Reads: what pages and services ask of clubs' data."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import Least, RowNumber
from django.utils import timezone

from clubs import links
from clubs.models import Club, Occurrence, Registration, Series, User


def upcoming_occurrences(
    *, club: Club, limit: int = 6, purpose: str = Series.Purpose.MEETING
) -> QuerySet[Occurrence]:
    """The next meetings of a club, moved ones at their new time, cancelled ones
    included (people need to see that). By default the club's own meetings;
    `purpose=Series.Purpose.TRAINING` gives the trainings it hosts."""
    return (
        Occurrence.objects.filter(
            series__club=club, series__purpose=purpose, end__gte=timezone.now()
        )
        .select_related("series")
        .order_by("start")[:limit]
    )


def occurrence_for_page(*, club_slug: str, pk: int) -> Occurrence | None:
    return (
        Occurrence.objects.select_related(
            "series__club__cover_image", "series__cover_image"
        )
        .filter(pk=pk, series__club__slug=club_slug)
        .first()
    )


@dataclass(frozen=True)
class MeetingPlace:
    """Where a meeting happens: each part from this date, else its series,
    else its club."""

    venue: str
    address: str
    online_url: str

    def __bool__(self) -> bool:
        return bool(self.venue or self.address or self.online_url)

    @property
    def map_url(self) -> str:
        """The place on OpenStreetMap, by its name and address."""
        return links.map_url(
            ", ".join(part for part in (self.venue, self.address) if part)
        )


def meeting_place(occurrence: Occurrence) -> MeetingPlace:
    holders = (occurrence, occurrence.series, occurrence.series.club)

    def first(name: str) -> str:
        return next((value for h in holders if (value := getattr(h, name))), "")

    return MeetingPlace(
        venue=first("venue_name"),
        address=first("venue_address"),
        online_url=first("online_url"),
    )


def meeting_cover(occurrence: Occurrence):
    """The series' own cover image, else the club's, else None."""
    return occurrence.series.cover_image or occurrence.series.club.cover_image


@dataclass(frozen=True)
class WhoIsGoing:
    """Counts for everyone; the people themselves only for the club's members
    (`people` is empty otherwise), at most `FACES` of them."""

    going: int
    waiting: int
    people: list[Registration] = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(self.going - len(self.people), 0) if self.people else 0


FACES = 24


def who_is_going(*, occurrence: Occurrence, with_people: bool) -> WhoIsGoing:
    """Two queries at most, however many people are going."""
    active = occurrence.registrations.exclude(status=Registration.Status.CANCELLED)
    waiting = active.filter(status=Registration.Status.WAITLISTED).count()
    people = []
    if with_people and occurrence.confirmed_count:
        people = list(
            active.filter(status=Registration.Status.CONFIRMED)
            .select_related("person")
            .order_by("confirmed_at", "pk")[:FACES]
        )
    return WhoIsGoing(going=occurrence.confirmed_count, waiting=waiting, people=people)


def person_registration(*, person: User, occurrence: Occurrence) -> Registration | None:
    if not person.is_authenticated:
        return None
    return (
        occurrence.registrations.exclude(status=Registration.Status.CANCELLED)
        .filter(person=person)
        .first()
    )


def person_registrations(*, person: User, upcoming: bool) -> QuerySet[Registration]:
    """A member's places (and waitlist spots), soonest or latest first."""
    now = timezone.now()
    registrations = (
        Registration.objects.filter(person=person)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("occurrence__series__club")
    )
    if upcoming:
        return registrations.filter(occurrence__end__gte=now).order_by(
            "occurrence__start"
        )
    return registrations.filter(occurrence__end__lt=now).order_by("-occurrence__start")


def occurrence_registrations(occurrence: Occurrence) -> QuerySet[Registration]:
    """Everyone with a place or waiting, in the order they registered."""
    return (
        occurrence.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("person", "invited_by")
        .prefetch_related(Prefetch("attendance"))
    )


def upcoming_occurrences_for(
    *, clubs: Iterable[Club], series: Iterable[Series], per_source: int
) -> dict[tuple[str, int], list[Occurrence]]:
    """The next scheduled meetings of several clubs and series at once, for a
    page that shows many of them: one query, however many sources.

    Returns up to `per_source` occurrences, soonest first, keyed by
    ("club", pk) and ("series", pk). Only public clubs' meetings are shown. A
    club's are its own meetings, never a training held there; a series chosen
    by name is shown whatever it is, so an editor may pick a training."""
    club_ids = {club.pk for club in clubs if club is not None}
    series_ids = {one.pk for one in series if one is not None}
    found = {("club", pk): [] for pk in club_ids}
    found |= {("series", pk): [] for pk in series_ids}
    if not found:
        return found
    soonest = [F("start").asc(), F("pk").asc()]
    # Each row's rank within its club and within its series; keeping rows whose
    # better rank is within `per_source` bounds the rows read, and the loop
    # below takes the exact number for each source.
    own = Series.Purpose.MEETING
    by_club = [F("series__club_id"), F("series__purpose")]
    rank = Least(
        Window(RowNumber(), partition_by=by_club, order_by=soonest),
        Window(RowNumber(), partition_by=F("series_id"), order_by=soonest),
    )
    rows = (
        Occurrence.objects.filter(
            Q(series__club_id__in=club_ids, series__purpose=own)
            | Q(series_id__in=series_ids),
            status=Occurrence.Status.SCHEDULED,
            start__gte=timezone.now(),
            series__club__visibility=Club.Visibility.PUBLIC,
        )
        .annotate(rank=rank)
        .filter(rank__lte=per_source)
        .select_related("series__club")
        .order_by("start", "pk")
    )
    for occurrence in rows:
        keys = [("series", occurrence.series_id)]
        if occurrence.series.purpose == own:
            keys.append(("club", occurrence.series.club_id))
        for key in keys:
            if key in found and len(found[key]) < per_source:
                found[key].append(occurrence)
    return found


def public_upcoming_occurrences() -> QuerySet[Occurrence]:
    """Scheduled meetings still to come in public clubs (a mastermind's
    training included, which sits in a public club), with their club."""
    return (
        Occurrence.objects.filter(
            series__club__visibility=Club.Visibility.PUBLIC,
            status=Occurrence.Status.SCHEDULED,
            start__gte=timezone.now(),
        )
        .select_related("series__club")
        .order_by("start", "pk")
    )


def next_public_meetings(*, limit: int = 6) -> list[Occurrence]:
    """The next meetings of the public clubs, soonest first, for the home
    page: one query, however many clubs and meetings there are. Masterminds'
    sessions stay out (their clubs are members-only)."""
    return list(public_upcoming_occurrences()[:limit])
