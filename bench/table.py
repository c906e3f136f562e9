"""The one table `make bench` prints: each figure's median and p99, the
baseline measured in the same run, their ratio, the goal and whether it is met.

Pure arithmetic on numbers already measured, so tests check it without
starting a server (tests/site/test_bench_harness.py).
"""

import statistics
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Goal:
    """What a figure must reach; every bound given must hold. No bound at all
    means the figure is shown for information."""

    min_ratio: float | None = None
    max_p99_ms: float | None = None
    min_per_s: float | None = None
    max_ms: float | None = None

    def describe(self) -> str:
        parts = []
        if self.min_ratio is not None:
            parts.append(f"≥ {self.min_ratio:g}×")
        if self.min_per_s is not None:
            parts.append(f"≥ {self.min_per_s:g}/s")
        if self.max_ms is not None:
            parts.append(f"< {self.max_ms:g} ms")
        if self.max_p99_ms is not None:
            parts.append(f"p99 < {self.max_p99_ms:g} ms")
        return ", ".join(parts) or "for information"


@dataclass
class Row:
    """One figure. `rounds` and `baseline_rounds` are per-round rates (req/s)
    or, for a figure in `ms`, per-round median times; `p99s` the rounds' p99."""

    figure: str
    unit: str  # "req/s" or "ms"
    rounds: list[float]
    p99s: list[float]
    goal: Goal = field(default_factory=Goal)
    baseline_name: str = ""
    baseline_rounds: list[float] = field(default_factory=list)
    errors: int = 0
    problem: str = ""  # an invariant that failed: the goal is not met

    @property
    def median(self) -> float:
        return statistics.median(self.rounds)

    @property
    def p99(self) -> float:
        return statistics.median(self.p99s)

    @property
    def baseline(self) -> float | None:
        return statistics.median(self.baseline_rounds) if self.baseline_rounds else None

    @property
    def ratio(self) -> float | None:
        """How many times the baseline's throughput (or, for times, the
        baseline's time over this one): above 1 is faster than the baseline."""
        if not self.baseline:
            return None
        if self.unit == "ms":
            return self.baseline / self.median
        return self.median / self.baseline

    def verdict(self) -> str:
        goal = self.goal
        if goal == Goal():
            return "info"
        checks = [
            goal.min_ratio is None or (self.ratio or 0) >= goal.min_ratio,
            goal.max_p99_ms is None or self.p99 < goal.max_p99_ms,
            goal.min_per_s is None or self.median >= goal.min_per_s,
            goal.max_ms is None or self.median < goal.max_ms,
            not self.errors,
            not self.problem,
        ]
        return "met" if all(checks) else "NOT MET"


HEADER = ("figure", "median", "p99", "baseline (median)", "ratio", "goal", "verdict")


def render(rows: list[Row]) -> str:
    """A Markdown table, readable in a terminal and pasted as is in the README."""
    lines = [_line(HEADER), _line(tuple("---" for _ in HEADER))]
    for row in rows:
        lines.append(_line(_cells(row)))
    notes = [
        f"- {row.figure}: {row.errors} failed requests" for row in rows if row.errors
    ]
    notes += [f"- {row.figure}: {row.problem}" for row in rows if row.problem]
    return "\n".join(lines + ([""] + notes if notes else []))


def _cells(row: Row) -> tuple[str, ...]:
    baseline = (
        f"{row.baseline_name}, {_amount(row.baseline, row.unit)}"
        if row.baseline is not None
        else "—"
    )
    ratio = f"{row.ratio:.2f}" if row.ratio is not None else "—"
    return (
        row.figure,
        _amount(row.median, row.unit),
        f"{row.p99:.1f} ms",
        baseline,
        ratio,
        row.goal.describe(),
        row.verdict(),
    )


def _amount(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:,.0f} {unit}"


def _line(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"
