"""Health probes, and pages that keep answering when the optional cache is gone.

The database-down half (503 with Retry-After, recovery without a restart, a cut export) needs a
PostgreSQL server of its own to stop: tests/config/test_faults.py.
"""

import pytest
from django.test import override_settings

from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

# A port nothing listens on: every cache call fails at once with a connection error.
CLOSED_PORT_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@override_settings(ALLOWED_HOSTS=["incidents.example.org"], SECURE_SSL_REDIRECT=True)
def test_probes_answer_a_containers_own_plain_http_request_on_loopback(client):
    """The probe comes over plain HTTP with Host 127.0.0.1, which production neither allows
    nor serves without a redirect: the probes answer before those checks."""
    alive = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    ready = client.get("/readyz", HTTP_HOST="127.0.0.1:8000")
    assert alive.status_code == 200 and alive.json() == {"status": "ok"}
    assert ready.status_code == 200, ready.content
    assert ready.json() == {"status": "ready", "checks": {"database": "ok", "cache": "ok"}}
    assert ready["Cache-Control"] == "no-store"
    # Any other page still gets the production answer.
    assert client.get("/en/about/", HTTP_HOST="127.0.0.1:8000").status_code == 400


@override_settings(CACHES=CLOSED_PORT_REDIS)
def test_with_the_cache_unreachable_ready_says_degraded_and_pages_still_answer(client):
    incident = IncidentFactory(intercepted=40)
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["cache"].startswith("degraded")
    for url in ("/en/", "/en/incidents/", "/en/regions/", "/charts/daily.json", "/en/about/"):
        response = client.get(url)
        assert response.status_code == 200, url
    # The table is the record's, not an empty page: the incident's row, its figure.
    table = client.get("/en/incidents/")
    assert [(row.pk, row.intercepted) for row in table.context["page"].items] == [(incident.pk, 40)]
    assert f'href="{incident.get_absolute_url()}"' in table.content.decode()


def test_two_filters_never_share_a_cached_page(client):
    """An encoded '&' inside a value must not read as a second parameter."""
    IncidentFactory(summary="Drones over alpha&sort=date, reported.", intercepted=5)
    IncidentFactory(summary="Drones over alpha only.", intercepted=7)
    smuggled = client.get("/en/incidents/", {"q": "alpha&sort=date"})
    plain = client.get("/en/incidents/?q=alpha&sort=date")
    assert smuggled.status_code == plain.status_code == 200
    assert smuggled.context is not None and plain.context is not None  # neither from the cache
    assert [i.pk for i in smuggled.context["page"].items] != [
        i.pk for i in plain.context["page"].items
    ]


def test_an_outage_is_logged_once_not_per_request(client, caplog, monkeypatch):
    """Three requests while the database fails: one error line, and no per-request
    "Service Unavailable" from django.request (gunicorn's access log has each request)."""
    from django.db import OperationalError

    from config.availability import DatabaseUnavailableMiddleware

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(DatabaseUnavailableMiddleware, "outage_since", None)
    monkeypatch.setattr("dashboard.freshness.read_version", unreachable)
    with caplog.at_level("INFO"):
        for url in ("/en/", "/en/incidents/", "/en/about/"):
            assert client.get(url).status_code == 503
    messages = [record.getMessage() for record in caplog.records]
    assert len([m for m in messages if m.startswith("database unavailable")]) == 1, messages
    assert not [m for m in messages if m.startswith("Service Unavailable")], messages
