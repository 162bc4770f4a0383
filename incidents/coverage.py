"""Coverage: the days with no statement recorded. A day without a statement is a gap in the
record, never a day with nothing claimed (reconciliation and the charts say the two apart).

- coverage(): for each source that posts daily, the days of a period with none of its
  statements;
- recorded_days(): the days the record holds any public statement on at all (a chart's gaps).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import router

from incidents import rollups
from incidents.models import DailyThreatTotals, Incident, Source, Statement


@dataclass(frozen=True)
class Coverage:
    source: Source
    days: int  # days in the period
    missing: list  # dates with no statement from this source


def coverage(statements, *, start, end):
    """For each source that posts daily, the days from `start` to `end` with none of its
    `statements`: "no statement recorded", never "0 claimed". Two queries."""
    sources = list(Source.objects.filter(posts_daily=True).order_by("name"))
    seen = defaultdict(set)
    for source_id, date in (
        statements.filter(source__posts_daily=True, date__range=(start, end))
        .order_by()
        .values_list("source_id", "date")
        .distinct()
    ):
        seen[source_id].add(date)
    days = (
        [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
        if start <= end
        else []
    )
    return [
        Coverage(source, len(days), [day for day in days if day not in seen[source.pk]])
        for source in sources
    ]


def recorded_days():
    """The days any public statement counts on: a published incident's (each cites one) or a
    statement's own (a total with no claim). Any other day is a gap in the record, never a day
    with nothing claimed. One query: the daily rollup's dates and the statements' dates."""
    if rollups.available(router.db_for_read(DailyThreatTotals)):
        with_incidents = DailyThreatTotals.objects.filter(incidents__gt=0)
    else:  # no rollups kept (SQLite): the incidents' own dates
        with_incidents = Incident.objects.published()
    with_incidents = with_incidents.order_by().values_list("date", flat=True)
    statements = Statement.objects.public().order_by().values_list("date", flat=True)
    return frozenset(with_incidents.union(statements))
