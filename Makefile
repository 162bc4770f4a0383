# Entry points. `make run` and `make test` work on a fresh machine: they create the virtualenv
# and install the locked dependencies first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test ci lint format check deploy-check migrations-check lock install clean audit \
	backup restore bench load compose-test scale-test messages compilemessages mutation

$(BIN)/.installed: requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@

install: $(BIN)/.installed

# The embedded default (SQLite under var/) unless DATABASE_URL names another database.
run: install var/secret_key
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The development key under var/ (settings read it while DEBUG is on and SECRET_KEY is unset).
var/secret_key:
	mkdir -p var
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# The interface's translations (locale/<language>/LC_MESSAGES/django.po). `make messages` gathers
# every marked string into the Russian and Ukrainian catalogues and compiles them; the compiled
# .mo files are committed, so the image and `make run` need no gettext. `make test` compiles
# them again (gettext's msgfmt: apt-get install gettext) and tests/test_translations.py fails on
# a marked string missing from a catalogue, untranslated or fuzzy, or a .mo older than its .po.
# (dashboard/management/commands/makemessages.py says which files are read.)
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l ru -l uk
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

compilemessages: install
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

# PostgreSQL when DATABASE_URL names one, SQLite otherwise.
# TEST_WORKERS: pytest-xdist processes (auto: one per core), each with its own test database;
# a test file stays in one process, so its module fixtures are made once.
TEST_WORKERS ?= auto
test: install compilemessages
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	DEBUG=1 $(BIN)/python manage.py check

migrations-check: install
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Mutation testing of the modules that carry the promises, one at a time, with their own tests on
# SQLite (slow: never in CI). MODULE=figures|changes|freshness|filters|services for one.
# Scores and the survivors' reasons: docs/mutation.md.
mutation: install
	$(BIN)/python tools/mutation.py $(MODULE)

# Re-resolve the locked dependency set from pyproject.toml (needs network).
lock: install
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -q -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev -c requirements/base.txt --python-version 3.11 --generate-hashes -q -o requirements/dev.txt

# The production settings must pass Django's deployment checks with zero findings.
deploy-check: install
	DEBUG=0 ALLOWED_HOSTS=incidents.example.org \
	SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# Known vulnerabilities in the locked dependency set (needs network to PyPI's advisory data).
audit: install
	$(BIN)/pip-audit --strict --require-hashes --disable-pip -r requirements/dev.txt

# A consistent copy of the database under var/backups/ (pg_dump, or SQLite's backup API).
backup: install
	$(BIN)/python manage.py backup $(if $(FILE),--output $(FILE))

# Replace the database with a backup: make restore FILE=var/backups/....
restore: install
	@test -n "$(FILE)" || (echo "usage: make restore FILE=var/backups/<file>"; exit 2)
	$(BIN)/python manage.py restore $(FILE)

# Benchmarks (bench/README.md) on PostgreSQL, in a database of their own:
#   make bench DATABASE_URL=postgres://postgres@127.0.0.1:5432/airdefense_bench [BENCH_ARGS="--sizes 100000"]
bench: install
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make bench needs DATABASE_URL=postgres://... (a database of its own)"; exit 2;; esac
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Many readers and an editor at once under gunicorn + PostgreSQL (bench/load.py); not a unit test.
load: install
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make load needs DATABASE_URL=postgres://... (a database of its own)"; exit 2;; esac
	$(BIN)/python bench/load.py $(LOAD_ARGS)

# The docker compose stack built, started, checked over HTTP, then with its profile scale, and
# taken down again (docs/operations.md, "The compose stack"). Needs a container engine, so it is
# not part of ci; without one it says so and exits 0.
compose-test:
	.ci/compose-test

# The topology beyond one machine on loopback (primary + streaming replica, pgbouncer, Redis,
# two gunicorns, nginx caching) under bounded wrk load, against one gunicorn on one database
# (bench/scale.py, docs/operations.md). Installs nginx-light, pgbouncer and wrk with apt-get if
# missing (as root).
scale-test: install
	$(BIN)/python bench/scale.py

ci: lint check deploy-check migrations-check test

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache test-output
