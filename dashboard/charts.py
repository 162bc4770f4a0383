"""A chart of a selection, described once: what it counts, by which grain, split and average,
its title ("Reported intercepted per week, UAV, Belgorod Oblast, 2025"), its labels and its
source line. The pages, the chart JSON, the PNG and SVG and the embed all take them from here,
so a chart reads the same wherever it is shown, and its query string draws it again exactly.
"""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format, get_format
from django.utils.timezone import localdate
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from config.languages import language_query
from dashboard import stats
from dashboard.parameters import MEASURES, VIEW_PARAMETERS
from dashboard.stats import AVERAGE_WINDOW, NO_STATEMENT, auto_grain, day_range, period_end
from incidents.figures import NO_FIGURE

SITE_NAME = _("Air-defence incident record")

TITLES = {
    ("intercepted", "day"): _("Reported intercepted per day"),
    ("intercepted", "week"): _("Reported intercepted per week"),
    ("intercepted", "month"): _("Reported intercepted per month"),
    ("incidents", "day"): _("Incidents per day"),
    ("incidents", "week"): _("Incidents per week"),
    ("incidents", "month"): _("Incidents per month"),
}
MEASURE_LABELS = dict(MEASURES)
AXIS_TITLES = {
    "day": _("Day"),
    "week": _("Week (Monday to Sunday)"),
    "month": _("Month"),
}
AVERAGE_LABELS = {
    "day": _("7-day average"),
    "week": _("4-week average"),
    "month": _("3-month average"),
}
assert set(AVERAGE_LABELS) == set(AVERAGE_WINDOW)
# Filters the title names itself; any other filter in use is listed in the chart's notes.
TITLED = {"date_from", "date_to", "region", "threat", *VIEW_PARAMETERS}


def day_text(day):
    """A date as the pages write it: 2 Dec 2026."""
    return date_format(day, "j M Y")


def period_label(start, grain):
    """A period as readers name it: 2 Dec 2026, the week of 30 Nov 2026, Nov 2026."""
    if grain == "week":
        return _t("Week of %(day)s") % {"day": day_text(start)}
    if grain == "month":
        return date_format(start, "M Y")
    return day_text(start)


def tick_label(start, grain):
    """A period on the axis (whose title says the grain): 2 Dec 2026, 30 Nov 2026, Nov 2026."""
    return date_format(start, "M Y") if grain == "month" else day_text(start)


@lru_cache(maxsize=8192)
def period_words(start, grain, language):
    """(label, tick) of a period in `language` (the active one, passed to key the cache): the
    same for every chart, so each process formats a period once, not once per request (a
    year by day is 365 formatted dates, most of a chart answer's Python time)."""
    return period_label(start, grain), tick_label(start, grain)


def span_text(first, last):
    """A range of days, as briefly as it is exact: 2025, Nov 2026, 2 Dec 2026, 1 Nov - 2 Dec
    2026."""
    whole_months = first.day == 1 and (last + dt.timedelta(days=1)).day == 1
    if whole_months and (first.month, last.month) == (1, 12):
        if first.year == last.year:
            return str(first.year)
        return f"{first.year}–{last.year}"
    if whole_months:
        if (first.year, first.month) == (last.year, last.month):
            return date_format(first, "M Y")
        return f"{date_format(first, 'M Y')} – {date_format(last, 'M Y')}"
    if first == last:
        return day_text(first)
    return f"{day_text(first)} – {day_text(last)}"


def _names(items, many):
    """One or two names, else how many there are."""
    names = [str(item) for item in items]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return _t("%(first)s and %(second)s") % {"first": names[0], "second": names[1]}
    return many(len(names))


def _value_text(field, value):
    """A cleaned filter value as text ("" when it selects nothing)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(str(item) for item in value)
    if isinstance(field, forms.ChoiceField):
        labels = dict(field.choices)
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(str(labels.get(v, v)) for v in values)
    return str(value)


def series_for(filterset):
    """The selection's counts per period of the chart's grain (as asked, else automatic)."""
    start, end = filterset.date_range
    grain = filterset.form.cleaned_data.get("grain") or None
    return stats.series(filterset.figures(), start=start, end=end, grain=grain)


@dataclass(frozen=True)
class Chart:
    """How a filter's selection is charted, with the range of days it covers (None: empty)."""

    filterset: object  # a valid IncidentFilter
    first_day: dt.date | None
    last_day: dt.date | None

    @classmethod
    def of_totals(cls, filterset, totals):
        """The chart of a page's selection, its range read from the page's totals (the page
        computes no series: the chart's own request does)."""
        span = day_range(totals.first_date, totals.last_date, *filterset.date_range, localdate())
        if span is None:
            return cls(filterset, None, None)
        return cls(filterset, span[0], span[0] + dt.timedelta(days=span[1] - 1))

    @classmethod
    def of_series(cls, filterset, series):
        return cls(filterset, series.first_day, series.last_day)

    # What it shows -------------------------------------------------------------------------

    @property
    def _data(self):
        return self.filterset.form.cleaned_data

    @property
    def grain(self):
        if self._data.get("grain"):
            return self._data["grain"]
        return auto_grain(self.first_day, self.last_day) if self.first_day else "day"

    @property
    def measure(self):
        return self._data.get("measure") or "intercepted"

    @property
    def split(self):
        return self._data.get("split") or None

    @property
    def average(self):
        """Whether the moving average is drawn: asked for, else only over days (weeks and
        months are already smooth)."""
        asked = self._data.get("average")
        return asked == "on" if asked else self.grain == "day"

    # Its words -------------------------------------------------------------------------------

    @property
    def title(self):
        """What, where and when: "Reported intercepted per week, UAV, Belgorod Oblast, 2025"."""
        parts = [str(TITLES[self.measure, self.grain])]
        threats = self._data.get("threat")
        if threats:
            parts.append(
                _names(
                    threats,
                    lambda n: ngettext("%(n)d threat type", "%(n)d threat types", n) % {"n": n},
                )
            )
        regions = self._data.get("region")
        if regions:
            parts.append(
                _names(regions, lambda n: ngettext("%(n)d region", "%(n)d regions", n) % {"n": n})
            )
        else:
            parts.append(_t("all regions"))
        if self.first_day:
            parts.append(span_text(self.first_day, self.last_day))
        return ", ".join(parts)

    @property
    def notes(self):
        """The filters in use that the title does not name: "Damage types: Fire"."""
        fields = self.filterset.form.fields
        return [
            _t("%(filter)s: %(value)s") % {"filter": fields[name].label, "value": text}
            for name, value in self._data.items()
            if name not in TITLED and (text := _value_text(fields[name], value))
        ]

    @property
    def measure_label(self):
        return MEASURE_LABELS[self.measure]

    def source(self, request):
        """The line every drawing of the chart carries: who claims, who compiled, where."""
        return _t("Claims by official sources, compiled by %(site)s, %(url)s") % {
            "site": SITE_NAME,
            "url": self.view_url(request),
        }

    def controls(self):
        """(name, label, [(value, label, chosen)]) of each setting the reader may change, the
        current one chosen (the automatic grain and average as they were resolved)."""
        fields = self.filterset.form.fields
        current = {
            "measure": self.measure,
            "grain": self.grain,
            "split": self.split or "",
            "average": "on" if self.average else "off",
        }
        return [
            (
                name,
                fields[name].label,
                [
                    (value, label, value == chosen)
                    for value, label in fields[name].choices
                    # "Automatic" is not offered: the grain and average are shown as resolved.
                    if value or name == "split"
                ],
            )
            for name, chosen in current.items()
        ]

    def filter_items(self):
        """(name, value) of the filter's parameters, the chart's settings left out."""
        return [
            (name, value)
            for name, values in self.query().lists()
            if name not in VIEW_PARAMETERS
            for value in values
        ]

    # Its addresses -------------------------------------------------------------------------

    def query(self, **changes):
        """The query string that draws this chart again: the filter's non-empty values, and the
        grain made explicit (the automatic one changes as the record grows)."""
        query = QueryDict(mutable=True)
        for name in self.filterset.filters:  # in the form's order, whatever the reader's
            values = [v for v in self.filterset.data.getlist(name) if v.strip()]
            if name == "grain":
                values = [self.grain]
            if values and name != "sort":
                query.setlist(name, values)
        for name, value in changes.items():
            if value is None:
                query.pop(name, None)
            else:
                query.setlist(name, value if isinstance(value, list) else [value])
        return query

    def _url(self, name, **changes):
        query = self.query(**changes).urlencode()
        return reverse(name) + (f"?{query}" if query else "")

    @property
    def json_url(self):
        # Chart data has a language-free address; the page asks for its own language's labels.
        return self._url("dashboard:daily-chart-data", **language_query())

    @property
    def table_url(self):
        return self._url("dashboard:daily-table")

    def json_url_for(self, **changes):
        """The chart data of this chart with `changes` to its query (one region of several)."""
        return self._url("dashboard:daily-chart-data", **changes, **language_query())

    def table_url_for(self, **changes):
        return self._url("dashboard:daily-table", **changes)

    def _view(self, **changes):
        """(path, query) of the page that shows this chart: one region's page, else the
        overview."""
        regions = [r for r in self.filterset.data.getlist("region") if r.strip()]
        if len(regions) == 1:
            path = reverse("dashboard:region-detail", args=[regions[0]])
            return path, self.query(region=None, **changes)
        return reverse("dashboard:overview"), self.query(**changes)

    def view_url(self, request):
        path, query = self._view()
        return request.build_absolute_uri(f"{path}?{query.urlencode()}")

    @property
    def threat_link(self):
        """The view of this chart for one threat type: the type's slug goes at the end."""
        path, query = self._view(threat=None)
        return f"{path}?{query.urlencode()}&threat="

    # As data ---------------------------------------------------------------------------------

    def as_json(self, series, request):
        """The series with everything needed to draw it as the pages do (labels in the page's
        language, so the script writes no words of its own)."""
        language, grain = get_language(), series.grain
        words = [period_words(start, grain, language) for start in series.periods]
        labels = []
        for n, (start, (label, _tick)) in enumerate(zip(series.periods, words, strict=True)):
            first, last = series.covered(n)
            if (first, last) != (start, period_end(start, grain)):
                label = _t("%(period)s (%(first)s – %(last)s only)") % {
                    "period": label,
                    "first": day_text(first),
                    "last": day_text(last),
                }
            labels.append(label)
        return {
            **series.as_json(),
            "title": self.title,
            "notes": self.notes,
            "source": self.source(request),
            "measure": self.measure,
            "split": self.split,
            "average": self.average,
            "labels": labels,
            "ticks": [tick for _label, tick in words],
            # The script writes numbers as the chart's pictures do (number_format in the page's
            # language: 1,234.5 / 1 234,5) with these, not with Intl, whose first NumberFormat
            # costs a page 15-20 ms: a long task on a throttled phone.
            "separators": {
                "thousands": get_format("THOUSAND_SEPARATOR"),
                "decimal": get_format("DECIMAL_SEPARATOR"),
            },
            "text": {
                "x_axis": str(AXIS_TITLES[series.grain]),
                "y_axis": str(self.measure_label),
                "average": str(AVERAGE_LABELS[series.grain]),
                "intercepted": str(MEASURE_LABELS["intercepted"]),
                "incidents": str(MEASURE_LABELS["incidents"]),
                "no_figure": str(NO_FIGURE),
                # The script puts the number in place of %(n)s: no plural rules needed.
                "without_figure": _t("incidents that gave no figure: %(n)s"),
                "no_statement": str(NO_STATEMENT),
                # The script puts in the numbers; the days are counted in the tooltip's title.
                "days_without_statement": _t(
                    "no statement in the record on %(n)s of %(days)s days"
                ),
                "partial_period": _t("part of the period: %(days)s of %(full)s days"),
            },
        }
