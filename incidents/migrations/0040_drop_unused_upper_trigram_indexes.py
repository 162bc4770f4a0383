"""Drop the trigram indexes of UPPER(summary) and UPPER(quote) (migration 0008), on PostgreSQL.

They were made for a search by `icontains`, which the full-text search replaced (issue 24). No
query uses them now: the admin's searches OR several fields (and the summary's index covers
published incidents only, while editors search drafts too), so PostgreSQL scans either way.
They cost every incident and citation write an index update, and a bulk load of 1,000,000
incidents 25 s of its 130 (16 s and 9 s to build). The trigram indexes of the texts themselves
(migration 0024, for the search's regular expressions) stay. Going back builds them again, as
0008 wrote them.
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
    dependencies = [("incidents", "0039_damage_type_rollup")]

    operations = [
        postgresql_only(
            [f"DROP INDEX IF EXISTS {name}" for name in INDEXES], list(INDEXES.values())
        )
    ]
