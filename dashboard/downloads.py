"""Files: exactly the rows a filter selects (CSV, Excel CSV, JSON), per-region figures, and the
whole record as a data package. Streamed files run their query before the response starts
(exports.opened), so a database that cannot answer is a 503, never a 200 cut short."""

from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from dashboard import datapackage, exports
from dashboard.filters import filtered, invalid_json, invalid_text


def _attachment(response, filename, request):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
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


def _dated(name, extension):
    return f"{name}-{timezone.localdate().isoformat()}.{extension}"


@require_safe
@filtered(invalid_text)
def incidents_csv(request, filterset, bom=False):
    """Every published incident the filter selects, as CSV, streamed (no row cap)."""
    chunks = exports.csv_chunks(_exported(filterset), base_url=_incident_base_url(request), bom=bom)
    response = StreamingHttpResponse(exports.opened(chunks), content_type="text/csv; charset=utf-8")
    return _attachment(response, _dated("incidents", "csv"), request)


@require_safe
@filtered(invalid_json)
def incidents_json(request, filterset):
    """The same rows as the CSV, as one JSON document that says what it holds."""
    meta = {
        "title": "Air-defence incidents as officially reported",
        "filter": filterset.data.urlencode(),  # as read (dashboard/query.py)
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "codebook": request.build_absolute_uri(reverse("dashboard:codebook")),
        "note": "Figures are claims by the cited sources, not verified facts.",
    }
    chunks = exports.json_chunks(
        _exported(filterset), base_url=_incident_base_url(request), meta=meta
    )
    response = StreamingHttpResponse(exports.opened(chunks), content_type="application/json")
    return _attachment(response, _dated("incidents", "json"), request)


@require_safe
@filtered(invalid_text)
def region_totals_csv(request, filterset):
    """Per-region figures of any filter, as CSV (the numbers of /regions/)."""
    body = exports.region_totals_csv(filterset.figures().region_totals())
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    return _attachment(response, _dated("regions", "csv"), request)


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
