"""Public pages. Thin: the FilterSet validates, querysets and stats do the work."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from dashboard import datapackage, exports, pagination
from dashboard.filters import IncidentFilter
from dashboard.freshness import cached_public_page
from dashboard.stats import daily_series
from incidents.choices import Reporting, SourceKind, Verification
from incidents.models import Correction, DamageType, Incident, Region, ThreatType
from incidents.schema import REGION_TOTALS

TABLE_PAGE_SIZE = 50
TOP_REGIONS = 10
LATEST = 10


def filter_incidents(request, queryset=None):
    """The reader's query string, bound to the one FilterSet, over published incidents only."""
    if queryset is None:
        queryset = Incident.objects.published()
    return IncidentFilter(request.GET, queryset=queryset)


def render_invalid(request, template, filterset, context=None):
    """The page with the form's errors and no rows: never a partly filtered result."""
    return render(
        request, template, {**(context or {}), "filterset": filterset, "invalid": True}, status=400
    )


def series_for(incidents, filterset):
    return daily_series(incidents, start=filterset.date_range[0], end=filterset.date_range[1])


def chart_response(series):
    return JsonResponse(series.as_json(), json_dumps_params={"separators": (",", ":")})


def chart_url(query):
    """The URL the page's chart script fetches its numbers from: the JSON view, same filter."""
    query = query.copy()
    query.pop("cursor", None)
    return f"{reverse('dashboard:daily-chart-data')}?{query.urlencode()}"


@require_safe
@cached_public_page
def overview(request):
    filterset = filter_incidents(request)
    template = "dashboard/overview.html"
    if not filterset.is_valid():
        return render_invalid(request, template, filterset)
    incidents = filterset.qs
    totals, regions = incidents.overview_figures()
    series = series_for(incidents, filterset)
    context = {
        "filterset": filterset,
        "totals": totals,
        "top_regions": regions[:TOP_REGIONS],
        "latest": incidents.newest(LATEST),
        "series": series,
        "chart_url": chart_url(request.GET),
    }
    return render(request, template, context)


@require_safe
@cached_public_page
def incident_list(request):
    filterset = filter_incidents(request)
    template = "dashboard/incident_list.html"
    if not filterset.is_valid():
        return render_invalid(request, template, filterset)
    key, descending = filterset.ordering
    try:
        page = pagination.paginate(
            filterset.qs.for_table(),
            key=key,
            descending=descending,
            cursor=request.GET.get("cursor") or None,
        )
    except pagination.InvalidCursor as error:
        filterset.form.add_error(None, str(error))
        return render_invalid(request, template, filterset)
    # Exact, always: a count on a page is the number of rows behind it.
    context = {"filterset": filterset, "page": page, "count": filterset.qs.count()}
    return render(request, template, context)


@require_safe
@cached_public_page
def incident_detail(request, pk):
    incident = get_object_or_404(
        Incident.objects.for_detail().exclude(status=Incident.Status.DRAFT), pk=pk
    )
    if incident.status == Incident.Status.RETRACTED:
        return render(request, "dashboard/incident_retracted.html", {"incident": incident})
    return render(request, "dashboard/incident_detail.html", {"incident": incident})


@require_safe
@cached_public_page
def corrections(request):
    """Every public correction and retraction, newest first."""
    notes = Correction.objects.public().select_related("incident__region", "incident__threat_type")
    page = Paginator(notes, TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dashboard/corrections.html", {"page": page})


@require_safe
@cached_public_page
def region_list(request):
    filterset = filter_incidents(request)
    template = "dashboard/region_list.html"
    if not filterset.is_valid():
        return render_invalid(request, template, filterset)
    return render(
        request, template, {"filterset": filterset, "regions": filterset.qs.region_totals()}
    )


@require_safe
@cached_public_page
def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    # The region page is the table's filter with this one region: the same rows, and the same
    # query for its chart data.
    query = request.GET.copy()
    query.setlist("region", [region.slug])
    filterset = IncidentFilter(query, queryset=Incident.objects.published())
    template = "dashboard/region_detail.html"
    if not filterset.is_valid():
        return render_invalid(request, template, filterset, {"region": region})
    incidents = filterset.qs
    series = series_for(incidents, filterset)
    context = {
        "region": region,
        "filterset": filterset,
        "totals": incidents.totals(),
        "latest": incidents.newest(LATEST),
        "series": series,
        "chart_url": chart_url(query),
    }
    return render(request, template, context)


@require_safe
@cached_public_page
def daily_chart_data(request):
    """The daily series for any filter, as JSON (the same numbers the pages draw)."""
    filterset = filter_incidents(request)
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)
    return chart_response(series_for(filterset.qs, filterset))


@require_safe
@cached_public_page
def about(request):
    return render(request, "dashboard/about.html")


def _filter_errors_as_text(filterset):
    lines = [
        f"{field}: {error['message']}"
        for field, errors in filterset.errors.get_json_data().items()
        for error in errors
    ]
    return "The filter could not be read, so nothing was exported:\n" + "\n".join(lines) + "\n"


def _download(response, extension, request):
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.export_filename(extension, timezone.localdate())}"'
    )
    response["Link"] = (
        f'<{request.build_absolute_uri(reverse("dashboard:codebook"))}>; rel="describedby"'
    )
    return response


def _exported(filterset):
    """The filtered rows in the order the reader chose; by date, then id, if none."""
    if not filterset.form.cleaned_data.get("sort"):
        return filterset.qs
    key, descending = filterset.ordering
    return filterset.qs.sorted_by(key, descending=descending)


def _incident_base_url(request):
    return request.build_absolute_uri(reverse("dashboard:incident-list"))


@require_safe
def export_csv(request, bom=False):
    """Every published incident the filter selects, as CSV, streamed (no row cap)."""
    filterset = filter_incidents(request)
    if not filterset.is_valid():
        return HttpResponse(
            _filter_errors_as_text(filterset), status=400, content_type="text/plain; charset=utf-8"
        )
    chunks = exports.csv_chunks(_exported(filterset), base_url=_incident_base_url(request), bom=bom)
    response = StreamingHttpResponse(exports.opened(chunks), content_type="text/csv; charset=utf-8")
    return _download(response, "csv", request)


@require_safe
def region_totals_csv(request):
    """Per-region figures of any filter, as CSV (the numbers of /regions/)."""
    filterset = filter_incidents(request)
    if not filterset.is_valid():
        return HttpResponse(
            _filter_errors_as_text(filterset), status=400, content_type="text/plain; charset=utf-8"
        )
    body = exports.region_totals_csv(filterset.qs.region_totals())
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="regions-{timezone.localdate().isoformat()}.csv"'
    )
    return response


@require_safe
def export_json(request):
    """The same rows as the CSV, as one JSON document that says what it holds."""
    filterset = filter_incidents(request)
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)
    meta = {
        "title": "Air-defence incidents as officially reported",
        "filter": request.GET.urlencode(),
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "codebook": request.build_absolute_uri(reverse("dashboard:codebook")),
        "note": "Figures are claims by the cited sources, not verified facts.",
    }
    chunks = exports.json_chunks(
        _exported(filterset), base_url=_incident_base_url(request), meta=meta
    )
    response = StreamingHttpResponse(exports.opened(chunks), content_type="application/json")
    return _download(response, "json", request)


@require_safe
@cached_public_page
def codebook(request):
    """What every column of the exports means, generated from the models (it cannot drift)."""
    context = {
        "tables": [*datapackage.TABLES.values(), REGION_TOTALS],
        "threat_types": ThreatType.objects.all(),
        "damage_types": DamageType.objects.all(),
        "reporting": Reporting.choices,
        "verification": Verification.choices,
        "verification_help": Incident._meta.get_field("verification").help_text,
        "source_kinds": SourceKind.choices,
        "region_kinds": Region.Kind.choices,
        "today": timezone.localdate(),
    }
    return render(request, "dashboard/codebook.html", context)


@require_safe
def datapackage_descriptor(request):
    """datapackage.json for the full public record (Frictionless Tabular Data Package)."""
    codebook_url = request.build_absolute_uri(reverse("dashboard:codebook"))
    return JsonResponse(datapackage.descriptor(codebook_url=codebook_url))


@require_safe
def datapackage_table(request, name):
    """One table of the data package, in full, as CSV."""
    if name not in datapackage.TABLES:
        raise Http404("No such table in the data package.")
    if request.GET:
        return HttpResponse(
            "The data package holds the whole record and takes no filter. For the rows a "
            "filter selects, use /incidents.csv with the same query string.\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    chunks = exports.csv_chunks(
        datapackage.table_rows(name),
        base_url=_incident_base_url(request),
        table=datapackage.TABLES[name],
    )
    response = StreamingHttpResponse(exports.opened(chunks), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
