"""Reading the rollups (incidents/models/derived.py); incidents/rebuilding.py rebuilds them with
the SQL incidents/rollup_sql.py generates.

A `Selection` answers what a queryset of published incidents answers for the public figures
(totals(), region_totals(), overview_figures(), daily_counts(), count()), from the smallest
rollup that has the dimensions the question needs: a million incidents become a few thousand
rows per year. It can stand in only for selections by date range, regions, threat types and
verification levels, and only on PostgreSQL, where triggers keep the rollups exact; anything
else reads the incidents.
"""

import datetime as dt

from django.db import connections, models
from django.db.models import DateField, Max, Min, OuterRef, Subquery, Sum
from django.db.models.functions import Cast, TruncMonth, TruncWeek

from incidents import figures
from incidents.models import (
    DailyDamageTotals,
    DailyDamageTypeTotals,
    DailyRegionThreatTotals,
    DailyRegionTotals,
    DailyThreatTotals,
    MonthlyDamageTotals,
    MonthlyRegionThreatTotals,
    MonthlyRegionTotals,
    Region,
)
from incidents.rollup_sql import COLUMNS


def available(using="default"):
    """Whether the rollups are kept (and so may be read) on this database."""
    return connections[using].vendor == "postgresql"


def _sum(column):
    # PostgreSQL sums a bigint column into a numeric: back to an integer in SQL, so that Python
    # sees ints whether the row came through the ORM or a plain cursor (stats.py).
    return Cast(Sum(column, default=0), models.BigIntegerField())


def _counted(parts, field, *, nonzero=False):
    """(id, incidents) rows per value of `field`, each part (rollup rows) summed apart and the
    parts joined in one query: an id may come in more than one row (whole months and the days
    at either end: add them up). `nonzero`: without rows whose sum is 0."""
    counts = [part.values_list(field).annotate(n=_sum("incidents")).order_by() for part in parts]
    if nonzero:
        counts = [count.filter(n__gt=0) for count in counts]
    return counts[0].union(*counts[1:], all=True) if len(counts) > 1 else counts[0]


def _sums():
    return {column: _sum(column) for column in COLUMNS}


def _next_month(day):
    """The first day of the month after `day`'s."""
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _month_before(first_day):
    """The first day of the month before the one starting on `first_day`."""
    return (first_day - dt.timedelta(days=1)).replace(day=1)


class Selection:
    """Published incidents between two dates (either open), of some regions, threat types and
    verification levels (None: all), read from the daily rollups."""

    def __init__(
        self, *, date_from=None, date_to=None, regions=None, threats=None, verification=None
    ):
        self.date_from, self.date_to = date_from, date_to
        self.regions, self.threats, self.verification = regions, threats, verification

    @property
    def _placed(self):
        """Whether regions or threat types are chosen."""
        return self.regions is not None or self.threats is not None

    def _rows(self, *, by_region=False, by_threat=False):
        """The rollup with the dimensions asked for (and filtered on), filtered."""
        by_region = by_region or self.regions is not None
        by_threat = by_threat or self.threats is not None
        if by_region and by_threat:
            rows = DailyRegionThreatTotals.objects.all()
        elif by_region:
            rows = DailyRegionTotals.objects.all()
        else:
            rows = DailyThreatTotals.objects.all()
        return self._filtered(rows)

    def _filtered(self, rows, *, dates=True):
        """`rows` of a daily rollup narrowed to this selection (`dates`: its range too)."""
        if dates and self.date_from:
            rows = rows.filter(date__gte=self.date_from)
        if dates and self.date_to:
            rows = rows.filter(date__lte=self.date_to)
        if self.regions is not None:
            rows = rows.filter(region_id__in=self.regions)
        if self.threats is not None:
            rows = rows.filter(threat_type_id__in=self.threats)
        if self.verification is not None:
            rows = rows.filter(verification__in=self.verification)
        return rows.order_by()

    def count(self):
        if self._placed and (months := self._months()) is not None:
            # A region's or a threat type's whole months from a monthly rollup, the partial
            # months' days from the daily one, in one query: at 1,000,000 incidents the table
            # filtered by a region and a threat type counted 2,700 daily rows in 8 ms.
            return sum(n for _, n in _counted(self._month_parts(*months), "region"))
        return self._rows().aggregate(n=_sum("incidents"))["n"]

    # The fields counts_by() can group by.
    GROUPS = frozenset({"region", "threat_type", "damage_types"})

    def counts_by(self, field):
        """(id, incidents) rows per region, threat type or damage type, as
        IncidentQuerySet.counts_by(); a region may come in more than one row (whole months and
        the days at either end: add them up)."""
        if field == "damage_types":
            return self._damage_counts()
        # Whole months (~1/30 of the days' rows) for a region's or a threat type's selection,
        # or per region; the daily threat rollup is small enough for the rest.
        months = self._months() if self._placed or field == "region" else None
        if months is not None:
            parts = self._month_parts(*months, by_threat=field == "threat_type")
        else:
            parts = [self._rows(by_region=field == "region", by_threat=field == "threat_type")]
        return _counted(parts, field)

    def _damage_counts(self):
        """(damage type, incidents) rows, a type in more than one row where whole months and the
        days at either end are read apart (add them up, as counts_by's regions)."""
        if not self._placed:
            # The rollup that has neither (~1/25 the rows of the daily one).
            parts = [self._filtered(DailyDamageTypeTotals.objects.all())]
        elif (months := self._months()) is not None:
            # A region's months are ~1/7 of its days' rows.
            parts = self._by_months(
                self._filtered(MonthlyDamageTotals.objects.all(), dates=False),
                self._filtered(DailyDamageTotals.objects.all()),
                *months,
            )
        else:
            parts = [self._filtered(DailyDamageTotals.objects.all())]
        # A damage count back at zero may stay as a row (the other rollups delete theirs).
        return _counted(parts, "damage_type", nonzero=True)

    def totals(self):
        if self._whole_months() is not None:
            return self.overview_figures()[0]
        rows = self._rows(by_region=True)
        row = rows.aggregate(
            regions=models.Count("region", distinct=True),
            first_date=Min("date"),
            last_date=Max("date"),
            **_sums(),
        )
        return figures.Totals.of_row(row, regions=row["regions"])

    def region_totals(self):
        months = self._whole_months()
        if months is None:
            rows = list(
                self._rows(by_region=True)
                .values("region")
                .annotate(first_date=Min("date"), last_date=Max("date"), **_sums())
                .filter(incidents__gt=0)
            )
            regions = Region.objects.in_bulk([row["region"] for row in rows])
            return figures.region_totals(rows, regions)
        return self._region_totals_by_months(*months)

    def _whole_months(self):
        """(first, last) month of the range that it covers whole (either None: open), or None
        when a region's figures are better read from the daily rows (a threat filter, which the
        monthly rollup lacks; a few regions, whose days the (region, date) index finds at
        once; or no whole month in the range)."""
        if self._placed:
            return None
        return self._months()

    def _months(self):
        """(first, last) month of the range that it covers whole (either None: open), or None
        when it covers no whole month."""
        start, end = self.date_from, self.date_to
        first = start if start is None or start.day == 1 else _next_month(start)
        if end is None:
            last = None
        elif _next_month(end) == end + dt.timedelta(days=1):  # the last day of its month
            last = end.replace(day=1)
        else:
            last = _month_before(end.replace(day=1))
        if first is not None and last is not None and first > last:
            return None
        return first, last

    def _month_parts(self, first, last, *, by_threat=False):
        """The selection's rows as the whole months first..last (either None: open) of the
        monthly rollup with the dimensions asked for (the region's, or the region and threat
        type's) and the days of the partial months at either end of the daily one."""
        by_threat = by_threat or self.threats is not None
        monthly = MonthlyRegionThreatTotals if by_threat else MonthlyRegionTotals
        return self._by_months(
            self._filtered(monthly.objects.all(), dates=False),
            self._rows(by_region=True, by_threat=by_threat),
            first,
            last,
        )

    def _by_months(self, monthly, daily, first, last):
        """`monthly` (a monthly rollup's rows, narrowed but for the dates) in the whole months
        first..last (either None: open), and `daily` (the daily rollup's, narrowed) in the days
        of the partial months at either end: the parts to add up."""
        if first:
            monthly = monthly.filter(date__gte=first)
        if last:
            monthly = monthly.filter(date__lte=last)
        parts = [monthly]
        if first and self.date_from and self.date_from < first:
            parts.append(daily.filter(date__lt=first))
        if last and self.date_to and self.date_to >= _next_month(last):
            parts.append(daily.filter(date__gte=_next_month(last)))
        return parts

    def _region_totals_by_months(self, first, last):
        """Sums of the whole months from the monthly rollup, of the partial months at either
        end from the daily one (one UNION query), and each region's first and last day from
        the daily rollup's (region, date) index: 30 x fewer rows read than the days alone."""
        parts = self._month_parts(first, last)
        daily = self._rows(by_region=True)
        sums = [part.order_by().values("region").annotate(**_sums()) for part in parts]
        rows = {}
        for row in sums[0].union(*sums[1:], all=True):
            found = rows.setdefault(row["region"], dict.fromkeys(COLUMNS, 0))
            for column in COLUMNS:
                found[column] += row[column]
        day = daily.filter(region=OuterRef("pk")).values("date")
        regions = Region.objects.filter(pk__in=rows).annotate(
            first_date=Subquery(day.order_by("date")[:1]),
            last_date=Subquery(day.order_by("-date")[:1]),
        )
        regions = {region.pk: region for region in regions}
        for pk, row in rows.items():
            region = regions[pk]
            row.update(region=pk, first_date=region.first_date, last_date=region.last_date)
        return figures.region_totals([row for row in rows.values() if row["incidents"]], regions)

    def overview_figures(self):
        regions = self.region_totals()
        return figures.Totals.summed(regions), regions

    def date_span(self):
        """(first, last) day with incidents, or (None, None): two probes of the rollup's date
        index."""
        span = self._rows(by_threat=True).aggregate(first=Min("date"), last=Max("date"))
        return span["first"], span["last"]

    def period_counts(self, grain):
        """daily_counts() added up per period of `grain` ("day", "week": ISO weeks from Monday,
        "month") in the database, each row dated by its period's first day: a chart by month
        reads ~30 x fewer rows into Python than by day."""
        if grain == "day":
            return self.daily_counts()
        period = (TruncMonth if grain == "month" else TruncWeek)("date", output_field=DateField())
        return self.daily_counts(period)

    def daily_counts(self, period=None):
        """Per (day, threat type id), days with data only, in date order: as
        IncidentQuerySet.daily_counts() names them."""
        rows = self._rows(by_threat=True)
        if period is not None:
            rows = rows.annotate(period=period)
        day = "date" if period is None else "period"
        return (
            rows.values(day, "threat_type")
            .annotate(
                incidents_=_sum("incidents"),
                intercepted_sum_=_sum("intercepted_sum"),
                intercepted_reported_=_sum("intercepted_reported"),
            )
            .values_list(
                day, "threat_type", "incidents_", "intercepted_sum_", "intercepted_reported_"
            )
            .order_by(day, "threat_type")
        )
