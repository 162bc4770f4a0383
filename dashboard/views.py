"""Public pages. Thin: the FilterSet binds and validates (filters.filtered), querysets and stats
do the work, templates show it."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from dashboard import facets, httpcache, pagination, regionmap, searchhints
from dashboard.charts import Chart, series_for
from dashboard.embeds import ChartLinks
from dashboard.filters import FILTER_READS, bind, filtered, invalid_json, invalid_page
from dashboard.freshness import cached_public_page, read_stamp, shared
from dashboard.parameters import MEASURES, RELEVANCE
from dashboard.query import Reads
from incidents import figures, reconciliation
from incidents.choices import Reporting, SourceKind, Status, Verification
from incidents.models import Correction, DamageType, Incident, Region, ThreatType
from incidents.schema import REGION_TOTALS, TABLES
from incidents.statement_tables import CLAIMS_COMPARED
from incidents.vocabularies import aliases

TABLE_PAGE_SIZE = 50
TOP_REGIONS = 10
DAILY_PAGE_SIZE = 100
DAILY_HEADINGS = {
    "day": _lazy("Incidents and reported intercepted, per day"),
    "week": _lazy("Incidents and reported intercepted, per week"),
    "month": _lazy("Incidents and reported intercepted, per month"),
}
# The daily table's first column: its rows are dates, so "Week of" is said once, in the heading
# (a row of "Week of 30 Nov 2026" took four lines on a phone).
PERIOD_HEADINGS = {"day": _lazy("Day"), "week": _lazy("Week of"), "month": _lazy("Month")}
COMPARE_MAX = 4  # more charts than this stop being a comparison on a phone
LATEST = 10
# What the cached views read of the query string (dashboard/query.py); nothing else reaches them.
NOTHING = Reads()
TABLE_READS = FILTER_READS | Reads(single=frozenset({"cursor"}))
CORRECTIONS_READS = Reads(single=frozenset({"page"}))
DAILY_READS = FILTER_READS | Reads(single=frozenset({"page"}))
REGIONS_READS = FILTER_READS | Reads(single=frozenset({"order"}))
DEFAULT_REGION_ORDER = "-intercepted"


@require_safe
@cached_public_page(FILTER_READS)
@filtered(invalid_page("dashboard/overview.html"))
def overview(request, filterset):
    totals, regions = filterset.figures().overview_figures()
    chart = Chart.of_totals(filterset, totals)
    context = {
        "map": map_of(filterset, chart, regions),
        "filterset": filterset,
        "totals": totals,
        "top_regions": regions[:TOP_REGIONS],
        "latest": filterset.qs.newest(LATEST, among=totals.incidents),
        "chart": chart,
        "links": ChartLinks(chart, request),
        "facets": facets.counts(filterset),
    }
    return render(request, "dashboard/overview.html", context)


def map_of(filterset, chart, region_totals):
    """The tile map of the selection's regions, shaded by the chart's measure."""
    return regionmap.build(
        region_totals,
        measure=chart.measure,
        measure_label=chart.measure_label,
        query=filterset.data,
    )


@require_safe
@cached_public_page(FILTER_READS)
@filtered(invalid_page("dashboard/map.html"))
def region_map(request, filterset):
    """Every region as a tile, shaded by the measure, under the reader's filter."""
    totals, regions = filterset.figures().overview_figures()
    chart = Chart.of_totals(filterset, totals)
    context = {
        "filterset": filterset,
        "totals": totals,
        "chart": chart,
        "map": map_of(filterset, chart, regions),
        "measures": MEASURES,
        "facets": facets.counts(filterset),
    }
    return render(request, "dashboard/map.html", context)


@require_safe
@cached_public_page(FILTER_READS)
@filtered(invalid_page("dashboard/compare.html"))
def compare(request, filterset):
    """Two to COMPARE_MAX regions side by side: their totals, and a chart each on one scale."""
    chosen = sorted(filterset.form.cleaned_data.get("region") or [], key=lambda r: r.local_name)
    if len(chosen) > COMPARE_MAX:
        message = _("Choose at most %(n)d regions to compare.") % {"n": COMPARE_MAX}
        filterset.form.add_error("region", message)
        return invalid_page("dashboard/compare.html")(request, filterset)
    found = {t.region.slug: t for t in filterset.figures().region_totals()}
    totals = figures.Totals.summed(list(found.values()))
    chart = Chart.of_totals(filterset, totals)
    # One range of days for every chart (the selection's), so their periods line up.
    span = {}
    if chart.first_day:
        span = {"date_from": chart.first_day.isoformat(), "date_to": chart.last_day.isoformat()}
    context = {
        "filterset": filterset,
        "totals": totals,
        "chart": chart,
        "columns": [
            (
                region,
                found.get(region.slug),
                chart.json_url_for(region=region.slug, **span),
                chart.table_url_for(region=region.slug, **span),
            )
            for region in chosen
        ],
        "enough": len(chosen) >= 2,
        "facets": facets.counts(filterset),
    }
    return render(request, "dashboard/compare.html", context)


@require_safe
@cached_public_page(TABLE_READS)
@filtered(invalid_page("dashboard/incident_list.html"), planned=True)
def incident_list(request, filterset):
    key, descending = filterset.ordering
    cursor = request.GET.get("cursor") or None
    # Exact, always: a count on a page is the number of rows behind it. Shared by every page
    # (cursor, order) of one filter; it also numbers the pages. A ranked search sorts every
    # row it finds: its first page counts them in the same query.
    selection = list(FILTER_READS.canonical(request.GET).lists())
    counted_with_page = key == RELEVANCE and cursor is None
    count = None if counted_with_page else shared("count", selection, filterset.figures().count)
    try:
        page = pagination.paginate(
            filterset.qs.for_table(),
            key=key,
            descending=descending,
            cursor=cursor,
            total=counted_with_page,
            count=count,
        )
    except pagination.InvalidCursor as error:
        filterset.form.add_error(None, str(error))
        return invalid_page("dashboard/incident_list.html")(request, filterset)
    if count is None:
        count = shared("count", selection, lambda: page.total)
    context = {
        "filterset": filterset,
        "page": page,
        "count": count,
        "facets": facets.counts(filterset),
    }
    text = (filterset.form.cleaned_data.get("q") or "").strip()
    if text:
        context["region_hints"] = searchhints.region_filters(request, text)
        if not count:
            context["near_hints"] = searchhints.nothing_found(request, filterset, text)
    return render(request, "dashboard/incident_list.html", context)


@require_safe
@cached_public_page(NOTHING)
def incident_detail(request, pk):
    incident = get_object_or_404(Incident.objects.for_detail().exclude(status=Status.DRAFT), pk=pk)
    if incident.status == Status.RETRACTED:
        return render(request, "dashboard/incident_retracted.html", {"incident": incident})
    # Every source's claim for this date, region and threat, on this incident or another.
    published = Incident.objects.published().filter(
        date=incident.date, region=incident.region_id, threat_type=incident.threat_type_id
    )
    compared = reconciliation.side_by_side(published)
    context = {"incident": incident, "compared": compared[0] if compared else None}
    return render(request, "dashboard/incident_detail.html", context)


@require_safe
@cached_public_page(CORRECTIONS_READS)
def corrections(request):
    """Every public correction and retraction, newest first."""
    notes = Correction.objects.public().select_related("incident__region", "incident__threat_type")
    page = pagination.numbered_page(Paginator(notes, TABLE_PAGE_SIZE), request.GET.get("page"))
    return render(request, "dashboard/corrections.html", {"page": page})


@require_safe
@cached_public_page(REGIONS_READS)
@filtered(invalid_page("dashboard/region_list.html"))
def region_list(request, filterset):
    order = request.GET.get("order") or DEFAULT_REGION_ORDER
    if order.removeprefix("-") not in figures.REGION_ORDERS:
        filterset.form.add_error(None, _("The regions cannot be sorted by “%s”.") % order[:50])
        return invalid_page("dashboard/region_list.html")(request, filterset)
    regions = figures.ordered(
        filterset.figures().region_totals(),
        order.removeprefix("-"),
        descending=order.startswith("-"),
    )
    context = {
        "filterset": filterset,
        "regions": regions,
        "order": order,
        "facets": facets.counts(filterset),
    }
    return render(request, "dashboard/region_list.html", context)


@require_safe
@cached_public_page(FILTER_READS)
def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    # The region page is the table's filter with this one region: the same rows, and the same
    # query for its chart data.
    query = request.GET.copy()
    query.setlist("region", [region.slug])
    filterset = bind(query)
    template = "dashboard/region_detail.html"
    if not filterset.is_valid():
        return invalid_page(template)(request, filterset, region=region)
    totals = filterset.figures().totals()
    chart = Chart.of_totals(filterset, totals)
    context = {
        "region": region,
        "filterset": filterset,
        "totals": totals,
        "latest": filterset.qs.newest(LATEST, among=totals.incidents),
        "chart": chart,
        "links": ChartLinks(chart, request),
        # The region is the page's own: its picker is hidden.
        "facets": facets.counts(filterset, names=("threat", "damage")),
    }
    return render(request, template, context)


@require_safe
@cached_public_page(FILTER_READS, httpcache.CHARTS)
@filtered(invalid_json)
def daily_chart_data(request, filterset):
    """The chart's series for any filter, as JSON (the same numbers the pages draw), with its
    title, labels and source line."""
    series = series_for(filterset)
    data = Chart.of_series(filterset, series).as_json(series, request)
    return JsonResponse(data, json_dumps_params={"separators": (",", ":")})


@require_safe
@cached_public_page(DAILY_READS)
@filtered(invalid_page("dashboard/daily_table.html"))
def daily_table(request, filterset):
    """The numbers of any chart, a row a period of its grain, newest first: for screen readers
    and readers without JavaScript."""
    series = series_for(filterset)
    rows = list(series.rows())[::-1]
    context = {
        "filterset": filterset,
        "series": series,
        "page": pagination.numbered_page(Paginator(rows, DAILY_PAGE_SIZE), request.GET.get("page")),
        "chart": Chart.of_series(filterset, series),
        "heading": DAILY_HEADINGS[series.grain],
        "period_heading": PERIOD_HEADINGS[series.grain],
        "facets": facets.counts(filterset),
    }
    return render(request, "dashboard/daily_table.html", context)


@require_safe
@cached_public_page(NOTHING)
def about(request):
    return render(request, "dashboard/about.html")


@require_safe
@cached_public_page(NOTHING)
def codebook(request):
    """What every column of the exports means, generated from the models (it cannot drift)."""
    context = {
        "tables": [*TABLES.values(), REGION_TOTALS, CLAIMS_COMPARED],
        "threat_types": ThreatType.objects.all(),
        "damage_types": DamageType.objects.all(),
        "reporting": Reporting.choices,
        "verification": Verification.choices,
        "verification_help": Incident._meta.get_field("verification").help_text,
        "source_kinds": SourceKind.choices,
        "region_kinds": Region.Kind.choices,
        "search_names": aliases.concepts(),
        "today": timezone.localdate(),
        # What the whole-record downloads hold (from their snapshot, or streamed live alike).
        "stamp": read_stamp(),
    }
    return render(request, "dashboard/codebook.html", context)
