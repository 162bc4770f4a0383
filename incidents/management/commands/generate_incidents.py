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
from REBUILD_INDEXES_FROM rows on, the tables' secondary indexes are dropped first and built again
after the load, inside the same transaction (readers of the table wait for the load).
On SQLite, which only needs to be correct, bulk_create in batches.
"""

import argparse
import bisect
import datetime as dt
import itertools
import math
import queue
import random
import threading
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from incidents import services
from incidents.choices import SourceKind
from incidents.models import Citation, DamageType, Incident, Region, Source, ThreatType

SYNTHETIC_SOURCE = "SYNTHETIC TEST DATA (generate_incidents)"
SUMMARY_PREFIX = "[SYNTHETIC]"
# A place name no other summary here uses; RARE_COUNT synthetic summaries mention it.
RARE_WORD = "Zheleznogorsk"
RARE_COUNT = 6
YEARS = 4
CHUNK = 50_000
SQLITE_BATCH = 5_000
URL_BASE = "https://statements.example/synthetic"

# Relative frequency by ISO code (or slug, for the water areas); every other region gets
# OTHER_REGION_WEIGHT. Border and often-targeted regions dominate, as in the real record.
REGION_WEIGHTS = {
    "RU-BEL": 30,
    "RU-KRS": 24,
    "RU-BRY": 24,
    "RU-MOW": 10,
    "RU-MOS": 8,
    "RU-KDA": 12,
    "RU-ROS": 10,
    "RU-VOR": 10,
    "UA-43": 12,  # Crimea
    "black-sea": 10,
    "UA-40": 4,  # Sevastopol
    "sea-of-azov": 3,
    "RU-ORL": 5,
    "RU-KLU": 5,
    "RU-TUL": 4,
    "RU-LIP": 4,
    "RU-SMO": 4,
    "RU-TAM": 3,
    "RU-RYA": 3,
    "RU-TVE": 3,
    "RU-VGG": 3,
    "RU-LEN": 2,
    "RU-SAR": 2,
    "RU-AST": 1,
    "RU-NIZ": 1,
    "RU-TA": 1,
    "RU-PSK": 1,
    "RU-BA": 0.5,
    "RU-NGR": 0.5,
    "RU-YAR": 0.5,
    "RU-VLA": 0.5,
    "RU-IVA": 0.5,
    "RU-PNZ": 0.5,
    "RU-STA": 0.5,
    "RU-AD": 0.5,
    "RU-SPE": 0.5,
    "RU-KGD": 0.3,
    "RU-KL": 0.3,
    "RU-CE": 0.3,
    "RU-DA": 0.3,
}
OTHER_REGION_WEIGHT = 0.05
WATER_SLUGS = {"black-sea", "sea-of-azov"}

# slug -> (relative frequency, one, several as summaries write them, typical intercepted count)
THREATS = {
    "uav": (70, "UAV", "UAVs", 6.0),
    "fpv-drone": (8, "FPV drone", "FPV drones", 2.0),
    "cruise-missile": (3, "cruise missile", "cruise missiles", 2.0),
    "ballistic-missile": (2, "ballistic missile", "ballistic missiles", 1.5),
    "guided-aerial-bomb": (2, "guided aerial bomb", "guided aerial bombs", 1.5),
    "mlrs-rocket": (5, "MLRS rocket", "MLRS rockets", 4.0),
    "high-speed-air-target": (2, "high-speed air target", "high-speed air targets", 1.5),
    "uncrewed-surface-vessel": (2, "uncrewed surface vessel", "uncrewed surface vessels", 2.0),
    "unknown": (3, "air target", "air targets", 2.0),
}
NONE_REPORTED = "none-reported"
# How often an incident reports 0, 1, 2 or 3 kinds of damage.
DAMAGE_COUNT_WEIGHTS = (35, 40, 18, 7)
DAMAGE_PHRASES = {
    "residential": "windows of several houses were broken",
    "public-building": "the facade of a school was damaged",
    "infrastructure": "a power line and a road were damaged",
    "energy": "a substation was hit and power went out in part of a district",
    "fire": "debris started a fire that was put out",
    "vehicles": "several cars were damaged",
    "industrial": "a warehouse on an industrial site was damaged",
    "air-travel-disruption": "flights at the regional airport were suspended",
}

REPORTED, NOT_REPORTED, WITHHELD = "reported", "not_reported", "withheld"

# Column order of the incident values `generate` yields (the id comes from the database).
INCIDENT_COLUMNS = (
    "date",
    "window_start",
    "window_end",
    "region_id",
    "threat_type_id",
    "intercepted",
    "intercepted_status",
    "damage_description",
    "killed",
    "killed_status",
    "injured",
    "injured_status",
    "summary",
    "editor_notes",
    "status",
    "retraction_reason",
    "published_at",
    "is_synthetic",
    "created_at",
    "updated_at",
)
# Timestamps are generated as whole minutes since Clock.base (cheap to make and to format).
TIMESTAMPS = tuple(
    n
    for n, name in enumerate(INCIDENT_COLUMNS)
    if name in {"window_start", "window_end", "published_at", "created_at", "updated_at"}
)
CITATION_COLUMNS = ("url", "quote", "published_at", "claimed_intercepted")


@dataclass
class Vocabulary:
    """The rows generated incidents point at, looked up once, in a stable order."""

    region_ids: list[int]
    region_names: list[str]
    region_cumulative: list[float]
    water: list[bool]
    threat_ids: list[int]
    threat_slugs: list[str]
    threat_cumulative: list[float]
    # For 0, 1, 2 and 3 kinds of damage: every (damage type ids, description) combination.
    damage_combinations: list[list[tuple[tuple[int, ...], str]]]
    none_reported: tuple[int, ...] | None
    kursk: int | None  # index into region_ids, for the rare-word incidents


def load_vocabulary():
    regions = sorted(
        Region.objects.values_list("id", "name", "iso_code", "slug"), key=lambda r: r[3]
    )
    threats = dict(ThreatType.objects.values_list("slug", "id"))
    damages = dict(DamageType.objects.values_list("slug", "id"))
    threat_slugs = [slug for slug in THREATS if slug in threats]
    if not regions or not threat_slugs:
        raise CommandError("No regions or threat types: run `manage.py migrate` first.")
    weights = [REGION_WEIGHTS.get(iso or slug, OTHER_REGION_WEIGHT) for _, _, iso, slug in regions]
    kinds = sorted(slug for slug in damages if slug != NONE_REPORTED)
    combinations = [
        [
            (
                tuple(damages[slug] for slug in combination),
                describe_damage(combination),
            )
            for combination in itertools.combinations(kinds, size)
        ]
        for size in range(4)
    ]
    iso_codes = [iso for _, _, iso, _ in regions]
    return Vocabulary(
        region_ids=[r[0] for r in regions],
        region_names=[r[1] for r in regions],
        region_cumulative=list(itertools.accumulate(weights)),
        water=[slug in WATER_SLUGS for _, _, _, slug in regions],
        threat_ids=[threats[slug] for slug in threat_slugs],
        threat_slugs=threat_slugs,
        threat_cumulative=list(itertools.accumulate(THREATS[s][0] for s in threat_slugs)),
        damage_combinations=combinations,
        none_reported=(damages[NONE_REPORTED],) if NONE_REPORTED in damages else None,
        kursk=iso_codes.index("RU-KRS") if "RU-KRS" in iso_codes else None,
    )


def describe_damage(slugs):
    phrases = [DAMAGE_PHRASES.get(slug, f"{slug.replace('-', ' ')} damage") for slug in slugs]
    return ("; ".join(phrases).capitalize() + ".") if phrases else ""


def daily_counts(rng, days, count):
    """How many incidents fall on each day: growth over the years, a weekly rhythm, noise.

    Exactly `count` in total (largest remainders). Incidents are made day by day, so ids
    follow dates, as they do when editors enter statements as they come.
    """
    weekly = [1.0, 1.05, 1.1, 1.0, 1.15, 0.9, 0.8]
    weights = []
    for n, day in enumerate(days):
        t = n / max(len(days) - 1, 1)
        surge = 3.0 if rng.random() < 0.01 else 1.0
        noise = math.exp(rng.gauss(0, 0.35))
        weights.append((0.1 + t**1.5) * weekly[day.weekday()] * noise * surge)
    total = sum(weights)
    exact = [count * w / total for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(days)), key=lambda n: counts[n] - exact[n])
    for n in by_remainder[: count - sum(counts)]:
        counts[n] += 1
    return counts


class Clock:
    """Timestamps as whole minutes since `base` (UTC), turned into text or datetimes."""

    def __init__(self, first_day, days):
        # Two days of margin: a reporting window starts the evening before, and local midnight
        # is the previous day in UTC east of Greenwich.
        self.base = dt.datetime.combine(first_day - dt.timedelta(days=2), dt.time(), dt.UTC)
        self.day_texts = [
            (first_day + dt.timedelta(days=n - 2)).isoformat() for n in range(days + 5)
        ]
        self.times = [f"{h:02d}:{m:02d}:00+00" for h in range(24) for m in range(60)]

    def minutes(self, moment):
        return int((moment - self.base).total_seconds()) // 60

    def text(self, minutes):
        day, minute = divmod(minutes, 1440)
        return f"{self.day_texts[day]} {self.times[minute]}"

    def datetime(self, minutes):
        return self.base + dt.timedelta(minutes=minutes)


def generate(seed, count, vocabulary, end):
    """(clock, rows): rows yields (incident values, damage type ids, citations) in date order.

    Incident values follow INCIDENT_COLUMNS, citations CITATION_COLUMNS; timestamps are
    minutes for `clock` (see TIMESTAMPS). Every row satisfies the model's constraints.
    """
    rng = random.Random(seed)
    start = end - dt.timedelta(days=round(365.25 * YEARS) - 1)
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    per_day = daily_counts(rng, days, count)
    clock = Clock(start, len(days))
    return clock, _rows(rng, seed, count, vocabulary, days, per_day, clock)


def _rows(rng, seed, count, v, days, per_day, clock):
    random_ = rng.random  # the hot loop below draws everything from random(), the fastest call
    expovariate = rng.expovariate
    tz = ZoneInfo(settings.TIME_ZONE)
    rare = {count * k // RARE_COUNT for k in range(RARE_COUNT)}
    region_total, threat_total = v.region_cumulative[-1], v.threat_cumulative[-1]
    last_region, last_threat = len(v.region_ids) - 1, len(v.threat_ids) - 1
    damage_cumulative = list(itertools.accumulate(DAMAGE_COUNT_WEIGHTS))
    index = 0
    for day_number, (day, on_day) in enumerate(zip(days, per_day, strict=True)):
        growth = 0.5 + 2 * day_number / max(len(days) - 1, 1)
        midnight = clock.minutes(dt.datetime.combine(day, dt.time(), tz))  # local midnight
        day_text = day.isoformat()
        for _ in range(on_day):
            region = min(bisect.bisect(v.region_cumulative, random_() * region_total), last_region)
            if index in rare and v.kursk is not None:
                region = v.kursk
            threat = min(bisect.bisect(v.threat_cumulative, random_() * threat_total), last_threat)
            _, one, several, typical = THREATS[v.threat_slugs[threat]]

            # Three-state counts: "not reported" and "withheld" carry no number, never a 0.
            x = random_()
            if x < 0.82:
                intercepted_status = REPORTED
                intercepted = 1 + int(expovariate(1 / (typical * growth)))
            else:
                intercepted_status = WITHHELD if x < 0.85 else NOT_REPORTED
                intercepted = None
            x = random_()
            if x < 0.25:
                killed_status = REPORTED
                killed = 0 if random_() < 0.85 else 1 + int(expovariate(0.7))
            else:
                killed_status = WITHHELD if x < 0.27 else NOT_REPORTED
                killed = None
            x = random_()
            if x < 0.3:
                injured_status = REPORTED
                injured = 0 if random_() < 0.7 else 1 + int(expovariate(0.4))
            else:
                injured_status = WITHHELD if x < 0.32 else NOT_REPORTED
                injured = None

            # Damage: "none reported" alone, or 0 to 3 kinds of damage.
            size = bisect.bisect(damage_cumulative, random_() * damage_cumulative[-1])
            combinations = v.damage_combinations[min(size, 3)]
            if size == 1 and v.none_reported and random_() < 0.4:
                damage, description = v.none_reported, ""
            else:
                damage, description = combinations[int(random_() * len(combinations))]

            # Reporting window: mostly overnight, ending on the morning of the date; or daytime;
            # or none given. Minutes in steps of 30, as statements round them.
            x = random_()
            if x < 0.65:
                window_start = midnight - 360 + 30 * int(random_() * 10)
                window_end = midnight + 300 + 30 * int(random_() * 6)
            elif x < 0.75:
                window_start = midnight + 480 + 30 * int(random_() * 14)
                window_end = window_start + 30 + 30 * int(random_() * 7)
            else:
                window_start = window_end = None
            reported_at = (window_end or midnight + 420) + 10 + int(random_() * 170)
            created_at = reported_at + 5 + int(random_() * 10)
            published_at = created_at + 10 + int(random_() * 230)

            region_name = v.region_names[region]
            where = f"over the {region_name}" if v.water[region] else f"over {region_name}"
            if index in rare:
                where += f", near {RARE_WORD}"
            if intercepted is not None:
                what = f"{intercepted} {one if intercepted == 1 else several}"
                claim = f"air defence destroyed {what} {where}"
            else:
                what = several
                claim = f"air defence repelled an attack by {several} {where}"
            if killed == 0 and injured == 0:
                casualties = "no casualties were reported"
            elif killed is not None and injured is not None:
                casualties = f"{killed} killed and {injured} injured were reported"
            else:
                casualties = "casualty figures were not given"
            summary = f"{SUMMARY_PREFIX} According to the statement, {claim}; {casualties}."

            quote = f"Air defence forces destroyed {what} {where}."
            citations = [(f"{URL_BASE}/{seed}/{index}/1", quote, reported_at, intercepted)]
            if random_() < 0.35:
                # A second statement, later; sometimes with a smaller claim, as sources disagree.
                claimed = intercepted
                if intercepted and random_() < 0.3:
                    claimed = intercepted - 1
                later = reported_at + 5 + int(random_() * 115)
                url = f"{URL_BASE}/{seed}/{index}/2"
                citations.append((url, quote, later, claimed))

            yield (
                (
                    day_text,
                    window_start,
                    window_end,
                    v.region_ids[region],
                    v.threat_ids[threat],
                    intercepted,
                    intercepted_status,
                    description,
                    killed,
                    killed_status,
                    injured,
                    injured_status,
                    summary,
                    "",  # editor_notes
                    Incident.Status.PUBLISHED.value,
                    "",  # retraction_reason
                    published_at,
                    True,  # is_synthetic
                    created_at,
                    published_at,  # updated_at
                ),
                damage,
                citations,
            )
            index += 1


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


class Command(BaseCommand):
    help = "Generate (or --delete) published synthetic incidents for benchmarks and load tests."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=0, help="How many incidents to add.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--delete",
            action="store_true",
            help="Remove every synthetic incident and the synthetic source (before --count).",
        )
        parser.add_argument(
            "--end-date",
            type=dt.date.fromisoformat,
            help="Last date of the four generated years (default: today).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument("--chunk-size", type=int, default=CHUNK, help=argparse.SUPPRESS)

    def handle(self, *args, count, seed, delete, end_date, no_progress, chunk_size, **options):
        if count < 0 or chunk_size < 1:
            raise CommandError("--count must be >= 0 and --chunk-size >= 1.")
        if not count and not delete:
            raise CommandError("Give --count N (and --seed S), or --delete.")
        started = time.monotonic()
        if delete:
            deleted, source_kept = delete_synthetic()
            services.bulk_loaded(by=services.Command("generate_incidents --delete"))
            self.stdout.write(f"Deleted {deleted:,} synthetic incidents.")
            if source_kept:
                self.stderr.write(f"Other incidents cite {SYNTHETIC_SOURCE!r}: it was kept.")
        if not count:
            return
        progress = None if no_progress else Progress(self.stderr, count, "incidents")
        postgres = connection.vendor == "postgresql"
        with transaction.atomic():
            source, _ = Source.objects.get_or_create(
                name=SYNTHETIC_SOURCE, defaults={"kind": SourceKind.OTHER}
            )
            vocabulary = load_vocabulary()
            clock, rows = generate(seed, count, vocabulary, end_date or timezone.localdate())
            size = chunk_size if postgres else min(chunk_size, SQLITE_BATCH)
            chunks = iter(lambda: list(itertools.islice(rows, size)), [])
            if postgres:
                skipped = skip_foreign_key_triggers()
                if not skipped:
                    self.stderr.write("Not a superuser: foreign keys are checked row by row.")
                dropped = drop_secondary_indexes() if count >= REBUILD_INDEXES_FROM else []
                copy_postgresql(chunks, clock, source.pk, vocabulary, progress)
                if dropped:
                    self.stderr.write(f"building {len(dropped)} indexes again")
                    create_indexes(dropped)
                if skipped:
                    # Back to normal for the rest of an enclosing transaction (e.g. a test's).
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            else:
                done = 0
                for chunk in chunks:
                    bulk_create_chunk(chunk, clock, source.pk)
                    done += len(chunk)
                    if progress:
                        progress.update(done)
        if progress:
            progress.close()
        if postgres:
            # Fresh statistics, or the planner goes on planning for the table it saw before.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {', '.join(tables())}")
        services.bulk_loaded(by=services.Command("generate_incidents"))
        elapsed = time.monotonic() - started
        self.stdout.write(f"Generated {count:,} synthetic incidents in {elapsed:.1f}s.")


# Keeping the secondary indexes (trigram GIN, sort orders, covering indexes for the charts)
# up to date row by row costs more than building them again over the whole table, from this many
# new rows on. Both happen inside the load's transaction, so the indexes are never missing for
# anyone else (readers wait for the load instead). Primary keys and unique indexes stay: they
# are constraints, not speed.
REBUILD_INDEXES_FROM = 100_000


def drop_secondary_indexes():
    """Drop the loaded tables' secondary indexes; return their definitions, to build again."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary AND NOT indisunique",
            [list(tables())],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")  # regclass text: already quoted where needed
    return [definition for _, definition in indexes]


def create_indexes(definitions):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for definition in definitions:
            cursor.execute(definition)


def tables():
    """The quoted names of the incident, citation and incident-damage-type tables."""
    quote = connection.ops.quote_name
    return (
        quote(Incident._meta.db_table),
        quote(Citation._meta.db_table),
        quote(Incident.damage_types.through._meta.db_table),
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


def copy_postgresql(chunks, clock, source_id, vocabulary, progress):
    """COPY the chunks into the three tables, one chunk on the wire while the next is made.

    The main thread formats each chunk as COPY text (the rows without their incident id); a
    writer thread reserves the ids from the sequence, prepends them and runs the COPYs. On two
    cores, Python's work and PostgreSQL's then overlap.
    """
    # Region names are the only text from the database: escape only when one needs it.
    region_names = "".join(vocabulary.region_names)
    escape = (
        (lambda text: text.translate(COPY_SPECIAL))
        if any(char in region_names for char in "\\\t\n\r")
        else (lambda text: text)
    )
    writer = CopyWriter(connection.connection, source_id, progress)
    writer.start()
    try:
        for chunk in chunks:
            writer.put([format_incident(row, clock, escape) for row in chunk])
    finally:
        writer.finish()


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
        f"\t{escape(editor_notes)}\t{status}\t{escape(retraction_reason)}\t{text(published_at)}"
        f"\t{'t' if is_synthetic else 'f'}\t{text(created_at)}\t{text(updated_at)}"
    )
    cited = [
        f"{escape(url)}\t\t{escape(quote)}\t{text(when)}\t{NULL if claimed is None else claimed}"
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
        incident_table, citation_table, through_table = tables()
        with self.pg.cursor() as cursor:
            # Reserve the ids, so the citations and damage types can point at them.
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Incident._meta.db_table, len(chunk)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            rows = list(zip(ids, chunk, strict=True))
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
                    f"{citation_table} (incident_id, source_id, url, archive_url, quote, "
                    "published_at, claimed_intercepted)",
                    (f"{pk}\t{source}\t{c}\n" for pk, (_, _, cited) in rows for c in cited),
                ),
            ]
            for target, lines in copies:
                with cursor.copy(f"COPY {target} FROM STDIN") as copy:
                    copy.write("".join(lines))
        self.done += len(chunk)
        if self.progress:
            self.progress.update(self.done)


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
    Citation.objects.bulk_create(
        Citation(
            incident_id=incident.pk,
            source_id=source_id,
            url=url,
            quote=quote,
            published_at=clock.datetime(published_at),
            claimed_intercepted=claimed,
        )
        for incident, (_, _, cited) in zip(incidents, chunk, strict=True)
        for url, quote, published_at, claimed in cited
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
        kept = source is not None and source.citations.exists()
        if source is not None and not kept:
            source.delete()
    return deleted, kept
