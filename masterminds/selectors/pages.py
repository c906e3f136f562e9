"""What the group's pages read (masterminds/views/): one query, or a fixed
few, however many members, sessions or commitments there are."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Greatest
from django.utils import timezone

from clubs.models import Membership, Occurrence, Registration, User
from clubs.selectors.clubs import club_hosts
from masterminds.models import (
    AbsenceNotice,
    Application,
    Commitment,
    HotSeat,
    MastermindGroup,
)
from masterminds.selectors.groups import (
    hot_seat_forecast,
    seated_members,
    sessions,
)

# --- Pages -----------------------------------------------------------------------
# What the group's pages read (masterminds/views/). Each is one query, or a
# fixed few, however many members, sessions or commitments there are.


def groups_for_list() -> QuerySet[MastermindGroup]:
    """Every group with its public facts: seats taken and the next training."""
    next_training = (
        Occurrence.objects.filter(
            series=OuterRef("training_series"),
            status=Occurrence.Status.SCHEDULED,
            start__gte=timezone.now(),
        )
        .order_by("start")
        .values("start")[:1]
    )
    return (
        MastermindGroup.objects.select_related("club")
        .annotate(
            seated_count=Count(
                "club__memberships",
                filter=Q(
                    club__memberships__status=Membership.Status.ACTIVE,
                    club__memberships__role=Membership.Role.MEMBER,
                ),
                distinct=True,
            ),
            # Seats held for approved applicants while they pay count too.
            held_count=Count(
                "applications",
                filter=Q(
                    applications__status=Application.Status.APPROVED,
                    applications__pay_by__isnull=False,
                ),
                distinct=True,
            ),
            next_training=Subquery(next_training),
        )
        .annotate(seats_taken=F("seated_count") + F("held_count"))
        .annotate(seats_left=Greatest(F("seat_limit") - F("seats_taken"), 0))
        .order_by("club__name")
    )


def group_by_slug(slug: str) -> MastermindGroup | None:
    """The group's public side (for anyone), with seats taken."""
    return groups_for_list().filter(club__slug=slug).first()


def group_facilitators(group: MastermindGroup) -> list[User]:
    return list(club_hosts(group.club))


def next_trainings(group: MastermindGroup, *, limit: int = 3) -> list[Occurrence]:
    """The training's next dates, for its register links (a public club's)."""
    if group.training_series_id is None:
        return []
    return list(
        Occurrence.objects.filter(
            series=group.training_series_id,
            status=Occurrence.Status.SCHEDULED,
            start__gte=timezone.now(),
        )
        .select_related("series__club")
        .order_by("start", "pk")[:limit]
    )


def person_application(*, group: MastermindGroup, person: User) -> Application | None:
    """The person's latest application to the group, if any."""
    if not person.is_authenticated:
        return None
    return (
        group.applications.filter(person=person).order_by("-created_at", "-pk").first()
    )


def next_session(group: MastermindGroup) -> Occurrence | None:
    return sessions(group).filter(end__gt=timezone.now()).first()


def group_session(*, group: MastermindGroup, pk: int) -> Occurrence | None:
    """One of the group's sessions, cancelled ones included (people need to
    see that), or None."""
    if group.session_series_id is None:
        return None
    return (
        Occurrence.objects.select_related("series__club")
        .filter(series=group.session_series_id, pk=pk)
        .first()
    )


def session_hot_seats(
    *, group: MastermindGroup, occurrence: Occurrence
) -> tuple[list[User], bool]:
    """Who takes the hot seats at a session, and whether that is settled: the
    hot seats given, else (for a session to come) the rotation's forecast."""
    given = [
        hot_seat.member
        for hot_seat in occurrence.hot_seats.select_related("member").order_by(
            "position"
        )
    ]
    if given or occurrence.end <= timezone.now() or occurrence.is_cancelled:
        return given, True
    forecast = hot_seat_forecast(group=group)
    members = [
        member
        for member in seated_members(group)
        if (turn := forecast.get(member.pk)) and turn.pk == occurrence.pk
    ]
    return members, False


def person_commitment(*, occurrence: Occurrence, person: User) -> Commitment | None:
    return occurrence.commitments.filter(member=person).first()


def person_absent(*, occurrence: Occurrence, person: User) -> bool:
    """Whether the person has told the group they will miss this session."""
    return AbsenceNotice.objects.filter(occurrence=occurrence, member=person).exists()


@dataclass(frozen=True)
class PastSession:
    occurrence: Occurrence
    hot_seats: list
    commitment: Commitment | None


def person_history(*, group: MastermindGroup, person: User) -> list[PastSession]:
    """The sessions held so far, latest first, each with its hot seats and the
    person's own commitment there: three queries however long the history."""
    held = list(
        sessions(group)
        .filter(start__lte=timezone.now())
        .order_by("-start", "-pk")
        .prefetch_related(
            Prefetch(
                "hot_seats",
                HotSeat.objects.select_related("member").order_by("position"),
            )
        )
    )
    mine = {
        commitment.occurrence_id: commitment
        for commitment in Commitment.objects.filter(
            member=person, occurrence__in=[occurrence.pk for occurrence in held]
        )
    }
    return [
        PastSession(
            occurrence=occurrence,
            hot_seats=[hot_seat.member for hot_seat in occurrence.hot_seats.all()],
            commitment=mine.get(occurrence.pk),
        )
        for occurrence in held
    ]


def last_training(group: MastermindGroup) -> Occurrence | None:
    """The training held most recently (within about a month and a half):
    the one an applicant who comes from the training page most likely
    attended."""
    if group.training_series_id is None:
        return None
    now = timezone.now()
    return (
        Occurrence.objects.filter(
            series=group.training_series_id,
            status=Occurrence.Status.SCHEDULED,
            start__lte=now,
            start__gte=now - timedelta(days=45),
        )
        .order_by("-start", "-pk")
        .first()
    )


def person_session_place(
    *, occurrence: Occurrence, person: User
) -> Registration | None:
    """The person's place at the session (confirmed or waitlisted), if any:
    members are given one at every session (services/places.py)."""
    return (
        occurrence.registrations.filter(person=person)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def groups_for_sitemap() -> QuerySet[MastermindGroup]:
    """Every group's public page is open to anyone: all of them, by slug."""
    return MastermindGroup.objects.select_related("club").order_by("club__slug")
