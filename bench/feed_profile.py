"""The member feed rebuilt in-process with production settings, timed and
profiled: what `make bench`'s "member feed" row measures, without gunicorn.

    DATABASE_URL=postgres://... REDIS_URL=redis://... \\
        .venv/bin/python -m bench.feed_profile [--requests 40] [--profile]

Seeds bench/feeds.py's member (20 series) once into the database named by
DATABASE_URL (which must exist and is migrated here), then GETs the feed
through the full middleware stack (django.test.Client, HTTPS as the load
balancer says), emptying the `cache:*` Redis keys before each request as
bench/production.py's `timed()` does. Prints the first request apart (a
fresh process), then the median and p99 of the rest, and the queries of one.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time

os.environ |= {
    "DJANGO_SETTINGS_MODULE": "clubsite.settings",
    "DJANGO_ENV": "production",
    "SECRET_KEY": "bench-profile-" + "x" * 60,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SITE_URL": "https://127.0.0.1",
    "STATIC_ROOT": tempfile.mkdtemp(),
    "MEDIA_ROOT": tempfile.mkdtemp(),
    "LOG_LEVEL": "WARNING",
}
if not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
    sys.exit("set DATABASE_URL (PostgreSQL) and REDIS_URL")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import feeds, stores  # noqa: E402
from clubs.models import User  # noqa: E402
from clubs.services.calendars import calendar_token_rotate  # noqa: E402

HTTPS = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "127.0.0.1"}


def feed_path() -> str:
    call_command("migrate", verbosity=0)
    member = User.objects.filter(email="member@example.com").first()
    if member is None:
        with override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        ):
            member, _ = feeds.seed()
    return f"/calendar/{calendar_token_rotate(person=member)}.ics"


def empty_cache() -> None:
    stores.cache_empty(stores.redis_client(os.environ["REDIS_URL"]))


def timed(client: Client, path: str) -> tuple[float, float]:
    """Wall and CPU time (this process only: less troubled by a busy machine,
    but blind to PostgreSQL's and Redis's share) of one rebuild, in ms."""
    empty_cache()
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(path, **HTTPS)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    return elapsed, (time.process_time() - cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    path = feed_path()
    client = Client()
    first, _ = timed(client, path)
    walls, cpus = zip(*[timed(client, path) for _ in range(args.requests)], strict=True)
    p99 = statistics.quantiles(walls, n=100, method="inclusive")[98]
    print(f"first request {first:.1f} ms")
    print(f"rebuilt: median {statistics.median(walls):.1f} ms, p99 {p99:.1f} ms")
    print(f"CPU of this process: median {statistics.median(cpus):.1f} ms")
    empty_cache()
    with CaptureQueriesContext(connection) as captured:
        body = client.get(path, **HTTPS).content
    print(f"queries {len(captured)}, {len(body)} bytes")
    for query in captured.captured_queries:
        print(f"  {query['time']} {query['sql'][:150]}")
    if args.profile:
        profiler = cProfile.Profile()
        for _ in range(10):
            empty_cache()
            profiler.enable()
            client.get(path, **HTTPS)
            profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(45)
        stats.sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
