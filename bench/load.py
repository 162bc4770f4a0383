"""Load test: many readers and one editor at once, against gunicorn + PostgreSQL on loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/airdefense_bench make load
    ... make load LOAD_ARGS="--duration 30 --connections 32 --size 100000"

wrk reads the overview, the table (filters, sorts, pages), the chart data, the incident the
editor is changing, and a filtered CSV export, while an editor saves that incident through the
real admin change form again and again (each save a published figure change with a correction
note). At the end it checks: no failed or non-2xx read, every save accepted, every save kept
(the history and the public corrections hold one entry per save, the page shows the last value).
The table it prints (p50/p95/p99, requests/s, errors) is also written to bench/results/.
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import data, servers  # noqa: E402
from bench.run import WORK, environment, log  # noqa: E402

# wrk's own --latency output has no p95: the script prints p50/p95/p99 (microseconds) at the end.
LATENCY_LUA = """\
function done(summary, latency, requests)
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("LATENCY p%d %d\\n", p, latency:percentile(p)))
  end
end
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds of load (default 20)")
    parser.add_argument("--connections", type=int, default=24, help="concurrent readers")
    parser.add_argument("--size", type=int, default=100_000, help="synthetic incidents")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results")
    return parser.parse_args()


def setup_django(url):
    os.environ.update(environment(url))
    import django

    django.setup()


class Editor(threading.Thread):
    """Saves one published incident through the admin's change form until told to stop."""

    def __init__(self, incident_id, stop):
        super().__init__(daemon=True)
        self.incident_id, self.stop = incident_id, stop
        self.saved, self.failed, self.last_value = 0, [], None

    def run(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.test import Client

        user, _ = get_user_model().objects.get_or_create(username="load-test-chief", is_staff=True)
        user.groups.add(Group.objects.get(name="Chief editors"))
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        value = 1000
        while not self.stop.is_set():
            value += 1
            response = client.post(
                f"/admin/incidents/incident/{self.incident_id}/change/",
                change_form(self.incident_id, value),
                secure=True,
            )
            if response.status_code == 302:
                self.saved += 1
                self.last_value = value
            else:
                self.failed.append(response.status_code)
            time.sleep(0.2)


def change_form(incident_id, intercepted):
    """The change form as a browser would post it, with a new figure and a correction note."""
    from incidents.models import Incident

    incident = Incident.objects.get(pk=incident_id)
    citations = list(incident.citations.all())
    form = {
        "date": incident.date.isoformat(),
        "window_start_0": "",
        "window_start_1": "",
        "window_end_0": "",
        "window_end_1": "",
        "region": incident.region_id,
        "threat_type": incident.threat_type_id,
        "intercepted": str(intercepted),
        "intercepted_status": "reported",
        "damage_types": list(incident.damage_types.values_list("pk", flat=True)),
        "damage_description": incident.damage_description,
        "killed": "" if incident.killed is None else incident.killed,
        "killed_status": incident.killed_status,
        "injured": "" if incident.injured is None else incident.injured,
        "injured_status": incident.injured_status,
        "summary": incident.summary,
        "verification": incident.verification,
        "status": incident.status,
        "editor_notes": "",
        "correction_note": f"Load test: revised to {intercepted}.",
        "loaded_version": incident.updated_at.isoformat(),
        "citations-TOTAL_FORMS": str(len(citations)),
        "citations-INITIAL_FORMS": str(len(citations)),
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
        # The corrections inline is read-only: nothing of it is posted back.
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "confirm_not_duplicate": "on",
    }
    for n, citation in enumerate(citations):
        form.update(
            {
                f"citations-{n}-id": citation.pk,
                f"citations-{n}-incident": incident.pk,
                f"citations-{n}-source": citation.source_id,
                f"citations-{n}-url": citation.url,
                f"citations-{n}-archive_url": citation.archive_url,
                f"citations-{n}-quote": citation.quote or "(quote)",
                f"citations-{n}-published_at_0": "",
                f"citations-{n}-published_at_1": "",
                f"citations-{n}-claimed_intercepted": "",
            }
        )
    return form


def reader_urls(incident_id):
    from incidents.models import Incident

    busiest = Incident.objects.published().values("region__slug").order_by().distinct()[:6]
    regions = [row["region__slug"] for row in busiest]
    return [
        "/en/",
        "/en/incidents/",
        "/en/incidents/?sort=-intercepted",
        "/en/incidents/?cursor=last",
        "/charts/daily.json",
        f"/en/incidents/{incident_id}/",
        *[f"/en/?region={slug}" for slug in regions],
        *[f"/en/incidents/?region={slug}&threat=uav" for slug in regions],
        *[f"/charts/daily.json?region={slug}" for slug in regions],
        # A small export: streaming responses share the workers with the pages.
        f"/incidents.csv?region={regions[0]}&date_from=2026-01-01&date_to=2026-01-07",
    ]


def main():
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("make load needs DATABASE_URL=postgres://... (a database of its own)")
    env = environment(url)
    WORK.mkdir(parents=True, exist_ok=True)
    log("migrate, collectstatic, data")
    data.manage(env, "migrate", "--no-input")
    data.manage(env, "collectstatic", "--no-input")
    log(data.prepare(url, env, args.size, 1, log))
    setup_django(url)
    from incidents.models import Correction, Incident

    incident = Incident.objects.published().filter(citations__isnull=False).first()
    history_before = incident.history.count()
    notes_before = Correction.objects.filter(incident=incident).count()
    script = servers.lua_script(
        WORK / "load-urls.lua", reader_urls(incident.pk), runs=1, extra=LATENCY_LUA
    )

    with servers.gunicorn("gunicorn-load", "config.wsgi", env, WORK / "logs", args.workers) as app:
        stop = threading.Event()
        editor = Editor(incident.pk, stop)
        log(f"{args.connections} readers for {args.duration}s while an editor saves #{incident.pk}")
        editor.start()
        result = servers.wrk(
            app.port, duration=args.duration, connections=args.connections, script=script
        )
        stop.set()
        editor.join(timeout=30)
        page = servers.get(app.port, f"/en/incidents/{incident.pk}/")

    latency = {
        line.split()[1]: int(line.split()[2]) / 1000
        for line in result["output"].splitlines()
        if line.startswith("LATENCY")
    }
    incident.refresh_from_db()
    kept = incident.history.count() - history_before
    notes = Correction.objects.filter(incident=incident).count() - notes_before
    checks = {
        "reads failed (socket errors)": result["socket_errors"],
        "reads answered non-2xx": result["non_2xx"],
        "editor saves refused": len(editor.failed),
        "saves missing from the history": editor.saved - min(kept, editor.saved),
        "saves missing a public correction": editor.saved - notes,
        "page shows the last saved value": "yes"
        if incident.intercepted == editor.last_value and page[0] == 200
        else "NO",
    }
    lines = [
        f"# Load test, {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}",
        "",
        f"{args.connections} readers (wrk, {args.duration}s, {args.workers} gunicorn workers) over "
        f"{args.size:,} incidents, while an editor saved incident #{incident.pk} "
        f"{editor.saved} times through the admin.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| requests/s | {result['requests_per_s']:,.0f} |",
        f"| requests | {result['requests']:,.0f} |",
        *[f"| latency {p} | {ms:,.1f} ms |" for p, ms in latency.items()],
        *[f"| {name} | {value} |" for name, value in checks.items()],
    ]
    report = "\n".join(lines) + "\n"
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / f"load-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.md").write_text(report)
    (args.output / "load-latest.md").write_text(report)
    print(report)
    ok = (
        result["socket_errors"] == 0
        and result["non_2xx"] == 0
        and not editor.failed
        and editor.saved > 0
        and checks["page shows the last saved value"] == "yes"
        and checks["saves missing from the history"] == 0
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
