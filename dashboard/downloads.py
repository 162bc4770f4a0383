"""Files: exactly the rows a filter selects (CSV, Excel CSV, JSON), per-region figures, and the
whole record as a data package. Streamed files run their query before the response starts
(exports.opened), so a database that cannot answer is a 503, never a 200 cut short. The whole
record (no filter) is sent from the snapshot of the current data version when there is one
(dashboard/snapshots.py), else streamed live like any other."""

from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from dashboard import datapackage, exports, httpcache, snapshots
from dashboard.charts import Chart, series_for
from dashboard.filenames import filter_filename, selection_filename
from dashboard.filters import FILTER_READS, filtered, invalid_json, invalid_text
from dashboard.freshness import public_http
from dashboard.query import Reads


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


def _snapshot(request, filterset, name, filename):
    """The snapshot's file `name` when the request selects the whole record (its query, as read,
    is empty) and a snapshot holds the current data version; None to stream live."""
    response = None if filterset.data else snapshots.response(request, name)
    return response and _attachment(response, filename, request)


@require_safe
@public_http(FILTER_READS)
@filtered(invalid_text)
def incidents_csv(request, filterset, bom=False):
    """Every published incident the filter selects, as CSV, streamed (no row cap)."""
    name = "incidents-excel.csv" if bom else "incidents.csv"
    filename = filter_filename("incidents", filterset, "csv")
    if response := _snapshot(request, filterset, name, filename):
        return response
    chunks = exports.csv_chunks(_exported(filterset), base_url=_incident_base_url(request), bom=bom)
    response = StreamingHttpResponse(exports.opened(chunks), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename, request)


@require_safe
@public_http(FILTER_READS)
@filtered(invalid_json)
def incidents_json(request, filterset):
    """The same rows as the CSV, as one JSON document that says what it holds."""
    filename = filter_filename("incidents", filterset, "json")
    if response := _snapshot(request, filterset, "incidents.json", filename):
        return response
    meta = exports.json_meta(
        codebook=request.build_absolute_uri(reverse("dashboard:codebook")),
        query=filterset.data.urlencode(),  # as read (dashboard/query.py)
    )
    chunks = exports.json_chunks(
        _exported(filterset), base_url=_incident_base_url(request), meta=meta
    )
    response = StreamingHttpResponse(exports.opened(chunks), content_type="application/json")
    return _attachment(response, filename, request)


@require_safe
@public_http(FILTER_READS)
@filtered(invalid_text)
def region_totals_csv(request, filterset):
    """Per-region figures of any filter, as CSV (the numbers of /regions/)."""
    body = exports.region_totals_csv(filterset.figures().region_totals())
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    return _attachment(response, filter_filename("regions", filterset, "csv"), request)


@require_safe
@public_http(FILTER_READS)
@filtered(invalid_text)
def daily_csv(request, filterset):
    """The figures of any chart, a row a period of its grain (the table of the chart's figures
    as CSV, oldest first as a series is read)."""
    series = series_for(filterset)
    body = exports.series_csv(series)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    chart = Chart.of_series(filterset, series)
    name = selection_filename(
        f"per-{series.grain}", filterset, chart.first_day, chart.last_day, "csv"
    )
    return _attachment(response, name, request)


def _whole_record_only():
    """The data package's answer to a query string: refused, not ignored (a filter would
    otherwise be dropped in silence and the whole record sent as if it were its rows)."""
    return HttpResponse(
        "The data package holds the whole record and reads no query string. For the rows a "
        "filter selects, use /incidents.csv with the same query string.\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@require_safe
@httpcache.from_code(httpcache.EXPORTS)
def datapackage_descriptor(request):
    """datapackage.json for the full public record (Frictionless Tabular Data Package)."""
    if request.GET:
        return _whole_record_only()
    codebook_url = request.build_absolute_uri(reverse("dashboard:codebook"))
    return JsonResponse(datapackage.descriptor(codebook_url=codebook_url))


@require_safe
@public_http(Reads())
def datapackage_table(request, name):
    """One table of the data package, in full, as CSV."""
    if name not in datapackage.TABLES:
        raise Http404("No such table in the data package.")
    if request.GET:
        return _whole_record_only()
    response = snapshots.response(request, f"{name}.csv")  # no filter: refused above
    if response:
        return _attachment(response, f"{name}.csv", request)
    chunks = exports.csv_chunks(
        datapackage.table_rows(name),
        base_url=_incident_base_url(request),
        table=datapackage.TABLES[name],
    )
    response = StreamingHttpResponse(exports.opened(chunks), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
