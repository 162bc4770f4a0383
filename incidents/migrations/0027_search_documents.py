"""Each incident's full-text search document (incidents_searchdocument, a GIN index), kept by
PostgreSQL triggers in every writing transaction and filled once here (see incidents/search_sql.py,
which a test holds equal to what this migration installs; frozen here: a migration never imports
current code). SQLite keeps the table empty: its simpler search reads the texts.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from incidents.migrations._postgresql import postgresql_only

FUNCTIONS = """
CREATE OR REPLACE FUNCTION incidents_search_words(body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('pg_catalog.russian'::regconfig, translate(coalesce(body, ''), 'ёЁ', 'еЕ'))
$$;

CREATE OR REPLACE AGGREGATE incidents_tsvector_agg(tsvector) (
  SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = ''
);

CREATE OR REPLACE FUNCTION incidents_search_refresh(target bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO incidents_searchdocument AS d (incident_id, document)
  SELECT i.id,
         setweight(incidents_search_words(i.summary), 'A')
      || setweight(incidents_search_words(i.damage_description), 'B')
      || coalesce((SELECT incidents_tsvector_agg(setweight(incidents_search_words(c.quote), 'B') ORDER BY c.id)
                     FROM incidents_citation c WHERE c.incident_id = i.id), '')
      || coalesce((SELECT incidents_tsvector_agg(setweight(incidents_search_words(st.text), 'B') ORDER BY st.id)
                     FROM incidents_statement st
                    WHERE st.id IN (SELECT c.statement_id FROM incidents_citation c
                                     WHERE c.incident_id = i.id)), '')
      || setweight(incidents_search_words(concat_ws(' ', r.name, r.name_ru, r.name_uk, r.iso_name, t.name, t.name_ru, t.name_uk)), 'C')
    FROM incidents_incident i
    JOIN incidents_region r ON r.id = i.region_id
    JOIN incidents_threattype t ON t.id = i.threat_type_id
   WHERE i.id = target
  ON CONFLICT (incident_id) DO UPDATE SET document = EXCLUDED.document;
END
$$;
"""

TRIGGERS = """
CREATE OR REPLACE FUNCTION incidents_search_of_incident() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM incidents_searchdocument WHERE incident_id = OLD.id;
  ELSE
    PERFORM incidents_search_refresh(NEW.id);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER incidents_search_incident_written
  AFTER INSERT OR UPDATE OF summary, damage_description, region_id, threat_type_id
  ON incidents_incident FOR EACH ROW EXECUTE FUNCTION incidents_search_of_incident();
CREATE TRIGGER incidents_search_incident_gone AFTER DELETE ON incidents_incident
  FOR EACH ROW EXECUTE FUNCTION incidents_search_of_incident();

CREATE OR REPLACE FUNCTION incidents_search_of_citation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM incidents_search_refresh(OLD.incident_id);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.incident_id <> OLD.incident_id) THEN
    PERFORM incidents_search_refresh(NEW.incident_id);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER incidents_search_citation
  AFTER INSERT OR DELETE OR UPDATE OF quote, statement_id, incident_id ON incidents_citation
  FOR EACH ROW EXECUTE FUNCTION incidents_search_of_citation();

CREATE OR REPLACE FUNCTION incidents_search_of_name() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'incidents_statement' THEN
    PERFORM incidents_search_refresh(incident_id) FROM (
      SELECT DISTINCT incident_id FROM incidents_citation WHERE statement_id = NEW.id) cited;
  ELSIF TG_TABLE_NAME = 'incidents_region' THEN
    PERFORM incidents_search_refresh(id) FROM incidents_incident WHERE region_id = NEW.id;
  ELSE
    PERFORM incidents_search_refresh(id) FROM incidents_incident WHERE threat_type_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER incidents_search_statement AFTER UPDATE OF text ON incidents_statement
  FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text)
  EXECUTE FUNCTION incidents_search_of_name();
CREATE TRIGGER incidents_search_region AFTER UPDATE ON incidents_region
  FOR EACH ROW WHEN ((OLD.name, OLD.name_ru, OLD.name_uk, OLD.iso_name)
                     IS DISTINCT FROM (NEW.name, NEW.name_ru, NEW.name_uk, NEW.iso_name))
  EXECUTE FUNCTION incidents_search_of_name();
CREATE TRIGGER incidents_search_threat AFTER UPDATE ON incidents_threattype
  FOR EACH ROW WHEN ((OLD.name, OLD.name_ru, OLD.name_uk)
                     IS DISTINCT FROM (NEW.name, NEW.name_ru, NEW.name_uk))
  EXECUTE FUNCTION incidents_search_of_name();
"""

FILL = [
    "TRUNCATE incidents_searchdocument",
    "DROP INDEX IF EXISTS incident_search_document_gin",
    """
WITH names AS MATERIALIZED (
    SELECT r.id AS region_id, t.id AS threat_type_id, setweight(incidents_search_words(concat_ws(' ', r.name, r.name_ru, r.name_uk, r.iso_name, t.name, t.name_ru, t.name_uk)), 'C') AS document
      FROM incidents_region r CROSS JOIN incidents_threattype t),
  summaries AS MATERIALIZED (SELECT body, setweight(incidents_search_words(body), 'A') AS document
      FROM (SELECT DISTINCT summary AS body FROM incidents_incident) texts),
  damage AS MATERIALIZED (SELECT body, setweight(incidents_search_words(body), 'B') AS document
      FROM (SELECT DISTINCT damage_description AS body FROM incidents_incident) texts),
  quotes AS MATERIALIZED (SELECT body, setweight(incidents_search_words(body), 'B') AS document
      FROM (SELECT DISTINCT quote AS body FROM incidents_citation) texts),
  quoted AS MATERIALIZED (
    SELECT c.incident_id, incidents_tsvector_agg(q.document ORDER BY c.id) AS document
      FROM incidents_citation c JOIN quotes q ON q.body = c.quote
     GROUP BY c.incident_id),
  said AS MATERIALIZED (
    SELECT cited.incident_id, incidents_tsvector_agg(setweight(incidents_search_words(st.text), 'B') ORDER BY st.id) AS document
      FROM (SELECT DISTINCT incident_id, statement_id FROM incidents_citation
             WHERE statement_id IS NOT NULL) cited
      JOIN incidents_statement st ON st.id = cited.statement_id
     GROUP BY cited.incident_id)
INSERT INTO incidents_searchdocument (incident_id, document)
SELECT i.id, s.document || d.document || coalesce(q.document, '') || coalesce(t.document, '')
             || n.document
  FROM incidents_incident i
  JOIN summaries s ON s.body = i.summary
  JOIN damage d ON d.body = i.damage_description
  JOIN names n ON n.region_id = i.region_id AND n.threat_type_id = i.threat_type_id
  LEFT JOIN quoted q ON q.incident_id = i.id
  LEFT JOIN said t ON t.incident_id = i.id
""",
    "CREATE INDEX IF NOT EXISTS incident_search_document_gin ON incidents_searchdocument USING gin (document)",
    "ANALYZE incidents_searchdocument",
]

DROP = """
DROP TRIGGER IF EXISTS incidents_search_threat ON incidents_threattype;
DROP TRIGGER IF EXISTS incidents_search_region ON incidents_region;
DROP TRIGGER IF EXISTS incidents_search_statement ON incidents_statement;
DROP TRIGGER IF EXISTS incidents_search_citation ON incidents_citation;
DROP TRIGGER IF EXISTS incidents_search_incident_gone ON incidents_incident;
DROP TRIGGER IF EXISTS incidents_search_incident_written ON incidents_incident;
DROP FUNCTION IF EXISTS incidents_search_of_name();
DROP FUNCTION IF EXISTS incidents_search_of_citation();
DROP FUNCTION IF EXISTS incidents_search_of_incident();
DROP FUNCTION IF EXISTS incidents_search_refresh(bigint);
DROP AGGREGATE IF EXISTS incidents_tsvector_agg(tsvector);
DROP FUNCTION IF EXISTS incidents_search_words(text);
"""


class Migration(migrations.Migration):
    dependencies = [("incidents", "0026_caspian_baltic_anti_radiation")]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "incident",
                    models.OneToOneField(
                        db_constraint=False,
                        help_text="The incident these words belong to.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="incidents.incident",
                    ),
                ),
                (
                    "document",
                    django.contrib.postgres.search.SearchVectorField(
                        help_text=(
                            "Its texts' and names' words, stemmed (Russian, English) and as written."
                        )
                    ),
                ),
            ],
        ),
        postgresql_only([FUNCTIONS, TRIGGERS], DROP),
        postgresql_only(FILL),
    ]
