"""The measurements: pages and charts, throughput under gunicorn, the Datasette peer.

The exports are measured in bench/exports.py. Each returns rows of the results table, judged
against TARGETS (issue 13's targets at a million
incidents; judged at every size, so that a regression shows at 100,000 too). Every baseline is
measured in the same run: the raw table's COPY, a hand-written aggregate, hello-world, Datasette.
"""

import os
import shutil
import subprocess

from bench import cases, data, peer, servers
from bench.common import WORK, log, probe
from bench.report import (
    Row,
    median,
    ms,
    rate,
    skipped,
    verdict,
    worst_rate,
    worst_time,
)

TARGETS = {
    cases.CSV_ALL: "≥ 0.5 × raw COPY",
    cases.CSV_SNAPSHOT: "≥ 3 × raw COPY",
    cases.CSV_FILTERED: "≥ 0.5 × raw COPY",
    cases.CSV_MEMORY: "< 150 MB",
    cases.CSV_VS_DATASETTE: "> 1 × Datasette",
    cases.CHART_ALL: "≤ 1.2 × bare SQL",
    cases.CHART_REGION: "≤ 1.2 × bare SQL",
    cases.CHART_REPEATED: "p95 ≤ 10 ms",
    cases.OVERVIEW_UNIQUE: "p50 ≤ 50 ms",
    cases.REGION_PAGE: "p50 ≤ 40 ms",
    cases.TABLE_FIRST: "p95 ≤ 30 ms",
    cases.TABLE_DEEP: "p95 ≤ 30 ms",
    cases.TABLE_LAST: "p95 ≤ 30 ms",
    cases.TABLE_FILTERED: "p95 ≤ 30 ms",
    cases.TABLE_REPEATED: "p95 ≤ 30 ms",
    cases.SEARCH_RARE: "p95 ≤ 50 ms",
    cases.LOAD_OVERVIEW_REPEATED: "≥ 0.6 × hello",
    cases.LOAD_OVERVIEW_UNIQUE: "≥ 0.05 × hello",
    cases.PEER_CSV: "> 1 × Datasette",
}
# Latency targets: case -> the p95 or the median (seconds) not to exceed.
P95_LIMITS = {
    cases.CHART_REPEATED: 0.010,
    cases.TABLE_FIRST: 0.030,
    cases.TABLE_DEEP: 0.030,
    cases.TABLE_LAST: 0.030,
    cases.TABLE_FILTERED: 0.030,
    cases.TABLE_REPEATED: 0.030,
    cases.SEARCH_RARE: 0.050,
}
P50_LIMITS = {cases.OVERVIEW_UNIQUE: 0.050, cases.REGION_PAGE: 0.040}
INCIDENT_FLOORS = {cases.CHART_ALL_INCIDENTS, cases.CHART_REGION_INCIDENTS}


# Pages and charts (in-process) -----------------------------------------------------------------


def measure_pages(size, env, runs, raw, only=None):
    """The in-process cases; with `only`, those of them (and their baselines) alone."""
    log(f"{size:,}: pages and charts, in-process")
    result = probe(env, "pages", f"--runs={runs}", *[f"--only={case}" for case in only or []])
    raw["pages"] = result
    rows = []
    for case in [*cases.CHARTS, *cases.PAGES, cases.TABLE_REPEATED]:
        if only is not None and case not in only:
            rows.append(skipped(case, size, "not asked for (--cases)"))
            continue
        measured = result["cases"][case]
        times = measured["times"]
        ok_status = measured["status"] == 200
        row = Row(
            case,
            size,
            median=ms(median(times)),
            p95=ms(worst_time(times)),
            target=TARGETS.get(case, "—"),
            notes=f"{measured['queries']} queries, {measured['bytes']:,} bytes, {measured['url']}",
        )
        if case in result["sql"]:
            sql = median(result["sql"][case])
            over = "incident table" if case in INCIDENT_FLOORS else "rollup"
            row.baseline = f"bare aggregate over the {over} {ms(sql)}"
            row.ratio = median(times) / sql
        if case in result.get("search_sql", {}):
            sql = median(result["search_sql"][case])
            table = median(result["cases"][cases.TABLE_FIRST]["times"])
            row.baseline = (
                f"bare full-text query (GIN + ts_rank, 51 ids) {ms(sql)}; "
                f"unsearched table, first page {ms(table)}"
            )
            row.ratio = median(times) / table
        if case in P95_LIMITS:
            row.met = verdict(worst_time(times) <= P95_LIMITS[case] and ok_status)
        elif case in P50_LIMITS:
            row.met = verdict(median(times) <= P50_LIMITS[case] and ok_status)
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
    """case -> (path, (bases, how each URL is made new) for a run of new URLs, or None)."""
    return {
        cases.LOAD_OVERVIEW_REPEATED: ("/en/", None),
        cases.LOAD_OVERVIEW_UNIQUE: ("/en/", (urls["overview"], "date")),
        cases.LOAD_TABLE_REPEATED: ("/en/incidents/", None),
        cases.LOAD_TABLE_UNIQUE: ("/en/incidents/", (urls["table"], "run")),
    }


def wrk_row(case, size, runs, hello, target, duration, unique=False):
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
    if unique:
        notes += "; every request a URL not asked before"
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
    elif case == cases.LOAD_OVERVIEW_UNIQUE:
        row.met = verdict(row.ratio >= 0.05 and not failures)
    elif failures:
        row.met = "**NO**"
    return row


def measure_load(size, env, args, raw):
    if args.wrk_missing:
        return [skipped(case, size, args.wrk_missing) for case in cases.LOAD]
    urls = probe(env, "load-urls")
    scripts = {}
    for case, (_, varied) in load_cases(urls).items():
        if varied:
            bases, unique = varied
            path = WORK / f"{len(scripts)}-urls.lua"
            # The warm-up and each measured run ask for URLs of their own.
            scripts[case] = servers.lua_script(path, bases, unique, runs=1 + args.wrk_runs)
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
            servers.wrk(app.port, "/", script=script, script_args=[0], **warm_up)
        for case, (path, _) in load_cases(urls).items():
            log(f"{size:,}: {case}")
            runs = [
                servers.wrk(app.port, path, script=scripts.get(case), script_args=[n], **options)
                for n in range(1, 1 + args.wrk_runs)
            ]
            raw[case] = runs
            target = TARGETS.get(case, "—")
            new = case in scripts
            rows.append(wrk_row(case, size, runs, hello_rps, target, args.wrk_duration, new))
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
        "ours table": f"/en/incidents/?{cases.FILTER}",
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
