"""The rows the harness measures: synthetic incidents in PostgreSQL, and a copy in SQLite.

No Django in this process: Django runs in subprocesses (manage.py, bench/probe.py) with the
environment the harness chose; here psycopg and sqlite3 only.
"""

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
INCIDENT_TABLES = ("incidents_incident", "incidents_citation", "incidents_incident_damage_types")


def manage(env, *args, quiet=True):
    """Run a manage.py command with the harness's environment; raise if it fails."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout or ''}")
    return result.stdout


def counts(url):
    """(synthetic incidents, other incidents) in the database at `url`."""
    with psycopg.connect(url) as connection:
        return connection.execute(
            "SELECT count(*) FILTER (WHERE is_synthetic), count(*) FILTER (WHERE NOT is_synthetic)"
            " FROM incidents_incident"
        ).fetchone()


def prepare(url, env, size, seed, log):
    """Make the database hold exactly `size` synthetic incidents; say what it took."""
    synthetic, real = counts(url)
    if synthetic == size:
        return f"reused the {size:,} synthetic incidents already there"
    started = time.monotonic()
    if synthetic and not real:
        # Only synthetic rows: TRUNCATE is instant and leaves no dead rows to vacuum.
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f"TRUNCATE {', '.join(INCIDENT_TABLES)} CASCADE")
    elif synthetic:
        manage(env, "generate_incidents", "--delete")
    log(f"generating {size:,} synthetic incidents (seed {seed})")
    generated = time.monotonic()
    manage(env, "generate_incidents", f"--count={size}", f"--seed={seed}", quiet=False)
    took = time.monotonic() - generated
    # A bulk load leaves hint bits unset and no visibility map: the first readers would pay for
    # them. Autovacuum does this in production; do it now so every run sees the same tables.
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"VACUUM (ANALYZE) {', '.join(INCIDENT_TABLES)}")
    total = time.monotonic() - started
    return f"generated {size:,} synthetic incidents in {took:.0f}s ({total:.0f}s with VACUUM)"


# SQLite copy, for the Datasette peer ----------------------------------------------------------

# Copied whole, in this order (references first), ids kept, so both databases hold the same rows.
SQLITE_TABLES = (
    "incidents_region",
    "incidents_threattype",
    "incidents_damagetype",
    "incidents_source",
    "incidents_incident",
    "incidents_incident_damage_types",
    "incidents_statement",
    "incidents_statementtotal",
    "incidents_citation",
)


def _pg_select(connection, table, columns):
    """SELECT list that gives each cell as Django's SQLite backend stores it."""
    types = dict(
        connection.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s",
            [table],
        ).fetchall()
    )
    select = []
    for column in columns:
        quoted = f'"{column}"'
        kind = types[column]
        if kind == "timestamp with time zone":
            # Naive UTC text, microseconds only when there are some, as Django writes it.
            utc = f"({quoted} AT TIME ZONE 'UTC')"
            select.append(
                f"CASE WHEN date_part('microseconds', {utc})::int % 1000000 = 0 "
                f"THEN to_char({utc}, 'YYYY-MM-DD HH24:MI:SS') "
                f"ELSE to_char({utc}, 'YYYY-MM-DD HH24:MI:SS.US') END"
            )
        elif kind == "date":
            select.append(f"{quoted}::text")
        elif kind == "boolean":
            select.append(f"{quoted}::int")
        else:
            select.append(quoted)
    return ", ".join(select)


def build_sqlite(url, env, path, log):
    """An SQLite file with our schema (migrate) holding the same rows as PostgreSQL.

    Reused when its marker says it was copied from the same rows (count and last id) under the
    same schema (the migrations applied).
    """
    path, marker = Path(path), Path(f"{path}.json")
    with psycopg.connect(url) as connection:
        source = connection.execute(
            "SELECT count(*), coalesce(max(id), 0), "
            "(SELECT count(*) FROM django_migrations) FROM incidents_incident"
        ).fetchone()
    if path.exists() and marker.exists() and json.loads(marker.read_text()) == list(source):
        return f"reused the SQLite copy ({source[0]:,} incidents)"
    started = time.monotonic()
    path.unlink(missing_ok=True)
    marker.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    log(f"copying {source[0]:,} incidents into {path}")
    manage({**env, "DATABASE_URL": f"sqlite:///{path.resolve()}"}, "migrate", "--no-input")
    target = sqlite3.connect(path, isolation_level=None)
    target.execute("PRAGMA journal_mode = OFF")
    target.execute("PRAGMA synchronous = OFF")
    target.execute("BEGIN")
    for table in reversed(SQLITE_TABLES):  # the seeded vocabularies go, the copies come
        target.execute(f'DELETE FROM "{table}"')
    with psycopg.connect(url) as connection:
        for table in SQLITE_TABLES:
            columns = [row[1] for row in target.execute(f'PRAGMA table_info("{table}")')]
            select = _pg_select(connection, table, columns)
            names = ", ".join(f'"{column}"' for column in columns)
            marks = ", ".join("?" for _ in columns)
            insert = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
            with connection.cursor(name=f"copy_{table}") as cursor:  # server-side: bounded
                cursor.itersize = 20_000
                cursor.execute(f'SELECT {select} FROM "{table}" ORDER BY id')
                while batch := cursor.fetchmany(20_000):
                    target.executemany(insert, batch)
    target.execute("COMMIT")
    target.execute("ANALYZE")
    target.close()
    marker.write_text(json.dumps(list(source)))
    return f"copied {source[0]:,} incidents to SQLite in {time.monotonic() - started:.0f}s"


def sqlite_ids(path, region_slug, threat_slug):
    """The ids Datasette's table filters need for a region and a threat type."""
    with sqlite3.connect(path) as connection:
        region = connection.execute(
            "SELECT id FROM incidents_region WHERE slug = ?", [region_slug]
        ).fetchone()
        threat = connection.execute(
            "SELECT id FROM incidents_threattype WHERE slug = ?", [threat_slug]
        ).fetchone()
    return region[0], threat[0]
