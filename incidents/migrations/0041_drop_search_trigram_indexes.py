"""Drop the trigram indexes of the searched texts (migration 0024), on PostgreSQL.

They served the search's regular expressions, which found every incident whose summary,
damage description, quote or statement said a quoted phrase as written, before the full-text
search narrowed them. The phrase is now checked only on the incidents the full-text search found
(incidents/search.py, written_in): at 1,000,000 incidents the same rows, as fast or faster with
or without these indexes (a phrase in 222 incidents 84 -> 26 ms, in 819,954 14.1 -> 5.2 s). No
other query reads them (SQLite's search uses no index). They cost every write of an incident,
citation or statement an index update, and a bulk load of 1,000,000 incidents 27-39 s of its
100-137 (the summary's alone 15-21 s). Going back builds them again, as 0024 wrote them.
"""

from django.db import migrations

from incidents.migrations._postgresql import postgresql_only

INDEXES = {
    "incident_summary_trgm_ci": (
        "CREATE INDEX IF NOT EXISTS incident_summary_trgm_ci ON incidents_incident "
        "USING gin (summary gin_trgm_ops) WHERE status = 'published'"
    ),
    "incident_damage_trgm_ci": (
        "CREATE INDEX IF NOT EXISTS incident_damage_trgm_ci ON incidents_incident "
        "USING gin (damage_description gin_trgm_ops) WHERE status = 'published'"
    ),
    "citation_quote_trgm_ci": (
        "CREATE INDEX IF NOT EXISTS citation_quote_trgm_ci ON incidents_citation "
        "USING gin (quote gin_trgm_ops)"
    ),
    "statement_text_trgm_ci": (
        "CREATE INDEX IF NOT EXISTS statement_text_trgm_ci ON incidents_statement "
        "USING gin (text gin_trgm_ops)"
    ),
}


class Migration(migrations.Migration):
    dependencies = [("incidents", "0040_drop_unused_upper_trigram_indexes")]

    operations = [
        postgresql_only(
            [f"DROP INDEX IF EXISTS {name}" for name in INDEXES], list(INDEXES.values())
        )
    ]
