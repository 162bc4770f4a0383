"""The damage rollup (DailyDamageTotals): the migration installs exactly the SQL that
incidents/rollup_sql.py defines, and the damage filter's facet counts read the rollup with the
same numbers as the incidents (its exactness under every write: test_rollups' property test)."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents import rollup_sql, rollups
from incidents.models import DailyDamageTotals, DamageType
from tests.factories import IncidentFactory, region, threat

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("incidents.migrations.0037_damage_rollup")


def test_the_migration_installs_the_sql_the_module_defines():
    assert MIGRATION.TRIGGERS == rollup_sql.DAMAGE_TRIGGERS
    assert MIGRATION.DROP == rollup_sql.DAMAGE_DROP
    assert MIGRATION.FILL == rollup_sql.DAMAGE_REBUILD


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
    assert rollups.differences() == []
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
    # Counted from the rollup, not by joining the incidents to their damage types.
    link = "incidents_incident_damage_types"
    assert not [q for q in sql if link in q and "COUNT" in q]
    assert any("incidents_dailydamagetotals" in q for q in sql)
