"""The demo host's referral report in-process, with production settings.

    .venv/bin/python -m bench.report [--seed] [--requests 40] [--profile]
                                     [--queries]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_report \\
    BENCH_REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python -m bench.report

What `make bench` times through gunicorn (bench/production.py `timed()`),
without gunicorn: the same environment (DJANGO_ENV=production, PostgreSQL,
Redis), the demo seeded as bench/prepare.py seeds it, the host signed in (the
session in Redis) and the `cache:*` keys deleted before each GET. Prints the
median and p90 of the requests, the CPU median (this process only: the waits
on PostgreSQL and Redis left out, steadier on a shared machine) and the number
of queries; `--queries` lists them, `--profile` shows where the time goes
(pyinstrument's call tree if it is installed in the venv, else cProfile's
tables). `--seed` runs `seed_demo --force` first (after migrate), as a fresh
database needs.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FILES = Path(tempfile.gettempdir()) / "bench-report"
os.environ.pop("DJANGO_SETTINGS_MODULE", None)
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "clubsite.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://127.0.0.1",
        "DATABASE_URL": os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_report"
        ),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"),
        "STATIC_ROOT": str(FILES / "static"),
        "MEDIA_ROOT": str(FILES / "media"),
        "LOG_LEVEL": "WARNING",
    }
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench import stores  # noqa: E402

CLUB = "northside-breakfast"
HEADERS = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "127.0.0.1"}


def prepare(seed: bool) -> None:
    if not (FILES / "static" / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    if seed:
        import io

        call_command("migrate", verbosity=0)
        call_command("seed_demo", force=True, stdout=io.StringIO())


def host_client() -> Client:
    from clubs.demo.people import DEMO_HOST
    from clubs.models import User

    client = Client()
    client.force_login(User.objects.get(email=DEMO_HOST.email))
    return client


def get(client: Client, url: str, cache) -> tuple[float, float]:
    """Wall-clock and this process's CPU milliseconds (CPU leaves out the
    waits on PostgreSQL and Redis, and varies less on a shared machine)."""
    stores.cache_empty(cache)
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url, **HEADERS)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    return elapsed, (time.process_time() - cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", action="store_true")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--lines", type=int, default=30)
    args = parser.parse_args()

    prepare(args.seed)
    client = host_client()
    cache = stores.redis_client(settings.REDIS_URL)
    url = reverse("club_referrals_report", kwargs={"slug": CLUB})
    for _ in range(3):  # templates compiled, connections opened
        get(client, url, cache)
    timings = [get(client, url, cache) for _ in range(args.requests)]
    samples = [wall for wall, _ in timings]
    stores.cache_empty(cache)
    with CaptureQueriesContext(connection) as captured:
        client.get(url, **HEADERS)
    in_sql = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    p90 = statistics.quantiles(samples, n=10, method="inclusive")[8]
    print(
        f"{url}: median {statistics.median(samples):.1f} ms, p90 {p90:.1f} ms, "
        f"min {min(samples):.1f} ms over {len(samples)} requests "
        f"(CPU median {statistics.median(cpu for _, cpu in timings):.1f} ms); "
        f"{len(captured)} queries ({in_sql:.1f} ms in SQL, one request)"
    )
    if args.queries:
        for n, query in enumerate(captured.captured_queries, start=1):
            print(f"{n:3} {float(query['time']) * 1000:6.1f} ms  {query['sql'][:400]}")
    if args.profile:
        profile(client, url, cache, args.requests, args.lines)


def profile(client: Client, url: str, cache, requests: int, lines: int) -> None:
    """pyinstrument's call tree when it is installed (pip install it into the
    venv for the occasion: it is no dependency), cProfile's tables if not."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return cprofile(client, url, cache, requests, lines)
    profiler = Profiler(interval=0.0002)
    for _ in range(requests):
        stores.cache_empty(cache)
        profiler.start()
        client.get(url, **HEADERS)
        profiler.stop()
    # PROFILE_ALL=1 shows Django's own frames too (a long tree).
    every_frame = bool(os.environ.get("PROFILE_ALL"))
    print(profiler.output_text(color=False, show_all=every_frame))


def cprofile(client: Client, url: str, cache, requests: int, lines: int) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    for _ in range(requests):
        stores.cache_empty(cache)
        profiler.enable()
        client.get(url, **HEADERS)
        profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(lines)
    stats.sort_stats("cumulative").print_stats(lines * 2)


if __name__ == "__main__":
    main()
