"""Benchmark: the hosts' referral report and the champions leaderboard at scale.

    .venv/bin/python -m bench.referrals [--seconds 1] [--rounds 3] [--reseed]
                                        [--explain]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_referrals \\
        .venv/bin/python -m bench.referrals

10,000 members in 100 clubs (100 each), a year of monthly meetings with
registrations and attendance (120,000 members' places and marks, plus guests
the members invited and visitors their share links brought) and 200,000
referrals (2,000 a club) in mixed statuses and currencies, spread over the
tables as in production (bench/referrals_seed.py). A host's report, CSV
and graph are timed through the full request path (django.test.Client, logged
in as that host) against a bare Django view in the same run. Target: the
leaderboard and the report under 100 ms each, with query counts that do not
grow with the data. `--explain` prints PostgreSQL's plan, with its timings,
for every query of the 12-month report.

The data is written once with bulk_create and kept: a second run on the same
database reuses it (`--reseed` starts again).
"""

import argparse
import json
import time

from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.harness import BASELINE, ROOT, queries
from bench.referrals_seed import is_seeded, seed
from clubs.models import Attendance, Attribution, Club, Referral, Registration, User
from clubs.selectors import referral_reports as reports

TARGET_MS = 100.0


# --- Measuring ----------------------------------------------------------------


def measure(seconds: float, rounds: int) -> None:
    """Each page `rounds` times, the rounds interleaved, keeping each page's
    best round: on a shared machine the best is the page's own cost, and
    interleaving keeps the baseline measured under the same load."""
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
        "report, 12 months, by visitors": report + year + "&rank=visitors",
        "graph.svg, 12 months": _url("club_referrals_graph", club) + year,
        "referrals.csv, 12 months": _url("club_referrals_csv", club) + year,
    }
    reads = {
        "leaderboard read alone, 12 months": _leaderboard(club),
        "club totals read alone": lambda: reports.club_referral_totals(club),
    }
    best: dict[str, tuple[float, float]] = {}
    for _ in range(rounds):
        for name, url in pages.items():
            _keep_best(best, name, _timed(lambda u=url: client.get(u), seconds))
        for name, read in reads.items():
            _keep_best(best, name, _timed(read, seconds))
    counts = {name: queries(client, url) for name, url in pages.items()}
    _print(best, counts, rounds)
    _where_the_time_goes(client, report + year)


def _url(name: str, club: Club) -> str:
    return reverse(name, kwargs={"slug": club.slug})


def _leaderboard(club: Club):
    start, end = reports.preset_dates("last_12_months", reports.club_today(club))
    period = reports.period_for(club, start=start, end=end)
    currencies = reports.club_currencies(club)
    return lambda: reports.champions_leaderboard(
        club=club, period=period, rank_by="given", currencies=currencies
    )


def _timed(read, seconds: float) -> tuple[float, float]:
    """Mean wall-clock and Python CPU milliseconds per call over `seconds`
    (CPU leaves out the time spent waiting for the database)."""
    for _ in range(3):  # warm caches and templates
        read()
    done, start, cpu = 0, time.perf_counter(), time.process_time()
    while (elapsed := time.perf_counter() - start) < seconds:
        read()
        done += 1
    return elapsed / done * 1000, (time.process_time() - cpu) / done * 1000


def _keep_best(best: dict, name: str, timing: tuple[float, float]) -> None:
    if name not in best or timing[0] < best[name][0]:
        best[name] = timing


def _print(best: dict[str, tuple[float, float]], counts: dict, rounds: int) -> None:
    baseline = best["bare Django view (baseline)"][0]
    print(
        f"database: {connection.vendor}; {User.objects.count():,} people, "
        f"{Club.objects.count()} clubs, {Referral.objects.count():,} referrals, "
        f"{Registration.objects.count():,} registrations, "
        f"{Attendance.objects.count():,} attendance marks, "
        f"{Attribution.objects.count():,} visitors credited to share links"
    )
    print(f"best of {rounds} interleaved rounds; CPU: this process (Python) only")
    print(f"{'request':<42} {'ms':>8} {'x baseline':>11} {'CPU ms':>8} {'queries':>8}")
    for name, (ms, cpu) in best.items():
        count = counts.get(name, "")
        print(f"{name:<42} {ms:>8.2f} {ms / baseline:>11.1f} {cpu:>8.2f} {count:>8}")
    checked = [n for n in best if n.startswith(("report", "leaderboard"))]
    worst = max(checked, key=lambda n: best[n][0])
    # A quick check in-process; `make bench` judges the goals.
    print(
        f"slowest of report and leaderboard: {best[worst][0]:.1f} ms in-process "
        f"(compare with {TARGET_MS:.0f} ms; not a verdict)"
    )
    print(f"(slowest: {worst}, {best[worst][0]:.1f} ms)")
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "referrals.json").write_text(
        json.dumps(
            {
                name: {"ms": ms, "ratio": ms / baseline, "cpu_ms": cpu}
                for name, (ms, cpu) in best.items()
            }
        )
    )


def _where_the_time_goes(client: Client, url: str) -> None:
    """The 12-month report's time in the database against the whole request,
    and its three slowest queries."""
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        client.get(url)
        total = (time.perf_counter() - started) * 1000
    in_sql = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    print(
        f"12-month report: {total:.1f} ms, of which {in_sql:.1f} ms waiting for "
        f"{len(captured)} queries"
    )
    ranked = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    for query in ranked[:3]:
        print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:150]}")


def explain() -> None:
    """PostgreSQL's plan, with actual timings, for each query of the 12-month
    report (rank by value, the heaviest), sessions and permissions left out."""
    if connection.vendor != "postgresql":
        print("--explain needs PostgreSQL")
        return
    club = next(c for c in Club.objects.order_by("pk") if c.pk % 10 == 0)
    client = Client()
    client.force_login(club.memberships.get(role="organizer").person)
    url = _url("club_referrals_report", club) + "?period=last_12_months&rank=won"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if (
                not query["sql"].startswith("SELECT")
                or "auth_permission" in query["sql"]
                or "django_session" in query["sql"]
            ):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + query["sql"])
            print("-" * 88)
            print(query["sql"][:300])
            print("\n".join(row[0] for row in cursor.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if args.reseed or not is_seeded():
        call_command("flush", interactive=False, verbosity=0)
        seed()
    measure(args.seconds, args.rounds)
    if args.explain:
        explain()


if __name__ == "__main__":
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        main()
