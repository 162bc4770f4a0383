"""Where a filtered CSV export spends its time: PostgreSQL's COPY of the export's SELECT with
one part taken away at a time, against COPY of the raw table with the same WHERE (the floor).

    DATABASE_URL=postgres://... .venv/bin/python bench/export_parts.py \
        [--query "region=belgorod-oblast&threat=uav"] [--runs 5]

Each variant is COPY ... TO STDOUT read by psycopg in this process, alternated with the others
run by run (the machine's other work then weighs on all alike); the table gives medians, each
variant's rate as a share of the floor's, and its bytes. Run it against a bench database holding
generated incidents (bench/README.md).
"""

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.http import QueryDict  # noqa: E402

from bench import cases  # noqa: E402
from dashboard import exports  # noqa: E402
from dashboard.filters import bind  # noqa: E402
from incidents.cells import NONE, PLAIN, IsoDate, IsoDateTime  # noqa: E402
from incidents.internals import copy_to_stdout, sql_of  # noqa: E402
from incidents.models import Incident  # noqa: E402
from incidents.schema import INCIDENTS, LISTS  # noqa: E402

BASE = "https://example.org/incidents/"


def unformatted(table):
    """The table with dates and timestamps as PostgreSQL's own text (no TO_CHAR)."""

    def bare(column):
        sql = column.sql(BASE)
        if isinstance(sql, IsoDate | IsoDateTime):
            field = sql.source_expressions[0].name
            return replace(column, sql=lambda base, field=field: F(field))
        return column

    return replace(table, columns=[bare(column) for column in table.columns])


def without_lists(table):
    return replace(table, columns=[c for c in table.columns if c.name not in LISTS])


def variants(query):
    filterset = bind(QueryDict(query))
    if not filterset.is_valid():
        raise SystemExit(f"invalid filter {query!r}: {filterset.errors}")
    rows = filterset.qs

    return {
        "raw table, same WHERE (the floor)": sql_of(rows.order_by()),
        "the export": sql_of(INCIDENTS.rows(rows, base_url=BASE, strength=PLAIN)),
        "without the sort": sql_of(INCIDENTS.rows(rows, base_url=BASE, strength=PLAIN).order_by()),
        "without spreadsheet safety": sql_of(INCIDENTS.rows(rows, base_url=BASE, strength=NONE)),
        "without TO_CHAR (dates as PostgreSQL writes them)": sql_of(
            unformatted(INCIDENTS).rows(rows, base_url=BASE, strength=PLAIN)
        ),
        "without the lists (no join)": sql_of(
            without_lists(INCIDENTS).rows(rows, base_url=BASE, strength=PLAIN)
        ),
        "the sort alone (ids in export order)": sql_of(
            rows.order_by("date", "id").values_list("id")
        ),
    }


def copy(sql, params):
    size = 0
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('work_mem', %s, true)", [exports.SORT_MEMORY])
        with copy_to_stdout(cursor, sql, params) as out:
            for data in out:
                size += len(data)
    return time.perf_counter() - started, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--query", default=cases.FILTER)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    found = variants(args.query)
    rows = Incident.objects.published().count()
    times = {name: [] for name in found}
    sizes = {}
    for run in range(args.runs + 1):
        for name, (sql, params) in found.items():
            seconds, sizes[name] = copy(sql, params)
            if run:  # the first round warms the caches
                times[name].append(seconds)
    floor = statistics.median(times["raw table, same WHERE (the floor)"])
    load = os.getloadavg()[0]
    print(f"`?{args.query}`, {rows:,} published incidents, load average {load:.2f}\n")
    print("| COPY of | median | floor's time / this | MB |")
    print("| --- | --- | --- | --- |")
    for name, samples in times.items():
        median = statistics.median(samples)
        megabytes = sizes[name] / 1e6
        print(f"| {name} | {median * 1000:,.0f} ms | {floor / median:.2f} | {megabytes:.1f} |")


if __name__ == "__main__":
    main()
