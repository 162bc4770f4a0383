"""The damage rollups (DailyDamageTotals, DailyDamageTypeTotals): the migrations install exactly
the SQL that incidents/rollup_sql.py defines, and the damage filter's facet counts read the
rollups with the same numbers as the incidents (their exactness under every write: test_rollups'
property test)."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents import rebuilding, rollup_sql, rollups
from incidents.models import DailyDamageTotals, DailyDamageTypeTotals, DamageType
from tests.factories import IncidentFactory, region, threat

pytestmark = pytest.mark.django_db

FIRST = importlib.import_module("incidents.migrations.0037_damage_rollup")
SECOND = importlib.import_module("incidents.migrations.0039_damage_type_rollup")
MIGRATION = importlib.import_module("incidents.migrations.0042_monthly_damage_rollup")


def test_the_migrations_install_the_sql_the_module_defines():
    # The latest triggers are the module's; each table is filled as the module rebuilds it.
    assert MIGRATION.TRIGGERS == rollup_sql.DAMAGE_TRIGGERS
    assert MIGRATION.DROP == SECOND.DROP == FIRST.DROP == rollup_sql.DAMAGE_DROP
    assert (FIRST.FILL, SECOND.FILL, MIGRATION.FILL) == rollup_sql.DAMAGE_REBUILD
    assert MIGRATION.BEFORE == SECOND.TRIGGERS
    assert SECOND.BEFORE == FIRST.TRIGGERS


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL keeps the rollups")
def test_the_whole_records_damage_facet_reads_the_rollup_without_places(client):
    fire, energy = DamageType.objects.get(slug="fire"), DamageType.objects.get(slug="energy")
    day = dt.date(2026, 3, 1)
    for n, (place, damage) in enumerate(
        [("RU-BEL", [fire]), ("RU-KRS", [fire, energy]), ("RU-BEL", [energy]), ("RU-KRS", [])]
    ):
        IncidentFactory(
            date=day + dt.timedelta(days=n % 2), region=region(place), threat_type=threat("uav")
        ).damage_types.set(damage)
    moved = IncidentFactory(date=day, region=region("RU-BEL"), threat_type=threat("uav"))
    moved.damage_types.set([fire])
    moved.date = day + dt.timedelta(days=5)  # a key changes: its counts move with it
    moved.save()
    assert rebuilding.differences() == []
    assert DailyDamageTypeTotals.objects.filter(incidents__gt=0).count() == 5

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard:incident-list"))
    sql = [query["sql"] for query in queries.captured_queries]
    assert response.context["facets"]["damage"] == {fire.pk: 3, energy.pk: 2}
    assert any("incidents_dailydamagetypetotals" in q for q in sql)
    assert not [q for q in sql if "incidents_dailydamagetotals" in q]
    moved.damage_types.clear()  # a link removed takes its count from both rollups
    assert rebuilding.differences() == []
    assert dict(rollups.Selection().counts_by("damage_types")) == {fire.pk: 2, energy.pk: 2}


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL keeps the rollups")
def test_the_damage_facet_reads_the_rollup_and_counts_what_the_table_shows(client):
    fire, energy = DamageType.objects.get(slug="fire"), DamageType.objects.get(slug="energy")
    day = dt.date(2026, 3, 1)
    for n, damage in enumerate([[fire], [fire, energy], [energy], []]):
        incident = IncidentFactory(
            date=day + dt.timedelta(days=n), region=region("RU-BEL"), threat_type=threat("uav")
        )
        incident.damage_types.set(damage)
    IncidentFactory(date=day, region=region("RU-KRS"), threat_type=threat("uav")).damage_types.set(
        [fire]
    )
    assert rebuilding.differences() == []
    assert DailyDamageTotals.objects.filter(incidents__gt=0).count() == 5

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard:incident-list"), {"region": "belgorod-oblast"})
    sql = [query["sql"] for query in queries.captured_queries]  # the next request clears them
    assert response.status_code == 200
    damage = response.context["facets"]["damage"]
    assert damage == {fire.pk: 2, energy.pk: 2}
    for damage_type, expected in ((fire, 2), (energy, 2)):
        table = client.get(
            reverse("dashboard:incident-list"),
            {"region": "belgorod-oblast", "damage": damage_type.slug},
        )
        assert table.context["count"] == expected
    # Counted from the rollup, not by joining the incidents to their damage types: over whole
    # months (an open range) the monthly one alone.
    link = "incidents_incident_damage_types"
    assert not [q for q in sql if link in q and "COUNT" in q]
    assert any("incidents_monthlydamagetotals" in q for q in sql)
    assert not [q for q in sql if "incidents_dailydamagetotals" in q]
    # A range starting inside a month: its days from the daily rollup, the months after from
    # the monthly one (none here), added up.
    for date_from, expected in (("2026-03-02", {fire.pk: 1, energy.pk: 2}), ("2026-02-27", damage)):
        with CaptureQueriesContext(connection) as queries:
            query = {"region": "belgorod-oblast", "date_from": date_from}
            response = client.get(reverse("dashboard:incident-list"), query)
        sql = [query["sql"] for query in queries.captured_queries]
        assert response.context["facets"]["damage"] == expected
        assert any("incidents_dailydamagetotals" in q for q in sql)
        for damage_type, count in expected.items():
            slug = DamageType.objects.get(pk=damage_type).slug
            table = client.get(reverse("dashboard:incident-list"), {**query, "damage": slug})
            assert table.context["count"] == count
