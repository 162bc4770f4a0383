"""Requests an outside sweep of every public address found answered with a 500, a wrong 304
or a wrong file (round of 5 December): each now gets its clear 4xx or the right answer, on
both databases."""

import base64
import datetime as dt
import json

import pytest
from django.urls import reverse

from dashboard.fileresponses import UNSATISFIABLE, byte_range
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def token(at, kind="", pk=0):
    raw = json.dumps([at, kind, pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "since",
    [
        token("2000-01-01T00:00:00"),  # no zone: a naive time compared with aware ones
        token("2000-01-01T00:00:00+00:00", pk=1e400),  # an infinite id
        token("2000-01-01T00:00:00+00:00", pk=10**30),  # an id no table holds
        token("0001-01-01T00:00:00+01:00"),  # before the first year, in UTC
        token("9999-12-31T23:00:00-01:00"),  # after the last
    ],
)
def test_a_change_feed_token_with_a_bad_time_or_id_is_a_400(client, since):
    response = client.get(reverse("dashboard:api-changes"), {"since": since})
    assert response.status_code in (400, 404) and response.json()["detail"]


def test_a_change_feed_token_with_any_offset_is_read_in_utc(client):
    # +23:59 is a valid ISO 8601 offset that PostgreSQL refuses as a time zone (it was a 500
    # there): the token's time is read as a time given is, in UTC.
    IncidentFactory()
    url = reverse("dashboard:api-changes")
    response = client.get(url, {"since": token("2000-01-01T00:00:00+23:59")})
    assert response.status_code == 200
    given = client.get(url, {"since": "2000-01-01T00:00:00+23:59"})
    assert response.json()["changes"] == given.json()["changes"]


@pytest.mark.parametrize("url", ["http://[::1/", "http://[x]/en/", "http://[::1]:99999/en/"])
def test_an_oembed_url_that_is_no_address_is_a_400(client, url):
    response = client.get(reverse("dashboard:oembed"), {"url": url})
    assert response.status_code in (400, 404)


def test_a_daily_picture_of_years_draws_bars_narrower_than_a_pixel(client):
    IncidentFactory(date=dt.date(2023, 1, 5), intercepted=4)
    IncidentFactory(date=dt.date(2026, 3, 5), intercepted=9)
    query = {"date_from": "2023-01-01", "date_to": "2026-06-30", "grain": "day"}
    response = client.get(reverse("dashboard:chart-png"), query)
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "path",
    [
        "/en/incidents/99999/",  # no such incident
        "/incidents.csv?region=nowhere",  # a filter that names nothing
        "/en/nights/2026-02-30/",  # no such date
        "/en/incidents/?date_from=yesterday",
    ],
)
def test_if_none_match_any_is_no_304_for_what_does_not_exist(client, path):
    # "*" means "any current representation": asked before the view knows there is none, it
    # answered 304 (with a public ETag) for a 404 and a 400.
    response = client.get(path, HTTP_IF_NONE_MATCH="*")
    assert response.status_code in (400, 404)
    assert client.get(path, HTTP_IF_NONE_MATCH='"*", W/"x"').status_code in (400, 404)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-" + "9" * 4400, (0, 999)),  # to past the end: to the end
        ("bytes=" + "9" * 4400 + "-", UNSATISFIABLE),  # from past the end
        ("bytes=-" + "9" * 4400, (0, 999)),  # the last "many" bytes: all of them
        ("bytes=²-", None),  # not ASCII digits: malformed, the whole file
        ("bytes=0-99", (0, 99)),
    ],
)
def test_a_range_of_thousands_of_digits_is_read_like_any_other(header, expected):
    # int() refuses strings of over 4,300 digits: the snapshot's file response was a 500.
    assert byte_range(header, 1000) == expected


def test_a_search_of_many_phrases_is_refused_before_it_is_planned(client):
    # Fifty one-letter phrases took 41 s to plan on PostgreSQL (a worker killed at 60 s).
    many = " ".join(f'"{letter}"' for letter in "abcdefghijklmnopqrstuvwxyz")
    for path in ("/en/incidents/", "/incidents.csv", "/api/totals/", "/en/claims/"):
        response = client.get(path, {"q": many})
        assert response.status_code == 400, path
        assert "at most 10 words or phrases" in response.content.decode(), path
    russian = client.get("/ru/incidents/", {"q": many}).content.decode()
    assert "не больше 10 слов или фраз" in russian
    # Ten are read as ever.
    assert (
        client.get("/en/incidents/", {"q": " ".join(f'"{c}"' for c in "abcdefghij")}).status_code
        == 200
    )


@pytest.mark.parametrize("cursor", ["AAAA", "\x00", "[]", "' OR 1=1--", "A" * 64])
@pytest.mark.parametrize("name", ["dashboard:api-incident-list", "dashboard:api-statement-list"])
def test_an_api_cursor_naming_nothing_is_a_json_404_not_the_first_page(client, cursor, name):
    # DRF reads any base64 that decodes to no position as the first page.
    IncidentFactory()
    response = client.get(reverse(name), {"cursor": cursor})
    assert response.status_code == 404
    assert response.json()["detail"] == "This cursor is not valid; start again from the first page."


@pytest.mark.parametrize("name", ["sort", "grain", "measure", "split", "average"])
@pytest.mark.parametrize("path", ["/api/incidents/", "/api/totals/", "/api/statements/"])
def test_the_api_refuses_what_only_a_page_reads(client, path, name):
    # The API lists newest first and draws no chart: ?sort=intercepted was accepted, ignored.
    response = client.get(path, {name: "x"})
    assert response.status_code == 400
    assert "newest first" in response.json()[name][0]
    assert client.get(path, {name: ""}).status_code == 200  # blank: not given


def test_the_api_schema_offers_no_page_only_parameter(client):
    schema = client.get(reverse("dashboard:api-schema"), {"format": "json"}).json()
    listed = {p["name"] for p in schema["paths"]["/api/incidents/"]["get"]["parameters"]}
    assert "region" in listed and "q" in listed
    assert not listed & {"sort", "grain", "measure", "split", "average"}


@pytest.mark.parametrize("method", ["post", "put", "delete", "options", "trace"])
def test_the_feed_answers_get_and_head_only(client, method):
    response = getattr(client, method)(reverse("dashboard:feed"))
    assert response.status_code == 405
    assert client.head(reverse("dashboard:feed")).status_code == 200


@pytest.mark.parametrize("page", ["abc", "-5", "0", "1.0", "²", "9" * 40])
@pytest.mark.parametrize("path", ["/en/corrections/", "/en/charts/daily/"])
def test_a_page_number_that_is_none_is_a_400_not_some_page(client, path, page):
    assert client.get(path, {"page": page}).status_code == 400
    assert client.get(path, {"page": "1"}).status_code == 200
    assert client.get(path, {"page": "999"}).status_code == 200  # past the last: the last
