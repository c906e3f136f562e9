"""Driving wrk (Debian's package) and reading what it prints.

wrk runs in a process of its own, so the load generator never shares an
interpreter with what it measures. `--latency` makes it print the latency
percentiles; the request rate, the p50 and the p99 are read from that text.
"""

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).resolve().parent / "lua"
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class WrkResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # socket errors, timeouts and non-2xx/3xx answers together


def parse(output: str) -> WrkResult:
    """Read wrk's summary (run with `--latency`); ValueError if it is not one."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    done = re.search(r"^\s*(\d+) requests in ", output, re.M)
    if not rate or not done:
        raise ValueError(f"not wrk's output: {output[:200]!r}")
    return WrkResult(
        requests_per_s=float(rate.group(1)),
        p50_ms=_percentile(output, 50),
        p99_ms=_percentile(output, 99),
        requests=int(done.group(1)),
        errors=_errors(output),
    )


def _percentile(output: str, which: int) -> float:
    found = re.search(rf"^\s*{which}(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\b", output, re.M)
    if not found:
        raise ValueError(f"no {which}% latency in wrk's output (run with --latency)")
    return float(found.group(1)) * _UNITS_MS[found.group(2)]


def _errors(output: str) -> int:
    total = 0
    socket = re.search(r"Socket errors: ([^\n]+)", output)
    if socket:
        total += sum(int(n) for n in re.findall(r"\w+ (\d+)", socket.group(1)))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return total + (int(bad.group(1)) if bad else 0)


def run(
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int = 2,
    script: str | None = None,
    script_args: tuple[str, ...] = (),
    headers: tuple[str, ...] = (),
) -> WrkResult:
    command = [
        wrk_path(),
        f"--threads={min(threads, connections)}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=10s",
        "--latency",
    ]
    for header in headers:
        command += ["--header", header]
    if script:
        command += ["--script", str(LUA / script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse(done.stdout)


def wrk_path() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is missing: apt-get install -y wrk nginx-light")
    return found
