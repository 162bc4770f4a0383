"""The one FilterSet behind every public view (table, overview, charts, region pages, exports),
where its figures and facet counts are read from, and the binding of a request to it (`bind`,
`filtered`, the answers to an unreadable query): because all of them validate the query string
here, a shared URL, its chart and its download always select the same rows; callers must check
`is_valid()` before touching `.qs`. The fields that check each value's shape are in
dashboard/filterfields.py, the vocabularies other modules read without filtering in
dashboard/parameters.py, so this module reads as what readers filter by and how.
"""

from contextlib import nullcontext
from functools import wraps

import django_filters
from django import forms
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from dashboard.filterfields import (
    DATE_VALIDATORS,
    IntegerFilter,
    IsoDateFilter,
    SlugMultipleChoiceFilter,
    searchable,
)
from dashboard.parameters import (
    AVERAGES,
    DEFAULT_SORT,
    GRAINS,
    MEASURES,
    RELEVANCE,
    SORT_CHOICES,
    SPLITS,
    VIEW_PARAMETERS,
)
from dashboard.query import Reads
from incidents import rollups, search
from incidents.choices import SourceKind, Verification
from incidents.limits import MAX_COUNT
from incidents.models import DamageType, Incident, Region, ThreatType

# The filters a daily rollup can answer.
ROLLUP_FILTERS = {"date_from", "date_to", "region", "threat", "verification", *VIEW_PARAMETERS}


def _summed(rows):
    """{key: n} of (key, n) rows, a key's rows added up (several rollups: months, days)."""
    counts = {}
    for key, n in rows:
        counts[key] = counts.get(key, 0) + n
    return counts


def _given(value):
    """Whether a cleaned filter value narrows the rows (blank text and empty choices do not; a
    number does, 0 too: min_intercepted=0 keeps only the incidents that reported a figure)."""
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, int) or bool(value)


class IncidentFilter(django_filters.FilterSet):
    date_from = IsoDateFilter(
        field_name="date",
        lookup_expr="gte",
        label=_("From"),
        validators=DATE_VALIDATORS,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = IsoDateFilter(
        field_name="date",
        lookup_expr="lte",
        label=_("To"),
        validators=DATE_VALIDATORS,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    region = SlugMultipleChoiceFilter(
        field_name="region",
        queryset=Region.objects.all(),
        label=_("Regions"),
        widget=forms.CheckboxSelectMultiple,
    )
    threat = SlugMultipleChoiceFilter(
        field_name="threat_type",
        queryset=ThreatType.objects.all(),
        label=_("Threat types"),
        widget=forms.CheckboxSelectMultiple,
    )
    damage = SlugMultipleChoiceFilter(
        field_name="damage_types",
        queryset=DamageType.objects.all(),
        method="filter_damage",
        label=_("Damage types"),
        widget=forms.CheckboxSelectMultiple,
    )
    casualties = django_filters.ChoiceFilter(
        choices=[
            ("yes", _("Killed or injured reported")),
            ("no", _("No one reported killed or injured")),
        ],
        method="filter_casualties",
        label=_("Casualties"),
        empty_label=_("Any"),
        help_text=_("An incident whose source gave no killed or injured figure is in neither."),
    )
    source_kind = django_filters.MultipleChoiceFilter(
        choices=SourceKind.choices,
        method="filter_source_kind",
        label=_("Source kinds"),
        widget=forms.CheckboxSelectMultiple,
    )
    verification = django_filters.MultipleChoiceFilter(
        choices=Verification.choices,
        label=_("Verification"),
        widget=forms.CheckboxSelectMultiple,
    )
    min_intercepted = IntegerFilter(
        field_name="intercepted",
        method="filter_min_intercepted",
        label=_("Reported intercepted at least"),
        min_value=0,
        max_value=MAX_COUNT,
    )
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        max_length=200,
        validators=[searchable],
        help_text=_(
            "Words in English, Russian or Ukrainian; region and threat names in any form; "
            '"a phrase", -excluded, or.'
        ),
    )
    # Read by the table, the exports and the keyset pages (see `sort`); it selects no rows.
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="keep", label=_("Sort by"), empty_label=None
    )
    grain = django_filters.ChoiceFilter(
        choices=GRAINS, method="keep", label=_("Chart by"), empty_label=_("Automatic")
    )
    measure = django_filters.ChoiceFilter(
        choices=MEASURES, method="keep", label=_("Chart of"), empty_label=None
    )
    split = django_filters.ChoiceFilter(
        choices=SPLITS, method="keep", label=_("Split the chart by"), empty_label=_("Nothing")
    )
    average = django_filters.ChoiceFilter(
        choices=AVERAGES, method="keep", label=_("Moving average"), empty_label=_("Automatic")
    )

    # A range whose end comes before its start is no error: it selects nothing, as any other
    # range without incidents (each bound alone is valid; the API's schema cannot say more).
    class Meta:
        fields = []

    def keep(self, queryset, name, value):
        return queryset

    def __init__(self, data=None, *args, **kwargs):
        # A search is ranked unless the reader chose another order: the sort field says so,
        # so the form shows it and the next search keeps it.
        if data is not None and (data.get("q") or "").strip() and not data.get("sort"):
            data = data.copy()
            data["sort"] = RELEVANCE
        super().__init__(data, *args, **kwargs)

    @property
    def ordering(self):
        """(key, descending) of the order the reader chose; newest first by default, and for
        "best match first" without a search."""
        value = self.form.cleaned_data.get("sort") or DEFAULT_SORT
        if value == RELEVANCE and not (self.form.cleaned_data.get("q") or "").strip():
            value = DEFAULT_SORT
        return value.lstrip("-"), value == RELEVANCE or value.startswith("-")

    def filter_damage(self, queryset, name, value):
        return queryset.with_damage([damage.pk for damage in value]) if value else queryset

    def filter_casualties(self, queryset, name, value):
        return queryset.with_casualties_reported(value == "yes") if value else queryset

    def filter_min_intercepted(self, queryset, name, value):
        return queryset.reporting_at_least("intercepted", value)

    def filter_source_kind(self, queryset, name, value):
        return queryset.cited_by_kind(value) if value else queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.search(value) if value else queryset

    def figures(self, leave_out=None, grouped_by=None):
        """Where this selection's figures are read from: the daily rollups when the filter uses
        nothing they lack (dates, regions, threat types, verification; on PostgreSQL), else the
        incidents.
        Both answer totals(), region_totals(), overview_figures(), daily_counts(), count() and
        counts_by() with the same numbers (a property test holds them equal).

        `leave_out` names a filter to ignore (a facet's own, facet_counts()); `grouped_by` a
        field that counts_by() will group by (the rollups have no damage types)."""
        data = self.form.cleaned_data
        used = {name for name in self.filters if _given(data.get(name))} - {leave_out}
        if (
            not used <= ROLLUP_FILTERS
            or not rollups.available(self.queryset.db)
            or (grouped_by is not None and grouped_by not in rollups.Selection.GROUPS)
        ):
            return self.qs if leave_out is None else self._qs_without(leave_out)

        def chosen(name):
            return [choice.pk for choice in data[name]] if name in used else None

        return rollups.Selection(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            regions=chosen("region"),
            threats=chosen("threat"),
            verification=list(data["verification"]) if "verification" in used else None,
        )

    def _qs_without(self, name):
        """The incidents this filter selects with filter `name` left out (as filter_queryset()
        applies the others)."""
        queryset = self.queryset.all()
        for other, value in self.form.cleaned_data.items():
            if other != name:
                queryset = self.filters[other].filter(queryset, value)
        return queryset

    def facet_counts(self, names):
        """{name: {id: incidents}} for the choices of each filter in `names` (region, threat or
        damage): how many incidents each choice alone would select with the rest of this filter
        (the filter's own choices left out, as faceted search counts). Choices that select none
        are absent. The facets whose own filter is not used count this filter's incidents:
        when those are read from the incidents (not the rollups), one query counts them all."""
        data = self.form.cleaned_data
        sources, together = {}, []
        for name in names:
            field = self.filters[name].field_name
            if _given(data.get(name)):
                sources[name] = self.figures(leave_out=name, grouped_by=field)
                continue
            # Its own filter unused, it counts this filter's selection (not built again: a
            # search read again costs milliseconds of Python).
            source = self.figures(grouped_by=field)
            if isinstance(source, rollups.Selection):
                sources[name] = source
            else:
                together.append(name)
        if len(together) == 1:  # alone, its own query (the plan it always had)
            sources[together.pop()] = self.qs
        found = {
            name: source.counts_by(self.filters[name].field_name)
            for name, source in sources.items()
        }
        if together:
            fields = [self.filters[name].field_name for name in together]
            each = self.qs.counts_by_each(fields)
            found.update({name: each[field] for name, field in zip(together, fields, strict=True)})
        return {name: _summed(found[name]) for name in names}

    def planned(self):
        """A block whose queries are planned for this selection's search (incidents.search
        planned()); nothing changes without one."""
        return search.planned(self.queryset.db, self.form.cleaned_data.get("q") or "")

    @property
    def date_range(self):
        """The (from, to) dates the reader selected; either may be None."""
        data = self.form.cleaned_data
        return data.get("date_from"), data.get("date_to")

    @property
    def is_filtered(self):
        """Whether any filter (sorting and chart settings aside) narrows the rows."""
        return any(
            value.strip()
            for name in self.filters
            if name not in VIEW_PARAMETERS
            for value in self.data.getlist(name)
        )


# Binding a request --------------------------------------------------------------------------------

# The parameters the FilterSet reads, as dashboard/query.py reads them: pages, files and the API
# all bind the canonical form of a query, so a repeated parameter means the same everywhere.
FILTER_READS = Reads(
    single=frozenset(
        name
        for name, filter_ in IncidentFilter.base_filters.items()
        if not isinstance(filter_, django_filters.MultipleChoiceFilter)
    ),
    multiple=frozenset(
        name
        for name, filter_ in IncidentFilter.base_filters.items()
        if isinstance(filter_, django_filters.MultipleChoiceFilter)
    ),
)


def bind(query):
    """`query` (a QueryDict), as the filter reads it, bound to the FilterSet over published
    incidents only."""
    return IncidentFilter(FILTER_READS.canonical(query), queryset=Incident.objects.published())


def invalid_page(template):
    """A page's answer to an unreadable filter: the form with its errors and no rows (400)."""

    def answer(request, filterset, **context):
        context.update(filterset=filterset, invalid=True)
        return render(request, template, context, status=400)

    return answer


def invalid_json(request, filterset, **context):
    return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)


def invalid_text(request, filterset, **context):
    lines = [
        f"{field}: {error['message']}"
        for field, errors in filterset.errors.get_json_data().items()
        for error in errors
    ]
    body = "The filter could not be read, so nothing was exported:\n" + "\n".join(lines) + "\n"
    return HttpResponse(body, status=400, content_type="text/plain; charset=utf-8")


def filtered(invalid, *, planned=False):
    """A view that receives the reader's query string as a valid FilterSet (after `request`);
    an invalid one is answered by `invalid(request, filterset)`, never with partly filtered
    rows. With `planned`, a view that reads its rows before it returns (not a stream) runs
    with its queries planned for the search it is asked (IncidentFilter.planned())."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            filterset = bind(request.GET)
            if not filterset.is_valid():
                return invalid(request, filterset)
            with filterset.planned() if planned else nullcontext():
                return view(request, filterset, *args, **kwargs)

        return wrapper

    return decorator
