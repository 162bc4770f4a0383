"""The change feed (/api/changes/): after a create, a change and a retraction it lists exactly
those, once, in order, and goes on from its token with what came after."""

import datetime as dt
import time

import psycopg
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dashboard import changefeed
from incidents.models import Citation, Incident
from incidents.services import retract, save_citation
from tests.factories import (
    IncidentFactory,
    SourceFactory,
    StatementFactory,
    change_form,
    change_url,
)

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:api-changes")


def settle():
    """Wait until what was just written is older than the feed's margin."""
    time.sleep(changefeed.MARGIN.total_seconds() + 0.05)


def feed(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def listed(body, kind="incident"):
    """(kind, id, action) of each entry of `kind` (None: every entry)."""
    return [
        (entry["kind"], entry["id"], entry["action"])
        for entry in body["changes"]
        if kind is None or entry["kind"] == kind
    ]


@pytest.fixture
def before():
    """Two incidents public before the mirror's last sync, and the time of that sync."""
    now = timezone.now()
    first = IncidentFactory(intercepted=38, date=dt.date(2026, 3, 1), published_at=now)
    second = IncidentFactory(intercepted=5, date=dt.date(2026, 3, 2), published_at=now)
    settle()
    return first, second, timezone.now()


def test_a_create_a_change_and_a_retraction_exactly_once_in_order(
    client, chief, chief_client, before
):
    changed, retracted, since = before
    created = IncidentFactory(intercepted=12, date=dt.date(2026, 3, 3))
    IncidentFactory(status=Incident.Status.DRAFT, date=dt.date(2026, 3, 9))  # never listed
    chief_client.post(
        change_url(changed), change_form(changed, intercepted="40", correction_note="Revised.")
    )
    reason = "The governor withdrew the statement."
    retract(by=chief, incidents=Incident.objects.filter(pk=retracted.pk), reason=reason)
    settle()

    body = feed(client, since=since.isoformat())
    assert listed(body) == [
        ("incident", created.pk, "published"),
        ("incident", changed.pk, "changed"),
        ("incident", retracted.pk, "retracted"),
    ]
    first, second, tombstone = [e for e in body["changes"] if e["kind"] == "incident"]
    assert first["incident"]["intercepted"] == 12 and second["incident"]["intercepted"] == 40
    assert tombstone["reason"] == reason and tombstone["incident"] is None
    assert tombstone["url"].endswith(f"/incidents/{retracted.pk}/")
    assert body["more"] is False

    # From its token: nothing more, and the same token again.
    again = feed(client, since=body["next"])
    assert again["changes"] == [] and again["next"] == body["next"]

    # Later, a second source cited for one of them: that incident alone, once.
    second_source = Citation(
        incident=created, source=SourceFactory(), url="https://t.me/mod/1", quote="12 UAVs."
    )
    save_citation(by=chief, citation=second_source, correction_note="A second source.")
    settle()
    later = feed(client, since=body["next"])
    assert listed(later) == [("incident", created.pk, "changed")]


def test_small_pages_walk_the_same_order_once(client, before):
    _, _, since = before
    made = [IncidentFactory().pk for _ in range(5)]
    settle()
    seen, token = [], since.isoformat()
    while True:
        body = feed(client, since=token, limit=2)
        seen += [entry["id"] for entry in body["changes"] if entry["kind"] == "incident"]
        token = body["next"]
        if not body["more"]:
            break
    assert seen == made


def test_from_the_beginning_lists_every_public_incident(client, before):
    first, second, _ = before
    incidents = [e["id"] for e in feed(client)["changes"] if e["kind"] == "incident"]
    assert incidents == [first.pk, second.pk]


@pytest.mark.postgres
def test_an_open_write_transaction_holds_the_feed_back(client, before):
    """A change made inside a transaction that has not committed may commit with an older time
    than one already listed: the feed lists nothing past the oldest open write."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's view of open transactions")
    _, _, since = before
    params = connection.get_connection_params()
    with psycopg.connect(**params) as other:
        other.execute("SELECT pg_current_xact_id()")  # a write transaction, open
        settle()
        IncidentFactory()
        settle()
        assert feed(client, since=since.isoformat())["changes"] == []  # nor its statement
    # Once it ends (its backend leaves pg_stat_activity a moment after the socket closes):
    deadline = time.monotonic() + 5
    while not (listed := feed(client, since=since.isoformat())["changes"]):
        assert time.monotonic() < deadline, "the feed stayed held back"
        time.sleep(0.1)
    assert [entry["kind"] for entry in listed] == ["incident", "statement"]


def test_statements_follow_the_incidents_they_support(client, chief, before):
    """A statement is listed when it or an incident it supports changes; once no published
    incident cites it, as withdrawn (a tombstone)."""
    _, retracted, since = before
    withdrawn = retracted.citations.get().statement_id
    reason = "The governor withdrew the statement."
    retract(by=chief, incidents=Incident.objects.filter(pk=retracted.pk), reason=reason)
    settle()
    total_only = StatementFactory()  # claims nothing: public as entered
    settle()
    body = feed(client, since=since.isoformat())
    assert listed(body, None) == [
        ("incident", retracted.pk, "retracted"),
        ("statement", withdrawn, "withdrawn"),
        ("statement", total_only.pk, "published"),
    ]
    tombstone, new = body["changes"][1:]
    assert tombstone["statement"] is None and tombstone["incident"] is None
    assert new["statement"]["url"] == total_only.url and new["incident"] is None


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "2026-03-01T00:00:00"}, "zone"),
        ({"since": "yester day"}, "neither a time"),
        ({"limit": "0"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"limit": "100000"}, "limit"),
    ],
)
def test_an_unreadable_since_or_limit_is_a_400_that_says_why(client, query, message):
    response = client.get(URL, query)
    assert response.status_code == 400 and message in response.json()["detail"]


@pytest.mark.parametrize("since", ["yesterday", "eyJ4IjoxfQ"])
def test_a_token_the_feed_did_not_give_names_no_position_a_404(client, since):
    response = client.get(URL, {"since": since})
    assert response.status_code == 404 and "neither a time" in response.json()["detail"]


def test_any_offset_iso_8601_allows_is_read_in_utc(client):
    """PostgreSQL refuses offsets beyond ±15:59; ISO 8601 allows up to ±23:59 (found by
    Schemathesis: a 500)."""
    far = client.get(URL, {"since": "2026-03-01T00:00:00-18:39"})
    assert far.status_code == 200, far.content
    assert client.get(URL, {"since": "9999-12-31T23:00:00-10:00"}).status_code == 400


def test_a_limit_in_other_digits_is_a_400_not_a_500(client):
    assert client.get(URL, {"limit": "²"}).status_code == 400


def test_the_feed_is_in_the_openapi_schema(client):
    schema = client.get(reverse("dashboard:api-schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/changes/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"since", "limit"}


def test_a_token_names_its_position():
    position = changefeed.Position(dt.datetime(2026, 3, 1, tzinfo=dt.UTC), "incident", 7)
    assert changefeed.Position.read(position.token()) == position
