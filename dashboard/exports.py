"""CSV and JSON files of exactly the rows a filter selects, streamed in bounded chunks.

The columns, their SQL and their spreadsheet safety are defined once in the data layer
(incidents/schema.py, incidents/cells.py); this module only streams the cells:

- on PostgreSQL, the CSV is PostgreSQL's own `COPY (SELECT ...) TO STDOUT` of that query,
  streamed in chunks (no rows or model instances in Python at all);
- elsewhere (SQLite), and for JSON, the same query is iterated in bounded chunks.

The plain CSV marks only cells a spreadsheet would run as a formula; the Excel variant (with a
byte-order mark) marks every text cell that starts like one; JSON keeps the text exactly.
"""

import csv
import io
import itertools
import json

from django.db import connections

from dashboard.freshness import consistent_read
from incidents.cells import to_cell
from incidents.internals import copy_to_stdout, sql_of
from incidents.planner import planned
from incidents.schema import (
    INCIDENTS,
    NONE,
    PLAIN,
    REGION_TOTALS,
    STRICT,
    region_totals_row,
)

CHUNK_BYTES = 64 * 1024
# How the export's one statement is planned (set for its transaction only, see _copy_chunks).
PLANNER_SETTINGS = {
    # The export sorts its formatted rows; PostgreSQL's default sort memory (4 MB) sends a
    # large one to disk in many passes.
    "work_mem": "64MB",
    # At the default price of a row passed from a parallel worker (0.1) the planner reads,
    # joins and sorts a large selection in one process. The export sends every row it reads
    # whatever the plan, so the price is no reason to choose; at 0 the scan, the lists' join
    # and the sort run in two workers (1,000,000 incidents, the whole record's COPY 6.3 ->
    # 5.0 s, a region's 104,510 rows 1.20 -> 1.01 s; a small selection still in one process:
    # a worker's start-up cost is left as it is). Same rows, same order (by date, then id).
    "parallel_tuple_cost": "0",
}
CHUNK_ROWS = 2000
COLUMN_NAMES = INCIDENTS.column_names


def export_rows(incidents, *, base_url, strength):
    """The incidents export's cells for `incidents` (a filtered queryset)."""
    return INCIDENTS.rows(incidents, base_url=base_url, strength=strength)


def opened(chunks):
    """The stream `chunks` with its first chunk already made, so its query has run.

    A database that cannot answer then fails while the view can still answer with an error
    status (503), never after a 200 and the first bytes; a failure later on still cuts the
    transfer short, so a client never takes a broken file for a complete one.
    """
    first = next(chunks, b"")
    return itertools.chain((first,), chunks)


def csv_chunks(queryset, *, base_url, bom=False, table=INCIDENTS):
    """The CSV file as a stream of byte chunks of about CHUNK_BYTES each; with `bom`, the
    Excel variant (a byte-order mark, and every formula-like text cell marked)."""
    rows = table.rows(queryset, base_url=base_url, strength=STRICT if bom else PLAIN)
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(table.column_names)
    connection = connections[rows.db]
    if connection.vendor == "postgresql":
        body = _copy_chunks(rows, connection)
    else:
        body = _python_csv_chunks(rows)
    # The header goes out with the first rows: the first chunk is made by the query.
    yield ("\ufeff" if bom else "").encode() + header.getvalue().encode() + next(body, b"")
    yield from body


def _copy_chunks(rows, connection):
    sql, params = sql_of(rows)
    buffer = bytearray()
    with (
        planned(rows.db, PLANNER_SETTINGS),
        connection.cursor() as cursor,
        copy_to_stdout(cursor, sql, params) as copy,
    ):
        for data in copy:
            buffer += data
            if len(buffer) >= CHUNK_BYTES:
                yield bytes(buffer)
                buffer.clear()
    if buffer:
        yield bytes(buffer)


def _python_csv_chunks(rows):
    out = io.StringIO()
    # Python's csv quotes a field holding CR only when CR is in the line terminator, so rows
    # are written with CRLF and their terminator turned into LF, like PostgreSQL's COPY writes.
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows.iterator(chunk_size=CHUNK_ROWS):
        writer.writerow(row)
        out.seek(out.tell() - 2)
        out.write("\n")
        out.truncate()
        if out.tell() >= CHUNK_BYTES:
            yield out.getvalue().encode()
            out.seek(0)
            out.truncate()
    if out.tell():
        yield out.getvalue().encode()


def json_meta(*, codebook, query):
    """What a JSON export says about itself (its data version is added as it is read)."""
    return {
        "title": "Air-defence incidents as officially reported",
        "filter": query,
        "codebook": codebook,
        "note": "Figures are claims by the cited sources, not verified facts.",
    }


def json_chunks(incidents, *, base_url, meta):
    """A JSON document {"meta": ..., "incidents": [...]} as a stream of byte chunks.

    The meta names the data version the rows were read at, and when the record last changed
    ("as_of"): read with the rows in one view of the record, so the same version always gives
    the same bytes (a snapshot file and a live stream alike)."""
    with consistent_read(using=incidents.db) as stamp:
        rows = export_rows(incidents, base_url=base_url, strength=NONE)
        meta = {**meta, "data_version": stamp.version, "as_of": stamp.as_of}
        head = {"meta": meta, "columns": COLUMN_NAMES}
        parts, size, first = [json.dumps(head)[:-1] + ', "incidents": ['], 0, True
        for row in rows.iterator(chunk_size=CHUNK_ROWS):
            item = json.dumps(dict(zip(COLUMN_NAMES, row, strict=True)), ensure_ascii=False)
            parts.append(item if first else "," + item)
            first = False
            size += len(item)
            if size >= CHUNK_BYTES:
                yield "".join(parts).encode()
                parts, size = [], 0
        parts.append("]}")
        yield "".join(parts).encode()


def region_totals_csv(region_totals, *, strength=PLAIN):
    """/regions.csv: a row per region (at most a hundred: built in Python, not streamed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REGION_TOTALS.column_names)
    for totals in region_totals:
        writer.writerow(to_cell(cell, strength) for cell in region_totals_row(totals))
    return out.getvalue().encode()


SERIES_COLUMNS = [
    "period_start",
    "period_end",
    "incidents",
    "intercepted",  # blank: no incident of the period gave a figure (never 0)
    "intercepted_reported",
    "intercepted_without_figure",
    "days_without_statement",  # of the period's days: a gap in the record, not a 0
]


def series_csv(series):
    """/charts/daily.csv: a row per period of a chart's series (numbers and ISO dates only, so
    nothing a spreadsheet could read as a formula)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SERIES_COLUMNS)
    for n, (_, incidents, intercepted, unrecorded, _days) in enumerate(series.rows()):
        first, last = series.covered(n)
        figure = intercepted.period_figure
        writer.writerow(
            [
                first.isoformat(),
                last.isoformat(),
                incidents,
                "" if figure is None else figure,
                intercepted.reported,
                intercepted.without_figure,
                unrecorded,
            ]
        )
    return out.getvalue().encode()
