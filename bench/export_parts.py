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
import re
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
from django.http import QueryDict  # noqa: E402

from bench import cases  # noqa: E402
from dashboard import exports  # noqa: E402
from dashboard.filters import bind  # noqa: E402
from incidents.cells import NONE, PLAIN  # noqa: E402
from incidents.internals import copy_to_stdout, sql_of  # noqa: E402
from incidents.models import Incident  # noqa: E402
from incidents.planner import set_locally  # noqa: E402
from incidents.schema import INCIDENTS, LISTS  # noqa: E402

BASE = "https://example.org/incidents/"


def before(sql):
    """The export's SQL as it was before issue 25: TO_CHAR for every date and time, and the
    whole spreadsheet-safety test on every text cell (no first-character test): the same
    bytes, measured in the same run."""
    sql = re.sub(r"ascii\((.*?)\) IN \(39, 61, 43, 45, 64, 9, 13\) AND ", "", sql)
    sql = re.sub(
        r"replace\(left\(\((\"\w+\"\.\"\w+\")\)::text, 19\), ' ', 'T'\) \|\| 'Z'",
        r"""TO_CHAR(\1, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')""",
        sql,
    )
    return re.sub(r"\((\"\w+\"\.\"date\")\)::text", r"TO_CHAR(\1, 'YYYY-MM-DD')", sql)


def without_lists(table):
    return replace(table, columns=[c for c in table.columns if c.name not in LISTS])


def variants(query):
    filterset = bind(QueryDict(query))
    if not filterset.is_valid():
        raise SystemExit(f"invalid filter {query!r}: {filterset.errors}")
    rows = filterset.qs

    export_sql, export_params = sql_of(INCIDENTS.rows(rows, base_url=BASE, strength=PLAIN))
    return {
        "raw table, same WHERE (the floor)": sql_of(rows.order_by()),
        "the export": (export_sql, export_params),
        "the export before issue 25 (TO_CHAR, whole safety test)": (
            before(export_sql),
            export_params,
        ),
        "without the sort": sql_of(INCIDENTS.rows(rows, base_url=BASE, strength=PLAIN).order_by()),
        "without spreadsheet safety": sql_of(INCIDENTS.rows(rows, base_url=BASE, strength=NONE)),
        "without the lists (no join)": sql_of(
            without_lists(INCIDENTS).rows(rows, base_url=BASE, strength=PLAIN)
        ),
        "the sort alone (ids in export order)": sql_of(
            rows.order_by("date", "id").values_list("id")
        ),
    }


def backend_cpu(pid):
    """Seconds of CPU the database backend `pid` has used (user + system), or None when it
    runs on another machine. Unlike the elapsed time, it hardly moves with the machine's other
    work: on a shared 2-core VM the better measure of what a query costs."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def copy(sql, params):
    size = 0
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        set_locally(cursor, exports.PLANNER_SETTINGS)
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
        cpu = backend_cpu(pid)
        with copy_to_stdout(cursor, sql, params) as out:
            for data in out:
                size += len(data)
        if cpu is not None:
            cpu = backend_cpu(pid) - cpu
    return time.perf_counter() - started, cpu, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--query", default=cases.FILTER)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    found = variants(args.query)
    rows = Incident.objects.published().count()
    times = {name: [] for name in found}
    cpus = {name: [] for name in found}
    sizes = {}
    for run in range(args.runs + 1):
        for name, (sql, params) in found.items():
            seconds, cpu, sizes[name] = copy(sql, params)
            if run:  # the first round warms the caches
                times[name].append(seconds)
                cpus[name].append(cpu)
    floor_name = "raw table, same WHERE (the floor)"
    floor = statistics.median(times[floor_name])
    measured_cpu = None not in cpus[floor_name]
    floor_cpu = statistics.median(cpus[floor_name]) if measured_cpu else None
    load = os.getloadavg()[0]
    print(f"`?{args.query}`, {rows:,} published incidents, load average {load:.2f}\n")
    print("| COPY of | median | floor's time / this | backend CPU | floor's CPU / this | MB |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, samples in times.items():
        median = statistics.median(samples)
        megabytes = sizes[name] / 1e6
        if measured_cpu:
            cpu = statistics.median(cpus[name])
            cpu_cells = f"{cpu * 1000:,.0f} ms | {floor_cpu / cpu if cpu else 0:.2f}"
        else:
            cpu_cells = "n/a | n/a"  # the database runs elsewhere
        print(
            f"| {name} | {median * 1000:,.0f} ms | {floor / median:.2f} | {cpu_cells} "
            f"| {megabytes:.1f} |"
        )


if __name__ == "__main__":
    main()
