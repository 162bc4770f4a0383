"""The harness's in-process probe: runs inside Django, measures, prints one JSON document.

    python bench/probe.py export --mode view --query "region=..." --runs 5
    python bench/probe.py export --mode raw --query "" --runs 5     # COPY of the raw table
    python bench/probe.py export --mode own --query "" --runs 5     # COPY of the export's SELECT
    python bench/probe.py pages --runs 5
    python bench/probe.py load-urls

Run by bench/run.py as a subprocess with the environment it chooses (database, DEBUG=0...), so
every measurement happens in a fresh process whose peak memory is its own.
"""

import argparse
import datetime as dt
import json
import os
import resource
import sys
import time
from itertools import product
from pathlib import Path
from urllib.parse import quote

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
from incidents.choices import Verification  # noqa: E402
from incidents.internals import copy_to_stdout, sql_of  # noqa: E402
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


def copy_out(sql, params=()):
    """(bytes, lines) of PostgreSQL's own COPY of `sql` as CSV, read through psycopg."""
    size = lines = 0
    with connection.cursor() as cursor, copy_to_stdout(cursor, sql, params) as copy:
        for data in copy:
            size += len(data)
            lines += bytes(data).count(b"\n")
    return size, lines


def export_raw(client, query):
    """The physical floor: COPY of the raw incident table, every column, no joins. All rows
    for the unfiltered case (`SELECT *`), else the same WHERE as the export's."""
    if not query:
        return copy_out(f"SELECT * FROM {Incident._meta.db_table}")
    return copy_out(*sql_of(filtered(query).order_by()))


def export_own(client, query):
    """COPY of the export's own SELECT: what the database alone spends on our rows (joins,
    formatting in SQL), without Python or HTTP. Explains the gap to the floor; not a target."""
    request = RequestFactory().get("/", **SECURE)
    base_url = request.build_absolute_uri(reverse("dashboard:incident-list"))
    rows = exports.export_rows(filtered(query), base_url=base_url, strength=PLAIN)
    return copy_out(*sql_of(rows))


def run_export(args):
    client = Client()
    # Warm up on an empty result: imports, URL resolver, connection; not the rows.
    export_view(client, "date_from=2100-01-01")
    idle_kb, _ = memory_kb()
    measure = {"view": export_view, "raw": export_raw, "own": export_own}[args.mode]
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
        return "/en/incidents/"
    row = published.with_sort_key("date").sorted_by("date", descending=True)[position - 1]
    return f"/en/incidents/?cursor={pagination.cursor_after(row)}"


def page_urls():
    published = Incident.objects.published()
    ids = published.order_by("id").values_list("id", flat=True)
    middle = ids[published.count() // 2] if published.exists() else 0
    return {
        # The language's own address: "/" answers a redirect to it (measured as 0.3 ms before).
        cases.OVERVIEW: "/en/",
        cases.OVERVIEW_UNIQUE: "/en/",  # measure_url adds a date_from never asked before
        cases.REGION_PAGE: f"/en/regions/{cases.REGION_SLUG}/",
        cases.TABLE_FIRST: "/en/incidents/",
        cases.TABLE_DEEP: page_link(0.9),
        cases.TABLE_LAST: "/en/incidents/?cursor=last",
        cases.TABLE_FILTERED: f"/en/incidents/?{cases.FILTER}",
        cases.SEARCH_RARE: f"/en/incidents/?q={cases.RARE_WORD}",
        cases.SEARCH_NAMED: f"/en/incidents/?q={quote(cases.NAMED_QUERY)}",
        cases.SEARCH_REGION: f"/en/incidents/?q={quote(cases.REGION_QUERY)}",
        cases.DETAIL: f"/en/incidents/{middle}/",
    }


def timed_get(client, url):
    started = time.perf_counter()
    response = client.get(url, **SECURE)
    elapsed = time.perf_counter() - started
    return response, elapsed


FIRST_DAY = dt.date(2023, 1, 1)
# A date_to past every incident: it selects the same rows, but the page cache, which keys on the
# parameters a view reads (dashboard/query.py), has never seen it. (An unknown parameter such as
# the earlier bench_run is dropped from the key, so it measured cached answers.)
FUTURE = dt.date(2100, 1, 1)


def unique_url(url, n, how):
    """`url` made new for run `n`: a `date_to` n days after FUTURE (the same rows, a key the
    page cache has not seen), or, with `how="date"`, a `date_from` n days after FIRST_DAY (a
    real filter never asked before, so nothing below the page cache is warm for it either).
    A page that reads no filter (an incident's own page) is answered from the cache after its
    first view whatever the parameters."""
    if how == "date":
        part = f"date_from={FIRST_DAY + dt.timedelta(days=n)}"
    else:
        part = f"date_to={FUTURE + dt.timedelta(days=n)}"
    return f"{url}{'&' if '?' in url else '?'}{part}"


def measure_url(client, url, runs, vary=None):
    """Server time of `runs` requests (after one warm-up) and the queries one request makes.

    With `vary` ("run" or "date"), every request is a URL asked for the first time (unique_url):
    the cost of computing the answer, not of remembering it.
    """

    def nth(n):
        return unique_url(url, n, vary) if vary else url

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


# The chart's floor, written by hand: the same aggregate over the rollup the chart reads (what
# IncidentFilter.figures() picks for that filter), and over the incident table itself.
BARE_SQL = {
    "rollup": (
        "SELECT date, threat_type_id, sum(incidents), sum(intercepted_sum),"
        " sum(intercepted_reported) FROM {table} {where} GROUP BY 1, 2 ORDER BY 1, 2"
    ),
    "incidents": (
        "SELECT date, threat_type_id, count(*), sum(intercepted), count(intercepted)"
        " FROM incidents_incident WHERE status = 'published' {where} GROUP BY 1, 2 ORDER BY 1, 2"
    ),
}


# The search's floor: the full-text index alone, ranked, one page of ids (no incident row, no
# filter, no count), for the same words read as websearch_to_tsquery reads them.
BARE_SEARCH = (
    "SELECT d.incident_id, ts_rank(d.document, q) AS rank"
    " FROM incidents_searchdocument d, websearch_to_tsquery('russian', %s) q"
    " WHERE d.document @@ q ORDER BY rank DESC, d.incident_id DESC LIMIT 51"
)
SEARCHES = {
    cases.SEARCH_RARE: cases.RARE_WORD,
    cases.SEARCH_NAMED: cases.NAMED_QUERY,
    cases.SEARCH_REGION: cases.REGION_QUERY,
}


def bare_sql(over, region_id=None):
    if over == "rollup":
        table = "incidents_dailyregionthreattotals" if region_id else "incidents_dailythreattotals"
        where = "WHERE region_id = %s" if region_id else ""
        return BARE_SQL[over].format(table=table, where=where), [region_id] if region_id else []
    where = "AND region_id = %s" if region_id else ""
    return BARE_SQL[over].format(where=where), [region_id] if region_id else []


def measure_sql(sql, params, runs):
    """A hand-written aggregate alone, executed with a cursor, rows fetched."""
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
    """Every in-process case, or with --only those cases and the baselines they are read
    against (a search against the unsearched table's first page and the bare full-text query)."""
    only = set(args.only or cases.ALL)
    if only & set(SEARCHES):
        only.add(cases.TABLE_FIRST)
    client = Client()
    urls = {name: url for name, url in page_urls().items() if name in only}
    # First views: every run misses the page cache (what a new filter costs)...
    results = {
        name: measure_url(
            client, url, args.runs, vary="date" if name == cases.OVERVIEW_UNIQUE else "run"
        )
        for name, url in urls.items()
    }
    # ...and a view someone already asked for (what the cache answers).
    if cases.TABLE_REPEATED in only:
        results[cases.TABLE_REPEATED] = measure_url(client, "/en/incidents/", args.runs)
    sql, floors = {}, {}
    if only & set(cases.CHARTS):
        chart = reverse("dashboard:daily-chart-data")
        whole = measure_url(client, chart, args.runs, vary="run")
        region = measure_url(client, f"{chart}?{cases.REGION}", args.runs, vary="run")
        region_id = Region.objects.get(slug=cases.REGION_SLUG).pk
        results.update(
            {
                cases.CHART_ALL: whole,
                cases.CHART_ALL_INCIDENTS: whole,
                cases.CHART_REGION: region,
                cases.CHART_REGION_INCIDENTS: region,
                cases.CHART_REPEATED: measure_url(client, chart, args.runs),
            }
        )
        floors = {
            cases.CHART_ALL: bare_sql("rollup"),
            cases.CHART_ALL_INCIDENTS: bare_sql("incidents"),
            cases.CHART_REGION: bare_sql("rollup", region_id),
            cases.CHART_REGION_INCIDENTS: bare_sql("incidents", region_id),
        }
        sql = {case: measure_sql(*floor, args.runs) for case, floor in floors.items()}
        sql[cases.CHART_REPEATED] = sql[cases.CHART_ALL]
    searched = {
        case: measure_sql(BARE_SEARCH, [words], args.runs)
        for case, words in SEARCHES.items()
        if case in only
    }
    return {
        "cases": results,
        "sql": sql,
        "sql_text": {c: f[0] for c, f in floors.items()},
        "search_sql": searched,
    }


def run_load_urls(args):
    """Bases of the URLs for the load tests: filters, date ranges, pages and sorts. The wrk
    script (servers.UNIQUE_URLS) makes every request's URL one not asked before."""
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
        [f"/en/incidents/?{f}" for f in filters]
        + [page_link(k / 20) for k in range(20)]
        + ["/en/incidents/?cursor=last"]
        + [f"/en/incidents/?sort={s}" for s in ("-intercepted", "region", "-casualties", "threat")]
    )
    # The overview's filters are those the rollups answer (regions, threats, verification; the
    # wrk script adds a date range never asked before to every request): no text search.
    levels = [v.value for v in Verification]
    overview = (
        [""]
        + [f"region={slug}" for slug in regions[::3] + busiest]
        + [f"threat={slug}" for slug in threats]
        + [f"region={r}&threat={t}" for r, t in product(busiest, threats[:3])]
        + [f"verification={v}" for v in levels]
        + [f"region={r}&verification={v}" for r, v in product(busiest[:3], levels)]
    )
    return {"overview": [f"/en/?{f}&" if f else "/en/?" for f in overview], "table": table}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export")
    export.add_argument("--mode", choices=["view", "raw", "own"], required=True)
    export.add_argument("--query", default="")
    export.add_argument("--runs", type=int, default=5)
    pages = sub.add_parser("pages")
    pages.add_argument("--runs", type=int, default=5)
    pages.add_argument("--only", action="append", help="A case to measure (default: all).")
    sub.add_parser("load-urls")
    args = parser.parse_args()
    run = {"export": run_export, "pages": run_pages, "load-urls": run_load_urls}[args.command]
    print(json.dumps(run(args)))


if __name__ == "__main__":
    main()
