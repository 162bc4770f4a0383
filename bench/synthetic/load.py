"""Getting the synthetic rows into the database fast: COPY on PostgreSQL (every index but the
primary keys built again after a large load), bulk_create on SQLite; and deleting them again.

Each citation is a claim of a statement of its own (one per source and URL, as migration 0021
made them from the citations entered before statements were records)."""

import itertools
import queue
import threading

from django.db import DatabaseError, connection, models, transaction

from bench.synthetic.shape import (
    INCIDENT_COLUMNS,
    SYNTHETIC_SOURCE,
    TIMESTAMPS,
    generate,
)
from incidents.choices import Reporting
from incidents.models import (
    Citation,
    DamageType,
    Incident,
    Region,
    Source,
    Statement,
    ThreatType,
)

# From this many new rows on, the tables' indexes are set aside during the COPY and built again
# after (incidents.bulk): building them once is cheaper than keeping them row by row.
REBUILD_INDEXES_FROM = 100_000


def tables():
    """The quoted names of the incident, citation, incident-damage-type and statement tables."""
    quote = connection.ops.quote_name
    return (
        quote(Incident._meta.db_table),
        quote(Citation._meta.db_table),
        quote(Incident.damage_types.through._meta.db_table),
        quote(Statement._meta.db_table),
    )


def skip_foreign_key_triggers():
    """Skip PostgreSQL's per-row foreign key checks for this transaction, where allowed.

    They would double the load time, and the references are right by construction: incident
    ids come from the sequence, the rest from vocabulary rows locked until the commit.
    Only a superuser may do this; others get the checks (slower, same rows).
    """
    quote = connection.ops.quote_name
    vocabulary = (Region, ThreatType, DamageType, Source)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    with connection.cursor() as cursor:
        names = ", ".join(quote(model._meta.db_table) for model in vocabulary)
        cursor.execute(f"LOCK TABLE {names} IN SHARE MODE")
    return True


# Characters that must be escaped in a cell of COPY's text format.
COPY_SPECIAL = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def formatted_chunks(seed, count, vocabulary, end, size):
    """The rows `seed` and `end` determine, in chunks of `size`, each row formatted as COPY
    text (format_incident); in this process, or in one of its own (bench/synthetic_rows.py)."""
    clock, rows = generate(seed, count, vocabulary, end)
    # Region names are the only text from the database: escape only when one needs it.
    region_names = "".join(vocabulary.region_names)
    escape = (
        (lambda text: text.translate(COPY_SPECIAL))
        if any(char in region_names for char in "\\\t\n\r")
        else (lambda text: text)
    )
    for chunk in chunked(rows, size):
        yield [format_incident(row, clock, escape) for row in chunk]


def chunked(rows, size):
    """`rows` in lists of `size` (the last one shorter), drawn as they are needed."""
    return iter(lambda: list(itertools.islice(rows, size)), [])


def copy_postgresql(formatted, source_id, progress):
    """COPY the formatted chunks into the four tables, one chunk on the wire while the next is
    made: a writer thread reserves the ids from the sequence, prepends them and runs the
    COPYs, while this thread takes the next chunk from `formatted` (made here, or received
    from the process that makes them). On two cores, Python's work and PostgreSQL's overlap.
    """
    # Other writers wait for the load (readers do not): its ids are reserved a chunk at a time.
    with connection.cursor() as cursor:
        names = ", ".join(
            connection.ops.quote_name(m._meta.db_table) for m in (Incident, Statement)
        )
        cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")
    writer = CopyWriter(connection.connection, source_id, progress)
    writer.start()
    try:
        for chunk in formatted:
            writer.put(chunk)
    finally:
        writer.finish()


def claim_state(claimed):
    return Reporting.NOT_REPORTED if claimed is None else Reporting.REPORTED


def format_incident(row, clock, escape):
    """One generated incident as COPY text lines, each still missing its leading incident id."""
    (
        (
            date,
            window_start,
            window_end,
            region_id,
            threat_type_id,
            intercepted,
            intercepted_status,
            damage_description,
            killed,
            killed_status,
            injured,
            injured_status,
            summary,
            editor_notes,
            status,
            verification,
            retraction_reason,
            published_at,
            is_synthetic,
            created_at,
            updated_at,
        ),
        damage,
        citations,
    ) = row
    text = clock.text
    incident = (
        f"{date}\t{NULL if window_start is None else text(window_start)}"
        f"\t{NULL if window_end is None else text(window_end)}\t{region_id}\t{threat_type_id}"
        f"\t{NULL if intercepted is None else intercepted}\t{intercepted_status}"
        f"\t{escape(damage_description)}\t{NULL if killed is None else killed}\t{killed_status}"
        f"\t{NULL if injured is None else injured}\t{injured_status}\t{escape(summary)}"
        f"\t{escape(editor_notes)}\t{status}\t{verification}\t{escape(retraction_reason)}"
        f"\t{text(published_at)}"
        f"\t{'t' if is_synthetic else 'f'}\t{text(created_at)}\t{text(updated_at)}"
    )
    # (its statement, the claim), each still missing the ids and the source.
    cited = [
        (
            f"{escape(url)}\t\t{text(when)}\t\t\t{date}\t{NULL}\t{NULL}"
            f"\t{text(created_at)}\t{text(updated_at)}",
            f"{escape(url)}\t\t{escape(quote)}\t{text(when)}"
            f"\t{NULL if claimed is None else claimed}\t{claim_state(claimed)}",
        )
        for url, quote, when, claimed in citations
    ]
    return incident, damage, cited


class CopyWriter(threading.Thread):
    """Runs the COPYs of formatted chunks on the command's connection, in the background."""

    def __init__(self, pg_connection, source_id, progress):
        super().__init__(name="generate_incidents COPY", daemon=True)
        self.pg, self.source_id, self.progress = pg_connection, source_id, progress
        self.chunks = queue.Queue(maxsize=1)  # memory: one chunk queued, one being written
        self.error = None
        self.done = 0

    def put(self, chunk):
        self.chunks.put(chunk)
        if self.error:
            raise self.error

    def finish(self):
        self.chunks.put(None)
        self.join()
        if self.error:
            raise self.error

    def run(self):
        while (chunk := self.chunks.get()) is not None:
            if self.error:
                continue  # keep taking chunks so the main thread never blocks on a dead writer
            try:
                self.write(chunk)
            except BaseException as error:  # handed to the main thread, which raises it
                self.error = error

    def write(self, chunk):
        incident_table, citation_table, through_table, statement_table = tables()
        with self.pg.cursor() as cursor:
            # Reserve the ids, so the citations and damage types can point at them.
            ids = reserve(cursor, Incident, len(chunk))
            rows = list(zip(ids, chunk, strict=True))
            claims = [(pk, claim) for pk, (_, _, cited) in rows for claim in cited]
            claims = list(zip(reserve(cursor, Statement, len(claims)), claims, strict=True))
            source = self.source_id
            copies = [
                (
                    f"{incident_table} (id, {', '.join(INCIDENT_COLUMNS)})",
                    (f"{pk}\t{incident}\n" for pk, (incident, _, _) in rows),
                ),
                (
                    f"{through_table} (incident_id, damagetype_id)",
                    (f"{pk}\t{d}\n" for pk, (_, damage, _) in rows for d in damage),
                ),
                (
                    f"{statement_table} (id, source_id, url, archive_url, published_at, "
                    "language, text, date, window_start, window_end, created_at, updated_at)",
                    (f"{sid}\t{source}\t{made}\n" for sid, (_, (made, _)) in claims),
                ),
                (
                    f"{citation_table} (statement_id, incident_id, source_id, url, archive_url, "
                    "quote, published_at, claimed_intercepted, claimed_intercepted_status)",
                    (f"{sid}\t{pk}\t{source}\t{claim}\n" for sid, (pk, (_, claim)) in claims),
                ),
            ]
            for target, lines in copies:
                with cursor.copy(f"COPY {target} FROM STDIN") as copy:
                    copy.write("".join(lines))
        self.done += len(chunk)
        if self.progress:
            self.progress.update(self.done)


def reserve(cursor, model, count):
    """`count` consecutive ids from `model`'s sequence, in one step (one nextval per id cost a
    million-incident load 6 s). Safe because copy_postgresql holds the tables against other
    writers: no one else can draw a number in between."""
    if not count:
        return range(0)
    sequence = f"pg_get_serial_sequence('{model._meta.db_table}', 'id')"
    cursor.execute(f"SELECT setval({sequence}, nextval({sequence}) + %s - 1)", [count])
    last = cursor.fetchone()[0]
    return range(last - count + 1, last + 1)


def bulk_create_chunk(chunk, clock, source_id):
    """Write one chunk of generated incidents with bulk_create (SQLite, or any database)."""
    incidents = []
    for values, _, _ in chunk:
        fields = dict(zip(INCIDENT_COLUMNS, values, strict=True))
        for n in TIMESTAMPS:
            name = INCIDENT_COLUMNS[n]
            fields[name] = None if values[n] is None else clock.datetime(values[n])
        incidents.append(Incident(**fields))
    Incident.objects.bulk_create(incidents)
    # bulk_create stamps auto_now fields with the current time: put the generated times back,
    # so a seed gives the same rows on every database.
    table, adapt = connection.ops.quote_name(Incident._meta.db_table), connection.ops
    stamp = adapt.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET created_at = %s, updated_at = %s WHERE id = %s",
            [
                (stamp(clock.datetime(values[-2])), stamp(clock.datetime(values[-1])), incident.pk)
                for incident, (values, _, _) in zip(incidents, chunk, strict=True)
            ],
        )
    through = Incident.damage_types.through
    through.objects.bulk_create(
        through(incident_id=incident.pk, damagetype_id=damage_id)
        for incident, (_, damage, _) in zip(incidents, chunk, strict=True)
        for damage_id in damage
    )
    cited = [
        (incident, *citation)
        for incident, (_, _, citations) in zip(incidents, chunk, strict=True)
        for citation in citations
    ]
    statements = Statement.objects.bulk_create(
        Statement(
            source_id=source_id,
            url=url,
            published_at=clock.datetime(published_at),
            date=incident.date,
        )
        for incident, url, _, published_at, _ in cited
    )
    Citation.objects.bulk_create(
        Citation(
            statement=statement,
            incident_id=incident.pk,
            source_id=source_id,
            url=url,
            quote=quote,
            published_at=clock.datetime(published_at),
            claimed_intercepted=claimed,
            claimed_intercepted_status=claim_state(claimed),
        )
        for statement, (incident, url, quote, published_at, claimed) in zip(
            statements, cited, strict=True
        )
    )


def delete_synthetic():
    """Delete synthetic incidents, the rows that cascade from them, and the synthetic source.

    Returns (incidents deleted, whether the source was kept because other incidents cite it).
    Plain DELETEs: the ORM's delete() would first load every one of a million rows.
    """
    quote = connection.ops.quote_name
    incident_table = quote(Incident._meta.db_table)
    synthetic = f"SELECT id FROM {incident_table} WHERE is_synthetic"
    # Rows deleted with an incident: its damage types, its citations, and whatever else
    # points at it with on_delete=CASCADE.
    dependents = [(Incident.damage_types.through, "incident_id")] + [
        (relation.related_model, relation.field.column)
        for relation in Incident._meta.related_objects
        if (relation.one_to_many or relation.one_to_one) and relation.on_delete is models.CASCADE
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for model, column in dependents:
            cursor.execute(
                f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(column)} IN ({synthetic})"
            )
        cursor.execute(f"DELETE FROM {incident_table} WHERE is_synthetic")
        deleted = cursor.rowcount
        source = Source.objects.filter(name=SYNTHETIC_SOURCE).first()
        if source is not None:
            # The synthetic statements, now that no claim of theirs is left (a plain DELETE,
            # as above: the ORM's would load and record each of a million).
            statement_table = quote(Statement._meta.db_table)
            cursor.execute(
                f"DELETE FROM {statement_table} AS s WHERE s.source_id = %s AND NOT EXISTS "
                f"(SELECT 1 FROM {quote(Citation._meta.db_table)} AS c "
                "WHERE c.statement_id = s.id)",
                [source.pk],
            )
        kept = source is not None and source.citations.exists()
        if source is not None and not kept:
            source.delete()
    return deleted, kept
