"""The harness's in-process probe: runs inside Django, measures, prints one JSON document.

    python bench/probe.py export --mode view --query "region=..." --runs 5
    python bench/probe.py export --mode copy --query "" --runs 5
    python bench/probe.py pages --runs 5
    python bench/probe.py load-urls

Run by bench/run.py as a subprocess with the environment it chooses (database, DEBUG=0...), so
every measurement happens in a fresh process whose peak memory is its own.
"""

import argparse
import json
import os
import resource
import sys
import time
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the repository, not bench/, so `bench` is a package
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench import cases  # noqa: E402
from dashboard import exports, pagination  # noqa: E402
from dashboard.filters import IncidentFilter  # noqa: E402
from incidents.cells import PLAIN  # noqa: E402
from incidents.models import Incident, Region, ThreatType  # noqa: E402

# The harness talks to the app as production's TLS proxy would (see SECURE_PROXY_SSL_HEADER).
SECURE = {"secure": True, "HTTP_X_FORWARDED_PROTO": "https"}


def memory_kb():
    """(current RSS, peak RSS) of this process in KB."""
    status = Path("/proc/self/status")
    if status.exists():
        fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak, peak


def filtered(query):
    filterset = IncidentFilter(QueryDict(query), queryset=Incident.objects.published())
    if not filterset.is_valid():
        raise SystemExit(f"invalid filter {query!r}: {filterset.errors}")
    return filterset.qs


def export_view(client, query):
    """Our CSV export through the real view, its streamed body consumed as a client would."""
    response = client.get(reverse("dashboard:export-csv") + f"?{query}", **SECURE)
    assert response.status_code == 200, response.status_code
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    return size, lines - 1  # the header line


def export_copy(client, query):
    """PostgreSQL's own COPY of the export's SELECT: the most a streamed CSV could do."""
    request = RequestFactory().get("/", **SECURE)
    base_url = request.build_absolute_uri(reverse("dashboard:incident-list"))
    rows = exports.export_rows(filtered(query), base_url=base_url, strength=PLAIN)
    sql, params = rows.query.sql_with_params()
    size = lines = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy,
    ):
        for data in copy:
            size += len(data)
            lines += bytes(data).count(b"\n")
    return size, lines


def run_export(args):
    client = Client()
    # Warm up on an empty result: imports, URL resolver, connection; not the rows.
    export_view(client, "date_from=2100-01-01")
    idle_kb, _ = memory_kb()
    measure = export_view if args.mode == "view" else export_copy
    runs = []
    for _ in range(args.runs):
        started = time.perf_counter()
        size, rows = measure(client, args.query)
        runs.append({"seconds": time.perf_counter() - started, "bytes": size, "rows": rows})
    _, peak_kb = memory_kb()
    return {"runs": runs, "rss_idle_kb": idle_kb, "rss_peak_kb": peak_kb}


def page_link(fraction):
    """The table's own link to the page `fraction` of the way down (newest first).

    The table pages by keyset (dashboard/pagination.py): a page link names the row it follows.
    Finding that row here costs one OFFSET query, once, before any timing.
    """
    published = Incident.objects.published()
    count = published.count()
    position = min(count - 1, int(count * fraction))
    if position <= 0:
        return "/incidents/"
    row = published.with_sort_key("date").sorted_by("date", descending=True)[position - 1]
    return f"/incidents/?cursor={pagination.cursor_after(row)}"


def page_urls():
    published = Incident.objects.published()
    ids = published.order_by("id").values_list("id", flat=True)
    middle = ids[published.count() // 2] if published.exists() else 0
    return {
        cases.OVERVIEW: "/",
        cases.TABLE_FIRST: "/incidents/",
        cases.TABLE_DEEP: page_link(0.9),
        cases.TABLE_LAST: "/incidents/?cursor=last",
        cases.TABLE_FILTERED: f"/incidents/?{cases.FILTER}",
        cases.SEARCH_RARE: f"/incidents/?q={cases.RARE_WORD}",
        cases.DETAIL: f"/incidents/{middle}/",
    }


def timed_get(client, url):
    started = time.perf_counter()
    response = client.get(url, **SECURE)
    elapsed = time.perf_counter() - started
    return response, elapsed


def measure_url(client, url, runs, vary=False):
    """Server time of `runs` requests (after one warm-up) and the queries one request makes.

    With `vary`, each request carries a parameter the app ignores, so that nothing keyed on the
    URL can answer it: the cost of computing the answer, not of remembering it.
    """

    def nth(n):
        return f"{url}{'&' if '?' in url else '?'}bench_run={n}" if vary else url

    response, _ = timed_get(client, nth(0))
    times = []
    for n in range(1, runs + 1):
        response, elapsed = timed_get(client, nth(n))
        times.append(elapsed)
    with CaptureQueriesContext(connection) as queries:
        client.get(nth(runs + 1), **SECURE)
    return {
        "url": url,
        "times": times,
        "queries": len(queries.captured_queries),
        "status": response.status_code,
        "bytes": len(response.content),
    }


def measure_sql(query, runs):
    """The chart's aggregate alone: its SQL executed with a cursor, rows fetched."""
    sql, params = filtered(query).daily_counts().query.sql_with_params()
    times = []
    with connection.cursor() as cursor:
        for n in range(runs + 1):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            if n:  # the first is a warm-up
                times.append(time.perf_counter() - started)
    return times


def run_pages(args):
    client = Client()
    # First views: every run misses the page cache (what a new filter costs)...
    results = {
        name: measure_url(client, url, args.runs, vary=True) for name, url in page_urls().items()
    }
    # ...and a view someone already asked for (what the cache answers).
    results[cases.TABLE_REPEATED] = measure_url(client, "/incidents/", args.runs)
    chart = reverse("dashboard:daily-chart-data")
    results[cases.CHART_ALL] = measure_url(client, chart, args.runs, vary=True)
    results[cases.CHART_REGION] = measure_url(client, f"{chart}?{cases.REGION}", args.runs, True)
    results[cases.CHART_REPEATED] = measure_url(client, chart, args.runs)
    sql = {
        cases.CHART_ALL: measure_sql("", args.runs),
        cases.CHART_REGION: measure_sql(cases.REGION, args.runs),
    }
    sql[cases.CHART_REPEATED] = sql[cases.CHART_ALL]
    return {"cases": results, "sql": sql}


def run_load_urls(args):
    """URLs for the varied load tests: common filters, date ranges, pages and sorts."""
    regions = list(Region.objects.order_by("slug").values_list("slug", flat=True))
    busiest = [
        "belgorod-oblast",
        "kursk-oblast",
        "bryansk-oblast",
        "moscow",
        "krasnodar-krai",
        "crimea",
        "rostov-oblast",
        "voronezh-oblast",
    ]
    busiest = [slug for slug in busiest if slug in regions]
    threats = list(ThreatType.objects.order_by("position").values_list("slug", flat=True))
    quarters = [
        (f"{year}-{m:02d}-01", f"{year}-{m + 2:02d}-28")
        for year in (2023, 2024, 2025)
        for m in (1, 4, 7, 10)
    ]
    filters = (
        [f"region={slug}" for slug in regions[::3] + busiest]
        + [f"threat={slug}" for slug in threats]
        + [f"region={r}&threat={t}" for r, t in product(busiest, threats[:3])]
        + [f"date_from={start}&date_to={end}" for start, end in quarters]
        + ["casualties=yes", "damage=fire", "min_intercepted=20", "source_kind=other"]
    )
    table = (
        [f"/incidents/?{f}" for f in filters]
        + [page_link(k / 20) for k in range(20)]
        + ["/incidents/?cursor=last"]
        + [f"/incidents/?sort={s}" for s in ("-intercepted", "region", "-casualties", "threat")]
    )
    return {"overview": [f"/?{f}" for f in filters], "table": table}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export")
    export.add_argument("--mode", choices=["view", "copy"], required=True)
    export.add_argument("--query", default="")
    export.add_argument("--runs", type=int, default=5)
    pages = sub.add_parser("pages")
    pages.add_argument("--runs", type=int, default=5)
    sub.add_parser("load-urls")
    args = parser.parse_args()
    run = {"export": run_export, "pages": run_pages, "load-urls": run_load_urls}[args.command]
    print(json.dumps(run(args)))


if __name__ == "__main__":
    main()
