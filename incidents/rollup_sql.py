"""The rollups' SQL, generated from one definition: the trigger function that keeps them in
every writing transaction (PostgreSQL), and the statements that rebuild them after a bulk load.

A migration installs the function as frozen text (`print(apply_function())`), never importing
this module: a later change here would rewrite what an old migration did. A test holds the
function the database runs, and the columns its trigger watches, equal to what this module
says, so a change here without a migration that installs it fails, and so does a migration
that installs something else (tests/incidents/test_rollup_sql.py).
"""

from dataclasses import dataclass

from incidents.choices import COUNTS, Reporting, Status
from incidents.models import (
    DailyRegionThreatTotals,
    DailyRegionTotals,
    DailyThreatTotals,
    MonthlyRegionTotals,
)

COLUMNS = (
    "incidents",
    *(f"{c}_{part}" for c in COUNTS for part in ("sum", "reported", "withheld")),
)
FUNCTION = "incidents_rollup_apply"


@dataclass(frozen=True)
class Rollup:
    model: type
    keys: tuple[str, ...]  # besides the day
    monthly: bool = False  # the day is the first of its month

    @property
    def table(self):
        return self.model._meta.db_table

    def day(self, row=""):
        return f"date_trunc('month', {row}date)::date" if self.monthly else f"{row}date"


ROLLUPS = (
    Rollup(DailyThreatTotals, ("threat_type_id", "verification")),
    Rollup(DailyRegionTotals, ("region_id", "verification")),
    Rollup(DailyRegionThreatTotals, ("region_id", "threat_type_id", "verification")),
    Rollup(MonthlyRegionTotals, ("region_id", "verification"), monthly=True),
)
# The incident's columns a rollup row depends on: a write that changes none of them leaves the
# rollups alone (the update trigger's WHEN clause, installed by migration 0015).
DEPENDS_ON = (
    "date",
    "region_id",
    "threat_type_id",
    "status",
    "verification",
    *(name for count in COUNTS for name in (count, f"{count}_status")),
)


def _per_incident(row):
    """What one incident adds to each column but `incidents` (which counts it)."""
    values = {}
    for count in COUNTS:
        values[f"{count}_sum"] = f"coalesce({row}{count}, 0)"
        values[f"{count}_reported"] = f"({row}{count} IS NOT NULL)::int"
        values[f"{count}_withheld"] = f"({row}{count}_status = '{Reporting.WITHHELD}')::int"
    return values


def _upsert(rollup):
    keys = ", ".join(rollup.keys)
    key_values = [rollup.day("r."), *(f"r.{key}" for key in rollup.keys)]
    values = ["sign", *(f"sign * {value}" for value in _per_incident("r.").values())]
    sets = ",\n    ".join(f"{c} = t.{c} + EXCLUDED.{c}" for c in COLUMNS)
    match = " AND ".join(
        f"{column} = {value}"
        for column, value in zip(["date", *rollup.keys], key_values, strict=True)
    )
    return (
        f"  INSERT INTO {rollup.table} AS t (date, {keys}, {', '.join(COLUMNS)})\n"
        f"  VALUES ({', '.join(key_values + values)})\n"
        f"  ON CONFLICT (date, {keys}) DO UPDATE SET\n    {sets};\n"
        f"  DELETE FROM {rollup.table} WHERE {match} AND incidents = 0;\n"
    )


def apply_function_body(rollups=ROLLUPS):
    """The body of incidents_rollup_apply(r, sign): r's contribution, times sign, added to
    every rollup (upserts, so concurrent writes to one day add up), rows left at zero
    incidents removed."""
    upserts = "".join(_upsert(rollup) for rollup in rollups)
    return (
        f"\nBEGIN\n  IF r.status <> '{Status.PUBLISHED}' THEN\n    RETURN;\n  END IF;\n"
        f"{upserts}END\n"
    )


def apply_function(rollups=ROLLUPS):
    return (
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(r incidents_incident, sign integer)\n"
        f"RETURNS void LANGUAGE plpgsql AS $${apply_function_body(rollups)}$$;"
    )


def rebuild_statement(rollup):
    """Every row of `rollup` recomputed from the published incidents (the table emptied)."""
    keys = [rollup.day(), *rollup.keys]
    aggregates = ["count(*)", *(f"sum({value})" for value in _per_incident("").values())]
    positions = ", ".join(str(n) for n in range(1, len(keys) + 1))
    return (
        f"INSERT INTO {rollup.table} (date, {', '.join(rollup.keys)}, {', '.join(COLUMNS)}) "
        f"SELECT {', '.join(keys)}, {', '.join(aggregates)} FROM incidents_incident "
        f"WHERE status = '{Status.PUBLISHED}' GROUP BY {positions}"
    )


# The damage rollup (DailyDamageTotals): one published incident counts once under each of its
# damage types. The link table's rows come and go after the incident's own row is written
# (Django writes a many-to-many field after the object, and deletes the links before it), so
# a link adds or takes its incident's count, and a change of the incident's key or status
# moves the counts of every link it has.
DAMAGE_TABLE = "incidents_dailydamagetotals"
DAMAGE_KEYS = "date, region_id, threat_type_id, verification, damage_type_id"


def _damage_add(values, rows):
    """An upsert of `values` (the key and the sign) for each of `rows` into the damage rollup."""
    return (
        f"    INSERT INTO {DAMAGE_TABLE} AS t ({DAMAGE_KEYS}, incidents)\n"
        f"    SELECT {values}\n"
        f"      FROM {rows}\n"
        f"    ON CONFLICT ({DAMAGE_KEYS})"
        " DO UPDATE SET incidents = t.incidents + EXCLUDED.incidents;\n"
    )


def _damage_of_link(row, sign):
    return _damage_add(
        f"i.date, i.region_id, i.threat_type_id, i.verification, {row}.damagetype_id, {sign}",
        f"incidents_incident i WHERE i.id = {row}.incident_id AND i.status = '{Status.PUBLISHED}'",
    )


def _damage_of_incident(row, sign):
    return _damage_add(
        f"{row}.date, {row}.region_id, {row}.threat_type_id, {row}.verification,"
        f" l.damagetype_id, {sign}",
        f"incidents_incident_damage_types l WHERE l.incident_id = {row}.id",
    )


DAMAGE_TRIGGERS = f"""
CREATE OR REPLACE FUNCTION incidents_damage_rollup_link() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
{_damage_of_link("OLD", -1)}  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
{_damage_of_link("NEW", 1)}  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER incidents_damage_rollup_link AFTER INSERT OR UPDATE OR DELETE
  ON incidents_incident_damage_types
  FOR EACH ROW EXECUTE FUNCTION incidents_damage_rollup_link();

CREATE OR REPLACE FUNCTION incidents_damage_rollup_incident() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = '{Status.PUBLISHED}' THEN
{_damage_of_incident("OLD", -1)}  END IF;
  IF NEW.status = '{Status.PUBLISHED}' THEN
{_damage_of_incident("NEW", 1)}  END IF;
  RETURN NULL;
END
$$;

-- An incident is inserted before its links and loses them before it is deleted: only a
-- change of its key or status moves counts.
CREATE TRIGGER incidents_damage_rollup_incident
  AFTER UPDATE OF date, region_id, threat_type_id, verification, status ON incidents_incident
  FOR EACH ROW WHEN (
    (OLD.date, OLD.region_id, OLD.threat_type_id, OLD.verification, OLD.status)
    IS DISTINCT FROM (NEW.date, NEW.region_id, NEW.threat_type_id, NEW.verification, NEW.status))
  EXECUTE FUNCTION incidents_damage_rollup_incident();
"""
DAMAGE_DROP = """
DROP TRIGGER IF EXISTS incidents_damage_rollup_incident ON incidents_incident;
DROP TRIGGER IF EXISTS incidents_damage_rollup_link ON incidents_incident_damage_types;
DROP FUNCTION IF EXISTS incidents_damage_rollup_incident();
DROP FUNCTION IF EXISTS incidents_damage_rollup_link();
"""
DAMAGE_REBUILD = (
    f"INSERT INTO {DAMAGE_TABLE} ({DAMAGE_KEYS}, incidents) "
    "SELECT i.date, i.region_id, i.threat_type_id, i.verification, l.damagetype_id, count(*) "
    "FROM incidents_incident i JOIN incidents_incident_damage_types l ON l.incident_id = i.id "
    f"WHERE i.status = '{Status.PUBLISHED}' GROUP BY 1, 2, 3, 4, 5"
)
