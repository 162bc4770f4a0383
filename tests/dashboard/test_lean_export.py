"""The export reads each incident's lists from what PostgreSQL keeps (a join) instead of three
subqueries a row; the file is byte for byte the one the subqueries give, whatever the writes."""

import datetime as dt

import pytest
from django.db import connection

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
