"""Trigram indexes for the search's case-insensitive regular expressions (incidents/search.py),
on PostgreSQL only: `column ~* pattern` over the texts a search reads. The UPPER() indexes of
migration 0008 stay for the admin's icontains searches.
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
    dependencies = [("incidents", "0023_casualties_sort_missing_as_missing")]

    operations = [
        postgresql_only(
            list(INDEXES.values()),
            [f"DROP INDEX IF EXISTS {name}" for name in INDEXES],
        )
    ]
