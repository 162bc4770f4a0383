"""Each incident's export lists (damage types, sources, statement URLs) in the incident's own
row, not in a table of their own: a filtered export read them through a join that scanned and
hashed every incident's lists for the few it wanted (at 1,000,000 incidents, ~40% of a
region's CSV). Three columns the model does not declare, so that Django never writes them (an
incident saved from memory would put back lists a trigger had just changed); the triggers of
0016 keep them, as they kept the table, and write a row only when its lists change. SQLite
keeps none: its exports compute the lists (incidents/schema.py).

Frozen SQL (a migration never imports current code). Going back restores 0016's table, its
triggers and its rows.
"""

import importlib

from django.db import migrations

from incidents.migrations._postgresql import postgresql_only

ADD = """
ALTER TABLE incidents_incident
  ADD COLUMN export_damage_types text,
  ADD COLUMN export_sources text,
  ADD COLUMN export_source_urls text
"""

REFRESH = """
CREATE OR REPLACE FUNCTION incidents_lists_refresh(target bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE incidents_incident i
     SET export_damage_types = l.damage_types,
         export_sources = l.sources,
         export_source_urls = l.source_urls
    FROM (SELECT
      (SELECT string_agg(d.slug, ';' ORDER BY d.slug)
         FROM incidents_incident_damage_types t
         JOIN incidents_damagetype d ON d.id = t.damagetype_id
        WHERE t.incident_id = target) AS damage_types,
      (SELECT string_agg(s.name, ';' ORDER BY c.id)
         FROM incidents_citation c JOIN incidents_source s ON s.id = c.source_id
        WHERE c.incident_id = target) AS sources,
      (SELECT string_agg(c.url, ';' ORDER BY c.id)
         FROM incidents_citation c WHERE c.incident_id = target) AS source_urls) l
   WHERE i.id = target
     AND (i.export_damage_types, i.export_sources, i.export_source_urls)
         IS DISTINCT FROM (l.damage_types, l.sources, l.source_urls);
END
$$;
DROP TRIGGER IF EXISTS incidents_lists_incident_gone ON incidents_incident;
DROP FUNCTION IF EXISTS incidents_lists_incident_gone();
"""

FILL = """
UPDATE incidents_incident i
   SET export_damage_types = l.damage_types,
       export_sources = l.sources,
       export_source_urls = l.source_urls
  FROM incidents_exportlists l
 WHERE l.incident_id = i.id
"""

# Going back: 0016's table filled from the columns, its functions and triggers, no columns.
UNFILL = """
INSERT INTO incidents_exportlists (incident_id, damage_types, sources, source_urls)
SELECT id, export_damage_types, export_sources, export_source_urls
  FROM incidents_incident
 WHERE export_damage_types IS NOT NULL OR export_sources IS NOT NULL
"""
DROP_COLUMNS = """
ALTER TABLE incidents_incident
  DROP COLUMN export_damage_types,
  DROP COLUMN export_sources,
  DROP COLUMN export_source_urls
"""
BEFORE = importlib.import_module("incidents.migrations.0016_export_list_triggers")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0043_monthly_region_threat_rollup")]

    operations = [
        postgresql_only([ADD, REFRESH, FILL], [UNFILL, BEFORE.DROP, BEFORE.TRIGGERS, DROP_COLUMNS]),
        migrations.DeleteModel(name="ExportLists"),
    ]
