"""Mutation testing of the modules that carry the promises, one module at a time (mutmut 3).

Each module is mutated alone and tested by the test files that state its promises (SQLite),
listed cheapest first (a mutant's tests run in that order and stop at the first failure), so
a run fits the two shared cores: `make mutation` (all), `make mutation MODULE=figures`.
Never in CI: the scores and the survivors' reasons are kept in docs/mutation.md.

mutmut reads its settings from setup.cfg when pyproject.toml has none: this script writes one
per module, runs `mutmut run`, counts `mutmut results` (listed in var/mutation-NAME.txt), and
removes setup.cfg; mutants/ is kept as var/mutants-NAME/ for `mutmut show`.

`--postgres` runs on the PostgreSQL of DATABASE_URL instead (pytest-django's test_ copy of
that database, kept between mutants: name a database no other run uses), for code only
PostgreSQL runs (the daily rollups); its results go to var/mutation-NAME-postgres.txt and
var/mutants-NAME-postgres/.
"""

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

MODULES = {
    "figures": (
        "incidents/figures.py",
        [
            "tests/dashboard/test_figures_definitions.py",
            "tests/dashboard/test_figures_agree.py",
            "tests/dashboard/test_honest_numbers.py",
            "tests/dashboard/test_daily_series.py",
            "tests/dashboard/test_filters.py",
        ],
    ),
    "changes": (
        "incidents/changes.py",
        [
            "tests/incidents/test_what_a_correction_says.py",
            "tests/incidents/test_editorial_integrity.py",
            "tests/incidents/test_refusals_keep_the_form.py",
            "tests/incidents/test_what_readers_saw.py",
        ],
    ),
    "freshness": (
        "dashboard/freshness.py",
        [
            "tests/dashboard/test_what_a_process_keeps.py",
            "tests/dashboard/test_freshness.py",
            "tests/dashboard/test_page_cache_key.py",
        ],
    ),
    "snapshots": (
        # The whole record as files (issue 25): never stale, swapped in whole, sent in ranges.
        "dashboard/snapshots.py",
        ["tests/dashboard/test_snapshots.py"],
    ),
    "rebuilding": (
        # What a bulk load rebuilds (PostgreSQL only: run it with --postgres).
        "incidents/rebuilding.py",
        [
            "tests/incidents/test_bulk.py",
            "tests/dashboard/test_lean_export.py",
            "tests/incidents/test_rollups.py",
        ],
    ),
    "filters": (
        # The FilterSet with its fields and vocabularies (one setup.cfg line per pattern).
        "dashboard/filters.py\n    dashboard/filterfields.py\n    dashboard/parameters.py",
        [
            "tests/dashboard/test_filter_promises.py",
            "tests/dashboard/test_filters.py",
            "tests/dashboard/test_bad_input.py",
            "tests/dashboard/test_api.py",
        ],
    ),
    "services": (
        "incidents/services/*",
        [
            "tests/incidents/test_services.py",
            "tests/incidents/test_every_write_announces.py",
            "tests/incidents/test_services_intake_promises.py",
            "tests/incidents/test_services_promises.py",
            "tests/incidents/test_services_statements_promises.py",
            "tests/incidents/test_statements.py",
            "tests/incidents/test_write_door.py",
            "tests/incidents/test_editorial_integrity.py",
        ],
    ),
}
# The whole project is copied into mutants/ (Django needs its settings, templates and apps).
ALSO_COPY = ["config", "templates", "static", "locale", "bench", "manage.py"]


def setup_cfg(pattern, tests):
    lines = [
        "[mutmut]",
        "source_paths =\n    incidents\n    dashboard",
        f"only_mutate =\n    {pattern}",
        "also_copy =\n" + "\n".join(f"    {path}" for path in ALSO_COPY),
        # A mutant that hangs (a loop that never ends) is stopped after twice its tests' time,
        # measured under coverage tracing, so already slower; mutmut's default is 15 times.
        "timeout_multiplier = 2",
        "pytest_add_cli_args =\n"
        + "\n".join(
            f"    {arg}" for arg in ["-p", "no:cacheprovider", "-p", "no:logging", "--reuse-db"]
        ),
        "pytest_add_cli_args_test_selection =\n" + "\n".join(f"    {t}" for t in tests),
    ]
    return "\n".join(lines) + "\n"


def run(name, mutmut, mutants=(), postgres=False):
    """Mutate module `name` (only the mutants named by `mutants`, mutmut's patterns, if any),
    on SQLite, or with `postgres` on the PostgreSQL of DATABASE_URL."""
    pattern, tests = MODULES[name]
    Path("setup.cfg").write_text(setup_cfg(pattern, tests))
    database = Path("var/mutation-test.sqlite3").resolve()
    database.parent.mkdir(exist_ok=True)
    if not Path("mutants").exists():  # else mutmut goes on where it stopped
        database.unlink(missing_ok=True)
    environment = {
        **os.environ,
        "TEST_SQLITE_FILE": str(database),
        "HYPOTHESIS_PROFILE": "mutation",
        "MUTATION_TEST_ORDER": ",".join(tests),  # cheapest first (tests/conftest.py)
    }
    if not postgres:
        environment.pop("DATABASE_URL", None)  # SQLite
    name = f"{name}-postgres" if postgres else name
    try:
        subprocess.run(
            [mutmut, "run", "--max-children", "1", *mutants], check=False, env=environment
        )
        listed = subprocess.run(
            [mutmut, "results", "--all", "true"],
            capture_output=True,
            text=True,
            check=False,
            env=environment,
        ).stdout
    finally:
        Path("setup.cfg").unlink()
    statuses = Counter(re.findall(r":\s*(\w[\w ]*)$", listed, flags=re.MULTILINE))
    survivors = [line.split(":")[0].strip() for line in listed.splitlines() if "survived" in line]
    Path("var").mkdir(exist_ok=True)
    Path(f"var/mutation-{name}.txt").write_text(listed)
    # Kept for `mutmut show` of the survivors (cd var/mutants-NAME; mutmut show MUTANT).
    shutil.rmtree(f"var/mutants-{name}", ignore_errors=True)
    shutil.move("mutants", f"var/mutants-{name}")
    killed = statuses["killed"] + statuses["timeout"]
    # A partial run (`mutants`, or one stopped) counts only the mutants it tested.
    total = sum(statuses.values()) - statuses["skipped"] - statuses["not checked"]
    score = 100 * killed / total if total else 100
    print(f"{name}: {killed}/{total} killed ({score:.1f}%), {dict(statuses)}")
    for survivor in survivors:
        print(f"  survived: {survivor}")
    return score


if __name__ == "__main__":
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    # `tools/mutation.py changes 'incidents.changes.x__in_words*'`: some mutants of one module.
    # `tools/mutation.py --postgres filters 'dashboard.filters.x_f*'`: on DATABASE_URL's.
    postgres = "--postgres" in sys.argv
    if postgres and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("--postgres runs on the PostgreSQL that DATABASE_URL names; set it.")
    arguments = [arg for arg in sys.argv[1:] if arg != "--postgres"]
    names = [arg for arg in arguments if arg in MODULES] or list(MODULES)
    mutants = [arg for arg in arguments if arg not in MODULES]
    if mutants and len(names) != 1:
        sys.exit("Name one module with the mutants to run.")
    scores = {name: run(name, mutmut, mutants, postgres) for name in names}
    sys.exit(0 if all(score >= 90 for score in scores.values()) else 1)
