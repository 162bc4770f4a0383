"""The embedded default database: SQLite in a file under var/, whose directory is made when
the database is first opened, not when the settings are read (reading settings writes nothing)."""

from pathlib import Path

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        name = str(conn_params["database"])
        if not name.startswith(("file:", ":memory:")):  # an in-memory test database
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        return super().get_new_connection(conn_params)
