"""Daily-count series for the charts: aggregated in the database, zero-filled here.

The database returns one row per (day, threat type) that has incidents; this module lays those
rows over every day of the selected range, so a day without incidents is a 0, not a gap.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import connections
from django.utils import timezone

AVERAGE_DAYS = 7
SPLIT_THREATS = 4


@dataclass
class ThreatSeries:
    slug: str
    label: str
    incidents: list[int] = field(default_factory=list)
    intercepted: list[int] = field(default_factory=list)


@dataclass
class DailySeries:
    days: list[dt.date]
    incidents: list[int]
    intercepted: list[int]
    by_threat: list[ThreatSeries]

    @property
    def intercepted_average(self) -> list[float | None]:
        """Trailing 7-day mean of reported intercepted; None until 7 days are in range."""
        return trailing_mean(self.intercepted, AVERAGE_DAYS)

    @property
    def incidents_average(self) -> list[float | None]:
        return trailing_mean(self.incidents, AVERAGE_DAYS)

    def rows(self):
        """(day, incidents, intercepted) per day, for the table that mirrors the chart."""
        return zip(self.days, self.incidents, self.intercepted, strict=True)

    def as_json(self) -> dict:
        return {
            "days": [day.isoformat() for day in self.days],
            "incidents": self.incidents,
            "intercepted": self.intercepted,
            "intercepted_average": self.intercepted_average,
            "incidents_average": self.incidents_average,
            "by_threat": [
                {
                    "slug": s.slug,
                    "label": s.label,
                    "incidents": s.incidents,
                    "intercepted": s.intercepted,
                }
                for s in self.by_threat
            ],
        }


def trailing_mean(values, window):
    means, running = [], 0
    for i, value in enumerate(values):
        running += value
        if i >= window:
            running -= values[i - window]
        means.append(round(running / window, 1) if i >= window - 1 else None)
    return means


def daily_series(incidents, *, start=None, end=None) -> DailySeries:
    """Zero-filled daily counts of `incidents` (a filtered queryset) in one aggregate query.

    The range runs from `start` (default: the first day with data) to `end` (default: the last
    day with data; never past today, since future days have no reports yet).
    """
    rows = _daily_rows(incidents)
    today = timezone.localdate()
    last_possible = max(today, rows[-1][0]) if rows else today
    start = start or (rows[0][0] if rows else None)
    end = min(end or (rows[-1][0] if rows else today), last_possible)
    if not start or end < start:
        return DailySeries(days=[], incidents=[], intercepted=[], by_threat=[])

    length = (end - start).days + 1
    days = [start + dt.timedelta(days=n) for n in range(length)]
    totals_incidents, totals_intercepted = [0] * length, [0] * length
    per_threat = {}  # threat type id -> (incidents per day, intercepted per day)
    first = start.toordinal()  # day numbers: cheaper than a timedelta per row
    for date, threat_id, incidents_that_day, intercepted in rows:
        n = date.toordinal() - first
        if not 0 <= n < length:
            continue
        counts = per_threat.get(threat_id)
        if counts is None:
            counts = per_threat[threat_id] = ([0] * length, [0] * length)
        counts[0][n] += incidents_that_day
        counts[1][n] += intercepted
        totals_incidents[n] += incidents_that_day
        totals_intercepted[n] += intercepted
    ThreatType = incidents.model.threat_type.field.related_model
    names = {
        pk: (slug, name)
        for pk, slug, name in ThreatType.objects.filter(pk__in=per_threat).values_list(
            "pk", "slug", "name"
        )
    }
    by_threat = sorted(
        (ThreatSeries(*names[pk], *counts) for pk, counts in per_threat.items()),
        key=lambda s: (-sum(s.intercepted), -sum(s.incidents), s.label),
    )
    return DailySeries(days, totals_incidents, totals_intercepted, _top(by_threat))


def _daily_rows(incidents):
    """(day, threat type id, incidents, reported intercepted) per day and threat, by date.

    Read with a plain cursor: Django's per-value converters cost more than the zero-filling
    for a few years of days times threat types. SQLite hands dates back as ISO text.
    """
    query = incidents.daily_counts(by_threat=True).values_list(
        "date", "threat_type", "incidents", "intercepted"
    )
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if rows and isinstance(rows[0][0], str):
        rows = [(dt.date.fromisoformat(day), *counts) for day, *counts in rows]
    return rows


def _top(by_threat):
    """The SPLIT_THREATS largest threat types, and the rest summed as "Other threats".

    More stacked colours than that are hard to tell apart, and each series adds a number per
    day to every page that carries the chart.
    """
    if len(by_threat) <= SPLIT_THREATS + 1:
        return by_threat
    shown, rest = by_threat[:SPLIT_THREATS], by_threat[SPLIT_THREATS:]
    other = ThreatSeries(
        "other-threats",
        "Other threats",
        [sum(day) for day in zip(*(s.incidents for s in rest), strict=True)],
        [sum(day) for day in zip(*(s.intercepted for s in rest), strict=True)],
    )
    return [*shown, other]
