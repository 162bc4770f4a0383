"""Trigram indexes for text search, on PostgreSQL only.

Django's `icontains` compares UPPER(column) LIKE UPPER('%word%'); a GIN trigram index on
UPPER(column) answers that without reading every row. SQLite has no trigram indexes; there the
migration does nothing.
"""

from django.db import migrations

from incidents.migrations._postgresql import postgresql_only

INDEXES = {
    "incident_summary_trgm": (
        "CREATE INDEX IF NOT EXISTS incident_summary_trgm ON incidents_incident "
        "USING gin ((UPPER(summary)) gin_trgm_ops) WHERE status = 'published'"
    ),
    "citation_quote_trgm": (
        "CREATE INDEX IF NOT EXISTS citation_quote_trgm ON incidents_citation "
        "USING gin ((UPPER(quote)) gin_trgm_ops)"
    ),
}


class Migration(migrations.Migration):
    dependencies = [("incidents", "0007_public_page_indexes")]

    operations = [
        postgresql_only(
            ["CREATE EXTENSION IF NOT EXISTS pg_trgm", *INDEXES.values()],
            [f"DROP INDEX IF EXISTS {name}" for name in INDEXES],
        )
    ]
