"""What every benchmark shares: Django on a throwaway database, and timing
requests through the full middleware stack (django.test.Client).

Import this module first: it sets Django up. The database is a fresh SQLite
file unless BENCH_DATABASE_URL names another (e.g. PostgreSQL)."""

import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
)
os.environ.setdefault("LOG_LEVEL", "WARNING")
warnings.filterwarnings("ignore", "No directory at")  # no collectstatic here

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

BASELINE = "/bench/baseline/"  # a bare Django view: see bench/urls.py


def per_request_ms(
    client: Client, url: str, seconds: float, *, cold=False, **headers
) -> float:
    """Mean time of one request over `seconds`; `cold` empties the cache before
    each one (clearing the local-memory cache costs microseconds)."""
    for _ in range(5):  # warm caches and templates
        assert client.get(url, **headers).status_code in (200, 304), url
    done, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        if cold:
            cache.clear()
        client.get(url, **headers)
        done += 1
    return elapsed / done * 1000


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def print_table(timings: dict[str, float], baseline: float) -> None:
    print(f"{'request':<40} {'ms/req':>8} {'x baseline':>11}")
    for name, ms in timings.items():
        print(f"{name:<40} {ms:>8.2f} {ms / baseline:>11.1f}")
