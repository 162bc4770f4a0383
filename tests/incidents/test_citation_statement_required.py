"""Migrations 0028 and 0029 on a database holding a citation left without a statement: it is
linked to the statement of its source and URL (made when there is none, as 0021 did), every
field kept and one revision added; then (0029) a citation without a statement is refused by
the database itself. 0032 relaxed that for the old synthetic loader; 0033-0034 restore it."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from tests.incidents.test_statement_migration import migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("incidents", "0027_search_documents")]
AFTER = [("incidents", "0034_citation_statement_required_again")]
FIELDS = ("incident_id", "source_id", "url", "archive_url", "quote", "published_at")
T0 = dt.datetime(2026, 3, 2, 6, 30, tzinfo=dt.UTC)


@pytest.fixture
def at_0027(seeded):
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("incidents"))


def test_citations_left_without_a_statement_are_linked_then_it_is_required(at_0027):
    apps = at_0027
    Source = apps.get_model("incidents", "Source")
    Incident = apps.get_model("incidents", "Incident")
    Citation = apps.get_model("incidents", "Citation")
    Statement = apps.get_model("incidents", "Statement")
    region = apps.get_model("incidents", "Region").objects.get(iso_code="RU-KLU")
    uav = apps.get_model("incidents", "ThreatType").objects.get(slug="uav")
    governor = Source.objects.create(name="Governor", kind="regional_authority")
    ministry = Source.objects.create(name="Ministry", kind="ministry")
    incident = Incident.objects.create(
        date=dt.date(2026, 3, 1), region=region, threat_type=uav, summary="x", status="draft"
    )
    recorded = Statement.objects.create(
        source=governor, url="https://t.me/gov/1", date=dt.date(2026, 3, 1)
    )
    linked = Citation.objects.create(
        incident=incident, source=governor, url="https://t.me/gov/1", statement=recorded
    )
    to_recorded = Citation.objects.create(  # its statement exists: linked to it
        incident=Incident.objects.create(
            date=dt.date(2026, 3, 2), region=region, threat_type=uav, summary="y"
        ),
        source=governor,
        url="https://t.me/gov/1",
        quote="Ещё два.",
    )
    to_new = Citation.objects.create(  # none: one is made, as 0021 made them
        incident=incident,
        source=ministry,
        url="https://t.me/mod/2",
        archive_url="https://archive.ph/b",
        published_at=T0,
        quote="38 БПЛА.",
    )
    before = {c["id"]: c for c in Citation.objects.values("id", *FIELDS)}
    before = {pk: {k: row[k] for k in FIELDS} for pk, row in before.items()}

    apps = migrate(AFTER)
    Citation = apps.get_model("incidents", "Citation")
    Statement = apps.get_model("incidents", "Statement")
    HistoricalCitation = apps.get_model("incidents", "HistoricalCitation")
    after = {c["id"]: c for c in Citation.objects.values("id", *FIELDS, "statement_id")}
    assert {pk: {k: row[k] for k in FIELDS} for pk, row in after.items()} == before
    assert after[linked.id]["statement_id"] == recorded.id
    assert after[to_recorded.id]["statement_id"] == recorded.id
    made = Statement.objects.get(pk=after[to_new.id]["statement_id"])
    assert (made.source_id, made.url, made.archive_url, made.published_at, made.date) == (
        ministry.id,
        "https://t.me/mod/2",
        "https://archive.ph/b",
        T0,
        dt.date(2026, 3, 1),
    )
    assert Statement.objects.count() == 2
    reasons = HistoricalCitation.objects.values_list("id", "history_change_reason")
    assert sorted(reasons) == sorted(
        [
            (to_recorded.id, "Linked to its statement (migration 0028)"),
            (to_new.id, "Linked to its statement (migration 0028)"),
        ]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(
            incident_id=incident.id, source_id=governor.id, url="https://t.me/gov/9"
        )
