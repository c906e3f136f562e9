"""What a member's home reads: it composes every app's selectors, which is
why it lives in the site package (the only one that may import them all).

Each part costs a fixed few queries however many meetings, sessions,
referrals or applications there are; only the hot-seat forecast runs once per
group the member sits in (people sit in one or two).
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from clubs.models import Club, Occurrence, Referral, Registration, User
from clubs.selectors.attendance import AttendanceCounts, person_attendance_counts
from clubs.selectors.clubs import hosted_next_meetings
from clubs.selectors.meetings import person_registrations
from clubs.selectors.referrals import (
    ReferralNumbers,
    person_referral_numbers,
    referrals_awaiting,
    stale_referrals_hosted_by,
)
from content.selectors import landing_pages_to_share
from content.share import personal_link
from masterminds.models import Application, MastermindGroup
from masterminds.selectors.people import (
    applications_awaiting_decision,
    person_next_hot_seats,
    person_upcoming_sessions,
)

MEETINGS_SHOWN = 5
LIST_SHOWN = 5


@dataclass(frozen=True)
class NextMeeting:
    """One line of the member's agenda: a club meeting they have a place at,
    or a session of a group they belong to."""

    occurrence: Occurrence
    url: str
    session: bool = False
    registration: Registration | None = None
    absent: bool = False


@dataclass(frozen=True)
class ShareLink:
    title: str
    page_url: str
    link: str


@dataclass(frozen=True)
class HostHome:
    clubs: list[tuple[Club, Occurrence | None]]
    stale_referrals: list[Referral]
    stale_count: int
    applications: list[Application]


@dataclass(frozen=True)
class MemberHome:
    meetings: list[NextMeeting]
    awaiting: list[Referral]
    awaiting_count: int
    hot_seats: list[tuple[MastermindGroup, Occurrence]]
    share_links: list[ShareLink]
    referrals: ReferralNumbers
    attendance: AttendanceCounts
    host: HostHome | None = None


def member_home(*, person: User, request=None) -> MemberHome:
    awaiting, awaiting_count = _head(referrals_awaiting(person))
    return MemberHome(
        meetings=next_meetings(person),
        awaiting=awaiting,
        awaiting_count=awaiting_count,
        hot_seats=person_next_hot_seats(person),
        share_links=share_links(person, request=request),
        referrals=person_referral_numbers(person),
        attendance=person_attendance_counts(person=person),
        host=host_home(person),
    )


def next_meetings(person: User) -> list[NextMeeting]:
    """Club meetings the person registered for and their groups' sessions,
    merged soonest first; a session they also registered for shows once."""
    found: dict[int, NextMeeting] = {}
    for session in person_upcoming_sessions(person=person, limit=MEETINGS_SHOWN):
        found[session.pk] = NextMeeting(
            occurrence=session,
            url=reverse(
                "mastermind_session",
                kwargs={"slug": session.series.club.slug, "pk": session.pk},
            ),
            session=True,
            absent=session.absent,
        )
    registrations = person_registrations(person=person, upcoming=True)
    for registration in registrations[:MEETINGS_SHOWN]:
        occurrence = registration.occurrence
        if occurrence.pk in found:
            continue
        found[occurrence.pk] = NextMeeting(
            occurrence=occurrence,
            url=reverse(
                "occurrence_detail",
                kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
            ),
            registration=registration,
        )
    ordered = sorted(found.values(), key=lambda m: (m.occurrence.start, m.url))
    return ordered[:MEETINGS_SHOWN]


def share_links(person: User, *, request=None) -> list[ShareLink]:
    return [
        ShareLink(
            title=page.title,
            page_url=page.get_url(request=request),
            link=personal_link(member=person, page=page),
        )
        for page in landing_pages_to_share()
    ]


def host_home(person: User) -> HostHome | None:
    """The extra part a host sees; None for someone who runs no club."""
    clubs = hosted_next_meetings(person)
    if not clubs:
        return None
    stale, stale_count = _head(stale_referrals_hosted_by(person))
    return HostHome(
        clubs=clubs,
        stale_referrals=stale,
        stale_count=stale_count,
        applications=list(applications_awaiting_decision(person)),
    )


def _head(queryset: QuerySet) -> tuple[list, int]:
    """The first LIST_SHOWN rows and how many there are in all: the count
    costs a query only when there are more than are shown."""
    rows = list(queryset[: LIST_SHOWN + 1])
    if len(rows) <= LIST_SHOWN:
        return rows, len(rows)
    return rows[:LIST_SHOWN], queryset.count()
