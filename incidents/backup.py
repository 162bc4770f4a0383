"""Consistent copies of the database: pg_dump/pg_restore for PostgreSQL, SQLite's backup API.

Both keep everything: incidents, citations, their full history, corrections, editors.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


def _pg_env(settings_dict):
    env = {**os.environ}
    for key, name in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(name):
            env[key] = str(settings_dict[name])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def backup(path: Path, *, using="default") -> Path:
    connection = connections[using]
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(path),
                settings_dict["NAME"],
            ],
            env=_pg_env(settings_dict),
            check=True,
        )
    elif connection.vendor == "sqlite":
        # The online backup API copies a consistent snapshot, even while the site is writing.
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
    else:
        raise NotImplementedError(f"No backup for {connection.vendor}.")
    return path


def restore(path: Path, *, using="default"):
    """Replace the database's contents with the backup's."""
    if not path.exists():
        raise FileNotFoundError(path)
    connection = connections[using]
    if connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        connection.close()
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                settings_dict["NAME"],
                str(path),
            ],
            env=_pg_env(settings_dict),
            check=True,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()
    else:
        raise NotImplementedError(f"No restore for {connection.vendor}.")
