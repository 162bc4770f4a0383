"""Rows of the results table, the statistics behind them, and the markdown they print as."""

import math
import statistics
from dataclasses import asdict, dataclass

HEADER = [
    "case",
    "size",
    "median",
    "p95 (worst 5%)",
    "baseline",
    "ratio",
    "target",
    "met?",
    "notes",
]


@dataclass
class Row:
    case: str
    size: int
    median: str = ""
    p95: str = ""
    baseline: str = ""
    ratio: float | None = None
    target: str = "—"
    met: str = "—"  # "yes", "**NO**", "—" (no target), or "skipped: <reason>"
    notes: str = ""

    def cells(self):
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}"
        return [
            self.case,
            f"{self.size:,}",
            self.median,
            self.p95,
            self.baseline,
            ratio,
            self.target,
            self.met,
            self.notes,
        ]

    def as_dict(self):
        return asdict(self)


def skipped(case, size, reason):
    return Row(case, size, met=f"skipped: {reason}")


def verdict(ok):
    return "yes" if ok else "**NO**"


def percentile(values, q):
    """The q-th percentile (0-100) with linear interpolation between the nearest samples."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values):
    return statistics.median(values) if values else math.nan


def worst_time(values):
    """p95 of durations: the slow tail."""
    return percentile(values, 95)


def worst_rate(values):
    """The rate 95% of runs reached or beat (5th percentile): the slow tail of a throughput."""
    return percentile(values, 5)


def ms(seconds):
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def rate(value, unit):
    return f"{value:,.0f} {unit}" if value >= 10 else f"{value:,.1f} {unit}"


def megabytes(kilobytes):
    return f"{kilobytes / 1024:,.0f} MB"


def markdown(rows):
    lines = [
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join(" --- " for _ in HEADER) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in row.cells()) + " |")
    return "\n".join(lines) + "\n"
