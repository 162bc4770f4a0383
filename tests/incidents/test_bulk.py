"""Bulk writes (PostgreSQL): indexes set aside and built again (incidents/bulk.py), and the
rebuild of everything the triggers keep, its halves side by side on two connections outside a
transaction (rebuilding.rebuild)."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from incidents import rebuilding, services
from incidents.bulk import indexes_set_aside
from incidents.models import Incident, Statement
from incidents.rollup_sql import TABLES
from tests.factories import (
    CitationFactory,
    IncidentFactory,
    SourceFactory,
    damage,
    region,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk writes are PostgreSQL's"),
]

ROLLUP_TABLES = list(TABLES)


def definitions(*tables):
    """Every index of `tables` as PostgreSQL would write it, with its constraint if any."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), c.conname "
            "FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid "
            "WHERE i.indrelid = ANY(%s::regclass[])",
            [list(tables)],
        )
        return set(cursor.fetchall())


def add_statement(source, url):
    # Not get_or_create (the factory's): Django leaves the uniqueness to the database.
    Statement.objects.create(source=source, url=url, date=dt.date(2026, 3, 1))


@pytest.mark.django_db
def test_indexes_set_aside_are_built_again_as_they_were():
    before = definitions("incidents_statement", *ROLLUP_TABLES)
    assert any(name == "statement_unique_source_url" for *_, name in before)
    with indexes_set_aside(["incidents_statement", *ROLLUP_TABLES]):
        # Primary keys stay (foreign keys point at the statements'); nothing else does.
        assert {row[0] for row in definitions("incidents_statement", ROLLUP_TABLES[0])} == {
            "incidents_statement_pkey",
            f"{ROLLUP_TABLES[0]}_pkey",
        }
        add_statement(SourceFactory(), "https://example.org/1")
    assert definitions("incidents_statement", *ROLLUP_TABLES) == before


@pytest.mark.django_db
def test_a_unique_constraint_set_aside_still_fails_a_write_that_breaks_it():
    source = SourceFactory()
    before = definitions("incidents_statement")
    aside = indexes_set_aside(["incidents_statement"])
    with pytest.raises(IntegrityError), transaction.atomic(), aside:
        add_statement(source, "https://example.org/twice")
        add_statement(source, "https://example.org/twice")  # no index to refuse it yet
    assert definitions("incidents_statement") == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM incidents_statement WHERE url LIKE '%/twice'")
        assert cursor.fetchone() == (0,)  # rolled back whole


@pytest.mark.django_db(transaction=True)
def test_indexes_are_set_aside_only_inside_a_transaction(seeded):
    before = definitions("incidents_statement")
    aside = indexes_set_aside(["incidents_statement"])
    with pytest.raises(RuntimeError, match="transaction"), aside:
        pass
    assert definitions("incidents_statement") == before


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_outside_a_transaction_gives_back_everything_the_triggers_keep(seeded):
    """Outside a transaction the search documents are rebuilt on a second connection, beside
    the rollups and the export lists: each half's rows must be committed and whole."""
    for n in range(3):
        incident = IncidentFactory(
            region=region(("RU-BEL", "RU-KRS", "RU-KLU")[n]),
            summary=f"Debris fell on a garage {n}.",
            damage_types=damage("residential"),
        )
        CitationFactory(incident=incident, quote="Обломки упали на гараж.")

    def kept():
        with connection.cursor() as cursor:
            rows = {}
            for table in [*ROLLUP_TABLES, "incidents_exportlists"]:
                cursor.execute(f"SELECT * FROM {table}")
                rows[table] = sorted(row[1:] for row in cursor.fetchall())  # not the serial id
            cursor.execute("SELECT incident_id, document::text FROM incidents_searchdocument")
            rows["documents"] = sorted(cursor.fetchall())
        return rows

    before, indexes = kept(), definitions(*ROLLUP_TABLES, "incidents_searchdocument")
    assert len(before["documents"]) == Incident.objects.count() == 3
    with connection.cursor() as cursor:  # damage around every door, undone by the rebuild
        cursor.execute(f"TRUNCATE {', '.join(ROLLUP_TABLES)}, incidents_exportlists")
        cursor.execute("TRUNCATE incidents_searchdocument")
    services.bulk_loaded(by=services.Command("the bulk test"))
    assert kept() == before
    assert definitions(*ROLLUP_TABLES, "incidents_searchdocument") == indexes
    assert rebuilding.differences() == []
    found = Incident.objects.published().search("гараж")
    assert found.count() == 3
