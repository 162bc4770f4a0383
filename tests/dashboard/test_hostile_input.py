"""Input nobody should send gets a clear 4xx, never a 500: page cursors, API cursors, the
forwarded address on the login, admin actions, filters left empty, the data package."""

import base64
import json

import pytest
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from config.security import client_ip
from dashboard.parameters import SORT_CHOICES
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

SORTS = [value for value, _ in SORT_CHOICES]


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


json_positions = st.one_of(
    st.sampled_from(
        [
            b'["a",Infinity,1]',
            b'["a",-Infinity,1]',
            b'["a",NaN,1]',
            b'["a","\\u0000",1]',
            b'["a","\\ud800",1]',
            b'["a","2026-02-30",1]',
            b'["a",1e999,1]',
            b'["a",1.5,1]',
            b'["a",true,1]',
            b'["a",null,1]',
            b'["a",[],1]',
            b'["a",99999999999999999999999,1]',
            b'["a","x",-1]',
            b'["a","x",1.0]',
            b'["b","2026-01-01",99999999999999999999]',
            b"[]",
            b"{}",
            b'"a"',
        ]
    ),
    st.binary(max_size=60),
)


@pytest.fixture
def rows(db):
    IncidentFactory.create_batch(3)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(raw=json_positions, sort=st.sampled_from(SORTS))
@example(raw=b'["a",Infinity,1]', sort="-intercepted")
@example(raw=b'["a","\\ud800",1]', sort="region")
@example(raw=b'["a","\\u0000",1]', sort="threat")
def test_a_tampered_table_cursor_is_a_400(client, rows, raw, sort):
    response = client.get(reverse("dashboard:incident-list"), {"cursor": b64(raw), "sort": sort})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "This page link is not valid" in response.content.decode()


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(position=st.text(max_size=30), reverse_=st.sampled_from(["0", "1"]))
@example(position="not-a-date", reverse_="0")
@example(position="2026-13-45", reverse_="1")
def test_an_api_cursor_whose_position_is_not_a_date_is_a_json_404(client, rows, position, reverse_):
    from urllib.parse import urlencode

    token = b64(urlencode({"o": "0", "r": reverse_, "p": position}).encode())
    response = client.get(reverse("dashboard:api-incident-list"), {"cursor": token})
    assert response.status_code in (200, 404), response.content[:300]
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("forwarded", ["not-an-ip", "1.2.3.4:5", "", ",,,", "1.2.3.4, zz", "::g"])
def test_a_malformed_forwarded_address_on_the_login_falls_back_to_the_socket(client, forwarded):
    with override_settings(TRUSTED_PROXY_COUNT=1):
        response = client.post(
            reverse("admin:login"),
            {"username": "nobody", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=forwarded,
            REMOTE_ADDR="203.0.113.9",
        )
        assert response.status_code == 200
        from django.test import RequestFactory

        request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.2")
        if forwarded.strip(", ") in ("", "1.2.3.4, zz") or ":" in forwarded or "-" in forwarded:
            assert client_ip(request) == "10.0.0.2"


def test_by_default_the_client_is_the_sockets_address_whatever_it_forwards(settings):
    from importlib import reload

    from django.test import RequestFactory

    import config.settings

    assert reload(config.settings).TRUSTED_PROXY_COUNT == 0
    settings.TRUSTED_PROXY_COUNT = config.settings.TRUSTED_PROXY_COUNT
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "10.0.0.2"


@pytest.mark.parametrize(
    "data",
    [
        {"action": "retract_selected", "index": "0"},
        {"action": "retract_selected", "index": "0", "apply": "1", "reason": "x"},
        {"action": "publish_selected", "index": "0", "select_across": "1"},
        {"action": "publish_selected", "index": "0", "_selected_action": "abc"},
        {"action": "publish_selected", "index": "0", "_selected_action": "²"},
        {"action": "retract_selected", "_selected_action": "9" * 30, "apply": "1", "reason": "x"},
        {"action": "nonsense", "index": "0"},
    ],
)
def test_an_admin_action_without_a_usable_selection_is_never_a_500(chief_client, rows, data):
    response = chief_client.post(reverse("admin:incidents_incident_changelist"), data)
    assert response.status_code in (200, 302, 400)


def test_an_empty_region_is_no_filter_as_an_empty_date_is(client, rows):
    assert client.get(reverse("dashboard:incident-list"), {"region": ""}).status_code == 200
    assert client.get(reverse("dashboard:incident-list"), {"date_from": ""}).status_code == 200
    both = client.get(reverse("dashboard:incident-list"), {"region": ["", "kaluga-oblast"]})
    assert both.status_code == 200 and both.context["count"] == 3


@pytest.mark.parametrize("table", ["incidents", "citations", "regions"])
def test_the_data_package_refuses_a_filter_instead_of_ignoring_it(client, rows, table):
    url = reverse("dashboard:datapackage-table", args=[table])
    refused = client.get(url, {"region": "moscow"})
    assert refused.status_code == 400
    assert "/incidents.csv" in refused.content.decode()
    assert client.get(url).status_code == 200


def test_the_data_package_descriptor_refuses_a_filter_as_its_tables_do(client, rows):
    # It answered ?region=nope with the whole record's descriptor (found by an outside sweep).
    url = reverse("dashboard:datapackage")
    refused = client.get(url, {"region": "nope"})
    assert refused.status_code == 400 and "/incidents.csv" in refused.content.decode()
    assert client.get(url).status_code == 200


def test_a_login_whose_next_is_refused_lands_on_the_editors_desk(client, editor):
    editor.set_password("a-long-test-password")
    editor.save()
    response = client.post(
        reverse("admin:login"),
        {
            "username": "editor",
            "password": "a-long-test-password",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_the_api_schema_documents_its_400_and_404_answers(client):
    import yaml

    schema = yaml.safe_load(client.get(reverse("dashboard:api-schema")).content)
    paths = schema["paths"]
    assert "400" in paths["/api/incidents/"]["get"]["responses"]
    assert "400" in paths["/api/totals/"]["get"]["responses"]
    assert "404" in paths["/api/incidents/{id}/"]["get"]["responses"]
    totals_params = {p["name"] for p in paths["/api/totals/"]["get"]["parameters"]}
    assert {"region", "date_from", "threat"} <= totals_params


def test_one_is_singular(client):
    IncidentFactory(summary="The only one.")
    page = client.get(reverse("dashboard:incident-list"), {"q": "only one"}).content.decode()
    assert "1</strong> published incident matches these filters" in page
    kaluga = client.get("/en/regions/kaluga-oblast/").content.decode()
    assert "The one incident in Kaluga Oblast" in kaluga


def test_json_constants_never_pass_for_a_position():
    from dashboard.pagination import InvalidCursor, _decode

    for raw in (b'["a",Infinity,1]', b'["a",NaN,1]'):
        with pytest.raises(InvalidCursor):
            _decode(b64(raw), "intercepted")
    assert json.loads("[1]") == [1]
