"""Demo clubs, meetings and a year of history for `manage.py seed_demo`.

Safe to run repeatedly: everything is looked up by a natural key first, and
history is only written for meetings that have none yet."""

import random
from datetime import time, timedelta

import recurrence
from django.db.models import Count
from django.utils import timezone

from clubs.demo.covers import cover
from clubs.demo.translations import CLUBS, translate
from clubs.models import (
    Agenda,
    AgendaItemKind,
    AgendaTemplate,
    Attendance,
    Club,
    Membership,
    Occurrence,
    Registration,
    Series,
    User,
)
from clubs.services.meetings import occurrence_cancel, occurrence_move, series_create
from clubs.services.registrations import registration_create

FIRST_TUESDAY = recurrence.Rule(recurrence.MONTHLY, byday=[recurrence.Weekday(1, 1)])
SECOND_THURSDAY = recurrence.Rule(recurrence.MONTHLY, byday=[recurrence.Weekday(3, 2)])

BREAKFAST_ORDER = [
    (AgendaItemKind.WELCOME, "Welcome and coffee", 10, ""),
    (AgendaItemKind.INTRODUCTIONS, "Sixty-second introductions", 25, ""),
    (AgendaItemKind.EDUCATION, "Education moment", 10, ""),
    (AgendaItemKind.REFERRAL_EXCHANGE, "Referral exchange and thank-yous", 20, ""),
    (AgendaItemKind.NETWORKING, "Open networking", 25, ""),
]


def seed(people: dict[str, User]) -> None:
    rosa, marcus, priya, tomas, grace, lena = (
        people[email]
        for email in [
            "rosa.delgado@example.com",
            "marcus.bell@example.com",
            "priya.natarajan@example.com",
            "tomas.herrera@example.com",
            "grace.okafor@example.com",
            "lena.fischer@example.com",
        ]
    )
    breakfast = _club(
        slug="northside-breakfast",
        name="Northside Business Breakfast",
        description="Owners of local service businesses on the North Side meet "
        "over breakfast on the first Tuesday of every month.",
        time_zone="America/Chicago",
        venue_name="Lakeview Diner",
        venue_address="2412 N Clark St, Chicago, IL",
        absence_limit=3,
        cover_image=cover(
            title="Northside Business Breakfast cover",
            description="Warm circles of colour, like coffee cups on a diner table",
            palette=("#fbe8c8", "#f0b35e", "#c8553d"),
            seed=1,
        ),
    )
    experts = _club(
        slug="expert-club-europe",
        name="Expert Club Europe",
        description="A monthly online session with a guest expert, for members "
        "who sell to small businesses across Europe.",
        time_zone="Europe/London",
        online_url="https://meet.example.com/expert-club",
    )
    _members(breakfast, organizer=rosa, cohost=marcus, members=[priya, tomas, lena])
    _members(experts, organizer=grace, cohost=None, members=[lena, priya, rosa])
    monthly_breakfast = _series(
        breakfast, "Networking breakfast", FIRST_TUESDAY, time(7, 30), 90, capacity=30
    )
    webinar = _series(
        experts, "Guest expert webinar", SECOND_THURSDAY, time(18, 0), 60, capacity=None
    )
    _priced(monthly_breakfast, member=1500, guest=2500, currency="USD")
    # The webinar has a cover of its own; the club has none (the mastermind
    # shows the plain band): the three ways a meeting page can look.
    _cover(
        webinar,
        cover(
            title="Guest expert webinar cover",
            description="Soft blue and green circles, like faces on a video call",
            palette=("#dbe9f6", "#7aa6d6", "#0b6e4f"),
            seed=2,
        ),
    )
    for series in (monthly_breakfast, webinar):
        _history(series)
    _upcoming(monthly_breakfast, webinar)
    translate(CLUBS)


def _club(*, slug: str, **fields) -> Club:
    club, _ = Club.objects.update_or_create(slug=slug, defaults=fields)
    return club


def _members(club, *, organizer, cohost, members) -> None:
    roles = [(organizer, Membership.Role.ORGANIZER)]
    roles += [(cohost, Membership.Role.COHOST)] if cohost else []
    roles += [(person, Membership.Role.MEMBER) for person in members]
    joined = timezone.now() - timedelta(days=400)
    for person, role in roles:
        Membership.objects.update_or_create(
            club=club,
            person=person,
            defaults={"role": role, "status": "active", "joined_at": joined},
        )


def _series(club, title, rule, start_time, minutes, *, capacity) -> Series:
    existing = Series.objects.filter(club=club, title=title).first()
    if existing:
        return existing
    return series_create(
        club=club,
        title=title,
        recurrence=recurrence.Recurrence(rrules=[rule]),
        first_date=timezone.localdate() - timedelta(days=365),
        start_time=start_time,
        duration=timedelta(minutes=minutes),
        capacity=capacity,
    )


def _priced(series: Series, *, member: int, guest: int, currency: str) -> None:
    """The breakfast is paid (cents): members USD 15.00, guests USD 25.00.
    Prices stay off calendars, so no SEQUENCE is raised, on any run."""
    prices = {"member_price": member, "guest_price": guest, "currency": currency}
    Series.objects.filter(pk=series.pk).update(**prices)
    for field, value in prices.items():
        setattr(series, field, value)


def _cover(series: Series, image) -> None:
    """A picture changes no calendar entry: no SEQUENCE is raised."""
    Series.objects.filter(pk=series.pk).update(cover_image=image)
    series.cover_image = image


def _history(series: Series) -> None:
    """Registrations and attendance for the past year's meetings."""
    rng = random.Random(series.pk)
    members = list(
        User.objects.filter(
            memberships__club=series.club, memberships__status="active"
        ).order_by("pk")
    )
    past = series.occurrences.filter(end__lt=timezone.now()).annotate(
        registered=Count("registrations")
    )
    for occurrence in past.filter(registered=0):
        for person in members:
            status = rng.choices(
                ["present", "late", "absent", "excused"], [14, 2, 2, 1]
            )
            past_attendance(occurrence, person, status[0])
        Occurrence.objects.filter(pk=occurrence.pk).update(confirmed_count=len(members))


def past_attendance(occurrence: Occurrence, person: User, status: str) -> None:
    """A member's place at a past meeting, registered five days before, and
    the mark the host gave them: history written directly, as it happened."""
    registration = Registration.objects.create(
        occurrence=occurrence,
        person=person,
        name=person.get_full_name(),
        email=person.email,
        status=Registration.Status.CONFIRMED,
        confirmed_at=occurrence.start - timedelta(days=5),
    )
    Attendance.objects.create(
        occurrence=occurrence,
        registration=registration,
        person=person,
        name=registration.name,
        email=person.email,
        status=status,
    )


def _upcoming(breakfast: Series, webinar: Series) -> None:
    """The next breakfast has an agenda; the one after is moved by a week;
    the second webinar from now is cancelled."""
    next_breakfasts = list(
        breakfast.occurrences.filter(start__gt=timezone.now()).order_by("start")[:2]
    )
    _agenda(next_breakfasts[0])
    _registrations(next_breakfasts[0], guests=[("Dana Whitlock", "dana@example.net")])
    moved = next_breakfasts[1]
    if not moved.is_moved:
        occurrence_move(occurrence=moved, start=moved.start + timedelta(days=7))
    cancelled = webinar.occurrences.filter(start__gt=timezone.now()).order_by("start")[
        1
    ]
    if not cancelled.is_cancelled:
        occurrence_cancel(
            occurrence=cancelled, reason="Our guest expert is ill; we will rebook her."
        )


def _registrations(occurrence: Occurrence, *, guests) -> None:
    """Most members and a guest have a place; the demo member has not, so
    they can register themselves."""
    club = occurrence.series.club
    members = User.objects.filter(
        memberships__club=club,
        memberships__status="active",
        memberships__role=Membership.Role.MEMBER,
    ).exclude(email="marcus.bell@example.com")
    people = [{"person": person} for person in members]
    host = club.memberships.get(role=Membership.Role.ORGANIZER).person
    people += [{"name": n, "email": e, "invited_by": host} for n, e in guests]
    for fields in people:
        email = fields["person"].email if "person" in fields else fields["email"]
        if not occurrence.registrations.filter(email=email).exists():
            registration_create(occurrence=occurrence, pay_at_door=True, **fields)


def _agenda(occurrence: Occurrence) -> None:
    template, _ = AgendaTemplate.objects.get_or_create(
        name="Breakfast running order", club=occurrence.series.club
    )
    if not template.items.exists():
        # A cluster's children are saved with the parent, not by create().
        for kind, title, minutes, _owner in BREAKFAST_ORDER:
            template.items.add(
                template.items.model(kind=kind, title=title, minutes=minutes)
            )
        template.save()
    # Offered for the breakfasts; a training at the same club has its own.
    template.series.add(occurrence.series)
    if Agenda.objects.filter(occurrence=occurrence).exists():
        return
    agenda = Agenda(occurrence=occurrence, intro="Bring twenty business cards.")
    for kind, title, minutes, owner in BREAKFAST_ORDER:
        agenda.items.add(
            agenda.items.model(kind=kind, title=title, minutes=minutes, owner=owner)
        )
    agenda.save()
    agenda.save_revision().publish()
