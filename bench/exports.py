"""The exports' measurements: the CSV view, live and from the whole record's snapshot, against
PostgreSQL's COPY of the raw incident table measured in the same run (rows of the results
table, judged against bench/measure.py's TARGETS)."""

import shutil
import time

from bench import cases, servers
from bench.common import WORK, log, probe
from bench.measure import TARGETS
from bench.report import Row, median, megabytes, ms, rate, skipped, verdict, worst_rate

MEMORY_LIMIT_KB = 150 * 1024


def measure_exports(size, env, runs, raw):
    """Our CSV view against the physical floor: PostgreSQL's COPY of the raw incident table
    (every column, no joins; all rows, or the same WHERE), each in a fresh process. The view
    streams live here (snapshots off: a request would otherwise start a snapshot's build beside
    the measurement, and later runs would be sent from its file); the whole record's snapshot
    is measured on its own (measure_snapshot)."""
    rows, rates = [], {}
    live = {**env, "SNAPSHOT_DIR": ""}
    for case, query in ((cases.CSV_ALL, ""), (cases.CSV_FILTERED, cases.FILTER)):
        log(f"{size:,}: {case}")
        found = {
            mode: probe(live, "export", f"--mode={mode}", f"--query={query}", f"--runs={runs}")
            for mode in ("view", "raw", "own")
        }
        raw[case] = found
        rates_of = {m: [r["rows"] / r["seconds"] for r in f["runs"]] for m, f in found.items()}
        ours, floor = median(rates_of["view"]), median(rates_of["raw"])
        first = {mode: result["runs"][0] for mode, result in found.items()}
        counts = {r["rows"] for mode in ("view", "own") for r in found[mode]["runs"]}
        same = len(counts) == 1
        rows.append(
            Row(
                case,
                size,
                median=rate(ours, "rows/s"),
                p95=rate(worst_rate(rates_of["view"]), "rows/s"),
                baseline=f"COPY of the raw table {rate(floor, 'rows/s')}",
                ratio=ours / floor,
                target=TARGETS[case],
                met=verdict(ours / floor >= 0.5 and same),
                notes=(
                    f"{first['view']['rows']:,} rows, {first['view']['bytes'] / 1e6:,.1f} MB "
                    f"in {ms(median([r['seconds'] for r in found['view']['runs']]))}; raw COPY: "
                    f"{first['raw']['rows']:,} rows, {first['raw']['bytes'] / 1e6:,.1f} MB; "
                    f"COPY of the export's own SELECT {rate(median(rates_of['own']), 'rows/s')}"
                    + ("" if same else f"; ROW COUNTS DIFFER {sorted(counts)}")
                ),
            )
        )
        rates[case] = ours
        if case == cases.CSV_ALL:
            rows.append(measure_snapshot(size, env, runs, raw, floor, first["raw"]["rows"]))
            peak, idle = found["view"]["rss_peak_kb"], found["view"]["rss_idle_kb"]
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
                        f"VmHWM over {runs} run(s) in one process; the raw COPY process "
                        f"peaked at {megabytes(found['raw']['rss_peak_kb'])}"
                    ),
                )
            )
    return rows, rates


SNAPSHOT_WAIT = 1800  # seconds for the snapshot's build (a million rows, three files, gzip)


def measure_snapshot(size, env, runs, raw, floor, expected_rows):
    """/incidents.csv when the snapshot of the current data version is written: gunicorn sends
    the file (dashboard/fileresponses.py), read over HTTP as a client would, uncompressed. The
    first request finds no snapshot, streams live and starts the build, as in production; the
    runs begin once the build has written its manifest."""
    directory = WORK / "snapshots"
    shutil.rmtree(directory, ignore_errors=True)
    with servers.gunicorn(
        "gunicorn-snapshot", "config.wsgi", {**env, "SNAPSHOT_DIR": str(directory)}, WORK / "logs"
    ) as app:
        log(f"{size:,}: {cases.CSV_SNAPSHOT}: building the snapshot")
        servers.get(app.port, "/incidents.csv")
        started = time.monotonic()
        while not list(directory.glob("*/manifest.json")):
            if time.monotonic() - started > SNAPSHOT_WAIT:
                return skipped(cases.CSV_SNAPSHOT, size, "the snapshot was not built in time")
            time.sleep(1)
        built = time.monotonic() - started
        servers.get(app.port, "/incidents.csv")  # warm-up: the file into the page cache
        found = [servers.get(app.port, "/incidents.csv") for _ in range(runs)]
    raw[cases.CSV_SNAPSHOT] = found
    rates = [(lines - 1) / seconds for _, _, lines, seconds in found]
    ok = {status for status, *_ in found} == {200} and {lines - 1 for _, _, lines, _ in found} == {
        expected_rows
    }
    ours = median(rates)
    return Row(
        cases.CSV_SNAPSHOT,
        size,
        median=rate(ours, "rows/s"),
        p95=rate(worst_rate(rates), "rows/s"),
        baseline=f"COPY of the raw table {rate(floor, 'rows/s')}",
        ratio=ours / floor,
        target=TARGETS[cases.CSV_SNAPSHOT],
        met=verdict(ours / floor >= 3 and ok),
        notes=(
            f"{found[0][1] / 1e6:,.1f} MB in {ms(median([r[3] for r in found]))} over HTTP "
            f"(identity); the snapshot was built in {built:,.0f} s after the first request"
            + ("" if ok else f"; UNEXPECTED statuses or rows {[(r[0], r[2] - 1) for r in found]}")
        ),
    )
