"""Benchmarks: page timings as ratios to a bare Django view measured in the
same run, so a slow or busy machine does not mislead.

    make bench      (or: .venv/bin/python -m bench.run [--seconds 2])

Runs against a throwaway SQLite database seeded with the demo. The calendar
feeds (bench/feeds.py) and the registration rush (bench/race.py) have their own
scripts; `make bench` runs all three.
"""

import argparse
import io
import json

from django.core.management import call_command
from django.test import Client

from bench.harness import BASELINE, ROOT, per_request_ms, print_table, queries
from clubs.models import Occurrence

PAGES = {
    "bare Django view (baseline)": BASELINE,
    "health check": "/healthz",
    "home page": "/",
    "sign-in page": "/accounts/login/",
    "club directory": "/clubs/",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    occurrence = Occurrence.objects.filter(series__club__slug="northside-breakfast")
    occurrence = occurrence.filter(confirmed_count__gt=0).order_by("-start").first()
    club_url = "/clubs/northside-breakfast/"
    pages = {
        **PAGES,
        "club page": club_url,
        "meeting page": f"{club_url}meetings/{occurrence.pk}/",
    }
    client = Client()
    timings = {
        name: per_request_ms(client, url, args.seconds) for name, url in pages.items()
    }
    print_table(timings, timings["bare Django view (baseline)"])
    print("queries:", {name: queries(client, url) for name, url in pages.items()})
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    baseline = timings["bare Django view (baseline)"]
    (results / "pages.json").write_text(
        json.dumps({n: {"ms": ms, "ratio": ms / baseline} for n, ms in timings.items()})
    )


if __name__ == "__main__":
    main()
