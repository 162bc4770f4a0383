"""The rollups' SQL has one definition (incidents/rollup_sql.py): what PostgreSQL runs after the
last migration is what it generates now, and the rebuild agrees with the triggers."""

import re

import pytest
from django.db import connection

from incidents import rebuilding, rollup_sql, rollups, services
from incidents.choices import Status
from incidents.models import Incident
from tests.factories import IncidentFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not rollups.available(), reason="the rollups are kept on PostgreSQL only"),
]


def one(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def test_the_function_the_triggers_run_is_the_one_generated_now():
    installed = one("SELECT prosrc FROM pg_proc WHERE proname = %s", [rollup_sql.FUNCTION])
    assert installed == rollup_sql.apply_function_body()


def test_the_update_trigger_watches_the_columns_the_rollups_depend_on():
    definition = one(
        "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'incidents_rollup_update'"
    )
    watched = re.findall(r"\bold\.(\w+)", definition)
    assert sorted(watched) == sorted(rollup_sql.DEPENDS_ON)


@pytest.mark.parametrize("rollup", rollup_sql.ROLLUPS, ids=lambda r: r.table)
def test_each_rollup_upserts_on_its_tables_unique_key(rollup):
    (key,) = [c.fields for c in rollup.model._meta.constraints if hasattr(c, "fields")]
    columns = [rollup.model._meta.get_field(name).column for name in key]
    assert columns == ["date", *rollup.keys]
    assert [
        f.column for f in rollup.model._meta.concrete_fields if f.column in rollup_sql.COLUMNS
    ] == list(rollup_sql.COLUMNS)


def test_the_rebuild_gives_the_rows_the_triggers_kept(chief):
    for n, state in enumerate(("reported", "withheld", "not_reported")):
        IncidentFactory(intercepted=None if state != "reported" else n, intercepted_status=state)
    IncidentFactory(status=Status.DRAFT)
    moved = IncidentFactory(intercepted=7)
    moved.date = moved.date.replace(month=2)
    services.save_incident(by=chief, incident=moved, correction_note="Another night.")
    services.retract(by=chief, incidents=Incident.objects.filter(intercepted=0), reason="Wrong.")
    kept = rows()
    assert any(kept)
    rebuilding.rebuild_rollups()
    assert rows() == kept
    assert rebuilding.differences() == []


def rows():
    return [
        sorted(rollup.model.objects.values_list("date", *rollup.keys, *rollup_sql.COLUMNS))
        for rollup in rollup_sql.ROLLUPS
    ]
