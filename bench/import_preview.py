"""How long the import preview takes for a full file (5,000 new rows), next to its floor.

    DATABASE_URL=postgres://.../airdefense_bench .venv/bin/python bench/import_preview.py

The file is the site's own CSV export of 5,000 published incidents with the `id` column emptied,
so every row is new and checked in full (region, threat, damage types, sources, URLs, likely
duplicates against the record). Baselines from the same run: reading the CSV into rows alone
(`read_table`), and the preview's queries replayed alone. Medians of --runs runs.
"""

import argparse
import csv
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from dashboard import exports  # noqa: E402
from incidents import importer  # noqa: E402
from incidents.models import Incident  # noqa: E402


def export_file(rows):
    """The export of `rows` published incidents, with every id emptied (all rows new)."""
    ids = Incident.objects.published().order_by("-id").values("pk")[:rows]
    chunks = exports.csv_chunks(
        Incident.objects.filter(pk__in=ids), base_url="https://example.org/incidents/"
    )
    reader = csv.DictReader(io.StringIO(b"".join(chunks).decode()))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
    writer.writeheader()
    for row in reader:
        writer.writerow({**row, "id": ""})
    return out.getvalue().encode()


class RolledBack(Exception):
    pass


def commit_rolled_back(preview):
    """Stage and commit the preview as a chief editor, then undo it: the number of queries."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from incidents import services

    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            chief = get_user_model().objects.create(username="bench-chief", is_superuser=True)
            pending = services.stage_import(by=chief, filename="bench.csv", preview=preview)
            services.commit_import(by=chief, pending_id=pending.pk, confirm_duplicates=True)
            count = len(queries.captured_queries)
            raise RolledBack
    except RolledBack:
        return count


def timed(function, runs):
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=importer.MAX_ROWS)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Measure on PostgreSQL: DATABASE_URL=postgres://...")
    if Incident.objects.published().count() < args.rows:
        sys.exit(f"Needs {args.rows} published incidents: manage.py generate_incidents first.")
    data = export_file(args.rows)
    read, rows = timed(lambda: importer.read_table(data, "rows.csv"), args.runs)
    with CaptureQueriesContext(connection) as queries:
        preview = importer.preview(rows)
    assert len(preview.to_create) == args.rows and not preview.errors, preview.errors[:3]

    def replay():
        with connection.cursor() as cursor:
            for query in queries.captured_queries:
                cursor.execute(query["sql"])
                if cursor.description:
                    cursor.fetchall()

    total, _ = timed(lambda: importer.preview(importer.read_table(data, "rows.csv")), args.runs)
    sql, _ = timed(replay, args.runs)
    commit, count = timed(lambda: commit_rolled_back(preview), args.runs)
    print(
        f"import preview of {args.rows:,} new rows ({len(data) / 2**20:.1f} MB CSV), "
        f"median of {args.runs} runs"
    )
    print("| part | median | share |")
    print("| --- | --- | --- |")
    print(f"| read + check, the whole preview | {total:.2f} s | 100% |")
    print(f"| reading the CSV into rows (floor: no checks) | {read:.2f} s | {read / total:.0%} |")
    print(
        f"| its {len(queries.captured_queries)} queries replayed alone | {sql:.2f} s | "
        f"{sql / total:.0%} |"
    )
    print(
        f"| commit: stage, then write {args.rows:,} drafts with revisions ({count} queries, "
        f"rolled back) | {commit:.2f} s | |"
    )


if __name__ == "__main__":
    main()
