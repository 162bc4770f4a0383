"""Migration 0021 on a database that holds citations: one statement per source and URL, every
citation's field as it was, the counts equal, and the history kept (plus one revision each)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("incidents", "0019_publish_permission_without_unpublish")]
AFTER = [("incidents", "0022_claim_states")]
MOSCOW = dt.timezone(dt.timedelta(hours=3))
W_START = dt.datetime(2026, 2, 28, 20, tzinfo=MOSCOW)
W_END = dt.datetime(2026, 3, 1, 7, tzinfo=MOSCOW)
T0 = dt.datetime(2026, 3, 2, 6, 30, tzinfo=dt.UTC)
T1 = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
OLD_FIELDS = ("incident_id", "source_id", "url", "archive_url", "quote", "published_at")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def at_0019(seeded):
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("incidents"))


def make_records(apps):
    Source = apps.get_model("incidents", "Source")
    Incident = apps.get_model("incidents", "Incident")
    Citation = apps.get_model("incidents", "Citation")
    HistoricalCitation = apps.get_model("incidents", "HistoricalCitation")
    region = apps.get_model("incidents", "Region").objects.get(iso_code="RU-KLU")
    uav = apps.get_model("incidents", "ThreatType").objects.get(slug="uav")
    governor = Source.objects.create(name="Governor", kind="regional_authority")
    ministry = Source.objects.create(name="Ministry", kind="ministry")

    def incident(date, window=(None, None)):
        return Incident.objects.create(
            date=date,
            window_start=window[0],
            window_end=window[1],
            region=region,
            threat_type=uav,
            summary="x",
            status="published",
        )

    first = incident(dt.date(2026, 3, 1), (W_START, W_END))
    second = incident(dt.date(2026, 3, 2))
    third = incident(dt.date(2026, 3, 1))
    rows = [
        (first, governor, "https://t.me/gov/1", "", T1, 40, "Сорок БПЛА."),
        (second, governor, "https://t.me/gov/1", "https://archive.ph/a", T0, None, "Ещё."),
        (first, ministry, "https://t.me/mod/2", "", None, 38, "38 БПЛА."),
        (third, ministry, "https://t.me/gov/1", "", None, None, ""),
    ]
    citations = []
    for incident_, source, url, archive, published, claimed, quote in rows:
        citation = Citation.objects.create(
            incident=incident_,
            source=source,
            url=url,
            archive_url=archive,
            published_at=published,
            claimed_intercepted=claimed,
            quote=quote,
        )
        HistoricalCitation.objects.create(
            id=citation.id,
            incident_id=incident_.id,
            source_id=source.id,
            url=url,
            archive_url=archive,
            published_at=published,
            claimed_intercepted=claimed,
            quote=quote,
            history_date=T1,
            history_type="+",
            history_change_reason="Created",
        )
        citations.append(citation)
    return citations


def test_every_citation_becomes_a_claim_of_its_statement_and_nothing_is_lost(at_0019):
    citations = make_records(at_0019)
    Citation = at_0019.get_model("incidents", "Citation")
    before = {c["id"]: c for c in Citation.objects.values("id", *OLD_FIELDS, "claimed_intercepted")}
    old_history = set(
        at_0019.get_model("incidents", "HistoricalCitation").objects.values_list(
            "history_id", "id", "quote", "history_change_reason"
        )
    )

    apps = migrate(AFTER)
    Citation = apps.get_model("incidents", "Citation")
    Statement = apps.get_model("incidents", "Statement")
    after = {
        c["id"]: c
        for c in Citation.objects.values(
            "id", *OLD_FIELDS, "claimed_intercepted", "claimed_intercepted_status", "statement_id"
        )
    }

    # Counts equal; every field as it was; a number recorded is a number reported.
    assert after.keys() == before.keys()
    for pk, row in before.items():
        assert {name: after[pk][name] for name in row} == row
        assert after[pk]["statement_id"] is not None
        expected = "not_reported" if row["claimed_intercepted"] is None else "reported"
        assert after[pk]["claimed_intercepted_status"] == expected

    # One statement per source and URL: the same URL from two sources is two statements.
    statements = {(s.source.name, s.url): s for s in Statement.objects.select_related("source")}
    assert set(statements) == {
        ("Governor", "https://t.me/gov/1"),
        ("Ministry", "https://t.me/mod/2"),
        ("Ministry", "https://t.me/gov/1"),
    }
    governor = statements[("Governor", "https://t.me/gov/1")]
    assert after[citations[0].id]["statement_id"] == after[citations[1].id]["statement_id"]
    assert after[citations[0].id]["statement_id"] == governor.id
    # The earliest time, the first archive link, the latest date; no window where they differ.
    assert governor.published_at == T0
    assert governor.archive_url == "https://archive.ph/a"
    assert governor.date == dt.date(2026, 3, 2)
    assert (governor.window_start, governor.window_end) == (None, None)
    ministry = statements[("Ministry", "https://t.me/mod/2")]
    assert (ministry.window_start, ministry.window_end) == (W_START, W_END)
    assert ministry.date == dt.date(2026, 3, 1)
    assert ministry.text == "" and ministry.totals.count() == 0

    # History kept: the old revisions as they were, one more per citation naming its statement,
    # and each statement's first revision.
    HistoricalCitation = apps.get_model("incidents", "HistoricalCitation")
    kept = set(
        HistoricalCitation.objects.filter(history_id__in=[h[0] for h in old_history]).values_list(
            "history_id", "id", "quote", "history_change_reason"
        )
    )
    assert kept == old_history
    linked = HistoricalCitation.objects.exclude(history_id__in=[h[0] for h in old_history])
    assert sorted(linked.values_list("id", "statement_id")) == sorted(
        (pk, row["statement_id"]) for pk, row in after.items()
    )
    assert set(linked.values_list("history_type", flat=True)) == {"~"}
    HistoricalStatement = apps.get_model("incidents", "HistoricalStatement")
    assert sorted(HistoricalStatement.objects.values_list("id", "history_type")) == sorted(
        (s.id, "+") for s in statements.values()
    )
    # Editors may now work on statements.
    Group = apps.get_model("auth", "Group")
    assert Group.objects.get(name="Editors").permissions.filter(codename="change_statement")
