"""`make bench`: the site as production runs it, measured from outside.

    .venv/bin/python -m bench.production [--rounds 5] [--seconds 3]
        [--only pages|timed|registrations] [--keep]

Starts the site under gunicorn (gunicorn.conf.py, 2 sync workers,
DJANGO_ENV=production) on a PostgreSQL database of its own (created, migrated,
seeded) and a Redis database of its own; beside it the baselines: a bare WSGI
Django view under the same gunicorn configuration (bench/bare.py) and nginx
serving a static copy of the landing page (bench/nginx.conf). wrk, in its own
process, drives each figure and its baseline in alternating rounds; the table
shows their medians, the p99, the ratio and the goal.

BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/clubs_bench, dropped
and created again) and BENCH_REDIS_URL (redis://127.0.0.1:6379/15, flushed)
say where; BENCH_PORT_BASE takes consecutive ports from there instead of any
free ones.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import probes, servers, stores, wrk
from bench.table import Goal, Row, render

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/clubs_bench"
REDIS_URL = "redis://127.0.0.1:6379/15"
CONNECTIONS = 50
GUESTS = 20  # concurrent clients registering
FEW = 4  # connections for a page built at every request
TIMED_REQUESTS = 40  # feed and report, one after the other, cache emptied
HTTPS = "X-Forwarded-Proto: https"  # TLS ends at the load balancer
PAGE_GOAL = Goal(min_ratio=0.9, max_p99_ms=50)


class Bench:
    def __init__(self, args, tmp: Path):
        self.args, self.tmp = args, tmp
        self.database_url = os.environ.get("BENCH_DATABASE_URL", DATABASE_URL)
        self.redis_url = os.environ.get("BENCH_REDIS_URL", REDIS_URL)
        base = os.environ.get("BENCH_PORT_BASE")
        self.ports = servers.Ports(int(base) if base else None)
        self.logs = tmp / "logs"
        self.logs.mkdir()
        self.running: list[servers.Server] = []
        self.rows: list[Row] = []
        self.started = time.monotonic()

    # --- the processes -----------------------------------------------------

    def site_env(self, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        return env | {
            "DJANGO_ENV": "production",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": "https://127.0.0.1",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "STATIC_ROOT": str(self.tmp / "static"),
            "MEDIA_ROOT": str(self.tmp / "media"),
            "LOG_LEVEL": "WARNING",
            **extra,
        }

    def start(self, name: str, app: str, env: dict, probe="/") -> servers.Server:
        server = servers.gunicorn(
            name, app, port=self.ports.take(), env=env, logs=self.logs, probe=probe
        )
        self.running.append(server)
        return server

    def stop(self, server: servers.Server) -> None:
        server.stop()
        self.running.remove(server)

    def prepare(self) -> dict:
        """A fresh database and Redis DB, the static files collected and the
        data seeded (two processes at once)."""
        self.secret_key = secrets.token_urlsafe(64)
        stores.recreate_database(self.database_url)
        stores.redis_client(self.redis_url).flushdb()
        fixtures = self.tmp / "fixtures.json"
        python, env = sys.executable, self.site_env()
        manage = [python, "manage.py", "collectstatic", "--noinput", "-v0"]
        jobs = [
            subprocess.Popen(manage, cwd=servers.ROOT, env=env),
            subprocess.Popen(
                [python, "-m", "bench.prepare", str(fixtures)],
                cwd=servers.ROOT,
                env=env,
            ),
        ]
        if any(job.wait() for job in jobs):
            raise SystemExit("preparing the site failed (see above)")
        return json.loads(fixtures.read_text())

    # --- the figures -------------------------------------------------------

    def alternate(self, figure, goal, baseline_name, baseline, target) -> Row:
        """Baseline, target, baseline, target…: each a wrk run of its own."""
        base_runs, runs = [], []
        for _ in range(self.args.rounds):
            base_runs.append(baseline())
            runs.append(target())
        row = Row(
            figure=figure,
            unit="req/s",
            rounds=[r.requests_per_s for r in runs],
            p99s=[r.p99_ms for r in runs],
            goal=goal,
            baseline_name=baseline_name,
            baseline_rounds=[r.requests_per_s for r in base_runs],
            errors=sum(r.errors for r in runs),
        )
        if not all(r.requests for r in runs):
            row.problem = "a round finished no request: its p99 is unknown"
        self.rows.append(row)
        print(f"  {figure}: {row.median:,.0f} req/s, baseline {row.baseline:,.0f}")
        return row

    def load(self, url: str, connections=CONNECTIONS, **options) -> wrk.WrkResult:
        options.setdefault("headers", (HTTPS,))
        return wrk.run(
            url, seconds=self.args.seconds, connections=connections, **options
        )

    def timed(self, figure: str, goal: Goal, base: str, path: str, cookie="") -> Row:
        """Requests one after the other, the cache emptied before each: the
        time to rebuild, through gunicorn, in ms."""
        cache = stores.redis_client(self.redis_url)
        samples = []
        for _ in range(TIMED_REQUESTS):
            stores.cache_empty(cache)
            started = time.perf_counter()
            status, _, _ = probes.fetch(base, path, cookie=cookie)
            samples.append((time.perf_counter() - started) * 1000)
            assert status == 200, f"{path} answered {status}"
        p99 = statistics.quantiles(samples, n=100, method="inclusive")[98]
        row = Row(figure=figure, unit="ms", rounds=samples, p99s=[p99], goal=goal)
        self.rows.append(row)
        print(f"  {figure}: {row.median:.1f} ms")
        return row


def run(bench: Bench) -> None:
    print("preparing: database, static files, data…", flush=True)
    data = bench.prepare()
    print(f"  ready in {time.monotonic() - bench.started:.0f} s", flush=True)
    if bench.args.only in ("all", "pages"):
        pages(bench, data)
    if bench.args.only in ("all", "timed"):
        rebuilt(bench, data)
    if bench.args.only in ("all", "registrations"):
        registrations(bench, data)


def pages(bench: Bench, data: dict) -> None:
    """Anonymous pages: from the page cache, through share links, behind
    nginx, and built per request."""
    site = bench.start("site", "clubsite.wsgi", bench.site_env(), probe="/healthz")
    bare = bench.start("bare", "bench.bare_wsgi", os.environ | {})
    page = data["landing"]
    visits = probes.share_visits(site.url, data, bench.tmp / "visits.tsv")
    static = bench.tmp / "nginx"
    static.mkdir()
    proxy_port = bench.ports.take()
    nginx = servers.nginx(
        prefix=static,
        site_port=site.port,
        static_port=bench.ports.take(),
        proxy_port=proxy_port,
    )
    bench.running.append(nginx)
    (static / "static" / "page.html").write_bytes(probes.fetch(site.url, page)[2])
    proxy = f"http://127.0.0.1:{proxy_port}"
    hits = {
        name: probes.served_from_cache(url, path)
        for name, url, path in [
            ("landing", site.url, page),
            ("meeting", site.url, data["meeting"]),
            ("club", site.url, data["club"]),
            ("nginx", proxy, page),
        ]
    }
    print("measuring (wrk, 50 connections unless said):", flush=True)
    for name, path, figure in [
        ("landing", page, "landing page from the page cache"),
        ("meeting", data["meeting"], "meeting page, anonymous, from the cache"),
        ("club", data["club"], "club page, anonymous, from the cache"),
    ]:
        row = bench.alternate(
            figure,
            PAGE_GOAL,
            "bare view",
            lambda: bench.load(bare.url + "/"),
            lambda path=path: bench.load(site.url + path),
        )
        if not hits[name]:
            row.problem = "no cache hit seen (no Age header on a second request)"
        if name == "landing":
            bench.alternate(
                "the same page through 100 share links (302 + page)",
                Goal(min_ratio=0.8),
                "bare view",
                lambda: bench.load(bare.url + "/"),
                lambda: bench.load(
                    site.url + "/", script="share_links.lua", script_args=(visits,)
                ),
            )
    row = bench.alternate(
        "landing page behind nginx proxy_cache",
        Goal(min_ratio=0.5),
        "nginx static copy",
        lambda: bench.load(nginx.url + "/page.html"),
        lambda: bench.load(proxy + page),
    )
    if not hits["nginx"]:
        row.problem = "nginx kept no copy (no X-Cache-Status: HIT)"
    # Few connections: 50 queued on a page that takes a worker 100 ms or more
    # would finish nothing within a round.
    bench.alternate(
        f"landing page, uncached (built per request), {FEW} connections",
        Goal(),
        "bare view",
        lambda: bench.load(bare.url + "/", connections=FEW),
        lambda: bench.load(
            site.url + page,
            connections=FEW,
            headers=(HTTPS, "Cookie: sessionid=bench-nobody"),
        ),
    )
    bench.stop(nginx)
    bench.stop(site)


def rebuilt(bench: Bench, data: dict) -> None:
    """Personal responses no cache keeps, one request at a time."""
    site = bench.start("site", "clubsite.wsgi", bench.site_env(), probe="/healthz")
    bench.timed(
        "member feed (20 series), rebuilt, one client",
        Goal(max_ms=20),
        site.url,
        data["feed"],
    )
    bench.timed(
        "host's referral report, cache emptied, one client",
        Goal(max_ms=25),
        site.url,
        data["report"],
        cookie=f"sessionid={data['host_session']}",
    )
    bench.stop(site)


def registrations(bench: Bench, data: dict) -> None:
    """Guests registering at once for one meeting (limits off by setting)."""
    site = bench.start(
        "site-unlimited",
        "clubsite.wsgi",
        bench.site_env(RATELIMIT_ENABLE="false"),
        probe="/healthz",
    )
    form_token, csrf = probes.guest_form(site.url, data["rush_page"])
    origin = f"https://127.0.0.1:{site.port}"
    runs = [
        bench.load(
            site.url + data["rush_register"],
            connections=GUESTS,
            headers=(),
            script="register.lua",
            script_args=(data["rush_register"], form_token, csrf, origin, f"r{n}"),
        )
        for n in range(bench.args.rounds)
    ]
    row = Row(
        figure=f"guest registrations, {GUESTS} clients, PostgreSQL",
        unit="req/s",
        rounds=[r.requests_per_s for r in runs],
        p99s=[r.p99_ms for r in runs],
        goal=Goal(min_per_s=200),
        errors=sum(r.errors for r in runs),
    )
    row.problem = stores.capacity_problem(
        bench.database_url, data, sum(r.requests for r in runs)
    )
    bench.rows.append(row)
    print(f"  {row.figure}: {row.median:,.0f}/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--only",
        choices=["all", "pages", "timed", "registrations"],
        default="all",
        help="measure only these figures (a quick check; the README's table is all)",
    )
    args = parser.parse_args()
    for tool in ["wrk", "nginx"]:
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install -y wrk nginx-light")
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="clubs-bench-"))
    bench = Bench(args, tmp)
    try:
        run(bench)
    except BaseException:
        print(f"servers' logs kept in {bench.logs}", file=sys.stderr)
        raise
    finally:
        for server in reversed(bench.running):
            server.stop()
        if not args.keep:
            stores.drop_database(bench.database_url)
            stores.redis_client(bench.redis_url).flushdb()
    minutes = (time.monotonic() - started) / 60
    print()
    print(render(bench.rows))
    print(
        f"\n{args.rounds} alternating rounds of {args.seconds:g} s each; "
        f"{os.cpu_count()} CPUs; {minutes:.1f} minutes in all."
    )
    if args.only == "all":
        results = servers.ROOT / "bench" / "results"
        results.mkdir(exist_ok=True)
        (results / "production.md").write_text(render(bench.rows) + "\n")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
