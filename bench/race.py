"""Benchmark: a rush of registrations for one small meeting.

    .venv/bin/python -m bench.race                  (SQLite)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python -m bench.race              (PostgreSQL)

200 people and 20 duplicates register at once, from 16 threads, for a meeting
with 50 seats, through the full request path. Exactly 50 must be confirmed,
150 waitlisted, the 20 duplicates given no second place (they get the same
answer as anybody: no enumeration), and nothing may answer with a server
error. tests/clubs/test_registration_race.py asserts the same. The abuse
limits are off here: every request comes from one address.
"""

import random
import time
from concurrent.futures import ThreadPoolExecutor

from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from bench.harness import BASELINE, per_request_ms
from clubs.models import Registration
from tests.builders import make_occurrence

CAPACITY, PEOPLE, DUPLICATES, THREADS = 50, 200, 20, 16


def rush(url: str) -> tuple[list[int], float]:
    people = [(f"Guest {n}", f"guest{n}@example.com") for n in range(PEOPLE)]
    attempts = people + random.Random(7).sample(people, DUPLICATES)
    random.Random(11).shuffle(attempts)

    def register(person):
        name, email = person
        try:
            return Client().post(url, {"name": name, "email": email}).status_code
        finally:
            connection.close()

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        codes = list(pool.map(register, attempts))
    return codes, time.perf_counter() - start


def main() -> None:
    call_command("migrate", verbosity=0)
    occurrence = make_occurrence(capacity=CAPACITY)
    url = reverse(
        "occurrence_register",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )
    baseline = per_request_ms(Client(), BASELINE, 1.0)
    codes, seconds = rush(url)
    statuses = occurrence.registrations.values_list("status", flat=True)
    confirmed = sum(s == Registration.Status.CONFIRMED for s in statuses)
    waitlisted = sum(s == Registration.Status.WAITLISTED for s in statuses)
    per_registration = seconds / len(codes) * 1000
    print(f"database: {connection.vendor}, {THREADS} threads, {len(codes)} attempts")
    print(f"confirmed {confirmed} (of {CAPACITY} seats), waitlisted {waitlisted}")
    emails = occurrence.registrations.values("email").distinct().count()
    print(f"duplicates given no second place: {len(codes) - emails} of {DUPLICATES}")
    print(f"server errors (5xx): {sum(code >= 500 for code in codes)}")
    print(
        f"{per_registration:.1f} ms per registration under contention, "
        f"{per_registration / baseline:.0f}x a bare view ({baseline:.2f} ms)"
    )
    exact = (confirmed, waitlisted, emails, set(codes)) == (
        CAPACITY,
        PEOPLE - CAPACITY,
        PEOPLE,
        {302},
    )
    print("exact: no overbooking, no duplicates" if exact else "WRONG COUNTS")


if __name__ == "__main__":
    # Emails are not what is measured here.
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
        RATELIMIT_ENABLE=False,
    ):
        main()
