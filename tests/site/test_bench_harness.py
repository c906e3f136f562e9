"""`make bench` reads wrk's output and judges each figure against its goal:
both checked here on wrk's text and on numbers, without starting a server."""

import pytest

from bench import wrk
from bench.table import Goal, Row, render

WRK_OUTPUT = """\
Running 3s test @ http://127.0.0.1:8841/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    21.05ms    7.11ms 120.33ms   88.12%
    Req/Sec     1.19k    90.00     1.40k    71.67%
  Latency Distribution
     50%   19.80ms
     75%   22.10ms
     90%   27.00ms
     99%  101.50ms
  7123 requests in 3.00s, 1.21MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:   2374.33
Transfer/sec:    412.18KB
"""


def test_wrk_output_is_read_for_rate_percentiles_and_failures():
    result = wrk.parse(WRK_OUTPUT)

    assert result.requests_per_s == 2374.33
    assert result.p50_ms == 19.8
    assert result.p99_ms == 101.5
    assert result.requests == 7123
    assert result.errors == 2 + 3 + 4  # read errors, timeouts, non-2xx/3xx


def test_latencies_in_microseconds_and_seconds_become_milliseconds():
    output = WRK_OUTPUT.replace("19.80ms", "850.00us").replace("101.50ms", "1.20s")

    result = wrk.parse(output)

    assert result.p50_ms == pytest.approx(0.85)
    assert result.p99_ms == pytest.approx(1200)


def test_a_clean_run_has_no_errors():
    lines = WRK_OUTPUT.splitlines()
    clean = "\n".join(
        line for line in lines if "errors" not in line and "Non-2xx" not in line
    )

    assert wrk.parse(clean).errors == 0


def test_output_without_the_summary_or_percentiles_is_refused():
    with pytest.raises(ValueError):
        wrk.parse("unable to connect to 127.0.0.1:8841 Connection refused")
    without_latency = "\n".join(
        line for line in WRK_OUTPUT.splitlines() if "%  " not in line
    )
    with pytest.raises(ValueError, match="latency"):
        wrk.parse(without_latency)


def _page(rounds, baselines, p99s=(10, 12, 11), **fields):
    goal = Goal(min_ratio=0.9, max_p99_ms=50)
    return Row(
        "cached page",
        "req/s",
        list(rounds),
        list(p99s),
        goal=goal,
        baseline_name="bare view",
        baseline_rounds=list(baselines),
        **fields,
    )


def test_the_ratio_is_the_median_rate_over_the_median_baseline():
    row = _page([900, 950, 5000], [1000, 1000, 1100])

    assert row.median == 950  # one lucky round does not count
    assert row.baseline == 1000
    assert row.ratio == pytest.approx(0.95)
    assert row.verdict() == "met"


def test_a_ratio_under_the_goal_is_not_met():
    assert _page([890, 880, 870], [1000, 1000, 1000]).verdict() == "NOT MET"


def test_a_slow_p99_fails_a_fast_page():
    row = _page([990, 990, 990], [1000, 1000, 1000], p99s=(40, 60, 70))

    assert row.p99 == 60
    assert row.verdict() == "NOT MET"


def test_failed_requests_or_a_broken_invariant_fail_the_goal():
    assert _page([990] * 3, [1000] * 3, errors=1).verdict() == "NOT MET"
    assert _page([990] * 3, [1000] * 3, problem="overbooked").verdict() == "NOT MET"


def test_absolute_goals_in_ms_and_per_second():
    feed = Row("feed", "ms", [12, 15, 30], [31], goal=Goal(max_ms=20))
    slow = Row("feed", "ms", [22, 25, 30], [31], goal=Goal(max_ms=20))
    rush = Row(
        "registrations", "req/s", [150, 210, 260], [90], goal=Goal(min_per_s=200)
    )

    assert (feed.verdict(), slow.verdict(), rush.verdict()) == ("met", "NOT MET", "met")
    assert feed.ratio is None


def test_a_figure_without_a_goal_is_for_information():
    assert Row("uncached", "req/s", [40], [300]).verdict() == "info"


def test_the_table_shows_medians_p99_baseline_ratio_goal_and_verdict():
    table = render([_page([900, 950, 5000], [1000, 1000, 1100], errors=3)])

    header, _, line, _, note = table.splitlines()
    assert header.startswith("| figure | median | p99 | baseline")
    cells = [cell.strip() for cell in line.strip("|").split("|")]
    assert cells == [
        "cached page",
        "950 req/s",
        "11.0 ms",
        "bare view, 1,000 req/s",
        "0.95",
        "≥ 0.9×, p99 < 50 ms",
        "NOT MET",
    ]
    assert note == "- cached page: 3 failed requests"
