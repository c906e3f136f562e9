"""Seeding for bench/referrals.py: 10,000 members in 100 clubs, a year of
monthly meetings with members' places, attendance, invited guests and visitors
credited to share links, and 200,000 referrals, written with bulk_create in
the order the site would write them (by date, every club's rows mixed), so a
club's rows are spread over the tables as in production.

Import bench.harness first: it sets Django up."""

import random
import time
from contextlib import contextmanager
from datetime import date, timedelta
from datetime import time as clock
from decimal import Decimal

import recurrence
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from clubs.models import (
    Attendance,
    Attribution,
    Club,
    Membership,
    Occurrence,
    Referral,
    Registration,
    Series,
    User,
)

CLUBS, MEMBERS_PER_CLUB, REFERRALS_PER_CLUB, MONTHS = 100, 100, 2_000, 12
GUESTS, VISITORS = 3, 2  # a meeting: guests the members invite, and via links
BATCH = 5_000
STATUS = Referral.Status


def is_seeded() -> bool:
    return (
        Referral.objects.count() == CLUBS * REFERRALS_PER_CLUB
        and Attribution.objects.count() == CLUBS * MONTHS * VISITORS
    )


# --- Seeding ------------------------------------------------------------------


def seed() -> None:
    started = time.perf_counter()
    with transaction.atomic():
        clubs = Club.objects.bulk_create(
            Club(name=f"Bench club {n}", slug=f"bench-{n}", time_zone=_zone(n))
            for n in range(CLUBS)
        )
        people = _people()
        _memberships(clubs, people)
        meetings = _meetings(clubs)
        _places_and_attendance(clubs, meetings, people)
        _referrals(clubs, people)
    if connection.vendor == "postgresql":
        # Production has statistics and, thanks to autovacuum, visibility
        # maps (index-only scans need them); so should the benchmark.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.1f} s")


def _zone(n: int) -> str:
    return ["America/Chicago", "Europe/London", "Europe/Berlin"][n % 3]


def _currency(club: Club, rng: random.Random) -> str:
    """Most clubs deal in one currency; every tenth club in two."""
    if club.pk % 10 == 0:
        return rng.choice(["USD", "EUR"])
    return {"America/Chicago": "USD", "Europe/London": "GBP"}.get(club.time_zone, "EUR")


def _people() -> list[User]:
    password = make_password("bench")  # hashing 10,000 times would take minutes
    return User.objects.bulk_create(
        (
            User(
                email=f"member{n}@example.com",
                first_name=f"Member{n}",
                last_name=f"Surname{n % 97}",
                password=password,
            )
            for n in range(CLUBS * MEMBERS_PER_CLUB)
        ),
        batch_size=BATCH,
    )


def members_of(index: int, people: list[User]) -> list[User]:
    return people[index * MEMBERS_PER_CLUB : (index + 1) * MEMBERS_PER_CLUB]


def _memberships(clubs, people) -> None:
    """The first member of each club organizes it."""
    Membership.objects.bulk_create(
        (
            Membership(
                club=club,
                person=person,
                role="organizer" if n == 0 else "member",
                status="active",
                joined_at=timezone.now() - timedelta(days=400),
            )
            for i, club in enumerate(clubs)
            for n, person in enumerate(members_of(i, people))
        ),
        batch_size=BATCH,
    )


def _meetings(clubs) -> list[Occurrence]:
    """A monthly meeting for a year, in date order across the clubs."""
    now = timezone.now()
    series = Series.objects.bulk_create(
        Series(
            club=club,
            title="Breakfast",
            recurrence=recurrence.Recurrence(),
            first_date=date.today() - timedelta(days=370),
            start_time=clock(7, 30),
            time_zone=club.time_zone,
        )
        for club in clubs
    )
    starts = [now - timedelta(days=30 * m + 3) for m in reversed(range(MONTHS))]
    return Occurrence.objects.bulk_create(
        Occurrence(series=s, original_start=start, start=start, end=start + _HOUR)
        for start in starts
        for s in series
    )


def _places_and_attendance(clubs, meetings, people) -> None:
    """Every member registers and is marked (80 % present, 5 % late, the rest
    absent); members bring GUESTS guests a meeting, two of three come; and
    share links bring VISITORS visitors a meeting, credited to the member."""
    rng, index = random.Random(3), {club.pk: i for i, club in enumerate(clubs)}
    places, marks, credits = [], [], []
    for meeting in meetings:
        members = members_of(index[meeting.series.club_id], people)
        for person in members:
            place = _place(meeting, person.email, person=person)
            status = rng.choices(["present", "late", "absent"], [80, 5, 15])[0]
            places.append(place)
            marks.append(_mark(meeting, place, status, person=person))
        for n in range(GUESTS):
            email = f"guest{meeting.pk}-{n}@example.net"
            place = _place(meeting, email, invited_by=rng.choice(members))
            places.append(place)
            marks.append(_mark(meeting, place, "absent" if n % 3 == 2 else "present"))
        for n in range(VISITORS):
            place = _place(meeting, f"visitor{meeting.pk}-{n}@example.net")
            places.append(place)
            credits.append(_credit(place, rng.choice(members)))
    with _timestamps_as_given(Registration, "created_at"):
        Registration.objects.bulk_create(places, batch_size=BATCH)
    Attendance.objects.bulk_create(marks, batch_size=BATCH)
    with _timestamps_as_given(Attribution, "created_at"):
        Attribution.objects.bulk_create(credits, batch_size=BATCH)


def _place(meeting, email: str, **fields) -> Registration:
    return Registration(
        occurrence=meeting,
        name=email.split("@")[0],
        email=email,
        status="confirmed",
        created_at=meeting.start - timedelta(days=6),
        **fields,
    )


def _mark(meeting, place, status: str, person=None) -> Attendance:
    return Attendance(
        occurrence=meeting,
        registration=place,
        person=person,
        name=place.name,
        email=place.email,
        status=status,
    )


def _credit(place: Registration, member: User) -> Attribution:
    return Attribution(
        referrer=member,
        email_key=place.email,
        name=place.name,
        email=place.email,
        touched_at=place.created_at - timedelta(hours=1),
        created_at=place.created_at,
        registration=place,
        registered_at=place.created_at,
    )


_HOUR = timedelta(hours=1)


def _referrals(clubs, people) -> None:
    rng, now = random.Random(7), timezone.now()
    rows = [
        _referral(rng, now, club, members_of(i, people))
        for i, club in enumerate(clubs)
        for _ in range(REFERRALS_PER_CLUB)
    ]
    rows.sort(key=lambda referral: referral.created_at)
    with _timestamps_as_given(Referral, "created_at", "status_changed_at"):
        Referral.objects.bulk_create(rows, batch_size=BATCH)


def _referral(rng, now, club, members) -> Referral:
    giver, receiver = rng.sample(members, 2)
    created = now - timedelta(minutes=rng.randint(60, 365 * 24 * 60))
    status = rng.choices(list(STATUS.values), [10, 10, 10, 35, 25, 10])[0]
    contacted = created + timedelta(hours=rng.randint(1, 96))
    closed = contacted + timedelta(days=rng.randint(1, 60))
    return Referral(
        club=club,
        giver=giver,
        receiver=receiver,
        prospect_name="Pat Prospect",
        prospect_email="pat@example.net",
        need="An introduction",
        consent=True,
        status=status,
        value=Decimal(rng.randint(5, 2000) * 10) if status == STATUS.WON else None,
        currency=_currency(club, rng) if status == STATUS.WON else "",
        created_at=created,
        status_changed_at=created,
        first_contacted_at=None if status == STATUS.NEW else min(contacted, now),
        closed_at=min(closed, now) if status in Referral.CLOSED else None,
    )


@contextmanager
def _timestamps_as_given(model, *names):
    """auto_now_add would stamp every row "now"; updating 200,000 rows after
    the insert takes far longer than switching it off for the insert."""
    fields = [model._meta.get_field(name) for name in names]
    for one in fields:
        one.auto_now_add = False
    try:
        yield
    finally:
        for one in fields:
            one.auto_now_add = True
