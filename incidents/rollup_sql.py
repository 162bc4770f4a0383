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
    MonthlyRegionThreatTotals,
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
        return month_of(row) if self.monthly else f"{row}date"


def month_of(row=""):
    """The first day of the month of `row`'s date (a prefix such as "r.", or none)."""
    return f"date_trunc('month', {row}date)::date"


ROLLUPS = (
    Rollup(DailyThreatTotals, ("threat_type_id", "verification")),
    Rollup(DailyRegionTotals, ("region_id", "verification")),
    Rollup(DailyRegionThreatTotals, ("region_id", "threat_type_id", "verification")),
    Rollup(MonthlyRegionTotals, ("region_id", "verification"), monthly=True),
    Rollup(
        MonthlyRegionThreatTotals, ("region_id", "threat_type_id", "verification"), monthly=True
    ),
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


def rebuild_statement(rollup, finer=None):
    """Every row of `rollup` recomputed from the published incidents (the table emptied), or
    summed from `finer`, a daily rollup already rebuilt whose keys hold all of its own."""
    keys = [rollup.day(), *rollup.keys]
    positions = ", ".join(str(n) for n in range(1, len(keys) + 1))
    if finer is None:
        aggregates = ["count(*)", *(f"sum({value})" for value in _per_incident("").values())]
        rows = f"incidents_incident WHERE status = '{Status.PUBLISHED}'"
    else:
        aggregates = [f"sum({column})" for column in COLUMNS]
        rows = finer.table
    return (
        f"INSERT INTO {rollup.table} (date, {', '.join(rollup.keys)}, {', '.join(COLUMNS)}) "
        f"SELECT {', '.join(keys)}, {', '.join(aggregates)} FROM {rows} GROUP BY {positions}"
    )


def rebuild_statements():
    """Every rollup's rebuild, the finest first and each of the others summed from the smallest
    one already rebuilt that holds its keys: every column is a count or a sum, and at 1,000,000
    incidents a few hundred thousand rollup rows are read faster than the incidents (the
    rollups' rebuild 14 -> 11 s)."""
    statements, done = [], []
    for rollup in sorted(ROLLUPS, key=lambda r: (r.monthly, -len(r.keys))):
        holders = [d for d in done if not d.monthly and set(rollup.keys) <= set(d.keys)]
        finer = min(holders, key=lambda d: len(d.keys), default=None)
        statements.append(rebuild_statement(rollup, finer))
        done.append(rollup)
    (finest, finest_columns), *others = DAMAGE_ROLLUPS
    statements.append(DAMAGE_REBUILD[0])
    for table, columns in others:
        assert {_stored(column) for column in columns} <= set(finest_columns)
        keys = ", ".join([*map(_stored, columns), "damage_type_id"])
        values = ", ".join([*(_value("", column) for column in columns), "damage_type_id"])
        statements.append(
            f"INSERT INTO {table} ({keys}, incidents) SELECT {values}, sum(incidents) "
            f"FROM {finest} GROUP BY {', '.join(str(n) for n in range(1, len(columns) + 2))}"
        )
    return statements


# The damage rollups (DailyDamageTotals, DailyDamageTypeTotals): one published incident counts
# once under each of its damage types. The link table's rows come and go after the incident's
# own row is written (Django writes a many-to-many field after the object, and deletes the links
# before it), so a link adds or takes its incident's count, and a change of the incident's key
# or status moves the counts of every link it has.
# (table, the incident's columns in its key; "month": the first day of its date's month, kept
# in the table's date): the facet reads the first when regions or threat types are chosen, else
# the second, which holds a day's verification levels and damage types only (at 1,000,000
# incidents 30,000 rows against 730,000: the whole record's facet 104 ms -> a few ms); the third
# holds the first's whole months, which a region's pages read (its 54,000 daily rows 22-40 ms,
# its 8,200 monthly ones a few).
DAMAGE_ROLLUPS = (
    ("incidents_dailydamagetotals", ("date", "region_id", "threat_type_id", "verification")),
    ("incidents_dailydamagetypetotals", ("date", "verification")),
    ("incidents_monthlydamagetotals", ("month", "region_id", "threat_type_id", "verification")),
)
# Every rollup's table: what a rebuild empties and fills.
TABLES = (*(rollup.table for rollup in ROLLUPS), *(table for table, _ in DAMAGE_ROLLUPS))


def _stored(column):
    """The rollup's column that holds the incidents' `column`."""
    return "date" if column == "month" else column


def _value(row, column):
    """The value of `row`'s `column` (a prefix such as "i." or "NEW.") in a damage rollup's key."""
    return month_of(row) if column == "month" else f"{row}{column}"


def _damage_add(row_values, damage, sign, rows):
    """An upsert into each damage rollup, for each of `rows`: the key (`row_values(columns)`,
    the damage type), and the sign."""
    statements = []
    for table, columns in DAMAGE_ROLLUPS:
        keys = ", ".join([*map(_stored, columns), "damage_type_id"])
        statements.append(
            f"    INSERT INTO {table} AS t ({keys}, incidents)\n"
            f"    SELECT {', '.join(row_values(columns))}, {damage}, {sign}\n"
            f"      FROM {rows}\n"
            f"    ON CONFLICT ({keys})"
            " DO UPDATE SET incidents = t.incidents + EXCLUDED.incidents;\n"
        )
    return "".join(statements)


def _damage_of_link(row, sign):
    return _damage_add(
        lambda columns: [_value("i.", column) for column in columns],
        f"{row}.damagetype_id",
        sign,
        f"incidents_incident i WHERE i.id = {row}.incident_id AND i.status = '{Status.PUBLISHED}'",
    )


def _damage_of_incident(row, sign):
    return _damage_add(
        lambda columns: [_value(f"{row}.", column) for column in columns],
        "l.damagetype_id",
        sign,
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
DAMAGE_REBUILD = tuple(
    f"INSERT INTO {table} ({', '.join(map(_stored, columns))}, damage_type_id, incidents) "
    f"SELECT {', '.join(_value('i.', column) for column in columns)}, l.damagetype_id, count(*) "
    "FROM incidents_incident i JOIN incidents_incident_damage_types l ON l.incident_id = i.id "
    f"WHERE i.status = '{Status.PUBLISHED}' "
    f"GROUP BY {', '.join(str(n) for n in range(1, len(columns) + 2))}"
    for table, columns in DAMAGE_ROLLUPS
)
