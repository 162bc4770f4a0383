"""SQL that only PostgreSQL runs, for the migrations: SQLite, the embedded default, keeps no
triggers, trigram indexes or rollups. One definition for every migration that needs it; applied
migrations call it, so what it does never changes. (The migration loader skips modules whose
name starts with an underscore: this is not a migration.)"""

from django.db import migrations


def _executing(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


def postgresql_only(sql, reverse_sql=()):
    """An operation that runs `sql` (a statement, or a list of them) on PostgreSQL only, and
    `reverse_sql` when the migration is unapplied."""
    forward = [sql] if isinstance(sql, str) else list(sql)
    backward = [reverse_sql] if isinstance(reverse_sql, str) else list(reverse_sql)
    return migrations.RunPython(_executing(forward), _executing(backward))
