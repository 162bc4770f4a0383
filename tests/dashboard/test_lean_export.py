"""The export reads each incident's lists from what PostgreSQL keeps (a join) instead of three
subqueries a row; the file is byte for byte the one the subqueries give, whatever the writes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard import exports
from incidents import rebuilding, services
from incidents.models import Citation, DamageType, Incident, Source
from incidents.schema import INCIDENTS, portable
from tests.factories import CitationFactory, IncidentFactory, SourceFactory, damage, region

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL keeps the export lists"
    ),
]

BASE = "https://example.org/incidents/"
HOSTILE = ['=HYPERLINK("http://evil.example","x")', "-2+3+cmd|' /C calc'!A0", "@SUM(1)", "plain"]


def csv_bytes(table, *, bom=False):
    return b"".join(
        exports.csv_chunks(Incident.objects.published(), base_url=BASE, bom=bom, table=table)
    )


@pytest.fixture
def record():
    sources = [SourceFactory(name=name) for name in HOSTILE]
    for n in range(12):
        incident = IncidentFactory(
            date=dt.date(2026, 3, 1) + dt.timedelta(days=n),
            region=region(["RU-BEL", "RU-KLU", "RU-MOW"][n % 3]),
            summary=HOSTILE[n % 4] + f" {n}",
            damage_types=damage(*["fire", "residential", "energy", "vehicles"][: n % 5]),
            cited=False,
        )
        for k in range(n % 3 + 1):
            CitationFactory(
                incident=incident, source=sources[(n + k) % 4], url=f"https://t.me/s/{n}/{k}"
            )
    IncidentFactory(cited=False)  # no citation, no damage: NULL lists, empty cells


def test_the_kept_lists_give_the_same_bytes_as_the_subqueries(record):
    for bom in (False, True):
        assert csv_bytes(INCIDENTS, bom=bom) == csv_bytes(portable(INCIDENTS), bom=bom)


def test_they_stay_the_same_after_every_kind_of_write(record, chief):
    by = services.Command("the lean export test")
    incident = Incident.objects.exclude(citations=None).first()
    citation = incident.citations.first()
    citation.url = "https://t.me/moved/1"
    services.save_citation(by=by, citation=citation, correction_note="Moved.")
    other = Incident.objects.exclude(pk=incident.pk).first()
    citation.incident = other
    services.save_citation(by=by, citation=citation, correction_note="Moved.")
    services.save_incident(
        by=by, incident=other, damage_types=damage("industrial"), correction_note="Damage."
    )
    source = Source.objects.get(name="plain")
    source.name = "=renamed"
    services.save_reference(by=by, obj=source)
    fire = DamageType.objects.get(slug="fire")
    fire.slug = "fire-renamed"
    services.save_reference(by=by, obj=fire)
    Citation.objects.filter(incident__in=Incident.objects.all()[:2]).delete()  # around the door
    assert csv_bytes(INCIDENTS) == csv_bytes(portable(INCIDENTS))
    rebuilding.rebuild_export_lists()  # what a bulk load does gives the same too
    assert csv_bytes(INCIDENTS) == csv_bytes(portable(INCIDENTS))


def test_the_kept_export_reads_no_subquery_per_row(record):
    rows = INCIDENTS.rows(Incident.objects.published(), base_url=BASE, strength="plain")
    sql = str(rows.query).upper()
    assert "INCIDENTS_EXPORTLISTS" in sql and "STRING_AGG" not in sql


def setting(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return cursor.fetchone()[0]


def test_a_parallel_plan_gives_the_same_bytes(record):
    # The export prices a worker's row at 0 (exports.PLANNER_SETTINGS) so that a large selection
    # is read, joined and sorted by parallel workers. Made parallel here at a dozen rows (the
    # other prices at 0 too, for this connection only): the same file as one process's plan.
    one_process = csv_bytes(INCIDENTS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SET parallel_setup_cost = 0; SET min_parallel_table_scan_size = 0;"
            " SET min_parallel_index_scan_size = 0; SET debug_parallel_query = on"
            if connection.pg_version >= 160000
            else "SET parallel_setup_cost = 0; SET min_parallel_table_scan_size = 0;"
            " SET min_parallel_index_scan_size = 0; SET force_parallel_mode = on"
        )
    try:
        assert csv_bytes(INCIDENTS) == one_process
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "RESET parallel_setup_cost; RESET min_parallel_table_scan_size;"
                " RESET min_parallel_index_scan_size; RESET "
                + (
                    "debug_parallel_query"
                    if connection.pg_version >= 160000
                    else "force_parallel_mode"
                )
            )


def test_the_export_plans_for_itself_and_leaves_the_connection_as_it_was(client, record):
    # Its settings hold for its own statement: a connection kept from request to request (as
    # in production) plans the next page's queries with the defaults again.
    before = {name: setting(name) for name in exports.PLANNER_SETTINGS}
    assert before == {"work_mem": "4MB", "parallel_tuple_cost": "0.1"}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard:export-csv"), {"date_from": "2000-01-01"})
        body = b"".join(response.streaming_content)
    assert response.status_code == 200 and body.count(b"\n") == 14
    assert any(
        "set_config('work_mem', '64MB', true), set_config('parallel_tuple_cost', '0', true)"
        in query["sql"]
        for query in queries.captured_queries
    )
    assert {name: setting(name) for name in exports.PLANNER_SETTINGS} == before
