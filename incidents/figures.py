"""How a sum of (number, state) figures is read: one definition for every page, file and API.

An incident's count is a number, *not reported*, or *withheld*. A sum over incidents is the
sum of the numbers reported, *and* how many incidents gave none: a sum over incidents none of
which reported a figure is not 0, it is "no figure reported". Every total the public sees (the
headline cards, the region list and pages, the top regions, the charts' tooltips and tables,
the region totals CSV, the API) is a ReportedSum, aggregated by the expressions below.

Every other reading of a count is here too, each in SQL and in Python side by side (the test
tests/dashboard/test_figures_agree.py holds every reader to the Python one): a chart period's
figure and the moving average over periods (`period_figure`, `moving_mean`), the casualties
filter (`casualties_q`, `casualties`), the minimum filter (`at_least_q`), and the sort value of
one incident (`sort_expression`, `sort_value`) and of a sum (`sum_order`).
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from incidents.choices import COUNTS, Reporting

# Written once: the pages (ReportedSum's text), the charts' JSON and through it charts.js.
NO_FIGURE = _("no figure reported")
# The sort value of an incident that gave none of the figures sorted by: below every number,
# so it comes last newest-largest first and first smallest first, never among the zeros.
MISSING = -1


def number_text(number):
    """How every number of the record is written for readers, in their language's digits
    grouping, as the templates' intcomma writes it: 1,234 in English, 1 234 in Russian and
    Ukrainian (a Russian reader takes "9,898" for a decimal)."""
    return number_format(number, force_grouping=True)


def figure_text(number, state):
    """One incident's count as readers read it: the number, or why there is none (never 0)."""
    if number is not None:
        return number_text(number)
    return Reporting(state).label.lower()


@dataclass(frozen=True)
class ReportedSum:
    """The reported numbers of one count over some incidents, and who gave none."""

    incidents: int  # incidents summed over
    reported: int  # of which gave a number (0 included)
    withheld: int  # of which the source withheld the number
    total: int  # sum of the numbers reported

    @property
    def not_reported(self):
        return self.incidents - self.reported - self.withheld

    @property
    def without_figure(self):
        """Incidents whose figure is not in this sum (not reported or withheld)."""
        return self.incidents - self.reported

    @property
    def number(self):
        """The sum, or None when no incident reported a figure (never a made-up 0)."""
        return self.total if self.reported else None

    def __str__(self):
        return number_text(self.total) if self.reported else str(NO_FIGURE)

    @property
    def period_figure(self):
        """The sum as a chart's period shows it: 0 for a period without incidents (nothing
        recorded happened), None where its incidents all gave no figure (never 0)."""
        return self.total if self.reported or not self.incidents else None

    @classmethod
    def of(cls, pairs):
        """The definition in Python: the ReportedSum of (number, state) pairs."""
        pairs = list(pairs)
        return cls(
            incidents=len(pairs),
            reported=sum(1 for number, _state in pairs if number is not None),
            withheld=sum(1 for _number, state in pairs if state == Reporting.WITHHELD),
            total=sum(number for number, _state in pairs if number is not None),
        )

    def as_dict(self):
        return {
            "sum": self.number,
            "incidents_reporting": self.reported,
            "incidents_not_reported": self.not_reported,
            "incidents_withheld": self.withheld,
        }

    def __add__(self, other):
        return ReportedSum(
            self.incidents + other.incidents,
            self.reported + other.reported,
            self.withheld + other.withheld,
            self.total + other.total,
        )


def aggregates(count, *, prefix=""):
    """Aggregate expressions over incidents: what ReportedSum.of_row() reads back."""
    return {
        f"{prefix}{count}_sum": Sum(count, default=0),
        f"{prefix}{count}_reported": Count(count),
        f"{prefix}{count}_withheld": Count(
            "pk", filter=Q(**{f"{count}_status": Reporting.WITHHELD})
        ),
    }


def all_aggregates():
    """Every count's aggregates, and the number of incidents (`incidents`)."""
    expressions = {"incidents": Count("*")}
    for count in COUNTS:
        expressions.update(aggregates(count))
    return expressions


def of_row(row, count, *, prefix=""):
    """The ReportedSum of `count` in an aggregated row (a dict from all_aggregates())."""
    return ReportedSum(
        incidents=row[f"{prefix}incidents"],
        reported=row[f"{prefix}{count}_reported"],
        withheld=row[f"{prefix}{count}_withheld"],
        total=row[f"{prefix}{count}_sum"] or 0,
    )


@dataclass(frozen=True)
class Totals:
    """Headline figures of a selection of incidents."""

    incidents: int
    regions: int
    intercepted: ReportedSum
    killed: ReportedSum
    injured: ReportedSum
    first_date: object = None  # of the selection's first and last incidents
    last_date: object = None

    @classmethod
    def of_row(cls, row, *, regions):
        counts = (of_row(row, count) for count in COUNTS)
        return cls(row["incidents"], regions, *counts, row["first_date"], row["last_date"])

    @classmethod
    def summed(cls, parts):
        """The totals of disjoint parts (e.g. per region: every incident has one region)."""
        empty = ReportedSum(0, 0, 0, 0)
        return cls(
            incidents=sum(part.incidents for part in parts),
            regions=len(parts),
            intercepted=sum((part.intercepted for part in parts), empty),
            killed=sum((part.killed for part in parts), empty),
            injured=sum((part.injured for part in parts), empty),
            first_date=min((part.first_date for part in parts), default=None),
            last_date=max((part.last_date for part in parts), default=None),
        )

    def as_dict(self):
        return {
            "incidents": self.incidents,
            "regions": self.regions,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            **{count: getattr(self, count).as_dict() for count in COUNTS},
        }


@dataclass(frozen=True)
class RegionTotals:
    """One region's figures over a selection of incidents."""

    region: object  # a Region (name, name_ru, slug, iso_code)
    incidents: int
    intercepted: ReportedSum
    killed: ReportedSum
    injured: ReportedSum
    first_date: object
    last_date: object

    def as_dict(self):
        return {
            "region": self.region.name,
            "region_iso": self.region.iso_code,
            "slug": self.region.slug,
            "incidents": self.incidents,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            **{count: getattr(self, count).as_dict() for count in COUNTS},
        }


def region_totals(rows, regions):
    """RegionTotals of aggregated rows (each with "region", "first_date", "last_date" and
    all_aggregates()),
    largest reported intercepted first; `regions` maps the rows' region ids to regions."""
    totals = [
        RegionTotals(
            regions[row["region"]],
            row["incidents"],
            *(of_row(row, count) for count in COUNTS),
            row["first_date"],
            row["last_date"],
        )
        for row in rows
    ]
    totals.sort(key=lambda t: (sum_order(t.intercepted), -t.incidents, t.region.name))
    return totals


def sum_order(reported_sum):
    """Sort key of a sum, largest first: a sum no incident gave a figure to comes after every
    number (0 included)."""
    number = reported_sum.number
    return (number is None, -(number or 0))


REGION_ORDERS = ("name", "incidents", "intercepted")


def ordered(totals, key, *, descending):
    """RegionTotals sorted by the region's name, its incidents or its reported intercepted,
    ties by name. A region whose incidents gave no figure comes after every number, in both
    directions: "no figure" is not a small number (nor a large one)."""
    by_name = sorted(totals, key=lambda t: t.region.local_name.casefold())
    if key == "name":
        return by_name[::-1] if descending else by_name
    value = (lambda t: t.incidents) if key == "incidents" else (lambda t: t.intercepted.number)
    numbers = [t for t in by_name if value(t) is not None]
    numbers.sort(key=value, reverse=descending)  # stable: ties stay by name
    return numbers + [t for t in by_name if value(t) is None]


# One incident's counts --------------------------------------------------------------------------
# The SQL and the Python of each reading, side by side; a count's number is NULL exactly when its
# state is not "reported" (a constraint on Incident).


def sort_expression(*counts):
    """SQL: the sum of the numbers an incident gave of `counts`, or MISSING when it gave none.
    An IntegerField result: typed as the positive count fields, Django would drop a comparison
    with -1 as "always true"."""
    integer = models.IntegerField()
    if len(counts) == 1:
        return Coalesce(F(counts[0]), Value(MISSING), output_field=integer)
    # Sorted: a When compares its lookups in the order given, and the migrations hold them sorted.
    none_given = {f"{count}__isnull": True for count in sorted(counts)}
    given = sum(
        (Coalesce(F(count), Value(0)) for count in counts[1:]), Coalesce(F(counts[0]), Value(0))
    )
    return Case(When(**none_given, then=Value(MISSING)), default=given, output_field=integer)


def sort_value(*numbers):
    """Python: sort_expression() of one incident's numbers (None where none was given)."""
    given = [number for number in numbers if number is not None]
    return sum(given) if given else MISSING


def casualties_q(reported):
    """SQL: incidents that reported someone killed or injured (reported=True), or that reported
    no one killed and no one injured (reported=False). An incident that gave no figure for
    either is in neither: "not reported" is not "no casualties"."""
    if reported:
        return Q(killed__gt=0) | Q(injured__gt=0)
    return Q(killed=0, injured=0)


def casualties(killed, injured):
    """Python: True, False (as casualties_q selects them), or None for neither."""
    if (killed or 0) > 0 or (injured or 0) > 0:
        return True
    if killed == 0 and injured == 0:
        return False
    return None


def at_least_q(count, minimum):
    """SQL: incidents that reported at least `minimum` of `count` (a missing figure is not)."""
    return Q(**{f"{count}__gte": minimum})


def at_least(number, minimum):
    """Python: at_least_q() of one incident's number."""
    return number is not None and number >= minimum


def mean(figures):
    """The mean of the figures given (None is no figure: left out, not taken as 0), or None
    when none was given."""
    given = [figure for figure in figures if figure is not None]
    return round(sum(given) / len(given), 1) if given else None


def moving_mean(figures, window):
    """The mean() of each run of `window` periods ending at each period (None before the first
    full window)."""
    return [
        mean(figures[i + 1 - window : i + 1]) if i >= window - 1 else None
        for i in range(len(figures))
    ]
