"""Seed the benchmark's PostgreSQL database and say what to request.

    python -m bench.prepare OUT.json      (bench/production.py runs it)

Runs with the environment the servers get (DJANGO_ENV=production, the
benchmark's DATABASE_URL and REDIS_URL): the demo (`seed_demo`), a landing
page with 100 members who share it (bench/landing.py's), a member with 20
series in their feed (bench/feeds.py's), a meeting for the guests' rush, and
a signed-in session for the demo host's referral report.
"""

import io
import json
import os
import sys
from datetime import time as clock
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clubsite.settings")
os.environ["BENCH_DATABASE_URL"] = os.environ["DATABASE_URL"]  # bench.harness

import django  # noqa: E402

django.setup()

import recurrence  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import feeds, landing  # noqa: E402
from clubs.demo.people import DEMO_HOST  # noqa: E402
from clubs.models import Club, Occurrence, User  # noqa: E402
from clubs.services.calendars import calendar_token_rotate  # noqa: E402
from clubs.services.meetings import series_create  # noqa: E402

RUSH_CAPACITY = 500  # the rest of the rush is waitlisted


def main(out: str) -> None:
    call_command("migrate", verbosity=0)
    # The benchmark runs production settings on a database of its own.
    call_command("seed_demo", force=True, stdout=io.StringIO())
    page, sharers = landing.seed(100)
    member, _ = feeds.seed()
    club = Club.objects.get(slug="northside-breakfast")
    meeting = (
        Occurrence.objects.filter(series__club=club, start__gt=timezone.now())
        .order_by("start")
        .first()
    )
    rush = _rush_meeting()
    data = {
        "landing": page.url,
        "share_links": [f"/r/{m.referral_code}/{page.pk}/" for m in sharers],
        "club": reverse("club_detail", kwargs={"slug": club.slug}),
        "meeting": _meeting_url(meeting),
        "rush_meeting_pk": rush.pk,
        "rush_capacity": RUSH_CAPACITY,
        "rush_page": _meeting_url(rush),
        "rush_register": reverse(
            "occurrence_register", kwargs={"slug": rush.series.club.slug, "pk": rush.pk}
        ),
        "feed": f"/calendar/{calendar_token_rotate(person=member)}.ics",
        "report": reverse("club_referrals_report", kwargs={"slug": club.slug}),
        "host_session": _session_of(User.objects.get(email=DEMO_HOST.email)),
    }
    with open(out, "w") as file:
        json.dump(data, file)


def _meeting_url(occurrence: Occurrence) -> str:
    slug = occurrence.series.club.slug
    return reverse("occurrence_detail", kwargs={"slug": slug, "pk": occurrence.pk})


def _rush_meeting() -> Occurrence:
    club = Club.objects.create(
        name="Bench guests' rush", slug="bench-rush", time_zone="America/Chicago"
    )
    series = series_create(
        club=club,
        title="Open breakfast",
        recurrence=recurrence.Recurrence(rrules=[recurrence.Rule(recurrence.WEEKLY)]),
        first_date=timezone.localdate() + timedelta(days=2),
        start_time=clock(7, 30),
        duration=timedelta(minutes=90),
        capacity=RUSH_CAPACITY,
    )
    return series.occurrences.order_by("start").first()


def _session_of(user: User) -> str:
    """A session in the site's own store (Redis), as signing in makes one."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


if __name__ == "__main__":
    main(sys.argv[1])
