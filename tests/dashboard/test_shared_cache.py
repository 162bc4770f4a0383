"""The shared cache (REDIS_URL): pages and the data version in Redis, seen by every process at
once; the site answers (slower) when Redis is down.

Needs a Redis for the shared tests (TEST_REDIS_URL, default redis://127.0.0.1:6379/4; skipped
with a reason where none answers); the Redis-down test needs none.
"""

import os

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard import freshness, sharedversion
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

# Each pytest-xdist worker flushes a Redis database of its own (gw0 -> 4, gw1 -> 5, ...).
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{4 + _WORKER}")
DOWN = "redis://127.0.0.1:6399/4"  # nothing listens there

PAGES = [
    reverse("dashboard:overview"),
    reverse("dashboard:incident-list") + "?region=kaluga-oblast",
    reverse("dashboard:region-list"),
    reverse("dashboard:daily-chart-data"),
    reverse("dashboard:export-csv"),
    reverse("dashboard:api-totals"),
]


def _use_redis(settings, url):
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    freshness.reset()


@pytest.fixture
def shared(settings):
    try:
        client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=0.5)
        client.flushdb()
    except redis.RedisError as error:
        pytest.skip(f"no Redis answers at {TEST_REDIS_URL}: {error!r}")
    _use_redis(settings, TEST_REDIS_URL)
    yield client
    client.flushdb()
    freshness.reset()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_redis_down_pages_still_answer_200_and_show_a_write(settings, client, caplog):
    _use_redis(settings, DOWN)
    IncidentFactory(intercepted=38)
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get("/en/").context["totals"].intercepted.total == 38
    IncidentFactory(intercepted=2)
    response = client.get("/en/")
    assert response.status_code == 200 and response.context["totals"].intercepted.total == 40
    assert "shared data version unavailable" in caplog.text
    assert client.get("/readyz").status_code == 200  # degraded, still ready


def test_a_repeated_view_costs_the_database_nothing(
    shared, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        IncidentFactory(intercepted=38)
    first, computing = _queries(client, "/en/")
    again, serving = _queries(client, "/en/")
    assert computing > 1 and serving == 0, "version and page from Redis, not the database"
    assert again.content == first.content
    assert any(key.startswith(b":1:page:") for key in shared.keys("*"))


def test_a_write_is_seen_at_once(shared, client, chief_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incident = IncidentFactory(intercepted=38)
    assert client.get("/en/").context["totals"].intercepted.total == 38
    before = sharedversion.get()
    with django_capture_on_commit_callbacks(execute=True):
        IncidentFactory(intercepted=2, region=incident.region)
    assert sharedversion.get() != before
    assert sharedversion.get() == freshness.read_version()
    response = client.get("/en/")
    assert response.context is not None, "served the page of the old version"
    assert response.context["totals"].intercepted.total == 40


def test_versions_published_out_of_order_keep_the_later(shared):
    sharedversion.publish(7, "later")
    sharedversion.publish(6, "earlier")
    assert sharedversion.get() == "later"
    assert 0 < shared.ttl(sharedversion.KEY) <= sharedversion.TTL


def test_a_version_ahead_of_the_rows_never_keys_a_page(shared, client):
    """Redis may know a version the database the rows come from has not got yet (a lagging
    replica): the page is computed, and kept under the version its rows were read with."""
    IncidentFactory(intercepted=38)
    sharedversion.publish(10**9, "ahead")
    response = client.get("/en/")
    assert response.status_code == 200 and response.context["totals"].intercepted.total == 38
    tag = response["ETag"]
    # Kept under the database's version: found by a request that looks it up there.
    shared.delete(sharedversion.KEY)
    again = client.get("/en/", headers={"if-none-match": tag})
    assert again.status_code == 304


def test_a_lost_version_is_read_again_from_the_database(shared, client):
    IncidentFactory(intercepted=38)
    shared.delete(sharedversion.KEY)
    assert client.get("/en/").status_code == 200
    assert sharedversion.get() == freshness.read_version()
