"""A rush of registrations for a small meeting, from many threads at once.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set (CI runs
both): exactly `capacity` people are confirmed, nobody holds two places, and
nobody sees a server error or "database is locked".
"""

import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from clubs.models import Registration
from tests.builders import make_occurrence

CAPACITY, PEOPLE, DUPLICATES = 50, 200, 20


@pytest.mark.django_db(transaction=True)
def test_a_rush_of_registrations_never_overbooks(no_rate_limits):
    """All from one address (the test client's), far past the abuse limits,
    which are off here: this is about seats. A duplicate gets the same answer
    as anybody (no enumeration) and no second place."""
    occurrence = make_occurrence(capacity=CAPACITY)
    url = reverse(
        "occurrence_register",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )
    people = [(f"Guest {n}", f"guest{n}@example.com") for n in range(PEOPLE)]
    attempts = people + random.Random(7).sample(people, DUPLICATES)
    random.Random(11).shuffle(attempts)

    def register(person):
        name, email = person
        try:
            return Client().post(url, {"name": name, "email": email}).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        codes = list(pool.map(register, attempts))

    assert set(codes) == {302}
    active = occurrence.registrations.exclude(status=Registration.Status.CANCELLED)
    assert active.filter(status=Registration.Status.CONFIRMED).count() == CAPACITY
    assert active.filter(status=Registration.Status.WAITLISTED).count() == (
        PEOPLE - CAPACITY
    )
    assert active.values("email").distinct().count() == PEOPLE
    occurrence.refresh_from_db()
    assert occurrence.confirmed_count == CAPACITY
