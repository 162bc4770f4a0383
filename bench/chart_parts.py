"""Where the chart JSON spends its time: the bare aggregate over the rollup it reads (the floor),
against the series built from it and the whole answer (series, words, JSON), computed directly
(never from the page cache), for each grain and measure; and one answer profiled.

    DATABASE_URL=postgres://... .venv/bin/python bench/chart_parts.py [--runs 9] [--profile]

The variants alternate run by run, so the machine's other work weighs on all alike; medians.
Run it against a bench database holding generated incidents (bench/README.md).
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from bench import cases  # noqa: E402
from bench.probe import bare_sql  # noqa: E402
from dashboard.charts import Chart, series_for  # noqa: E402
from dashboard.filters import bind  # noqa: E402
from incidents.models import Incident, Region  # noqa: E402

QUERIES = {
    "whole range": "",
    "one region": cases.REGION,
    "whole range, by month": "grain=month",
    "one region, by day, incidents": f"{cases.REGION}&grain=day&measure=incidents",
}


def answer(query, request):
    """What /charts/daily.json computes for `query`, below the page cache."""
    filterset = bind(QueryDict(query))
    assert filterset.is_valid(), filterset.errors
    series = series_for(filterset)
    data = Chart.of_series(filterset, series).as_json(series, request)
    return json.dumps(data, separators=(",", ":"))


def series_only(query):
    filterset = bind(QueryDict(query))
    assert filterset.is_valid(), filterset.errors
    return series_for(filterset)


def bare(query):
    region_id = Region.objects.get(slug=cases.REGION_SLUG).pk if cases.REGION in query else None
    sql, params = bare_sql("rollup", region_id)

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--profile", action="store_true", help="Profile one whole-range answer.")
    args = parser.parse_args()
    request = RequestFactory().get("/charts/daily.json", secure=True)
    variants = {}
    for name, query in QUERIES.items():
        variants[(name, "bare aggregate over the rollup (the floor)")] = bare(query)
        variants[(name, "the series")] = lambda query=query: series_only(query)
        variants[(name, "the answer (series, words, JSON)")] = lambda q=query: answer(q, request)
    times = {key: [] for key in variants}
    for run in range(args.runs + 1):
        for key, run_it in variants.items():
            started = time.perf_counter()
            run_it()
            if run:  # the first round warms the caches
                times[key].append(time.perf_counter() - started)
    rows = Incident.objects.published().count()
    print(f"{rows:,} published incidents, load average {os.getloadavg()[0]:.2f}\n")
    print("| chart | part | median | this / floor |")
    print("| --- | --- | --- | --- |")
    for name in QUERIES:
        floor = statistics.median(times[(name, "bare aggregate over the rollup (the floor)")])
        for (chart, part), samples in times.items():
            if chart == name:
                median = statistics.median(samples)
                print(f"| {chart} | {part} | {median * 1000:,.1f} ms | {median / floor:.2f} |")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(answer, "", request)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
