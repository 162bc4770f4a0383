"""Generate plausible synthetic incidents at scale, for benchmarks and load tests.

    manage.py generate_incidents --count 1000000 --seed 1
    manage.py generate_incidents --delete

Every generated row is published, flagged `is_synthetic`, has a summary starting with
"[SYNTHETIC]" and cites only the dedicated SYNTHETIC_SOURCE, so it can never pass for a real
record, and `--delete` removes exactly these rows (with their citations and damage types).

The data is shaped like the real record: border regions far more often than the rest, mostly
UAVs, growth over the years with weekly rhythm and noise, the three-state counts of the model
("not reported" is never 0), reporting windows, one or two citations each. A handful of
summaries mention RARE_WORD, so a text search has something rare to find.

Everything comes from one `random.Random(seed)`, so a seed (and an end date) gives the same rows.
Ids come from the database and are not part of that promise.

Speed: on PostgreSQL the rows are written with COPY (ids reserved from the sequence first, so
citations and damage types can point at them), in chunks so memory stays bounded; on SQLite,
which only needs to be correct, with bulk_create in batches.
"""

import argparse
import bisect
import datetime as dt
import itertools
import math
import random
import sys
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from incidents.models import (
    Citation,
    DamageType,
    Incident,
    Region,
    Reporting,
    Source,
    SourceKind,
    ThreatType,
)

SYNTHETIC_SOURCE = "SYNTHETIC TEST DATA (generate_incidents)"
SUMMARY_PREFIX = "[SYNTHETIC]"
# A place name no real summary here uses; a few synthetic ones mention it (see RARE_COUNT).
RARE_WORD = "Zheleznogorsk"
RARE_COUNT = 6
YEARS = 4
CHUNK = 50_000
URL_BASE = "https://statements.example/synthetic"

# Relative frequency by ISO code (or slug, for the water areas); every other region gets
# OTHER_REGION_WEIGHT. Border and frequently targeted regions dominate, as in the real record.
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
    "RU-LEN": 2,
    "RU-VGG": 3,
    "RU-SAR": 2,
    "RU-AST": 1,
    "RU-NIZ": 1,
    "RU-TA": 1,
    "RU-BA": 0.5,
    "RU-PSK": 1,
    "RU-NGR": 0.5,
    "RU-YAR": 0.5,
    "RU-VLA": 0.5,
    "RU-IVA": 0.5,
    "RU-PNZ": 0.5,
    "RU-STA": 0.5,
    "RU-AD": 0.5,
    "RU-KGD": 0.3,
    "RU-SPE": 0.5,
    "RU-KL": 0.3,
    "RU-CE": 0.3,
    "RU-DA": 0.3,
}
OTHER_REGION_WEIGHT = 0.05
WATER_SLUGS = {"black-sea", "sea-of-azov"}

# slug -> (relative frequency, plural as summaries write it, typical intercepted count)
THREATS = {
    "uav": (70, "UAVs", 6.0),
    "fpv-drone": (8, "FPV drones", 2.0),
    "cruise-missile": (3, "cruise missiles", 2.0),
    "ballistic-missile": (2, "ballistic missiles", 1.5),
    "guided-aerial-bomb": (2, "guided aerial bombs", 1.5),
    "mlrs-rocket": (5, "MLRS rockets", 4.0),
    "high-speed-air-target": (2, "high-speed air targets", 1.5),
    "uncrewed-surface-vessel": (2, "uncrewed surface vessels", 2.0),
    "unknown": (3, "air targets", 2.0),
}
NONE_REPORTED = "none-reported"
# How many damage types an incident gets: 0, 1, 2 or 3, with these frequencies.
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
    "other": "other damage was reported",
}


@dataclass
class Vocabulary:
    """The rows generated incidents point at, looked up once."""

    region_ids: list[int]
    region_names: list[str]
    region_cumulative: list[float]
    water: list[bool]
    threat_ids: list[int]
    threat_slugs: list[str]
    threat_cumulative: list[float]
    damage_ids: list[int]
    damage_slugs: list[str]
    none_reported: int | None  # index into damage_ids
    kursk: int | None  # index into region_ids, for the rare-word incidents
    source_id: int


def cumulative(weights):
    return list(itertools.accumulate(weights))


def load_vocabulary(source_id):
    regions = sorted(
        Region.objects.values_list("id", "name", "iso_code", "slug"), key=lambda r: r[3]
    )
    threats = {slug: pk for pk, slug in ThreatType.objects.values_list("id", "slug")}
    damages = sorted(DamageType.objects.values_list("id", "slug"), key=lambda d: d[1])
    threat_slugs = [slug for slug in THREATS if slug in threats]
    if not regions or not threat_slugs:
        raise CommandError("No regions or threat types: run `manage.py migrate` first.")
    weights = [REGION_WEIGHTS.get(iso or slug, OTHER_REGION_WEIGHT) for _, _, iso, slug in regions]
    damage_slugs = [slug for _, slug in damages]
    iso_codes = [iso for _, _, iso, _ in regions]
    return Vocabulary(
        region_ids=[r[0] for r in regions],
        region_names=[r[1] for r in regions],
        region_cumulative=cumulative(weights),
        water=[slug in WATER_SLUGS for _, _, _, slug in regions],
        threat_ids=[threats[slug] for slug in threat_slugs],
        threat_slugs=threat_slugs,
        threat_cumulative=cumulative(THREATS[slug][0] for slug in threat_slugs),
        damage_ids=[pk for pk, _ in damages],
        damage_slugs=damage_slugs,
        none_reported=damage_slugs.index(NONE_REPORTED) if NONE_REPORTED in damage_slugs else None,
        kursk=iso_codes.index("RU-KRS") if "RU-KRS" in iso_codes else None,
        source_id=source_id,
    )


def daily_counts(rng, days, count):
    """How many incidents fall on each day: growth over the years, a weekly rhythm, noise.

    Exactly `count` in total (largest remainders), so ids follow dates as editors enter them.
    """
    weekly = [1.0, 1.05, 1.1, 1.0, 1.15, 0.9, 0.8]
    weights = []
    for n, day in enumerate(days):
        t = n / max(len(days) - 1, 1)
        surge = 3.0 if rng.random() < 0.01 else 1.0
        weights.append(
            (0.1 + t**1.5) * weekly[day.weekday()] * math.exp(rng.gauss(0, 0.35)) * surge
        )
    total = sum(weights)
    exact = [count * w / total for w in weights]
    counts = [int(x) for x in exact]
    short = count - sum(counts)
    by_remainder = sorted(range(len(days)), key=lambda n: exact[n] - counts[n], reverse=True)
    for n in by_remainder[:short]:
        counts[n] += 1
    return counts


def three_state(rng, reported_share, withheld_share):
    """A count's state: reported (the caller picks the number), not reported, or withheld."""
    x = rng.random()
    if x < reported_share:
        return Reporting.REPORTED
    if x < reported_share + withheld_share:
        return Reporting.WITHHELD
    return Reporting.NOT_REPORTED


def generate(seed, count, vocabulary, end):
    """Yield (incident values, damage type ids, citations) for `count` incidents in date order.

    Incident values follow INCIDENT_COLUMNS (without id); a citation is (url, quote,
    published_at, claimed_intercepted). Timestamps are aware datetimes in UTC.
    """
    rng = random.Random(seed)
    tz = ZoneInfo(settings.TIME_ZONE)
    start = end - dt.timedelta(days=round(365.25 * YEARS) - 1)
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    per_day = daily_counts(rng, days, count)
    rare = {count * k // RARE_COUNT + 7 for k in range(RARE_COUNT)} if count > 7 else {0}
    v = vocabulary
    region_total, threat_total = v.region_cumulative[-1], v.threat_cumulative[-1]
    damage_choices = [n for n in range(len(v.damage_ids)) if n != v.none_reported]
    utc = dt.UTC
    index = 0
    for day_number, (day, on_day) in enumerate(zip(days, per_day, strict=True)):
        t = day_number / max(len(days) - 1, 1)
        # Midnight of the day, local time, in UTC: windows and publication are local times.
        midnight = dt.datetime.combine(day, dt.time(), tz).astimezone(utc)
        day_text = day.isoformat()
        for _ in range(on_day):
            r = bisect.bisect(v.region_cumulative, rng.random() * region_total)
            region = min(r, len(v.region_ids) - 1)
            if index in rare and v.kursk is not None:
                region = v.kursk
            threat = min(
                bisect.bisect(v.threat_cumulative, rng.random() * threat_total),
                len(v.threat_ids) - 1,
            )
            threat_slug = v.threat_slugs[threat]
            _, plural, typical = THREATS[threat_slug]

            # Counts: "not reported" and "withheld" carry no number, never a 0.
            intercepted_status = three_state(rng, 0.82, 0.03)
            intercepted = None
            if intercepted_status == Reporting.REPORTED:
                intercepted = 1 + int(rng.expovariate(1 / (typical * (0.5 + 2 * t))))
            killed_status = three_state(rng, 0.25, 0.02)
            killed = None
            if killed_status == Reporting.REPORTED:
                killed = 0 if rng.random() < 0.85 else 1 + int(rng.expovariate(0.7))
            injured_status = three_state(rng, 0.3, 0.02)
            injured = None
            if injured_status == Reporting.REPORTED:
                injured = 0 if rng.random() < 0.7 else 1 + int(rng.expovariate(0.4))

            # Damage: "none reported" alone, or up to three kinds of damage.
            how_many = rng.choices((0, 1, 2, 3), DAMAGE_COUNT_WEIGHTS)[0]
            if how_many == 1 and v.none_reported is not None and rng.random() < 0.4:
                damage = [v.none_reported]
            else:
                damage = sorted(rng.sample(damage_choices, min(how_many, len(damage_choices))))
            phrases = [DAMAGE_PHRASES.get(v.damage_slugs[d], "") for d in damage]
            description = "; ".join(p for p in phrases if p).capitalize()
            description = description + "." if description else ""

            # Reporting window: usually overnight, ending on the incident's date; sometimes none.
            x = rng.random()
            if x < 0.65:
                window_start = midnight + dt.timedelta(minutes=rng.randrange(-360, -60, 30))
                window_end = midnight + dt.timedelta(minutes=rng.randrange(300, 480, 30))
            elif x < 0.75:
                window_start = midnight + dt.timedelta(minutes=rng.randrange(480, 900, 30))
                window_end = window_start + dt.timedelta(minutes=rng.randrange(30, 240, 30))
            else:
                window_start = window_end = None
            reported_at = (window_end or midnight + dt.timedelta(hours=7)) + dt.timedelta(
                minutes=rng.randrange(10, 180)
            )
            published_at = reported_at + dt.timedelta(minutes=rng.randrange(15, 240))
            created_at = reported_at + dt.timedelta(minutes=rng.randrange(5, 15))
            updated_at = published_at

            region_name = v.region_names[region]
            where = f"over the {region_name}" if v.water[region] else f"over {region_name}"
            if index in rare:
                where += f", near {RARE_WORD}"
            if intercepted is not None:
                claim = f"air defence destroyed {intercepted} {plural} {where}"
            else:
                claim = f"air defence repelled an attack by {plural} {where}"
            casualties = (
                "no casualties were reported"
                if (killed, injured) == (0, 0)
                else f"{killed} killed and {injured} injured were reported"
                if killed is not None and injured is not None
                else "casualty figures were not given"
            )
            summary = f"{SUMMARY_PREFIX} According to the statement, {claim}; {casualties}."

            citations = []
            for k in range(1 if rng.random() < 0.65 else 2):
                url = f"{URL_BASE}/{seed}/{index}/{k + 1}"
                number = f"{intercepted} " if intercepted is not None else ""
                quote = f"Air defence forces destroyed {number}{plural} {where}."
                claimed = intercepted
                if k and intercepted is not None and rng.random() < 0.3:
                    claimed = max(0, intercepted - rng.randrange(1, 4))
                cited_at = reported_at + dt.timedelta(minutes=k * rng.randrange(5, 120))
                citations.append((url, quote, cited_at, claimed))

            values = (
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
                Incident.Status.PUBLISHED,
                "",  # retraction_reason
                published_at,
                True,  # is_synthetic
                created_at,
                updated_at,
            )
            yield values, [v.damage_ids[d] for d in damage], citations
            index += 1


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


class Progress:
    """A one-line progress bar on stderr (redrawn in place on a terminal)."""

    def __init__(self, stream, total, label):
        self.stream, self.total, self.label = stream, total, label
        self.started = time.monotonic()
        self.tty = getattr(stream, "isatty", lambda: False)()

    def update(self, done):
        width = 30
        filled = width * done // max(self.total, 1)
        elapsed = time.monotonic() - self.started
        line = (
            f"{self.label} [{'#' * filled}{'.' * (width - filled)}] "
            f"{done:,}/{self.total:,} {elapsed:.1f}s"
        )
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        self.stream.flush()

    def close(self):
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


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
            default=None,
            help="Last date of the generated range (default: today).",
        )
        parser.add_argument("--chunk-size", type=int, default=CHUNK, help=argparse.SUPPRESS)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, count, seed, delete, end_date, chunk_size, no_progress, **options):
        if count < 0 or chunk_size < 1:
            raise CommandError("--count must be >= 0 and --chunk-size >= 1.")
        if not count and not delete:
            raise CommandError("Give --count N (and --seed S), or --delete.")
        started = time.monotonic()
        if delete:
            deleted, source_kept = delete_synthetic()
            self.stdout.write(f"Deleted {deleted:,} synthetic incidents.")
            if source_kept:
                self.stderr.write(f"Other incidents cite {SYNTHETIC_SOURCE!r}: it was kept.")
        if not count:
            return
        self.progress = None if no_progress else Progress(sys.stderr, count, "incidents")
        end = end_date or timezone.localdate()
        with transaction.atomic():
            source, _ = Source.objects.get_or_create(
                name=SYNTHETIC_SOURCE, defaults={"kind": SourceKind.OTHER}
            )
            rows = generate(seed, count, load_vocabulary(source.pk), end)
            if connection.vendor == "postgresql":
                self.copy_postgresql(rows, count, chunk_size, source.pk)
            else:
                self.bulk_create(rows, count, min(chunk_size, 10_000), source.pk)
        if self.progress:
            self.progress.close()
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses the row counts of a table it saw empty.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {', '.join(tables())}")
        self.stdout.write(
            f"Generated {count:,} synthetic incidents in {time.monotonic() - started:.1f}s."
        )

    def tick(self, done):
        if self.progress:
            self.progress.update(done)

    def copy_postgresql(self, rows, count, chunk_size, source_id):
        from psycopg.copy import QueuedLibpqWriter

        incident_table, citation_table, through_table = tables()
        incident_sql = f"COPY {incident_table} (id, {', '.join(INCIDENT_COLUMNS)}) FROM STDIN"
        citation_sql = (
            f"COPY {citation_table} (incident_id, source_id, url, archive_url, quote, "
            "published_at, claimed_intercepted) FROM STDIN"
        )
        through_sql = f"COPY {through_table} (incident_id, damagetype_id) FROM STDIN"
        done = 0
        with connection.cursor() as cursor:
            pg = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            # The writer thread sends one chunk while Python generates the next.
            writer = QueuedLibpqWriter
            while done < count:
                chunk = list(itertools.islice(rows, chunk_size))
                # Reserve the ids, so citations and damage types can point at them.
                pg.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [Incident._meta.db_table, len(chunk)],
                )
                ids = [row[0] for row in pg.fetchall()]
                with pg.copy(incident_sql, writer=writer(pg)) as copy:
                    for pk, (values, _, _) in zip(ids, chunk, strict=True):
                        copy.write_row((pk, *values))
                with pg.copy(through_sql, writer=writer(pg)) as copy:
                    for pk, (_, damage, _) in zip(ids, chunk, strict=True):
                        for damage_id in damage:
                            copy.write_row((pk, damage_id))
                with pg.copy(citation_sql, writer=writer(pg)) as copy:
                    for pk, (_, _, citations) in zip(ids, chunk, strict=True):
                        for url, quote, cited_at, claimed in citations:
                            copy.write_row((pk, source_id, url, "", quote, cited_at, claimed))
                done += len(chunk)
                self.tick(done)

    def bulk_create(self, rows, count, chunk_size, source_id):
        through = Incident.damage_types.through
        done = 0
        while done < count:
            chunk = list(itertools.islice(rows, chunk_size))
            incidents = [
                Incident(**dict(zip(INCIDENT_COLUMNS, values, strict=True)))
                for values, _, _ in chunk
            ]
            Incident.objects.bulk_create(incidents)
            # bulk_create stamps auto_now fields with the current time; put the generated ones
            # back so a seed gives the same rows on every database.
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {tables()[0]} SET created_at = %s, updated_at = %s WHERE id = %s",
                    [
                        (values[-2], values[-1], incident.pk)
                        for incident, (values, _, _) in zip(incidents, chunk, strict=True)
                    ],
                )
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
                    published_at=cited_at,
                    claimed_intercepted=claimed,
                )
                for incident, (_, _, citations) in zip(incidents, chunk, strict=True)
                for url, quote, cited_at, claimed in citations
            )
            done += len(chunk)
            self.tick(done)


def tables():
    """The quoted names of the incident, citation and incident-damage-type tables."""
    quote = connection.ops.quote_name
    return (
        quote(Incident._meta.db_table),
        quote(Citation._meta.db_table),
        quote(Incident.damage_types.through._meta.db_table),
    )


def delete_synthetic():
    """Delete synthetic incidents, their citations and damage types, and the synthetic source.

    Returns (incidents deleted, whether the source was kept because other incidents cite it).
    Plain SQL DELETEs: the ORM's delete() would load every one of a million rows first.
    """
    incident_table, citation_table, through_table = tables()
    synthetic = f"SELECT id FROM {incident_table} WHERE is_synthetic"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {through_table} WHERE incident_id IN ({synthetic})")
        cursor.execute(f"DELETE FROM {citation_table} WHERE incident_id IN ({synthetic})")
        cursor.execute(f"DELETE FROM {incident_table} WHERE is_synthetic")
        deleted = cursor.rowcount
        source = Source.objects.filter(name=SYNTHETIC_SOURCE).first()
        kept = source is not None and source.citations.exists()
        if source is not None and not kept:
            source.delete()
    return deleted, kept
