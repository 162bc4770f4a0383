"""Settings read from the environment: the database connection, however it is given."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def database_settings(**env):
    """The default database settings a fresh process reads from `env`."""
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        "d = settings.DATABASES['default']; "
        "print(json.dumps({k: d.get(k) for k in ('ENGINE', 'HOST', 'PORT', 'NAME', 'USER', "
        "'PASSWORD', 'OPTIONS')}, default=str))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "POSTGRES_"))}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_separate_postgres_variables_survive_any_password():
    password = "p@ss:w/o#rd%2F?&=x'y\"z"
    settings = database_settings(
        POSTGRES_HOST="db", POSTGRES_PASSWORD=password, POSTGRES_DB="record", POSTGRES_PORT="6543"
    )
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert (settings["HOST"], str(settings["PORT"]), settings["NAME"]) == ("db", "6543", "record")
    assert settings["PASSWORD"] == password
    assert settings["OPTIONS"]["connect_timeout"] == 5


def test_a_database_url_wins_over_the_separate_variables():
    settings = database_settings(
        DATABASE_URL="postgres://u:p@elsewhere:5433/other", POSTGRES_HOST="db"
    )
    assert (settings["HOST"], settings["NAME"]) == ("elsewhere", "other")


def test_without_either_the_embedded_default_is_sqlite():
    assert database_settings()["ENGINE"] == "django.db.backends.sqlite3"
