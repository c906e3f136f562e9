"""Benchmarks: each page's throughput as a ratio of a bare Django view's.

    make bench            (or: .venv/bin/python bench/run.py [--seconds 2])

Everything runs in this one process against a throwaway SQLite database seeded
with the demo, through the full middleware stack (django.test.Client), so the
ratios compare like with like on whatever machine runs them. Results print as a
table and are written to bench/results/latest.json.
"""

import argparse
import io
import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("LOG_LEVEL", "WARNING")
warnings.filterwarnings("ignore", "No directory at")  # no collectstatic here

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

PAGES = {
    "bare Django view (baseline)": "/bench/baseline/",
    "health check": "/healthz",
    "home page": "/",
    "sign-in page": "/accounts/login/",
}


def throughput(client: Client, url: str, seconds: float) -> float:
    for _ in range(20):  # warm caches and templates
        assert client.get(url).status_code == 200, url
    done, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        client.get(url)
        done += 1
    return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    client = Client()
    rates = {name: throughput(client, url, args.seconds) for name, url in PAGES.items()}
    baseline = rates["bare Django view (baseline)"]

    print(f"{'page':<30} {'req/s':>9} {'ratio':>7}")
    for name, rate in rates.items():
        print(f"{name:<30} {rate:>9.0f} {rate / baseline:>7.2f}")
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.json").write_text(
        json.dumps({n: {"rps": r, "ratio": r / baseline} for n, r in rates.items()})
    )


if __name__ == "__main__":
    main()
