"""The API keeps its published contract: Schemathesis over the whole schema (/api/schema/), every
check (status codes, content types, response bodies against their schemas, schema-valid requests
accepted, schema-violating ones refused, ...), in all its phases (coverage, fuzzing, stateful),
against the real app in process, finds no failure of any kind.

Its engine sends requests from worker threads, each with a database connection of its own: the
rows are committed (a transactional test) so that every thread reads them.
"""

import datetime as dt
import threading

import pytest
import schemathesis
import schemathesis.engine
from django.core.signals import request_finished
from django.db import connections
from django.urls import reverse
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events

from config.wsgi import application
from incidents.choices import Reporting
from tests.factories import IncidentFactory, region, threat

pytestmark = pytest.mark.django_db(transaction=True)

# Bounded so the test stays near a minute on the two shared cores; the seed makes CI repeatable.
CONFIG = {
    "seed": 20,
    "workers": 1,
    "generation": {"max-examples": 20, "deterministic": False},
    "checks": {"enabled": True},
    "cache": {"enabled": False},  # each run from the schema alone, nothing written
    # The WSGI transport does not decode a gzip body as an HTTP client does.
    "headers": {"Accept-Encoding": "identity"},
}


def failures_of(event):
    if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
        for case_id, checks in event.recorder.checks.items():
            for check in checks:
                if check.status == Status.FAILURE:
                    failure = check.failure_info.failure
                    sample = check.failure_info.code_sample
                    yield f"{check.name}: {failure.title}: {failure.message}\n{sample}"
                elif check.status == Status.ERROR:
                    yield f"{check.name}: error in case {case_id}"
    elif isinstance(event, events.NonFatalError | events.FatalError):
        yield f"{type(event).__name__}: {getattr(event, 'value', None) or event.exception}"


def close_worker_connections(**kwargs):
    """A worker thread's connection would outlive it and keep the test database from being
    dropped: closed after each of its requests."""
    if threading.current_thread() is not threading.main_thread():
        connections.close_all()


@pytest.fixture
def workers_close_their_connections():
    request_finished.connect(close_worker_connections)
    yield
    request_finished.disconnect(close_worker_connections)
    connection = connections["default"]
    if connection.vendor == "postgresql":  # any a thread left open all the same
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


def test_schemathesis_finds_no_failure_of_any_kind_over_the_whole_schema(
    seeded, settings, workers_close_their_connections
):
    settings.ALLOWED_HOSTS = ["localhost", "testserver", "127.0.0.1"]
    IncidentFactory(date=dt.date(2026, 3, 1), region=region("RU-BEL"), threat_type=threat("uav"))
    IncidentFactory(
        date=dt.date(2026, 3, 2),
        region=region("RU-KRS"),
        threat_type=threat("cruise-missile"),
        intercepted=None,
        killed=0,
        injured=2,
    )
    IncidentFactory(intercepted=None, intercepted_status=Reporting.WITHHELD)
    config = SchemathesisConfig.from_dict(CONFIG)
    schema = schemathesis.openapi.from_wsgi(
        reverse("dashboard:api-schema"), application, config=config
    )
    found, scenarios = [], 0
    for event in schemathesis.engine.from_schema(schema).execute():
        scenarios += isinstance(event, events.ScenarioFinished)
        found += failures_of(event)
    assert not found, "\n\n".join(found)
    assert scenarios >= 3  # every operation was tried
