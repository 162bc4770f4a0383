"""CSV and JSON exports of exactly the rows a filter selects.

One list of columns defines the file: its names, its order, the SQL that computes each cell, and
the codebook's description. Every cell is computed by the database, already formatted as text
where it is text (ISO 8601 dates, joined lists, spreadsheet-safe strings), so that:

- on PostgreSQL, the CSV is PostgreSQL's own `COPY (SELECT ...) TO STDOUT` of that query,
  streamed in chunks (no rows or model instances in Python at all);
- elsewhere (SQLite), and for JSON, the same query is iterated in bounded chunks.

Both paths produce the same cells from the same query.
"""

import csv
import datetime as dt
import io
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import F, Func, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Cast, Concat

from incidents.models import (
    Citation,
    Incident,
    Region,
    RegionKind,
    Reporting,
    SourceKind,
    Verification,
)

# Cells starting with these are read as formulas by spreadsheets (OWASP "CSV injection").
NUL = "\x00"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", NUL)
QUOTE = "''''"  # SQL for a one-character string holding a single quote
LIST_SEPARATOR = ";"
CHUNK_BYTES = 64 * 1024
CHUNK_ROWS = 2000


class SpreadsheetSafe(Func):
    """A text cell with a leading quote when a spreadsheet would read it as a formula (OWASP).

    Only text columns are wrapped; numbers, negative ones included, are left as they are. The
    wrapped expression should be a plain column: it appears several times in the SQL.
    """

    output_field = TextField()
    arity = 1

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        postgres = connection.vendor == "postgresql"
        chr_fn = "CHR" if postgres else "CHAR"
        triggers = [f"'{t}'" for t in FORMULA_TRIGGERS if t.isprintable()]
        # PostgreSQL text cannot hold NUL (and CHR(0) is an error there); SQLite text can.
        controls = [t for t in FORMULA_TRIGGERS if not t.isprintable()]
        if postgres:
            controls.remove(NUL)
        triggers += [f"{chr_fn}({ord(t)})" for t in controls]
        # A plain negative number ("-12", "-3.5") is data, not a formula: leave it be.
        if postgres:
            negative_number = f"{sql} ~ '^-[0-9]+([.][0-9]+)?$'"
        else:
            negative_number = (
                f"(SUBSTR({sql}, 1, 1) = '-' AND LENGTH({sql}) > 1 "
                f"AND SUBSTR({sql}, 2) NOT GLOB '*[^0-9.]*')"
            )
        case = (
            f"CASE WHEN SUBSTR({sql}, 1, 1) IN ({', '.join(triggers)}) AND NOT {negative_number} "
            f"THEN {QUOTE} || {sql} ELSE {sql} END"
        )
        repeats = case.count(sql)
        return case, tuple(params) * repeats


class IsoDate(Func):
    """A date as YYYY-MM-DD text."""

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="TO_CHAR(%(expressions)s, 'YYYY-MM-DD')")

    def as_sqlite(self, compiler, connection, **extra):
        # DATE() returns text; the bare column would come back as a date object.
        return self.as_sql(compiler, connection, template="DATE(%(expressions)s)")


class IsoDateTime(Func):
    """A timestamp as ISO 8601 text in UTC: 2026-03-01T04:30:00Z."""

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template=(
                "TO_CHAR(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
            ),
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="STRFTIME('%%%%Y-%%%%m-%%%%dT%%%%H:%%%%M:%%%%SZ', %(expressions)s)",
        )


class JoinedValues(Subquery):
    """The `value` column of an ordered subquery, joined with ';' into one text cell.

    Aggregating over an ordered derived table keeps the order on both databases, so two lists
    built from the same rows (source names and their URLs) line up item by item.
    """

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template=(
                f"(SELECT STRING_AGG(j.value, '{LIST_SEPARATOR}' ORDER BY j.n) "
                "FROM (%(subquery)s) j)"
            ),
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template=f"(SELECT GROUP_CONCAT(j.value, '{LIST_SEPARATOR}') FROM (%(subquery)s) j)",
        )


def _joined(queryset, value, order, safe):
    value = SpreadsheetSafe(value) if safe else value
    return JoinedValues(
        queryset.order_by(order).annotate(value=value, n=F(order)).values("value", "n")
    )


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Frictionless Table Schema type: integer, string, date, datetime
    description: str
    sql: Callable  # (base_url, safe) -> the expression computing this column's cells
    text: bool = False  # free text, made spreadsheet-safe in CSV
    enum: tuple = ()  # the only values the column may hold, when it is a code

    def expression(self, *, base_url, safe):
        expression = self.sql(base_url, safe)
        return SpreadsheetSafe(expression) if safe and self.text else expression


@dataclass(frozen=True)
class Table:
    """One tidy table of the data package: which rows, which columns, in which order."""

    name: str
    title: str
    columns: list[Column]
    ordering: tuple
    primary_key: str

    @property
    def column_names(self):
        return [column.name for column in self.columns]

    def rows(self, queryset, *, base_url, spreadsheet_safe):
        """The table's cells for `queryset`, as a values_list queryset computed in the database."""
        expressions = {
            f"x_{column.name}": column.expression(base_url=base_url, safe=spreadsheet_safe)
            for column in self.columns
        }
        ordering = queryset.query.order_by or self.ordering
        return queryset.order_by(*ordering).annotate(**expressions).values_list(*expressions)


def field(name):
    return lambda base, safe: F(name)


def iso_date(name):
    return lambda base, safe: IsoDate(name)


def iso_datetime(name):
    return lambda base, safe: IsoDateTime(name)


def _help(model, name, suffix=""):
    return model._meta.get_field(name).help_text + suffix


def _incident_url(base, safe):
    return Concat(Value(base), Cast("id", TextField()), Value("/"), output_field=TextField())


def _citations():
    return Citation.objects.filter(incident=OuterRef("pk"))


UTC = " UTC, ISO 8601."
STATUS = tuple(Reporting.values)

INCIDENTS = Table(
    name="incidents",
    title="Published incidents, one row per region and threat in a statement",
    ordering=("date", "id"),
    primary_key="id",
    columns=[
        Column("id", "integer", "Stable identifier of the incident; never reused.", field("id")),
        Column("url", "string", "Address of the incident's public page.", _incident_url),
        Column("date", "date", _help(Incident, "date"), iso_date("date")),
        Column(
            "window_start",
            "datetime",
            _help(Incident, "window_start", UTC),
            iso_datetime("window_start"),
        ),
        Column(
            "window_end", "datetime", _help(Incident, "window_end", UTC), iso_datetime("window_end")
        ),
        Column("region", "string", "Region name in English (see regions).", field("region__name")),
        Column(
            "region_iso",
            "string",
            "ISO 3166-2 code of the region; empty for water areas.",
            field("region__iso_code"),
        ),
        Column(
            "threat_type",
            "string",
            "Slug of the threat type (see the codebook).",
            field("threat_type__slug"),
        ),
        Column("intercepted", "integer", _help(Incident, "intercepted"), field("intercepted")),
        Column(
            "intercepted_status",
            "string",
            _help(Incident, "intercepted_status"),
            field("intercepted_status"),
            enum=STATUS,
        ),
        Column(
            "damage_types",
            "string",
            "Slugs of the damage types reported, separated by ';'.",
            lambda base, safe: _joined(
                Incident.damage_types.through.objects.filter(incident=OuterRef("pk")),
                F("damagetype__slug"),
                "damagetype__slug",
                safe,
            ),
        ),
        Column(
            "damage_description",
            "string",
            _help(Incident, "damage_description"),
            field("damage_description"),
            text=True,
        ),
        Column("killed", "integer", _help(Incident, "killed"), field("killed")),
        Column(
            "killed_status",
            "string",
            _help(Incident, "killed_status"),
            field("killed_status"),
            enum=STATUS,
        ),
        Column("injured", "integer", _help(Incident, "injured"), field("injured")),
        Column(
            "injured_status",
            "string",
            _help(Incident, "injured_status"),
            field("injured_status"),
            enum=STATUS,
        ),
        Column("summary", "string", _help(Incident, "summary"), field("summary"), text=True),
        Column(
            "verification",
            "string",
            _help(Incident, "verification"),
            field("verification"),
            enum=tuple(Verification.values),
        ),
        Column(
            "sources",
            "string",
            "Names of the cited sources, separated by ';', in citation order.",
            lambda base, safe: _joined(_citations(), F("source__name"), "id", safe),
        ),
        Column(
            "source_urls",
            "string",
            "URLs of the cited statements, separated by ';', in the same order as sources.",
            lambda base, safe: _joined(_citations(), F("url"), "id", safe),
        ),
        Column(
            "published_at",
            "datetime",
            _help(Incident, "published_at", UTC),
            iso_datetime("published_at"),
        ),
        Column(
            "created_at", "datetime", _help(Incident, "created_at", UTC), iso_datetime("created_at")
        ),
        Column(
            "updated_at", "datetime", _help(Incident, "updated_at", UTC), iso_datetime("updated_at")
        ),
    ],
)

CITATIONS = Table(
    name="citations",
    title="Citations of published incidents, one row per statement cited",
    ordering=("incident_id", "id"),
    primary_key="id",
    columns=[
        Column("id", "integer", "Identifier of the citation.", field("id")),
        Column(
            "incident_id",
            "integer",
            "The incident (incidents.id) it supports.",
            field("incident_id"),
        ),
        Column("source", "string", _help(Citation, "source"), field("source__name"), text=True),
        Column(
            "source_kind",
            "string",
            "Kind of source (see the codebook).",
            field("source__kind"),
            enum=tuple(SourceKind.values),
        ),
        Column("url", "string", _help(Citation, "url"), field("url"), text=True),
        Column(
            "archive_url", "string", _help(Citation, "archive_url"), field("archive_url"), text=True
        ),
        Column("quote", "string", _help(Citation, "quote"), field("quote"), text=True),
        Column(
            "published_at",
            "datetime",
            _help(Citation, "published_at", UTC),
            iso_datetime("published_at"),
        ),
        Column(
            "claimed_intercepted",
            "integer",
            _help(Citation, "claimed_intercepted"),
            field("claimed_intercepted"),
        ),
    ],
)

REGIONS = Table(
    name="regions",
    title="Regions and water areas",
    ordering=("name",),
    primary_key="name",
    columns=[
        Column("name", "string", _help(Region, "name"), field("name")),
        Column("name_ru", "string", _help(Region, "name_ru"), field("name_ru")),
        Column("slug", "string", _help(Region, "slug"), field("slug")),
        Column("iso_code", "string", _help(Region, "iso_code"), field("iso_code")),
        Column("iso_name", "string", _help(Region, "iso_name"), field("iso_name")),
        Column(
            "kind", "string", _help(Region, "kind"), field("kind"), enum=tuple(RegionKind.values)
        ),
    ],
)

COLUMNS = INCIDENTS.columns
COLUMN_NAMES = INCIDENTS.column_names


def export_rows(incidents, *, base_url, spreadsheet_safe):
    """The incidents export's cells for `incidents` (a filtered queryset)."""
    return INCIDENTS.rows(incidents, base_url=base_url, spreadsheet_safe=spreadsheet_safe)


def opened(chunks):
    """The stream `chunks` with its first chunk already made, so its query has run.

    A database that cannot answer then fails while the view can still answer with an error
    status (503), never after a 200 and the first bytes; a failure later on still cuts the
    transfer short, so a client never takes a broken file for a complete one.
    """
    first = next(chunks, b"")
    return itertools.chain((first,), chunks)


def csv_chunks(queryset, *, base_url, bom=False, table=INCIDENTS):
    """The CSV file as a stream of byte chunks of about CHUNK_BYTES each."""
    rows = table.rows(queryset, base_url=base_url, spreadsheet_safe=True)
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
    sql, params = rows.query.sql_with_params()
    buffer = bytearray()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy,
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


def json_chunks(incidents, *, base_url, meta):
    """A JSON document {"meta": ..., "incidents": [...]} as a stream of byte chunks."""
    rows = export_rows(incidents, base_url=base_url, spreadsheet_safe=False)
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


def export_filename(extension, today=None):
    return f"incidents-{(today or dt.date.today()).isoformat()}.{extension}"
