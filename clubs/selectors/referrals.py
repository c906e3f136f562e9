"""Referral reads: who may see which referral, a member's record, the hosts'
lists, and the member's own CSV.

**Who sees a referral.** A referral carries a prospect's contact details, so
its page is shown only to its giver, its receiver and the active hosts
(organizers, co-hosts) of its club. Every view finds referrals through
`referral_for`, which answers None for anybody else, and the view then
answers 404: a third member cannot even learn that the referral exists.
Giver and receiver keep seeing their own referrals after leaving the club:
it is their record. Per-referral values are shown only on these pages and in
the member's own CSV; everyone else sees values only in club aggregates.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import QueryDict
from django.utils import timezone

from clubs.models import (
    Attribution,
    Club,
    Membership,
    Occurrence,
    Referral,
    Series,
    ThankYou,
    User,
)
from clubs.paging import Pager, paged
from clubs.selectors.clubs import (
    active_members,
    club_is_host,
    hosted_clubs,
)

STALE_AFTER = timedelta(days=7)
STATUS = Referral.Status


def referrals_visible_to(person: User) -> QuerySet[Referral]:
    """The referrals whose details this person may read: see the module."""
    if not person.is_authenticated:
        return Referral.objects.none()
    hosted = Membership.objects.filter(
        person=person,
        status=Membership.Status.ACTIVE,
        role__in=Membership.HOST_ROLES,
    ).values("club")
    return Referral.objects.filter(
        Q(giver=person) | Q(receiver=person) | Q(club__in=hosted)
    )


def referral_for(person: User, pk: int) -> Referral | None:
    """One referral with what its page shows, or None when the person may not
    see it (or it does not exist: the two look the same from outside)."""
    return (
        referrals_visible_to(person)
        .select_related("club", "giver", "receiver", "occurrence__series", "thank_you")
        .filter(pk=pk)
        .first()
    )


def referral_steps(referral: Referral) -> QuerySet:
    return referral.steps.select_related("by")


def may_move(*, person: User, referral: Referral) -> bool:
    """The receiver follows a referral up; a partner business has no account
    here, so the giver records how a referral to a partner is going. Hosts may
    step in for either."""
    follower = referral.giver_id if referral.partner_name else referral.receiver_id
    return person.pk == follower or club_is_host(person=person, club=referral.club)


def may_thank(*, person: User, referral: Referral) -> bool:
    return (
        referral.receiver_id == person.pk
        and referral.giver_id is not None  # a former member is thanked by nobody
        and referral.status == STATUS.WON
        and not hasattr(referral, "thank_you")
    )


def referral_clubs_for(person: User) -> QuerySet[Club]:
    """The clubs a member can log referrals in: where they are active."""
    return Club.objects.filter(
        memberships__person=person, memberships__status=Membership.Status.ACTIVE
    ).order_by("name")


def referral_receivers(*, club: Club, giver: User) -> QuerySet[User]:
    return active_members(club).exclude(pk=giver.pk)


def last_referral_club(person: User) -> Club | None:
    """The club of the member's latest referral, where they most likely are."""
    latest = (
        Referral.objects.filter(giver=person, club__in=referral_clubs_for(person))
        .select_related("club")
        .first()
    )
    return latest.club if latest else None


def referral_meetings(club: Club) -> QuerySet[Occurrence]:
    """Meetings a referral may be tied to: a month back to a day ahead, as a
    slip is usually logged at the meeting or in the days after it."""
    now = timezone.now()
    return (
        Occurrence.objects.filter(
            series__club=club,
            status=Occurrence.Status.SCHEDULED,
            start__gte=now - timedelta(days=31),
            start__lte=now + timedelta(days=1),
        )
        .select_related("series")
        .order_by("-start")
    )


def meeting_just_held(club: Club) -> Occurrence | None:
    """The meeting on now or earlier today (within 12 hours): a slip logged
    then was most likely passed there."""
    now = timezone.now()
    return (
        referral_meetings(club)
        .filter(
            start__gte=now - timedelta(hours=12), start__lte=now + timedelta(hours=1)
        )
        .first()
    )


def stale_referrals(club: Club) -> QuerySet[Referral]:
    """Referrals still *new* a week after they were given, oldest first: the
    hosts' list of follow-ups to chase."""
    return (
        _stale()
        .filter(club=club)
        .select_related("giver", "receiver")
        .order_by("created_at", "pk")
    )


def stale_referral_lines(club: Club) -> QuerySet[Referral]:
    """`stale_referrals` with only what the referral report's lines name: the
    prospect, the giver and receiver (or partner) and since when. A referral
    and its two people are wide rows (contact details, the need, profiles),
    and the report reads none of the rest."""
    names = ("first_name", "last_name", "email")
    return stale_referrals(club).only(
        "created_at",
        "prospect_name",
        "partner_name",
        *(f"{person}__{name}" for person in ("giver", "receiver") for name in names),
    )


def _stale() -> QuerySet[Referral]:
    return Referral.objects.filter(
        status=STATUS.NEW, created_at__lte=timezone.now() - STALE_AFTER
    )


def stale_referrals_hosted_by(person: User) -> QuerySet[Referral]:
    """The stale referrals (see `stale_referrals`) of every club the person
    runs, oldest first: one query however many clubs."""
    return (
        _stale()
        .filter(club__in=hosted_clubs(person))
        .select_related("club", "giver", "receiver")
        .order_by("created_at", "pk")
    )


def referrals_awaiting(person: User) -> QuerySet[Referral]:
    """Referrals passed to the person that they have not acted on yet (still
    *new*), oldest first: the ones to call today."""
    return (
        Referral.objects.filter(receiver=person, status=STATUS.NEW)
        .select_related("club", "giver")
        .order_by("created_at", "pk")
    )


def thank_yous_to_read_out(club: Club) -> QuerySet[ThankYou]:
    """Thank-yous not yet on an agenda, newest first, for the hosts' page."""
    return (
        ThankYou.objects.filter(referral__club=club, on_agenda_of__isnull=True)
        .select_related("referral__giver", "referral__receiver")
        .order_by("-created_at", "-pk")
    )


def next_meetings(club: Club) -> QuerySet[Occurrence]:
    """Meetings a host can put a thank-you on: the club's own, in the coming
    two months."""
    now = timezone.now()
    return (
        Occurrence.objects.filter(
            series__club=club,
            series__purpose=Series.Purpose.MEETING,
            status=Occurrence.Status.SCHEDULED,
            end__gte=now,
            start__lte=now + timedelta(days=62),
        )
        .select_related("series")
        .order_by("start")
    )


@dataclass(frozen=True)
class ValueClosed:
    currency: str
    received: Decimal
    given: Decimal


@dataclass(frozen=True)
class ReferralRecord:
    open_follow_ups: Pager
    received: Pager
    given: Pager
    counts: dict
    values: list[ValueClosed]
    visitors_brought: int = 0


def person_referral_record(person: User, *, query: QueryDict) -> ReferralRecord:
    """A member's page: the same few queries however many referrals they
    have; each list is shown a page at a time (its page number in `query`)."""
    related = ("club", "giver", "receiver", "thank_you")
    mine = Referral.objects.select_related(*related)
    follow = Q(receiver=person) | Q(receiver__isnull=True, giver=person)
    waiting = mine.filter(follow, status__in=Referral.OPEN).order_by("created_at", "pk")
    newest = ("-created_at", "-pk")
    return ReferralRecord(
        open_follow_ups=paged(
            waiting, query=query, param="waiting", anchor="follow-ups"
        ),
        received=paged(
            mine.filter(receiver=person).order_by(*newest),
            query=query,
            param="received",
            anchor="received",
        ),
        given=paged(
            mine.filter(giver=person).order_by(*newest),
            query=query,
            param="given",
            anchor="given",
        ),
        counts=_record_counts(person),
        values=_values_closed(person),
        visitors_brought=Attribution.objects.filter(
            referrer=person, registered_at__isnull=False
        ).count(),
    )


@dataclass(frozen=True)
class ReferralNumbers:
    counts: dict
    values: list[ValueClosed]


def person_referral_numbers(person: User) -> ReferralNumbers:
    """A member's totals alone (no lists): two queries."""
    return ReferralNumbers(counts=_record_counts(person), values=_values_closed(person))


def _record_counts(person: User) -> dict:
    won = Q(status=STATUS.WON)
    return Referral.objects.filter(Q(giver=person) | Q(receiver=person)).aggregate(
        given=Count("pk", filter=Q(giver=person)),
        given_won=Count("pk", filter=Q(giver=person) & won),
        received=Count("pk", filter=Q(receiver=person)),
        received_won=Count("pk", filter=Q(receiver=person) & won),
    )


def _values_closed(person: User) -> list[ValueClosed]:
    """Business closed, per currency (amounts in different currencies are
    never added up): from referrals received, and from referrals given."""
    rows = (
        Referral.objects.filter(Q(giver=person) | Q(receiver=person), status=STATUS.WON)
        .values("currency")
        .annotate(
            received=Sum("value", filter=Q(receiver=person), default=Decimal(0)),
            given=Sum("value", filter=Q(giver=person), default=Decimal(0)),
        )
        .order_by("currency")
    )
    return [ValueClosed(**row) for row in rows]


CSV_HEADER = [
    "Prospect name",
    "Company",
    "Email",
    "Phone",
    "Need",
    "Temperature",
    "Status",
    "Value",
    "Currency",
    "Given on",
    "First contacted on",
    "Closed on",
    "Status changed on",
    "Club",
    "Giver",
    "Receiver",
    "Partner contact",
    "Thanked",
]


def person_referrals_csv_rows(person: User) -> list[list]:
    """The member's own referrals, given and received, for a CRM import: one
    header row, then one row per referral, newest first. Dates are ISO 8601
    calendar dates in the member's time zone, which every CRM importer reads.
    Cells are as typed: write them with `clubs.spreadsheets.csv_writer`."""
    referrals = Referral.objects.filter(
        Q(giver=person) | Q(receiver=person)
    ).select_related("club", "giver", "receiver", "thank_you")
    return [CSV_HEADER] + [_csv_row(referral) for referral in referrals]


def _csv_row(referral: Referral) -> list:
    # Members' own email addresses stay out: the giver of a referral need not
    # have them. A partner's contact is what the giver typed in.
    return [
        referral.prospect_name,
        referral.prospect_company,
        referral.prospect_email,
        referral.prospect_phone,
        referral.need,
        referral.temperature,
        referral.status,
        "" if referral.value is None else f"{referral.value:.2f}",
        referral.currency,
        _date(referral.created_at),
        _date(referral.first_contacted_at),
        _date(referral.closed_at),
        _date(referral.status_changed_at),
        referral.club.name,
        referral.giver_label,
        referral.receiver_label,
        referral.partner_contact,
        "yes" if hasattr(referral, "thank_you") else "no",
    ]


def _date(moment) -> str:
    return "" if moment is None else timezone.localdate(moment).isoformat()
