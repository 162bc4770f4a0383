"""The damage facet of a region (or threat type) over whole months from a rollup of its own
(MonthlyDamageTotals: month, region, threat type, verification, damage type), kept by the damage
rollup's triggers, which now upsert into three tables, on PostgreSQL. The SQL is
incidents/rollup_sql.py's (DAMAGE_TRIGGERS, DAMAGE_DROP, the third of DAMAGE_REBUILD) frozen as
text: a migration never imports current code (tests/incidents/test_damage_rollup.py holds them
equal). Going back reinstalls 0039's."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

from incidents.migrations._postgresql import postgresql_only

TRIGGERS = """
CREATE OR REPLACE FUNCTION incidents_damage_rollup_link() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO incidents_dailydamagetotals AS t (date, region_id, threat_type_id, verification, damage_type_id, incidents)
    SELECT i.date, i.region_id, i.threat_type_id, i.verification, OLD.damagetype_id, -1
      FROM incidents_incident i WHERE i.id = OLD.incident_id AND i.status = 'published'
    ON CONFLICT (date, region_id, threat_type_id, verification, damage_type_id) DO UPDATE SET incidents = t.incidents + EXCLUDED.incidents;
    INSERT INTO incidents_dailydamagetypetotals AS t (date, verification, damage_type_id, incidents)
    SELECT i.date, i.verification, OLD.damagetype_id, -1
      FROM incidents_incident i WHERE i.id = OLD.incident_id AND i.status = 'published'
    ON CONFLICT (date, verification, damage_type_id) DO UPDATE SET incidents = t.incidents + EXCLUDED.incidents;
    INSERT INTO incidents_monthlydamagetotals AS t (date, region_id, threat_type_id, verification, damage_type_id, incidents)
    SELECT date_trunc('month', i.date)::date, i.region_id, i.threat_type_id, i.verification, OLD.damagetype_id, -1
      FROM incidents_incident i WHERE i.id = OLD.incident_id AND i.status = 'published'
    ON CONFLICT (date, region_id, threat_type_id, verification, damage_type_id) DO UPDATE SET incidents = t.incidents + EXCLUDED.incidents;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO incidents_dailydamagetotals AS t (date, region_id, threat_type_id, verification, damage_type_id, incidents)
    SELECT i.date, i.region_id, i.threat_type_id, i.verification, NEW.damagetype_id, 1
      FROM incidents_incident i WHERE i.id = NEW.incident_id AND i.status = 'published'
    ON CONFLICT (date, region_id, threat_type_id, verification, damage_type_id) DO UPDATE SET incidents = t.incidents + EXCLUDED.incidents;
    INSERT INTO incidents_dailydamagetypetotals AS t (date, verification, damage_type_id, incidents)
    SELECT i.date, i.verification, NEW.damagetype_id, 1
      FROM incidents_incident i WHERE i.id = NEW.incident_id AND i.status = 'published'
    ON CONFLICT (date, verification, damage_type_id) DO UPDATE SET incidents = t.incidents + EXCLUDED.incidents;
    INSERT INTO incidents_monthlydamagetotals AS t (date, region_id, threat_type_id, verification, damage_type_id, incidents)
    SELECT date_trunc('month', i.date)::date, i.region_id, i.threat_type_id, i.verification, NEW.damagetype_id, 1
      FROM incidents_incident i WHERE i.id = NEW.incident_id AND i.status = 'published'
    ON CONFLICT (date, region_id, threat_type_id, verification, damage_type_id) DO UPDATE SET incidents = t.incidents + EXCLUDED.incidents;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER incidents_damage_rollup_link AFTER INSERT OR UPDATE OR DELETE
  ON incidents_incident_damage_types
  FOR EACH ROW EXECUTE FUNCTION incidents_damage_rollup_link();

CREATE OR REPLACE FUNCTION incidents_damage_rollup_incident() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    INSERT INTO incidents_dailydamagetotals AS t (date, region_id, threat_type_id, verification, damage_type_id, incidents)
    SELECT OLD.date, OLD.region_id, OLD.threat_type_id, OLD.verification, l.damagetype_id, -1
      FROM incidents_incident_damage_types l WHERE l.incident_id = OLD.id
    ON CONFLICT (date, region_id, threat_type_id, verification, damage_type_id) DO UPDATE SET incidents = t.incidents + EXCLUDED.incidents;
    INSERT INTO incidents_dailydamagetypetotals AS t (date, verification, damage_type_id, incidents)
    SELECT OLD.date, OLD.verification, l.damagetype_id, -1
      FROM incidents_incident_damage_types l WHERE l.incident_id = OLD.id
    ON CONFLICT (date, verification, damage_type_id) DO UPDATE SET incidents = t.incidents + EXCLUDED.incidents;
    INSERT INTO incidents_monthlydamagetotals AS t (date, region_id, threat_type_id, verification, damage_type_id, incidents)
    SELECT date_trunc('month', OLD.date)::date, OLD.region_id, OLD.threat_type_id, OLD.verification, l.damagetype_id, -1
      FROM incidents_incident_damage_types l WHERE l.incident_id = OLD.id
    ON CONFLICT (date, region_id, threat_type_id, verification, damage_type_id) DO UPDATE SET incidents = t.incidents + EXCLUDED.incidents;
  END IF;
  IF NEW.status = 'published' THEN
    INSERT INTO incidents_dailydamagetotals AS t (date, region_id, threat_type_id, verification, damage_type_id, incidents)
    SELECT NEW.date, NEW.region_id, NEW.threat_type_id, NEW.verification, l.damagetype_id, 1
      FROM incidents_incident_damage_types l WHERE l.incident_id = NEW.id
    ON CONFLICT (date, region_id, threat_type_id, verification, damage_type_id) DO UPDATE SET incidents = t.incidents + EXCLUDED.incidents;
    INSERT INTO incidents_dailydamagetypetotals AS t (date, verification, damage_type_id, incidents)
    SELECT NEW.date, NEW.verification, l.damagetype_id, 1
      FROM incidents_incident_damage_types l WHERE l.incident_id = NEW.id
    ON CONFLICT (date, verification, damage_type_id) DO UPDATE SET incidents = t.incidents + EXCLUDED.incidents;
    INSERT INTO incidents_monthlydamagetotals AS t (date, region_id, threat_type_id, verification, damage_type_id, incidents)
    SELECT date_trunc('month', NEW.date)::date, NEW.region_id, NEW.threat_type_id, NEW.verification, l.damagetype_id, 1
      FROM incidents_incident_damage_types l WHERE l.incident_id = NEW.id
    ON CONFLICT (date, region_id, threat_type_id, verification, damage_type_id) DO UPDATE SET incidents = t.incidents + EXCLUDED.incidents;
  END IF;
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

DROP = """
DROP TRIGGER IF EXISTS incidents_damage_rollup_incident ON incidents_incident;
DROP TRIGGER IF EXISTS incidents_damage_rollup_link ON incidents_incident_damage_types;
DROP FUNCTION IF EXISTS incidents_damage_rollup_incident();
DROP FUNCTION IF EXISTS incidents_damage_rollup_link();
"""

FILL = "INSERT INTO incidents_monthlydamagetotals (date, region_id, threat_type_id, verification, damage_type_id, incidents) SELECT date_trunc('month', i.date)::date, i.region_id, i.threat_type_id, i.verification, l.damagetype_id, count(*) FROM incidents_incident i JOIN incidents_incident_damage_types l ON l.incident_id = i.id WHERE i.status = 'published' GROUP BY 1, 2, 3, 4, 5"

# The triggers as 0039 installed them (upserting into the two daily damage rollups).
BEFORE = importlib.import_module("incidents.migrations.0039_damage_type_rollup").TRIGGERS


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0041_drop_search_trigram_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthlyDamageTotals",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(help_text="The incidents' date.")),
                (
                    "verification",
                    models.CharField(
                        help_text="The incidents' verification level (a filter of the pages).",
                        max_length=20,
                    ),
                ),
                ("incidents", models.IntegerField(default=0, help_text="Published incidents.")),
                (
                    "damage_type",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="Part of the rollup's key.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="incidents.damagetype",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="Part of the rollup's key.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="incidents.region",
                    ),
                ),
                (
                    "threat_type",
                    models.ForeignKey(
                        db_constraint=False,
                        help_text="Part of the rollup's key.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="incidents.threattype",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("date", "region", "threat_type", "verification", "damage_type"),
                        name="rollup_damage_month_key",
                    )
                ],
            },
        ),
        postgresql_only(DROP + TRIGGERS, DROP + BEFORE),
        postgresql_only(FILL),
    ]
