"""The daily rollups kept exact by PostgreSQL itself: a row trigger on the incident table takes
an incident's old contribution out and puts its new one in, in the writing transaction, whatever
the path of the write (services, bulk import, a shell, raw SQL). Upserts make two concurrent
writes to the same day add up rather than overwrite each other. SQLite has no such triggers: its
figures are read from the incidents (incidents/rollups.py).
"""

from django.db import migrations

from incidents.migrations._postgresql import postgresql_only

TRIGGERS = """
CREATE OR REPLACE FUNCTION incidents_rollup_apply(r incidents_incident, sign integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF r.status <> 'published' THEN
    RETURN;
  END IF;
  INSERT INTO incidents_dailythreattotals AS t (date, threat_type_id, verification, incidents, intercepted_sum, intercepted_reported, intercepted_withheld, killed_sum, killed_reported, killed_withheld, injured_sum, injured_reported, injured_withheld)
  VALUES (r.date, r.threat_type_id, r.verification, sign, sign * coalesce(r.intercepted, 0), sign * (r.intercepted IS NOT NULL)::int, sign * (r.intercepted_status = 'withheld')::int, sign * coalesce(r.killed, 0), sign * (r.killed IS NOT NULL)::int, sign * (r.killed_status = 'withheld')::int, sign * coalesce(r.injured, 0), sign * (r.injured IS NOT NULL)::int, sign * (r.injured_status = 'withheld')::int)
  ON CONFLICT (date, threat_type_id, verification) DO UPDATE SET
    incidents = t.incidents + EXCLUDED.incidents,
    intercepted_sum = t.intercepted_sum + EXCLUDED.intercepted_sum,
    intercepted_reported = t.intercepted_reported + EXCLUDED.intercepted_reported,
    intercepted_withheld = t.intercepted_withheld + EXCLUDED.intercepted_withheld,
    killed_sum = t.killed_sum + EXCLUDED.killed_sum,
    killed_reported = t.killed_reported + EXCLUDED.killed_reported,
    killed_withheld = t.killed_withheld + EXCLUDED.killed_withheld,
    injured_sum = t.injured_sum + EXCLUDED.injured_sum,
    injured_reported = t.injured_reported + EXCLUDED.injured_reported,
    injured_withheld = t.injured_withheld + EXCLUDED.injured_withheld;
  DELETE FROM incidents_dailythreattotals WHERE date = r.date AND threat_type_id = r.threat_type_id AND verification = r.verification AND incidents = 0;
  INSERT INTO incidents_dailyregiontotals AS t (date, region_id, verification, incidents, intercepted_sum, intercepted_reported, intercepted_withheld, killed_sum, killed_reported, killed_withheld, injured_sum, injured_reported, injured_withheld)
  VALUES (r.date, r.region_id, r.verification, sign, sign * coalesce(r.intercepted, 0), sign * (r.intercepted IS NOT NULL)::int, sign * (r.intercepted_status = 'withheld')::int, sign * coalesce(r.killed, 0), sign * (r.killed IS NOT NULL)::int, sign * (r.killed_status = 'withheld')::int, sign * coalesce(r.injured, 0), sign * (r.injured IS NOT NULL)::int, sign * (r.injured_status = 'withheld')::int)
  ON CONFLICT (date, region_id, verification) DO UPDATE SET
    incidents = t.incidents + EXCLUDED.incidents,
    intercepted_sum = t.intercepted_sum + EXCLUDED.intercepted_sum,
    intercepted_reported = t.intercepted_reported + EXCLUDED.intercepted_reported,
    intercepted_withheld = t.intercepted_withheld + EXCLUDED.intercepted_withheld,
    killed_sum = t.killed_sum + EXCLUDED.killed_sum,
    killed_reported = t.killed_reported + EXCLUDED.killed_reported,
    killed_withheld = t.killed_withheld + EXCLUDED.killed_withheld,
    injured_sum = t.injured_sum + EXCLUDED.injured_sum,
    injured_reported = t.injured_reported + EXCLUDED.injured_reported,
    injured_withheld = t.injured_withheld + EXCLUDED.injured_withheld;
  DELETE FROM incidents_dailyregiontotals WHERE date = r.date AND region_id = r.region_id AND verification = r.verification AND incidents = 0;
  INSERT INTO incidents_dailyregionthreattotals AS t (date, region_id, threat_type_id, verification, incidents, intercepted_sum, intercepted_reported, intercepted_withheld, killed_sum, killed_reported, killed_withheld, injured_sum, injured_reported, injured_withheld)
  VALUES (r.date, r.region_id, r.threat_type_id, r.verification, sign, sign * coalesce(r.intercepted, 0), sign * (r.intercepted IS NOT NULL)::int, sign * (r.intercepted_status = 'withheld')::int, sign * coalesce(r.killed, 0), sign * (r.killed IS NOT NULL)::int, sign * (r.killed_status = 'withheld')::int, sign * coalesce(r.injured, 0), sign * (r.injured IS NOT NULL)::int, sign * (r.injured_status = 'withheld')::int)
  ON CONFLICT (date, region_id, threat_type_id, verification) DO UPDATE SET
    incidents = t.incidents + EXCLUDED.incidents,
    intercepted_sum = t.intercepted_sum + EXCLUDED.intercepted_sum,
    intercepted_reported = t.intercepted_reported + EXCLUDED.intercepted_reported,
    intercepted_withheld = t.intercepted_withheld + EXCLUDED.intercepted_withheld,
    killed_sum = t.killed_sum + EXCLUDED.killed_sum,
    killed_reported = t.killed_reported + EXCLUDED.killed_reported,
    killed_withheld = t.killed_withheld + EXCLUDED.killed_withheld,
    injured_sum = t.injured_sum + EXCLUDED.injured_sum,
    injured_reported = t.injured_reported + EXCLUDED.injured_reported,
    injured_withheld = t.injured_withheld + EXCLUDED.injured_withheld;
  DELETE FROM incidents_dailyregionthreattotals WHERE date = r.date AND region_id = r.region_id AND threat_type_id = r.threat_type_id AND verification = r.verification AND incidents = 0;
END
$$;

CREATE OR REPLACE FUNCTION incidents_rollup_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM incidents_rollup_apply(OLD, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM incidents_rollup_apply(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER incidents_rollup_insert_delete AFTER INSERT OR DELETE ON incidents_incident
  FOR EACH ROW EXECUTE FUNCTION incidents_rollup_trigger();

CREATE TRIGGER incidents_rollup_update AFTER UPDATE ON incidents_incident
  FOR EACH ROW
  WHEN (
    (OLD.date, OLD.region_id, OLD.threat_type_id, OLD.status, OLD.verification,
     OLD.intercepted, OLD.intercepted_status, OLD.killed, OLD.killed_status,
     OLD.injured, OLD.injured_status)
    IS DISTINCT FROM
    (NEW.date, NEW.region_id, NEW.threat_type_id, NEW.status, NEW.verification,
     NEW.intercepted, NEW.intercepted_status, NEW.killed, NEW.killed_status,
     NEW.injured, NEW.injured_status)
  )
  EXECUTE FUNCTION incidents_rollup_trigger();
"""

DROP = """
DROP TRIGGER IF EXISTS incidents_rollup_update ON incidents_incident;
DROP TRIGGER IF EXISTS incidents_rollup_insert_delete ON incidents_incident;
DROP FUNCTION IF EXISTS incidents_rollup_trigger();
DROP FUNCTION IF EXISTS incidents_rollup_apply(incidents_incident, integer);
"""


class Migration(migrations.Migration):
    dependencies = [("incidents", "0014_derived_data")]

    # The rollups are filled by 0018, with SQL of its own: a fill here would have to know the
    # tables later migrations create.
    operations = [postgresql_only(TRIGGERS, DROP)]
