"""Whether the site can answer, said honestly: health probes, and 503 while the database is away.

`HealthMiddleware` sits first: `/healthz` (the process answers) and `/readyz` (the database
answers and is migrated; the cache answers or is reported degraded) are served before host
validation, HTTPS redirects, sessions and the page cache, so a container's own probe on
127.0.0.1 over plain HTTP gets a true answer and costs next to nothing.

`DatabaseUnavailableMiddleware` turns a database that cannot be reached into a 503 with
`Retry-After` (a page for people, JSON for machine views, plain text for downloads) instead of
a 500, and logs the outage once when it starts and once when it ends, not once per request.
"""

import logging
import time

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from incidents.internals import mark_logged

logger = logging.getLogger("availability")

HEALTH_PATHS = ("/healthz", "/readyz")
RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _logged_once(response):
    """A 503 of an outage that is logged once, here: not again per request by django.request
    ("Service Unavailable: ..."), which skips a response marked as already logged. gunicorn's
    access log still has every request."""
    return mark_logged(response)


def _database_answered():
    """Whether this process holds an open database connection. After a failure it has none
    until a connection succeeds, so a request that reads nothing (a static file, the data
    package descriptor) answering 200 does not end an outage."""
    return connections[DEFAULT_DB_ALIAS].connection is not None


class _Migrations:
    """Whether every migration on disk is applied; once true, it stays true for the process
    (reading the migration files on every probe would cost more than the probe)."""

    applied = False

    @classmethod
    def pending(cls, connection):
        if cls.applied:
            return []
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        cls.applied = not plan
        return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def readiness():
    """(ready, checks): the database answers and is migrated; the cache is optional."""
    checks = {}
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = _Migrations.pending(connection)
        checks["database"] = "ok" if not pending else f"migrations pending: {', '.join(pending)}"
    except DATABASE_ERRORS as error:
        checks["database"] = f"unavailable: {error.__class__.__name__}"
    try:
        cache.set("readyz", time.time(), 10)
        checks["cache"] = "ok"
    except Exception as error:  # any backend's failure: pages are computed without it
        checks["cache"] = f"degraded: {error.__class__.__name__}"
    return checks["database"] == "ok", checks


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return _no_store(JsonResponse({"status": "ok"}))
        if request.path == "/readyz":
            ready, checks = readiness()
            response = JsonResponse(
                {"status": "ready" if ready else "unavailable", "checks": checks},
                status=200 if ready else 503,
            )
            if not ready:
                response["Retry-After"] = str(RETRY_AFTER_SECONDS)
                _logged_once(response)  # a failing probe is in gunicorn's access log
            return _no_store(response)
        return self.get_response(request)


MESSAGE = "The record is briefly unavailable: its database does not answer. Try again shortly."


def unavailable_response(request):
    """503 in the form the client asked for: JSON, plain text for downloads, else a page."""
    path = request.path
    if path.endswith(".json") or "/api/" in path:
        response = JsonResponse({"error": MESSAGE}, status=503)
    elif path.endswith((".csv", ".atom")):
        response = HttpResponse(MESSAGE + "\n", status=503, content_type="text/plain")
    else:
        # A template of its own that reads nothing from the database (no context processors).
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return _logged_once(_no_store(response))


class DatabaseUnavailableMiddleware:
    """503 instead of 500 while the database cannot be reached; logged once per outage."""

    outage_since = None  # per process: when the first failing request of this outage came

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cls = type(self)
        if cls.outage_since is not None and response.status_code != 503 and _database_answered():
            logger.warning(
                "database reachable again after %.0f s", time.monotonic() - cls.outage_since
            )
            cls.outage_since = None
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        cls = type(self)
        if cls.outage_since is None:
            cls.outage_since = time.monotonic()
            logger.error("database unavailable, answering 503: %s", exception)
        else:
            logger.debug("database still unavailable: %s", exception)
        return unavailable_response(request)
