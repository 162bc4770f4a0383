"""Settings read from the environment: the database connection, however it is given."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
    assert database_settings()["ENGINE"] == "config.embedded"


def settings_of(script, **env):
    """What a fresh process prints after reading the settings with `env` (DEBUG on)."""
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def test_developing_without_a_key_uses_var_or_a_random_one_never_one_from_the_repository():
    development_key = ROOT / "var" / "secret_key"
    first, second = settings_of(KEY), settings_of(KEY)
    if development_key.is_file():
        assert first == second == development_key.read_text().strip()
    else:
        assert first != second  # one per process
    written = "".join(path.read_text() for path in (ROOT / "config").glob("*.py"))
    assert len(first) >= 50 and first not in written


PRODUCTION_WITHOUT_KEY = {
    **{k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE")},
    "DEBUG": "0",
}


@pytest.mark.parametrize("server", ["config.wsgi", "config.asgi"])
def test_production_without_a_key_refuses_to_start(server):
    result = subprocess.run(
        [sys.executable, "-c", f"import {server}"],
        cwd=ROOT,
        env=PRODUCTION_WITHOUT_KEY,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_production_without_a_key_still_parses_statements_offline():
    """The parser's command signs nothing: a machine with no secret can run it."""
    result = subprocess.run(
        [sys.executable, "manage.py", "parse_statements", "-"],
        cwd=ROOT,
        env=PRODUCTION_WITHOUT_KEY,
        input='[{"id": "a", "text": "Над Курской областью сбиты 2 БПЛА.", "language": "ru",'
        ' "published_at": "2026-05-02T07:00:00+03:00", "source_kind": "ministry"}]',
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["a"]["incidents"][0]["region_iso"] == "RU-KRS"


def test_reading_the_settings_writes_nothing():
    """Every file opened for writing and every directory made while the settings are read
    (Python's audit events), with the embedded default database."""
    script = (
        "import sys\n"
        "writes = []\n"
        "def hook(event, args):\n"
        "    mode = str(args[1]) if event == 'open' and args[1] else ''\n"
        "    if event == 'os.mkdir' or set(mode) & set('wax+'):\n"
        "        writes.append((event, str(args[0])))\n"
        "sys.addaudithook(hook)\n"
        "from django.conf import settings\n"
        "settings.DATABASES, settings.SECRET_KEY, settings.CACHES\n"
        "print(writes)\n"
    )
    assert settings_of(script) == "[]"


def test_the_embedded_database_makes_its_directory_when_first_opened(tmp_path):
    path = tmp_path / "var" / "db.sqlite3"
    script = (
        "import django; django.setup()\n"
        "from django.db.utils import ConnectionHandler\n"
        f"database = {{'ENGINE': 'config.embedded', 'NAME': {str(path)!r}}}\n"
        "ConnectionHandler({'default': database})['default'].cursor().execute('SELECT 1')\n"
    )
    assert not path.parent.exists()
    settings_of(script)
    assert path.is_file()


def test_replicas_and_pgbouncer_from_the_environment():
    """DATABASE_REPLICA_URLS makes a replica alias each (mirrored in tests, never migrated);
    DATABASE_POOL_MODE=transaction turns off prepared statements on every PostgreSQL."""
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({a: [d['HOST'], d['PORT'], d['OPTIONS'], d.get('TEST', {})] "
        "for a, d in settings.DATABASES.items()}, default=str))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "POSTGRES_"))}
    env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": "postgres://app@pgbouncer:6432/airdefense",
        "DATABASE_REPLICA_URLS": "postgres://app@bouncer-r1:6432/a, postgres://app@bouncer-r2/a",
        "DATABASE_POOL_MODE": "transaction",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    databases = json.loads(result.stdout)
    assert list(databases) == ["default", "replica1", "replica2"]
    assert databases["replica1"][:2] == ["bouncer-r1", 6432]
    assert databases["replica2"][3]["MIRROR"] == "default"
    for _host, _port, options, _test in databases.values():
        assert options["prepare_threshold"] is None and options["connect_timeout"] == 5
    del env["DATABASE_POOL_MODE"]
    plain = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert "prepare_threshold" not in json.loads(plain.stdout)["default"][2]
