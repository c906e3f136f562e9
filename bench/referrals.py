"""Benchmark: the hosts' referral report and the champions leaderboard at scale.

    .venv/bin/python -m bench.referrals [--seconds 2] [--reseed]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_referrals \\
        .venv/bin/python -m bench.referrals

10,000 members in 100 clubs (100 each), a year of monthly meetings with
attendance (120,000 marks) and 200,000 referrals (2,000 a club) in mixed
statuses and currencies. A host's report, CSV and graph are timed through the
full request path (django.test.Client, logged in as that host) against a bare
Django view in the same run. Target: the leaderboard and the report under
100 ms each, with query counts that do not grow with the data.

The data is written once with bulk_create and kept: a second run on the same
database reuses it (`--reseed` starts again).
"""

import argparse
import json
import random
import time
from contextlib import contextmanager
from datetime import date, timedelta
from datetime import time as clock
from decimal import Decimal

import recurrence
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.harness import BASELINE, ROOT, per_request_ms, print_table, queries
from clubs import referral_reports as reports
from clubs.models import (
    Attendance,
    Club,
    Membership,
    Occurrence,
    Referral,
    Series,
    User,
)

CLUBS, MEMBERS_PER_CLUB, REFERRALS_PER_CLUB, MONTHS = 100, 100, 2_000, 12
BATCH = 5_000
TARGET_MS = 100.0
STATUS = Referral.Status


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
        _attendance(clubs, people)
        _referrals(clubs, people)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # production has statistics; so should we
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


def _attendance(clubs, people) -> None:
    """A monthly meeting for a year; 80 % present, 5 % late, the rest absent."""
    rng, now = random.Random(3), timezone.now()
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
    meetings = Occurrence.objects.bulk_create(
        Occurrence(series=s, original_start=start, start=start, end=start + _HOUR)
        for s in series
        for start in (now - timedelta(days=30 * m + 3) for m in range(MONTHS))
    )
    marks = (
        Attendance(
            occurrence=meeting,
            person=person,
            name=person.first_name,
            status=rng.choices(["present", "late", "absent"], [80, 5, 15])[0],
        )
        for meeting in meetings
        for person in members_of(clubs.index(meeting.series.club), people)
    )
    Attendance.objects.bulk_create(marks, batch_size=BATCH)


_HOUR = timedelta(hours=1)


def _referrals(clubs, people) -> None:
    rng, now = random.Random(7), timezone.now()
    rows = (
        _referral(rng, now, club, members_of(i, people))
        for i, club in enumerate(clubs)
        for _ in range(REFERRALS_PER_CLUB)
    )
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


# --- Measuring ----------------------------------------------------------------


def measure(seconds: float) -> None:
    # A club that deals in two currencies, as every tenth one does.
    club = next(c for c in Club.objects.order_by("pk") if c.pk % 10 == 0)
    currency = reports.club_currencies(club)[-1]
    host = club.memberships.get(role="organizer").person
    client = Client()
    client.force_login(host)
    year = "?period=last_12_months"
    report = reverse("club_referrals_report", kwargs={"slug": club.slug})
    pages = {
        "bare Django view (baseline)": BASELINE,
        "report, this quarter": report,
        "report, 12 months, by given": report + year,
        "report, 12 months, by won": report + year + "&rank=won",
        f"report, 12 months, by value ({currency})": report
        + year
        + f"&rank=value:{currency}",
        "graph.svg, 12 months": _url("club_referrals_graph", club) + year,
        "referrals.csv, 12 months": _url("club_referrals_csv", club) + year,
    }
    timings = {name: per_request_ms(client, u, seconds) for name, u in pages.items()}
    timings["leaderboard read alone, 12 months"] = _leaderboard_ms(club, seconds)
    timings["club totals read alone"] = _call_ms(
        lambda: reports.club_referral_totals(club), seconds
    )
    _print(timings, {name: queries(client, u) for name, u in pages.items()})
    _slowest_queries(client, report + year)


def _url(name: str, club: Club) -> str:
    return reverse(name, kwargs={"slug": club.slug})


def _leaderboard_ms(club: Club, seconds: float) -> float:
    start, end = reports.preset_dates("last_12_months", reports.club_today(club))
    period = reports.period_for(club, start=start, end=end)
    currencies = reports.club_currencies(club)
    return _call_ms(
        lambda: reports.champions_leaderboard(
            club=club, period=period, rank_by="given", currencies=currencies
        ),
        seconds,
    )


def _call_ms(read, seconds: float) -> float:
    read()
    done, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        read()
        done += 1
    return elapsed / done * 1000


def _print(timings: dict[str, float], counts: dict[str, int]) -> None:
    baseline = timings["bare Django view (baseline)"]
    print(
        f"database: {connection.vendor}; {User.objects.count():,} people, "
        f"{Club.objects.count()} clubs, {Referral.objects.count():,} referrals, "
        f"{Attendance.objects.count():,} attendance marks"
    )
    print_table(timings, baseline)
    print("queries per request:", counts)
    checked = [n for n in timings if n.startswith(("report", "leaderboard"))]
    worst = max(checked, key=timings.get)
    verdict = "meet" if timings[worst] < TARGET_MS else "MISS"
    print(f"report and leaderboard {verdict} the {TARGET_MS:.0f} ms target ")
    print(f"(slowest: {worst}, {timings[worst]:.1f} ms)")
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "referrals.json").write_text(
        json.dumps({n: {"ms": ms, "ratio": ms / baseline} for n, ms in timings.items()})
    )


def _slowest_queries(client: Client, url: str) -> None:
    """Where the report's time goes: its three slowest queries."""
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    ranked = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    print("slowest queries of the 12-month report:")
    for query in ranked[:3]:
        print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:150]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if args.reseed:
        call_command("flush", interactive=False, verbosity=0)
    seeded = Referral.objects.count() == CLUBS * REFERRALS_PER_CLUB
    if not seeded:
        call_command("flush", interactive=False, verbosity=0)
        seed()
    measure(args.seconds)


if __name__ == "__main__":
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        main()
