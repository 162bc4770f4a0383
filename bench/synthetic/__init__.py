"""Generate plausible synthetic incidents at scale, for benchmarks and load tests.

    manage.py generate_incidents --count 1000000 --seed 1
    manage.py generate_incidents --delete

Every generated row is published, flagged `is_synthetic`, has a summary starting with
"[SYNTHETIC]" and cites only the dedicated SYNTHETIC_SOURCE, so it can never pass for a real
record, and `--delete` removes exactly these rows (with their citations and damage types).

The data is shaped like the real record: border regions far more often than the rest, mostly
UAVs, growth over the years with a weekly rhythm and noise, the three-state counts of the model
("not reported" is never 0), reporting windows, one or two citations each. A handful of
summaries mention RARE_WORD, so a text search has something rare to find.

Everything comes from one `random.Random(seed)`: a seed and an end date give the same rows
(ids come from the database and are not part of that promise).

Speed: on PostgreSQL the rows go in with COPY, in chunks so memory stays bounded, with the
incident ids reserved from the sequence first so citations and damage types can point at them;
from REBUILD_INDEXES_FROM rows on, the tables' indexes but their primary keys are set aside and
built again after the load, inside the same transaction (incidents.bulk: readers of the tables
wait for the load, and a broken unique constraint fails it).
On SQLite, which only needs to be correct, bulk_create in batches.
"""

import contextlib
import time

from django.db import connection, transaction
from django.utils import timezone

from bench.synthetic.load import (
    REBUILD_INDEXES_FROM,
    bulk_create_chunk,
    chunked,
    copy_postgresql,
    delete_synthetic,
    formatted_chunks,
    skip_foreign_key_triggers,
    tables,
)
from bench.synthetic.shape import (
    CHUNK,
    SQLITE_BATCH,
    SYNTHETIC_SOURCE,
    generate,
    load_vocabulary,
)
from bench.synthetic_rows import formatted_in_a_process
from incidents import services
from incidents.bulk import indexes_set_aside
from incidents.choices import SourceKind
from incidents.models import Source


class Progress:
    """A one-line progress bar on the command's stderr, redrawn in place on a terminal."""

    def __init__(self, stream, total, label):
        self.stream, self.total, self.label = stream, total, label
        self.started = time.monotonic()
        self.tty = stream.isatty()

    def update(self, done):
        width = 30
        filled = width * done // max(self.total, 1)
        elapsed = time.monotonic() - self.started
        line = (
            f"{self.label} [{'#' * filled}{'.' * (width - filled)}] "
            f"{done:,}/{self.total:,} {elapsed:.1f}s"
        )
        self.stream.write(f"\r{line}" if self.tty else f"{line}\n", ending="")
        self.stream.flush()

    def close(self):
        if self.tty:
            self.stream.write("\n", ending="")


def delete(*, stdout, stderr):
    deleted, source_kept = delete_synthetic()
    services.bulk_loaded(by=services.Command("generate_incidents --delete"))
    stdout.write(f"Deleted {deleted:,} synthetic incidents.")
    if source_kept:
        stderr.write(f"Other incidents cite {SYNTHETIC_SOURCE!r}: it was kept.")


def load(*, count, seed=1, end_date=None, chunk_size=CHUNK, progress=None, stderr=None):
    """Add `count` published synthetic incidents, the rows `seed` and `end_date` determine."""
    postgres = connection.vendor == "postgresql"
    with transaction.atomic():
        source, _ = Source.objects.get_or_create(
            name=SYNTHETIC_SOURCE, defaults={"kind": SourceKind.OTHER}
        )
        vocabulary = load_vocabulary()
        end = end_date or timezone.localdate()
        if postgres:
            skipped = skip_foreign_key_triggers()
            if not skipped and stderr:
                stderr.write("Not a superuser: foreign keys are checked row by row.")
            # A large load: its rows made in a process of their own, its indexes built after.
            large = count >= REBUILD_INDEXES_FROM
            make = formatted_in_a_process if large else formatted_chunks
            formatted = make(seed, count, vocabulary, end, chunk_size)
            with indexes_set_aside(tables()) if large else contextlib.nullcontext():
                copy_postgresql(formatted, source.pk, progress)
            if skipped:
                # Back to normal for the rest of an enclosing transaction (e.g. a test's).
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        else:
            clock, rows = generate(seed, count, vocabulary, end)
            size = min(chunk_size, SQLITE_BATCH)
            done = 0
            for chunk in chunked(rows, size):
                bulk_create_chunk(chunk, clock, source.pk)
                done += len(chunk)
                if progress:
                    progress.update(done)
    if progress:
        progress.close()
    if postgres:
        # Fresh statistics, or the planner goes on planning for the table it saw before. The
        # sources too: the one synthetic source is too few rows for autovacuum ever to analyze,
        # and without its statistics the planner expected 8,000 of 1,350,000 citations for a
        # source kind filter and checked each of a million incidents in a loop (10 s, not 1 s).
        sources = connection.ops.quote_name(Source._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables())}, {sources}")
    services.bulk_loaded(by=services.Command("generate_incidents"))
