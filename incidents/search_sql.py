"""Each incident's full-text search document (PostgreSQL): the SQL that computes it, the
triggers that keep it in every writing transaction, and the statement that rebuilds every
document after a bulk load (which goes around the triggers, as it does for the rollups).

The document (incidents_searchdocument.document, a tsvector with a GIN index) holds
- weight A: the summary;
- weight B: the damage description, every citation's quote and the text of every statement
  the incident's citations claim it from;
- weight C: its region's names (English, Russian, Ukrainian, ISO romanisation) and its threat
  type's names (English, Russian, Ukrainian).
Each text is read by the `russian` configuration, whose parser hands Cyrillic words to the
Snowball Russian stemmer and Latin words to the Snowball English stemmer, so "drones" and
"беспилотников" are found by any form and Ukrainian words, which PostgreSQL has no stemmer for,
are cut alike on both sides (the aliases' stems match their starts). One configuration, not a
second `simple` copy of every text: parsing is most of a bulk load's cost (a quoted phrase is
checked as written by the search itself, incidents/fulltext.py). `ё` is read as `е`, as the
intake and the queries read it. The names depend only on the region and the threat type: a
rebuild computes them once per pair, and every other text once however many incidents share it.

A migration installs this as frozen text (print(INSTALL)); a test holds the functions the
database runs equal to what this module says (tests/incidents/test_search_fulltext.py).
"""

WORDS_FUNCTION = "incidents_search_words"
REFRESH_FUNCTION = "incidents_search_refresh"

WORDS_BODY = """
  SELECT to_tsvector('pg_catalog.russian'::regconfig, translate(coalesce(body, ''), 'ёЁ', 'еЕ'))
"""

AGGREGATE = "incidents_tsvector_agg"  # documents joined one after another, as || joins two


def _words(text, weight):
    return f"setweight({WORDS_FUNCTION}({text}), '{weight}')"


# The incident's names: one text, read once per (region, threat type) by a rebuild.
NAMES = _words(
    "concat_ws(' ', r.name, r.name_ru, r.name_uk, r.iso_name, t.name, t.name_ru, t.name_uk)", "C"
)

# One document, its parts in this order (a rebuild joins the same parts in the same order, each
# text read once however many incidents share it: a statement claims many incidents, a quote
# is often cited by several).
REFRESH_BODY = f"""
BEGIN
  INSERT INTO incidents_searchdocument AS d (incident_id, document)
  SELECT i.id,
         {_words("i.summary", "A")}
      || {_words("i.damage_description", "B")}
      || coalesce((SELECT {AGGREGATE}({_words("c.quote", "B")} ORDER BY c.id)
                     FROM incidents_citation c WHERE c.incident_id = i.id), '')
      || coalesce((SELECT {AGGREGATE}({_words("st.text", "B")} ORDER BY st.id)
                     FROM incidents_statement st
                    WHERE st.id IN (SELECT c.statement_id FROM incidents_citation c
                                     WHERE c.incident_id = i.id)), '')
      || {NAMES}
    FROM incidents_incident i
    JOIN incidents_region r ON r.id = i.region_id
    JOIN incidents_threattype t ON t.id = i.threat_type_id
   WHERE i.id = target
  ON CONFLICT (incident_id) DO UPDATE SET document = EXCLUDED.document;
END
"""

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION {WORDS_FUNCTION}(body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $${WORDS_BODY}$$;

CREATE OR REPLACE AGGREGATE {AGGREGATE}(tsvector) (
  SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = ''
);

CREATE OR REPLACE FUNCTION {REFRESH_FUNCTION}(target bigint) RETURNS void
LANGUAGE plpgsql AS $${REFRESH_BODY}$$;
"""

# What a write changes, and whose documents it refreshes. The incident's own columns are
# watched by name (a change of its counts or status leaves its words alone).
TRIGGERS = f"""
CREATE OR REPLACE FUNCTION incidents_search_of_incident() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM incidents_searchdocument WHERE incident_id = OLD.id;
  ELSE
    PERFORM {REFRESH_FUNCTION}(NEW.id);
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
    PERFORM {REFRESH_FUNCTION}(OLD.incident_id);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.incident_id <> OLD.incident_id) THEN
    PERFORM {REFRESH_FUNCTION}(NEW.incident_id);
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
    PERFORM {REFRESH_FUNCTION}(incident_id) FROM (
      SELECT DISTINCT incident_id FROM incidents_citation WHERE statement_id = NEW.id) cited;
  ELSIF TG_TABLE_NAME = 'incidents_region' THEN
    PERFORM {REFRESH_FUNCTION}(id) FROM incidents_incident WHERE region_id = NEW.id;
  ELSE
    PERFORM {REFRESH_FUNCTION}(id) FROM incidents_incident WHERE threat_type_id = NEW.id;
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

INDEX = "incident_search_document_gin"
CREATE_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON incidents_searchdocument USING gin (document)"
)


def _distinct(column, table, weight):
    return (
        f"SELECT body, {_words('body', weight)} AS document\n"
        f"      FROM (SELECT DISTINCT {column} AS body FROM {table}) texts"
    )


# Every document at once, for a bulk load: each distinct text read once, the index built after
# the rows (faster than a million index insertions).
REBUILD = [
    "TRUNCATE incidents_searchdocument",
    f"DROP INDEX IF EXISTS {INDEX}",
    f"""
WITH names AS MATERIALIZED (
    SELECT r.id AS region_id, t.id AS threat_type_id, {NAMES} AS document
      FROM incidents_region r CROSS JOIN incidents_threattype t),
  summaries AS MATERIALIZED ({_distinct("summary", "incidents_incident", "A")}),
  damage AS MATERIALIZED ({_distinct("damage_description", "incidents_incident", "B")}),
  quotes AS MATERIALIZED ({_distinct("quote", "incidents_citation", "B")}),
  quoted AS MATERIALIZED (
    SELECT c.incident_id, {AGGREGATE}(q.document ORDER BY c.id) AS document
      FROM incidents_citation c JOIN quotes q ON q.body = c.quote
     GROUP BY c.incident_id),
  said AS MATERIALIZED (
    SELECT cited.incident_id, {AGGREGATE}({_words("st.text", "B")} ORDER BY st.id) AS document
      FROM (SELECT DISTINCT incident_id, statement_id FROM incidents_citation
             WHERE statement_id IS NOT NULL) cited
      JOIN incidents_statement st ON st.id = cited.statement_id
     -- An empty text adds no words (|| with an empty document changes nothing), and most
     -- statements of a bulk load have none: 1,350,000 of them cost 4 s of a million's rebuild.
     WHERE st.text <> ''
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
    CREATE_INDEX,
    # The planner's statistics of the words: without them it expects thousands of rows for a
    # rare word and scans every incident.
    "ANALYZE incidents_searchdocument",
]

INSTALL = [FUNCTIONS, TRIGGERS, *REBUILD]
