"""Fuzzing: arbitrary and hostile query strings to every public endpoint; none answers 5xx."""

import urllib.parse

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import settings as settings_
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from dashboard.filters import IncidentFilter
from incidents.models import Incident
from tests.factories import CitationFactory, IncidentFactory, region

ENDPOINTS = [
    "/en/",
    "/en/incidents/",
    "/en/regions/",
    "/en/regions/kaluga-oblast/",
    "/charts/daily.json",
    "/incidents.csv",
    "/incidents-excel.csv",
    "/incidents.json",
    "/api/incidents/",
    "/feeds/incidents.atom",
    "/en/corrections/",
    "/data/datapackage.json",
    "/data/citations.csv",
    "/data/regions.csv",
    "/regions.csv",
    "/api/totals/",
    "/en/about/data/",
    "/en/claims/",
    "/claims.csv",
    "/api/statements/",
    "/api/coverage/",
]
KEYS = [*IncidentFilter.base_filters, "page", "cursor", "page_size", "format", "utm_source"]

hostile_values = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "2026-02-30",
            "0000-01-01",
            "9999-12-31",
            "1e309",
            "NaN",
            "-0",
            "kaluga-oblast",
            "moscow",
            "uav",
            "fire",
            "-date",
            "casualties",
            "'; DROP TABLE x;--",
            "<script>alert(1)</script>",
            "%",
            "%%",
            "\\",
            "\ud7ff",
            "\ufeff",
            "true",
            "",
        ]
    ),
    st.text(min_size=1000, max_size=5000),
    st.dates().map(str),
)
query_strings = st.lists(st.tuples(st.sampled_from(KEYS), hostile_values), max_size=8).map(
    lambda pairs: urllib.parse.urlencode(pairs, safe="")
)


@pytest.fixture
def rows(db):
    for i in range(3):
        CitationFactory(incident=IncidentFactory(region=region("RU-KLU"), intercepted=i))
    IncidentFactory(status=Incident.Status.DRAFT)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=query_strings)
def test_no_query_string_makes_a_public_endpoint_fail(client, rows, endpoint, query):
    response = client.get(f"{endpoint}?{query}")
    assert response.status_code < 500
    assert response.status_code in {200, 301, 302, 400, 404}
    if response.streaming:
        b"".join(response.streaming_content)  # errors inside a stream count too


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(path=st.text(max_size=60))
def test_no_path_makes_the_site_fail(client, rows, path):
    response = client.get("/" + urllib.parse.quote(path))
    assert response.status_code < 500


# The OpenAPI schema, fuzzed by Schemathesis against the real app (WSGI, in process). Driven
# through Hypothesis directly: Schemathesis's pytest plugin does not load under pytest 9.
@pytest.fixture
def wsgi_keeps_test_connection():
    """Called as plain WSGI, the app closes the database connection after each request, which
    would end the test's transaction; Django's test client avoids it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_never_answers_with_a_server_error(rows, settings, wsgi_keeps_test_connection):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    schema = schemathesis.openapi.from_wsgi(reverse("dashboard:api-schema"), application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} == {
        "/api/changes/",
        "/api/incidents/",
        "/api/incidents/{id}/",
        "/api/statements/",
        "/api/statements/{id}/",
        "/api/totals/",
    }
    for operation in operations:

        @settings_(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])

        check()
