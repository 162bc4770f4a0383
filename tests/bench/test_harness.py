"""The benchmark harness runs end to end at a tiny size and reports every case.

PostgreSQL only (the harness measures PostgreSQL). It runs in a database of its own, next to
the test database, so it never touches the data DATABASE_URL names.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from bench import cases

ROOT = Path(__file__).resolve().parents[2]
URL = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not URL.startswith(("postgres://", "postgresql://")),
        reason="the benchmark harness measures PostgreSQL",
    ),
]


@pytest.fixture
def bench_database():
    """A scratch database for the harness, dropped afterwards."""
    parts = urlsplit(URL)
    name = f"{parts.path.lstrip('/') or 'airdefense'}_bench_test"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def table_rows(markdown):
    """(case, size, met) of each row of the results table."""
    rows = []
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 9 and cells[0] not in ("case", "---"):
            rows.append((cells[0], cells[1], cells[7]))
    return rows


def test_harness_reports_a_row_for_every_case(bench_database, tmp_path):
    env = {**os.environ, "DATABASE_URL": bench_database}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the harness chooses its own settings
    command = ["bench/run.py", "--sizes=500", "--runs=1", "--quick", f"--output={tmp_path}"]
    result = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-5000:]

    latest = (tmp_path / "latest.md").read_text()
    assert result.stdout.strip().endswith(latest.strip().splitlines()[-1])
    rows = table_rows(latest)
    assert [case for case, _, _ in rows] == cases.ALL
    assert all(size == "500" for _, size, _ in rows)
    # Skipped rows say why; nothing failed outright.
    assert not [row for row in rows if row[2].startswith("skipped: error")], rows
    for case, _, met in rows:
        assert met in {"yes", "**NO**", "—"} or met.startswith("skipped: "), (case, met)
    # A few rows that are always measured, whatever is installed.
    measured = {case for case, _, met in rows if not met.startswith("skipped")}
    assert {cases.CSV_ALL, cases.CSV_SNAPSHOT, cases.CSV_MEMORY, cases.CHART_ALL} <= measured
    assert cases.SEARCH_RARE in measured
    assert len(list(tmp_path.glob("*.raw"))) == 1
