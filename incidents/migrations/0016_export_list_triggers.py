"""Each incident's export lists (damage types, sources, statement URLs) kept by PostgreSQL:
whatever writes a citation, a damage type of an incident, a source's name or a damage type's
slug refreshes the lists of the incidents it touches, in the same transaction. SQLite computes
the lists in the export query instead (incidents/schema.py).
"""

from django.db import migrations

from incidents.migrations._postgresql import postgresql_only

TRIGGERS = """
CREATE OR REPLACE FUNCTION incidents_lists_refresh(target bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO incidents_exportlists AS l (incident_id, damage_types, sources, source_urls)
  SELECT target,
    (SELECT string_agg(d.slug, ';' ORDER BY d.slug)
       FROM incidents_incident_damage_types t
       JOIN incidents_damagetype d ON d.id = t.damagetype_id
      WHERE t.incident_id = target),
    (SELECT string_agg(s.name, ';' ORDER BY c.id)
       FROM incidents_citation c JOIN incidents_source s ON s.id = c.source_id
      WHERE c.incident_id = target),
    (SELECT string_agg(c.url, ';' ORDER BY c.id)
       FROM incidents_citation c WHERE c.incident_id = target)
  ON CONFLICT (incident_id) DO UPDATE SET
    damage_types = EXCLUDED.damage_types,
    sources = EXCLUDED.sources,
    source_urls = EXCLUDED.source_urls;
END
$$;

CREATE OR REPLACE FUNCTION incidents_lists_of_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM incidents_lists_refresh(OLD.incident_id);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND (TG_OP = 'INSERT' OR NEW.incident_id <> OLD.incident_id) THEN
    PERFORM incidents_lists_refresh(NEW.incident_id);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER incidents_lists_citation AFTER INSERT OR UPDATE OR DELETE ON incidents_citation
  FOR EACH ROW EXECUTE FUNCTION incidents_lists_of_row();
CREATE TRIGGER incidents_lists_damage AFTER INSERT OR UPDATE OR DELETE
  ON incidents_incident_damage_types
  FOR EACH ROW EXECUTE FUNCTION incidents_lists_of_row();

CREATE OR REPLACE FUNCTION incidents_lists_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'incidents_source' THEN
    PERFORM incidents_lists_refresh(incident_id)
      FROM (SELECT DISTINCT incident_id FROM incidents_citation WHERE source_id = NEW.id) cited;
  ELSE
    PERFORM incidents_lists_refresh(incident_id)
      FROM (SELECT DISTINCT incident_id FROM incidents_incident_damage_types
             WHERE damagetype_id = NEW.id) damaged;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER incidents_lists_source_renamed AFTER UPDATE OF name ON incidents_source
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION incidents_lists_renamed();
CREATE TRIGGER incidents_lists_damage_renamed AFTER UPDATE OF slug ON incidents_damagetype
  FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug)
  EXECUTE FUNCTION incidents_lists_renamed();

CREATE OR REPLACE FUNCTION incidents_lists_incident_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM incidents_exportlists WHERE incident_id = OLD.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER incidents_lists_incident_gone AFTER DELETE ON incidents_incident
  FOR EACH ROW EXECUTE FUNCTION incidents_lists_incident_gone();
"""

DROP = """
DROP TRIGGER IF EXISTS incidents_lists_incident_gone ON incidents_incident;
DROP TRIGGER IF EXISTS incidents_lists_damage_renamed ON incidents_damagetype;
DROP TRIGGER IF EXISTS incidents_lists_source_renamed ON incidents_source;
DROP TRIGGER IF EXISTS incidents_lists_damage ON incidents_incident_damage_types;
DROP TRIGGER IF EXISTS incidents_lists_citation ON incidents_citation;
DROP FUNCTION IF EXISTS incidents_lists_incident_gone();
DROP FUNCTION IF EXISTS incidents_lists_renamed();
DROP FUNCTION IF EXISTS incidents_lists_of_row();
DROP FUNCTION IF EXISTS incidents_lists_refresh(bigint);
"""


# Every incident's lists computed once (frozen here: a migration never imports current code).
FILL = [
    "TRUNCATE incidents_exportlists",
    """
INSERT INTO incidents_exportlists (incident_id, damage_types, sources, source_urls)
SELECT i.id, d.list, c.names, c.urls
  FROM incidents_incident i
  LEFT JOIN (
    SELECT t.incident_id, string_agg(dt.slug, ';' ORDER BY dt.slug) AS list
      FROM incidents_incident_damage_types t
      JOIN incidents_damagetype dt ON dt.id = t.damagetype_id
     GROUP BY t.incident_id) d ON d.incident_id = i.id
  LEFT JOIN (
    SELECT ci.incident_id,
           string_agg(s.name, ';' ORDER BY ci.id) AS names,
           string_agg(ci.url, ';' ORDER BY ci.id) AS urls
      FROM incidents_citation ci JOIN incidents_source s ON s.id = ci.source_id
     GROUP BY ci.incident_id) c ON c.incident_id = i.id
 WHERE d.list IS NOT NULL OR c.names IS NOT NULL
""",
]


class Migration(migrations.Migration):
    dependencies = [("incidents", "0015_rollup_triggers")]

    operations = [
        postgresql_only(TRIGGERS, DROP),
        postgresql_only(FILL),
    ]
