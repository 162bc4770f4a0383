"""Benchmark harness: synthetic data at scale, every case against a baseline measured alongside.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/airdefense_bench .venv/bin/python bench/run.py
    ... bench/run.py --sizes 500 --runs 1 --quick      # a smoke run in well under a minute

For each size: make PostgreSQL hold that many synthetic incidents (generate_incidents, reused
when the count already matches), then measure exports, charts, pages, throughput under
gunicorn and, at --peer-size, Datasette on an SQLite copy of the same rows. Prints a markdown
table and writes it to bench/results/<timestamp>.md and latest.md (raw samples: *.raw,
ignored by git). See bench/README.md for what each case means.
"""

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the repository, not bench/, so `bench` is a package

import psycopg  # noqa: E402

from bench import cases, data  # noqa: E402
from bench.common import WORK, busy_cores, environment, log, wait_until_quiet  # noqa: E402
from bench.exports import measure_exports  # noqa: E402
from bench.measure import (  # noqa: E402
    TARGETS,
    datasette_rows,
    measure_load,
    measure_pages,
    measure_peer,
    wrk_available,
)
from bench.report import markdown, skipped  # noqa: E402

# Orchestration ---------------------------------------------------------------------------------


def section(args, name, size, case_names, measure):
    """Run one group of measurements, on a machine as quiet as --quiet-wait allows, noting how
    busy it was; if the group fails, its rows say so and the rest goes on."""
    before = wait_until_quiet(args.quiet_wait) if args.quiet_wait else busy_cores()
    try:
        return measure()
    except Exception as error:  # a broken case must not hide the others' results
        traceback.print_exc()
        reason = f"error: {str(error).strip().splitlines()[0][:120]}" if str(error) else "error"
        log(f"{size:,}: {name} failed: {reason}")
        return [skipped(case, size, reason) for case in case_names]
    finally:
        args.load.append(f"{size:,} {name}: {before:.2f} before, {busy_cores():.2f} after")


NOT_ASKED = "not asked for (--cases)"


def chosen_section(args, name, size, case_names, measure):
    """section(), for a group with a case --cases chose; else its rows say they were not."""
    if not set(case_names) & set(args.chosen):
        return [skipped(case, size, NOT_ASKED) for case in case_names]
    return section(args, name, size, case_names, measure)


def run_size(size, url, env, args, raw):
    raw = raw.setdefault(str(size), {})
    args.notes.append(data.prepare(url, env, size, args.seed, log))
    rows = []
    rates = {}

    def exports():
        found, measured = measure_exports(size, env, args.runs, raw)
        rates.update(measured)
        return found

    rows += chosen_section(args, "exports", size, cases.EXPORTS, exports)
    pages = cases.CHARTS + cases.PAGES + [cases.TABLE_REPEATED]
    only = args.chosen if args.cases else None
    rows += chosen_section(
        args, "pages", size, pages, lambda: measure_pages(size, env, args.runs, raw, only)
    )
    rows += chosen_section(
        args, "load", size, cases.LOAD, lambda: measure_load(size, env, args, raw)
    )
    if not set(cases.PEER) & set(args.chosen):
        rows += [skipped(case, size, NOT_ASKED) for case in cases.PEER]
    elif size == args.peer_size:

        def peer_section():
            found, args.datasette_rate = measure_peer(size, url, env, args, raw)
            return found

        rows += section(args, "peer", size, cases.PEER, peer_section)
        if args.datasette_rate is None:
            found = [r for r in rows if r.case == cases.PEER_CSV]
            args.datasette_missing = found[0].met.removeprefix("skipped: ") if found else ""
    else:
        reason = f"the peer is measured at {args.peer_size:,} rows only (--peer-size)"
        rows += [skipped(case, size, reason) for case in cases.PEER]
    return rows, rates.get(cases.CSV_ALL)


def git_description():
    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return commit + (" with uncommitted changes" if dirty else "")


def machine_description(url):
    import django

    with psycopg.connect(url) as connection:
        server = connection.execute("SHOW server_version").fetchone()[0]
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores, {memory:.0f} GiB; PostgreSQL {server}; "
        f"Python {platform.python_version()}; Django {django.get_version()}"
    )


def write_results(args, rows, raw, url, started):
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    table = markdown(rows)
    header = [
        "# Benchmark results",
        "",
        f"- when: {stamp} (took {(time.monotonic() - started) / 60:.1f} min)",
        f"- code: commit {git_description()}",
        f"- machine: {machine_description(url)}",
        f"- command: `bench/run.py {' '.join(sys.argv[1:]) or '(defaults)'}`",
        f"- runs per case: {args.runs}; load: wrk {args.wrk_runs} x {args.wrk_duration}s, "
        "2 threads, 8 connections, gunicorn 4 sync workers",
        *[f"- data: {note}" for note in args.notes],
        "- other work on the machine (1-minute load average, cores busy) around each section: "
        + "; ".join(args.load),
        "",
        "Times are server-side for in-process cases (django.test.Client, after one warm-up); "
        "p95 is the slow tail across runs (for rates: the rate 95% of runs beat). "
        "Ratios are ours / baseline. See bench/README.md.",
        "",
    ]
    text = "\n".join(header) + table
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / f"{stamp}.md").write_text(text)
    (args.output / "latest.md").write_text(text)
    (args.output / f"{stamp}.raw").write_text(json.dumps(raw, indent=1, default=str))
    return text


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5, help="Runs per case (default 5).")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="Smoke run: 1 s wrk runs; never installs wrk or Datasette (their rows say skipped).",
    )
    parser.add_argument("--wrk-duration", type=int, help="Seconds per wrk run (default 10).")
    parser.add_argument("--wrk-runs", type=int, help="wrk runs per case (default 3).")
    parser.add_argument(
        "--peer-size",
        type=int,
        default=100_000,
        help="Size at which Datasette is compared (default 100000, else the smallest size).",
    )
    parser.add_argument(
        "--quiet-wait",
        type=int,
        default=0,
        help="Before each section, wait up to this many seconds for the load average to fall "
        "below 0.5 (default 0: do not wait; the load is noted either way).",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument(
        "--cases",
        nargs="+",
        metavar="WORD",
        help="Measure only the cases whose name contains one of these words (any case), e.g. "
        "--cases search; the other rows say they were not asked for. Baselines are measured "
        "with their cases as always.",
    )
    args = parser.parse_args()
    words = [word.lower() for word in args.cases or []]
    args.chosen = [case for case in cases.ALL if not words or any(w in case.lower() for w in words)]
    if not args.chosen:
        parser.error(f"no case name contains any of {args.cases}; see bench/cases.py")
    args.wrk_duration = args.wrk_duration or (1 if args.quick else 10)
    args.wrk_runs = args.wrk_runs or (1 if args.quick else 3)
    if args.peer_size not in args.sizes:
        args.peer_size = min(args.sizes)
    return args


def main():
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "bench/run.py measures PostgreSQL: set DATABASE_URL=postgres://... "
            "(SQLite is used only for the Datasette peer, which the harness sets up itself)."
        )
    started = time.monotonic()
    env = environment(url)
    WORK.mkdir(parents=True, exist_ok=True)
    log("migrate and collectstatic")
    data.manage(env, "migrate", "--no-input")
    data.manage(env, "collectstatic", "--no-input")  # DEBUG=0 pages need the static manifest
    load_asked = bool(set(cases.LOAD) & set(args.chosen))
    args.wrk_missing = wrk_available(install=not args.quick and load_asked)
    args.notes, args.datasette_rate, args.datasette_missing = [], None, "peer not measured"
    args.load = []

    # The size already in the database first: generating a million rows takes a while.
    synthetic, _ = data.counts(url)
    sizes = sorted(set(args.sizes), key=lambda size: (size != synthetic, size))
    rows, raw, our_rates = [], {}, {}
    for size in sizes:
        found, our_rates[size] = run_size(size, url, env, args, raw)
        rows += found
    for size in sizes:
        if our_rates[size] is None:
            rows.append(skipped(cases.CSV_VS_DATASETTE, size, "our CSV export was not measured"))
        else:
            rows.append(
                datasette_rows(
                    size,
                    our_rates[size],
                    args.datasette_rate,
                    args.peer_size,
                    args.datasette_missing,
                )
            )
    rows.sort(key=lambda row: (row.size, cases.ALL.index(row.case)))
    for row in rows:
        row.target = TARGETS.get(row.case, "—")  # shown on skipped rows too
    print(write_results(args, rows, raw, url, started))


if __name__ == "__main__":
    main()
