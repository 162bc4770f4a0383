"""Public pages. Thin: the FilterSet validates, querysets and stats do the work."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from dashboard.filters import IncidentFilter
from dashboard.stats import daily_series
from incidents.models import Incident, Region

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


def chart_context(incidents, filterset):
    series = daily_series(incidents, start=filterset.date_range[0], end=filterset.date_range[1])
    return {"series": series, "chart_data": series.as_json()}


@require_safe
def overview(request):
    filterset = filter_incidents(request)
    template = "dashboard/overview.html"
    if not filterset.is_valid():
        return render_invalid(request, template, filterset)
    incidents = filterset.qs
    context = {
        "filterset": filterset,
        "totals": incidents.totals(),
        "top_regions": incidents.per_region()[:TOP_REGIONS],
        "latest": incidents.latest(LATEST),
        **chart_context(incidents, filterset),
    }
    return render(request, template, context)


@require_safe
def incident_list(request):
    filterset = filter_incidents(request)
    template = "dashboard/incident_list.html"
    if not filterset.is_valid():
        return render_invalid(request, template, filterset)
    paginator = Paginator(filterset.qs.for_table(), TABLE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, template, {"filterset": filterset, "page": page})


@require_safe
def incident_detail(request, pk):
    incident = get_object_or_404(
        Incident.objects.for_detail().exclude(status=Incident.Status.DRAFT), pk=pk
    )
    if incident.status == Incident.Status.RETRACTED:
        return render(request, "dashboard/incident_retracted.html", {"incident": incident})
    return render(request, "dashboard/incident_detail.html", {"incident": incident})


@require_safe
def region_list(request):
    filterset = filter_incidents(request)
    template = "dashboard/region_list.html"
    if not filterset.is_valid():
        return render_invalid(request, template, filterset)
    return render(request, template, {"filterset": filterset, "regions": filterset.qs.per_region()})


@require_safe
def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    filterset = filter_incidents(request, Incident.objects.published().filter(region=region))
    template = "dashboard/region_detail.html"
    if not filterset.is_valid():
        return render_invalid(request, template, filterset, {"region": region})
    incidents = filterset.qs
    context = {
        "region": region,
        "filterset": filterset,
        "totals": incidents.totals(),
        "latest": incidents.latest(LATEST),
        **chart_context(incidents, filterset),
    }
    return render(request, template, context)


@require_safe
def daily_chart_data(request):
    """The daily series for any filter, as JSON (the same numbers the pages draw)."""
    filterset = filter_incidents(request)
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)
    return JsonResponse(chart_context(filterset.qs, filterset)["chart_data"])


@require_safe
def about(request):
    return render(request, "dashboard/about.html")
