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
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the repository, not bench/, so `bench` is a package

import psycopg  # noqa: E402

from bench import cases, data, peer, servers  # noqa: E402
from bench.report import (  # noqa: E402
    Row,
    markdown,
    median,
    megabytes,
    ms,
    rate,
    skipped,
    verdict,
    worst_rate,
    worst_time,
)

WORK = ROOT / "var" / "bench"  # server logs, wrk scripts, the SQLite copy (ignored by git)
MEMORY_LIMIT_KB = 150 * 1024

TARGETS = {
    cases.CSV_ALL: "≥ 0.70 × COPY",
    cases.CSV_FILTERED: "≥ 0.70 × COPY",
    cases.CSV_MEMORY: "< 150 MB",
    cases.CSV_VS_DATASETTE: "> 1 × Datasette",
    cases.CHART_ALL: "≤ 1.2 × SQL",
    cases.CHART_REGION: "≤ 1.2 × SQL",
    cases.CHART_REPEATED: "p95 ≤ 10 ms",
    cases.TABLE_FIRST: "p95 ≤ 30 ms",
    cases.TABLE_DEEP: "p95 ≤ 30 ms",
    cases.TABLE_LAST: "p95 ≤ 30 ms",
    cases.TABLE_FILTERED: "p95 ≤ 30 ms",
    cases.TABLE_REPEATED: "p95 ≤ 30 ms",
    cases.SEARCH_RARE: "p95 ≤ 50 ms",
    cases.LOAD_OVERVIEW_REPEATED: "≥ 0.6 × hello",
    cases.LOAD_OVERVIEW_VARIED: "≥ 0.25 × hello",
    cases.PEER_CSV: "> 1 × Datasette",
}
# Latency targets: case -> the p95 (seconds) not to exceed.
P95_LIMITS = {
    cases.CHART_REPEATED: 0.010,
    cases.TABLE_FIRST: 0.030,
    cases.TABLE_DEEP: 0.030,
    cases.TABLE_LAST: 0.030,
    cases.TABLE_FILTERED: 0.030,
    cases.TABLE_REPEATED: 0.030,
    cases.SEARCH_RARE: 0.050,
}


def log(message):
    # UTC: Django's setup switches the process to its TIME_ZONE half way through a run.
    stamp = time.strftime("%H:%M:%S", time.gmtime())
    print(f"[bench {stamp}] {message}", file=sys.stderr, flush=True)


def environment(url):
    """What every Django process of the harness runs with: production settings, loopback."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # No TLS on loopback: requests say they came through the TLS proxy instead.
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def probe(env, *args):
    """Run bench/probe.py in a fresh process; its last line of output is the JSON answer."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "probe.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"probe {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# Exports ---------------------------------------------------------------------------------------


def measure_exports(size, env, runs, raw):
    """Our CSV view against PostgreSQL's own COPY of the same SELECT, each in its own process."""
    rows, rates = [], {}
    for case, query in ((cases.CSV_ALL, ""), (cases.CSV_FILTERED, cases.FILTER)):
        log(f"{size:,}: {case}")
        ours = probe(env, "export", "--mode=view", f"--query={query}", f"--runs={runs}")
        copy = probe(env, "export", "--mode=copy", f"--query={query}", f"--runs={runs}")
        raw[case] = {"view": ours, "copy": copy}
        ours_rates = [r["rows"] / r["seconds"] for r in ours["runs"]]
        copy_rates = [r["rows"] / r["seconds"] for r in copy["runs"]]
        ratio = median(ours_rates) / median(copy_rates)
        counts = {r["rows"] for r in ours["runs"] + copy["runs"]}
        same = len(counts) == 1
        megabytes_sent = ours["runs"][0]["bytes"] / 1e6
        rows.append(
            Row(
                case,
                size,
                median=rate(median(ours_rates), "rows/s"),
                p95=rate(worst_rate(ours_rates), "rows/s"),
                baseline=f"COPY {rate(median(copy_rates), 'rows/s')}",
                ratio=ratio,
                target=TARGETS[case],
                met=verdict(ratio >= 0.7 and same),
                notes=(
                    f"{ours['runs'][0]['rows']:,} rows, {megabytes_sent:,.1f} MB, "
                    f"median {ms(median([r['seconds'] for r in ours['runs']]))}"
                    + ("" if same else f"; ROW COUNTS DIFFER {sorted(counts)}")
                ),
            )
        )
        rates[case] = median(ours_rates)
        if case == cases.CSV_ALL:
            peak, idle = ours["rss_peak_kb"], ours["rss_idle_kb"]
            rows.append(
                Row(
                    cases.CSV_MEMORY,
                    size,
                    median=megabytes(peak),
                    p95=megabytes(peak),
                    baseline=f"idle {megabytes(idle)}",
                    ratio=peak / idle,
                    target=TARGETS[cases.CSV_MEMORY],
                    met=verdict(peak < MEMORY_LIMIT_KB),
                    notes=(
                        f"VmHWM over {runs} run(s) in one process; "
                        f"the COPY-only process peaked at {megabytes(copy['rss_peak_kb'])}"
                    ),
                )
            )
    return rows, rates


# Pages and charts (in-process) -----------------------------------------------------------------


def measure_pages(size, env, runs, raw):
    log(f"{size:,}: pages and charts, in-process")
    result = probe(env, "pages", f"--runs={runs}")
    raw["pages"] = result
    rows = []
    for case in [*cases.CHARTS, *cases.PAGES, cases.TABLE_REPEATED]:
        measured = result["cases"][case]
        times = measured["times"]
        p95 = worst_time(times)
        ok_status = measured["status"] == 200
        row = Row(
            case,
            size,
            median=ms(median(times)),
            p95=ms(p95),
            target=TARGETS.get(case, "—"),
            notes=f"{measured['queries']} queries, {measured['bytes']:,} bytes, {measured['url']}",
        )
        if case in result["sql"]:
            sql = median(result["sql"][case])
            row.baseline = f"SQL alone {ms(sql)}"
            row.ratio = median(times) / sql
        if case in P95_LIMITS:
            row.met = verdict(p95 <= P95_LIMITS[case] and ok_status)
        elif case in (cases.CHART_ALL, cases.CHART_REGION):
            row.met = verdict(row.ratio <= 1.2 and ok_status)
        elif not ok_status:
            row.met = "**NO**"
        if not ok_status:
            row.notes += f"; status {measured['status']}!"
        rows.append(row)
    return rows


# Throughput under gunicorn ---------------------------------------------------------------------


def wrk_available(install):
    if shutil.which("wrk"):
        return None
    if install and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk (Debian package)")
        install_wrk = ["apt-get", "install", "-y", "-qq", "wrk"]
        if subprocess.run(install_wrk, capture_output=True).returncode:
            subprocess.run(["apt-get", "update", "-qq"], capture_output=True)
            subprocess.run(install_wrk, capture_output=True)
        if shutil.which("wrk"):
            return None
    return "wrk not installed" + (" (--quick never installs it)" if not install else "")


def load_cases(urls):
    """case -> (path, list of URLs for a varied run or None)."""
    return {
        cases.LOAD_OVERVIEW_REPEATED: ("/", None),
        cases.LOAD_OVERVIEW_VARIED: ("/", urls["overview"]),
        cases.LOAD_TABLE_REPEATED: ("/incidents/", None),
        cases.LOAD_TABLE_VARIED: ("/incidents/", urls["table"]),
    }


def wrk_row(case, size, runs, hello, target, duration):
    rps = [r["requests_per_s"] for r in runs]
    done = [r for r in runs if r["requests"]]
    failures = sum(r["non_2xx"] + r["socket_errors"] for r in runs)
    if done:
        notes = (
            f"latency p50 {ms(median([r['p50'] for r in done]))}, "
            f"p99 {ms(median([r['p99'] for r in done]))}; {len(runs)} run(s)"
        )
    else:
        notes = f"no latency: no request completed; {len(runs)} run(s)"
    if len(done) < len(runs):
        notes += f"; {len(runs) - len(done)} run(s) completed no request in {duration} s"
    if failures:
        notes += f"; {failures} ERRORS (non-2xx, or socket errors incl. 30 s timeouts)"
    row = Row(
        case,
        size,
        median=rate(median(rps), "req/s"),
        p95=rate(worst_rate(rps), "req/s"),
        target=target,
        notes=notes,
    )
    if hello is not None:
        row.baseline = f"hello {rate(hello, 'req/s')}"
        row.ratio = median(rps) / hello
    if case == cases.LOAD_OVERVIEW_REPEATED:
        row.met = verdict(row.ratio >= 0.6 and not failures)
    elif case == cases.LOAD_OVERVIEW_VARIED:
        row.met = verdict(row.ratio >= 0.25 and not failures)
    elif failures:
        row.met = "**NO**"
    return row


def measure_load(size, env, args, raw):
    load = [
        cases.LOAD_HELLO,
        cases.LOAD_OVERVIEW_REPEATED,
        cases.LOAD_OVERVIEW_VARIED,
        cases.LOAD_TABLE_REPEATED,
        cases.LOAD_TABLE_VARIED,
    ]
    if args.wrk_missing:
        return [skipped(case, size, args.wrk_missing) for case in load]
    urls = probe(env, "load-urls")
    scripts = {}
    for case, (_, varied) in load_cases(urls).items():
        if varied:
            scripts[case] = servers.lua_script(WORK / f"{len(scripts)}-urls.lua", varied)
    options = {"duration": args.wrk_duration, "threads": 2, "connections": 8}
    logs = WORK / "logs"

    # Each worker's first requests load code and templates and connect: not what is measured.
    warm_up = {**options, "duration": min(2, args.wrk_duration)}

    log(f"{size:,}: hello-world under gunicorn ({args.wrk_runs} x {args.wrk_duration}s)")
    with servers.gunicorn("gunicorn-hello", "bench.hello_wsgi", env, logs) as hello:
        servers.wrk(hello.port, "/", **warm_up)
        hello_runs = [servers.wrk(hello.port, "/", **options) for _ in range(args.wrk_runs)]
    raw[cases.LOAD_HELLO] = hello_runs
    hello_rps = median([r["requests_per_s"] for r in hello_runs])
    rows = [wrk_row(cases.LOAD_HELLO, size, hello_runs, None, "—", args.wrk_duration)]

    with servers.gunicorn("gunicorn-app", "config.wsgi", env, logs) as app:
        for script in scripts.values():
            servers.wrk(app.port, "/", script=script, **warm_up)
        for case, (path, _) in load_cases(urls).items():
            log(f"{size:,}: {case}")
            runs = [
                servers.wrk(app.port, path, script=scripts.get(case), **options)
                for _ in range(args.wrk_runs)
            ]
            raw[case] = runs
            target = TARGETS.get(case, "—")
            rows.append(wrk_row(case, size, runs, hello_rps, target, args.wrk_duration))
    return rows


# The peer: Datasette on an SQLite copy ---------------------------------------------------------


def measure_peer(size, url, env, args, raw):
    """Datasette and our app over HTTP, both serving the same SQLite file."""
    datasette, why_not = peer.datasette(install=not args.quick)
    if datasette is None:
        return [skipped(c, size, why_not) for c in (cases.PEER_CSV, cases.PEER_TABLE)], None
    database = WORK / "peer.db"
    args.notes.append(data.build_sqlite(url, env, database, log))
    sqlite_env = {**env, "DATABASE_URL": f"sqlite:///{database.resolve()}"}
    region, threat = data.sqlite_ids(database, "belgorod-oblast", "uav")
    logs = WORK / "logs"
    paths = {
        "datasette csv": "/peer/incidents_incident.csv?_stream=on&_size=max",
        "ours csv": "/incidents.csv",
        "datasette table": f"/peer/incidents_incident?region_id={region}"
        f"&threat_type_id={threat}&_size=50",
        "ours table": f"/incidents/?{cases.FILTER}",
    }
    measured = {}
    with (
        peer.datasette_server(datasette, database, env, logs) as theirs,
        servers.gunicorn("gunicorn-sqlite", "config.wsgi", sqlite_env, logs) as ours,
    ):
        for name, path in paths.items():
            log(f"{size:,}: peer, {name}")
            port = theirs.port if name.startswith("datasette") else ours.port
            servers.get(port, path)  # warm-up
            results = [servers.get(port, path) for _ in range(args.runs)]
            if any(status != 200 for status, *_ in results):
                raise RuntimeError(f"{name}: status {[r[0] for r in results]} for {path}")
            measured[name] = results
    raw["peer"] = {name: [list(r) for r in results] for name, results in measured.items()}

    def rates(name):  # rows/s, the header line not counted
        return [(lines - 1) / seconds for _, _, lines, seconds in measured[name]]

    ours_csv, theirs_csv = median(rates("ours csv")), median(rates("datasette csv"))
    ours_table = [seconds for *_, seconds in measured["ours table"]]
    theirs_table = [seconds for *_, seconds in measured["datasette table"]]
    note = "over HTTP, same SQLite file; "
    rows = [
        Row(
            cases.PEER_CSV,
            size,
            median=rate(ours_csv, "rows/s"),
            p95=rate(worst_rate(rates("ours csv")), "rows/s"),
            baseline=f"Datasette {rate(theirs_csv, 'rows/s')}",
            ratio=ours_csv / theirs_csv,
            target=TARGETS[cases.PEER_CSV],
            met=verdict(ours_csv > theirs_csv),
            notes=note + "Datasette streams the raw table (ids, no joined names or lists)",
        ),
        Row(
            cases.PEER_TABLE,
            size,
            median=ms(median(ours_table)),
            p95=ms(worst_time(ours_table)),
            baseline=f"Datasette {ms(median(theirs_table))}",
            ratio=median(ours_table) / median(theirs_table),
            notes=note
            + f"Datasette: {paths['datasette table']} (p95 {ms(worst_time(theirs_table))})",
        ),
    ]
    return rows, theirs_csv


def datasette_rows(size, our_rate, datasette_rate, peer_size, why_not):
    if datasette_rate is None:
        return skipped(cases.CSV_VS_DATASETTE, size, why_not)
    ratio = our_rate / datasette_rate
    return Row(
        cases.CSV_VS_DATASETTE,
        size,
        median=rate(our_rate, "rows/s"),
        baseline=f"Datasette {rate(datasette_rate, 'rows/s')}",
        ratio=ratio,
        target=TARGETS[cases.CSV_VS_DATASETTE],
        met=verdict(ratio > 1),
        notes=f"ours: PostgreSQL export above; Datasette measured at {peer_size:,} rows "
        "(raw table stream, SQLite)",
    )


# Orchestration ---------------------------------------------------------------------------------


def section(name, size, case_names, measure):
    """Run one group of measurements; if it fails, its rows say so and the rest goes on."""
    try:
        return measure()
    except Exception as error:  # a broken case must not hide the others' results
        traceback.print_exc()
        reason = f"error: {str(error).strip().splitlines()[0][:120]}" if str(error) else "error"
        log(f"{size:,}: {name} failed: {reason}")
        return [skipped(case, size, reason) for case in case_names]


def run_size(size, url, env, args, raw):
    raw = raw.setdefault(str(size), {})
    args.notes.append(data.prepare(url, env, size, args.seed, log))
    rows = []
    rates = {}

    def exports():
        found, measured = measure_exports(size, env, args.runs, raw)
        rates.update(measured)
        return found

    export_cases = [cases.CSV_ALL, cases.CSV_FILTERED, cases.CSV_MEMORY]
    rows += section("exports", size, export_cases, exports)
    rows += section(
        "pages", size, cases.CHARTS + cases.PAGES, lambda: measure_pages(size, env, args.runs, raw)
    )
    load_names = [c for c in cases.ALL if c.startswith("Under load")]
    rows += section("load", size, load_names, lambda: measure_load(size, env, args, raw))
    peer_names = [cases.PEER_CSV, cases.PEER_TABLE]
    if size == args.peer_size:

        def peer_section():
            found, args.datasette_rate = measure_peer(size, url, env, args, raw)
            return found

        rows += section("peer", size, peer_names, peer_section)
        if args.datasette_rate is None:
            found = [r for r in rows if r.case == cases.PEER_CSV]
            args.datasette_missing = found[0].met.removeprefix("skipped: ") if found else ""
    else:
        reason = f"the peer is measured at {args.peer_size:,} rows only (--peer-size)"
        rows += [skipped(case, size, reason) for case in peer_names]
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
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
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
    args.wrk_missing = wrk_available(install=not args.quick)
    args.notes, args.datasette_rate, args.datasette_missing = [], None, "peer not measured"

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
