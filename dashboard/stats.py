"""Count series for the charts: aggregated in the database, zero-filled here, by day, ISO week
or calendar month.

The database returns one row per (day, threat type) that has incidents (from a daily rollup
where the filter allows, already added up per week or month there); this module adds those rows
up into the periods of the selected range
(every day, week or month of it), so a period without incidents is a 0, not a gap. A period
whose incidents all gave no intercepted figure is "no figure reported" (null in the JSON), not 0.
A week or month is the sum of its days within the range: the first and last may be partial.
A day on which the record holds no statement at all is counted per period as a gap
(`days_without_statement`): its 0 means "no statement recorded", not "nothing claimed".
"""

import datetime as dt
from dataclasses import dataclass, field
from operator import add

from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboard.freshness import remember
from incidents import coverage, figures
from incidents.figures import ReportedSum
from incidents.internals import sql_of
from incidents.models import ThreatType

GRAINS = ("day", "week", "month")
# The automatic grain is the finest that keeps a chart within this many bars: more are too thin
# to read on a phone, and each costs the reader's browser time to draw.
MAX_BARS = 200
# A moving average's window, in periods of the grain.
AVERAGE_WINDOW = {"day": 7, "week": 4, "month": 3}
SPLIT_THREATS = 4
# Written once: a period with no statement in the record on any of its days (table, charts).
NO_STATEMENT = _("no statement in the record")


def period_start(day, grain):
    """The first day of the period (ISO week from Monday, calendar month) that holds `day`."""
    if grain == "week":
        return day - dt.timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def period_end(start, grain):
    """The last day of the period that starts on `start`."""
    if grain == "week":
        return start + dt.timedelta(days=6)
    if grain == "month":
        return _next_period(start, grain) - dt.timedelta(days=1)
    return start


def _next_period(start, grain):
    if grain == "month":
        return (start + dt.timedelta(days=32)).replace(day=1)
    return start + dt.timedelta(days=7 if grain == "week" else 1)


def _number(day, grain):
    """A period's number, consecutive for consecutive periods (cheaper than dates per row)."""
    if grain == "month":
        return day.year * 12 + day.month - 1
    if grain == "week":
        return (day.toordinal() - 1) // 7  # ordinal 1 (1 Jan 0001) was a Monday
    return day.toordinal()


def periods_between(first_day, last_day, grain):
    """The starts of the periods from the one holding `first_day` to the one holding
    `last_day`."""
    starts, start = [], period_start(first_day, grain)
    while start <= last_day:
        starts.append(start)
        start = _next_period(start, grain)
    return starts


def auto_grain(first_day, last_day):
    """The finest grain that draws the range in at most MAX_BARS bars."""
    for grain in GRAINS[:-1]:
        if _number(last_day, grain) - _number(first_day, grain) < MAX_BARS:
            return grain
    return GRAINS[-1]


@dataclass
class Counts:
    """Per period: incidents, the sum of reported intercepted, and how many incidents reported
    one (the rest gave no figure)."""

    incidents: list[int]
    intercepted: list[int]
    reporting: list[int]

    @classmethod
    def zeros(cls, length):
        return cls([0] * length, [0] * length, [0] * length)

    def sums(self):
        """The reported intercepted of each period, a ReportedSum."""
        return [
            ReportedSum(incidents, reporting, 0, total)
            for incidents, total, reporting in zip(
                self.incidents, self.intercepted, self.reporting, strict=True
            )
        ]

    def intercepted_or_none(self):
        """The period's sum, or None where its incidents all gave no figure (never 0)."""
        return [period.period_figure for period in self.sums()]

    def overall(self):
        """The reported intercepted of every period together."""
        return sum(self.sums(), ReportedSum(0, 0, 0, 0))

    def without_figure(self):
        return [n - r for n, r in zip(self.incidents, self.reporting, strict=True)]


@dataclass
class ThreatSeries:
    slug: str
    label: str
    counts: Counts

    @property
    def incidents(self):
        return self.counts.incidents

    @property
    def intercepted(self):
        return self.counts.intercepted


@dataclass
class Series:
    """Counts per period of `grain` over the days first_day..last_day (the first and last
    periods may stick out of that range: only the range's days are counted in them)."""

    grain: str
    first_day: dt.date | None
    last_day: dt.date | None
    periods: list[dt.date]  # each period's first day
    counts: Counts
    by_threat: list[ThreatSeries]
    # Per period, its days in the range on which the record holds no statement at all.
    days_without_statement: list[int] = field(default_factory=list)

    @property
    def incidents(self):
        return self.counts.incidents

    @property
    def intercepted(self):
        return self.counts.intercepted

    def unrecorded(self):
        """Per period, whether the record holds no statement on any of its days (a gap)."""
        return [self.days_without_statement[n] == self.days(n) for n in range(len(self.periods))]

    def days(self, n):
        """How many days of period `n` lie in the range."""
        first, last = self.covered(n)
        return (last - first).days + 1

    def covered(self, n):
        """(first, last) day of period `n` that lie in the range."""
        start = self.periods[n]
        return max(start, self.first_day), min(period_end(start, self.grain), self.last_day)

    def rows(self):
        """(period start, incidents, reported intercepted as a ReportedSum, days without a
        statement, days in the range) per period, for the table that mirrors the chart."""
        for n, (start, reported) in enumerate(zip(self.periods, self.counts.sums(), strict=True)):
            yield start, reported.incidents, reported, self.days_without_statement[n], self.days(n)

    def as_json(self) -> dict:
        window = AVERAGE_WINDOW[self.grain]
        intercepted = self.counts.intercepted_or_none()
        # The averages run over the periods the record holds statements on: a period with none
        # on any of its days is left out, as one whose incidents gave no figure is, never a 0.
        gaps = self.unrecorded()
        return {
            "grain": self.grain,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "periods": [start.isoformat() for start in self.periods],
            "incidents": self.counts.incidents,
            # null where the period's incidents all gave no figure: no figure is not 0.
            "intercepted": intercepted,
            "intercepted_without_figure": self.counts.without_figure(),
            # Days of each period on which the record holds no statement: a gap, not a 0.
            "days": [self.days(n) for n in range(len(self.periods))],
            # A period the range covers in part (the month so far): fewer days, not a drop.
            "period_days": [
                (period_end(start, self.grain) - start).days + 1 for start in self.periods
            ],
            "days_without_statement": self.days_without_statement,
            "average_window": window,
            # Over the periods with a figure: one whose incidents gave none is left out, not 0.
            "intercepted_average": figures.moving_mean(_leave_out(intercepted, gaps), window),
            "incidents_average": figures.moving_mean(
                _leave_out(self.counts.incidents, gaps), window
            ),
            "by_threat": [
                {
                    "slug": s.slug,
                    "label": str(s.label),
                    "incidents": s.counts.incidents,
                    "intercepted": s.counts.intercepted_or_none(),
                    "intercepted_without_figure": s.counts.without_figure(),
                }
                for s in self.by_threat
            ],
        }


def _leave_out(values, gaps):
    return [None if gap else value for value, gap in zip(values, gaps, strict=True)]


def series(incidents, *, start=None, end=None, grain=None) -> Series:
    """Zero-filled counts of `incidents` (a filtered queryset, or a rollup Selection) per
    period of `grain` (None: auto_grain()), in one query.

    The range runs from `start` (default: the first day with data) to `end` (default: the last
    day with data; never past today, since future days have no reports yet).
    """
    by_period = hasattr(incidents, "period_counts")  # a rollup Selection
    if by_period:
        # The range first (an index probe), so the grain is known, and the database adds the
        # days up into periods: fewer rows to fetch and to add up here.
        first_with_data, last_with_data = incidents.date_span()
    else:
        rows = _daily_rows(incidents.daily_counts())
        first_with_data, last_with_data = (rows[0][0], rows[-1][0]) if rows else (None, None)
    span = day_range(first_with_data, last_with_data, start, end, timezone.localdate())
    if span is None:
        return Series(grain or "day", None, None, [], Counts.zeros(0), [])
    first_day, last_day = span[0], span[0] + dt.timedelta(days=span[1] - 1)
    grain = grain or auto_grain(first_day, last_day)
    periods = periods_between(first_day, last_day, grain)
    if by_period:
        # Every row lies in the range (the selection's own dates bound it), so a period's
        # first day stands for its days.
        rows = _daily_rows(incidents.period_counts(grain))
        first_day_in = periods[0]
    else:
        first_day_in = first_day
    per_threat = _per_period(rows, first_day_in, last_day, grain, len(periods))
    totals = Counts.zeros(len(periods))
    for counts in per_threat.values():
        for name in ("incidents", "intercepted", "reporting"):
            setattr(totals, name, list(map(add, getattr(totals, name), getattr(counts, name))))
    # The legend's names in the reader's language (the chart data, PNG and SVG say them).
    names = {
        threat.pk: (threat.slug, threat.local_name)
        for threat in ThreatType.objects.filter(pk__in=per_threat).only(
            "slug", "name", "name_ru", "name_uk"
        )
    }
    by_threat = sorted(
        (ThreatSeries(*names[pk], counts) for pk, counts in per_threat.items()),
        key=lambda s: (figures.sum_order(s.counts.overall()), -sum(s.counts.incidents), s.label),
    )
    unrecorded = _days_without_statement(first_day, last_day, grain, len(periods))
    return Series(grain, first_day, last_day, periods, totals, _top(by_threat), unrecorded)


def _days_without_statement(first_day, last_day, grain, length):
    """Per period, its days from `first_day` to `last_day` on which the record holds no
    statement (the record's days are read once per data version)."""
    recorded = remember("recorded-days", coverage.recorded_days)
    gaps = [0] * length
    base, day = _number(first_day, grain), first_day
    while day <= last_day:
        if day not in recorded:
            gaps[_number(day, grain) - base] += 1
        day += dt.timedelta(days=1)
    return gaps


def day_range(first_day, last_day, start, end, today):
    """(first day, number of days) of a chart's range, or None when it is empty: from `start`
    (else the first day with data) to `end` (else the last day with data), never past today
    unless the data is (future days have no reports yet)."""
    last_possible = max(today, last_day) if last_day else today
    start = start or first_day
    end = min(end or last_day or today, last_possible)
    if not start or end < start:
        return None
    return start, (end - start).days + 1


def _per_period(rows, first_day, last_day, grain, length):
    """The aggregated daily rows of the range added up per threat type and period, in one
    Python pass.

    (Measured at 100,000 incidents: zero-filling in PostgreSQL itself, with generate_series and
    array_agg, took 34 ms where fetching the aggregate and this loop take 14.)"""
    per_threat = {}  # threat type id -> Counts
    first, last = first_day.toordinal(), last_day.toordinal()
    base = _number(first_day, grain)
    for date, threat_id, incidents_that_day, intercepted, reporting in rows:
        if not first <= date.toordinal() <= last:
            continue
        n = _number(date, grain) - base
        counts = per_threat.get(threat_id)
        if counts is None:
            counts = per_threat[threat_id] = Counts.zeros(length)
        counts.incidents[n] += incidents_that_day
        counts.intercepted[n] += intercepted
        counts.reporting[n] += reporting
    return per_threat


def _daily_rows(query):
    """(day, threat type id, incidents, reported intercepted, incidents reporting it) per day
    (or period) and threat, by date, of a daily_counts() query.

    Read with a plain cursor: Django's per-value converters cost more than the zero-filling
    for a few years of days times threat types. SQLite hands dates back as ISO text.
    """
    sql, params = sql_of(query)
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if rows and isinstance(rows[0][0], str):
        rows = [(dt.date.fromisoformat(day), *counts) for day, *counts in rows]
    return rows


def _top(by_threat):
    """The SPLIT_THREATS largest threat types, and the rest summed as "Other threats".

    More stacked colours than that are hard to tell apart, and each series adds a number per
    period to every page that carries the chart.
    """
    if len(by_threat) <= SPLIT_THREATS + 1:
        return by_threat
    shown, rest = by_threat[:SPLIT_THREATS], by_threat[SPLIT_THREATS:]
    other = Counts(
        *(
            [sum(day) for day in zip(*(getattr(s.counts, name) for s in rest), strict=True)]
            for name in ("incidents", "intercepted", "reporting")
        )
    )
    return [*shown, ThreatSeries("other-threats", _("Other threats"), other)]
