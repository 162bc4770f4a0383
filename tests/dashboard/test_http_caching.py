"""HTTP caching (dashboard/httpcache.py): what the public reads carries an ETag and says how a
shared cache may keep it; a repeated request with the ETag is a 304 until a write changes the
record; the admin and anything personal are private, no-store."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.models import Incident
from incidents.services import retract
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

PUBLIC = [
    (reverse("dashboard:overview"), 60),
    (reverse("dashboard:incident-list") + "?region=kaluga-oblast", 60),
    (reverse("dashboard:daily-chart-data"), 60),
    (reverse("dashboard:chart-png") + "?grain=week", 60),
    (reverse("dashboard:embed-chart"), 60),
    (reverse("dashboard:incident-detail", args=[999_999]).replace("999999", "{pk}"), 60),
    (reverse("dashboard:feed"), 60),
    (reverse("dashboard:export-csv") + "?threat=uav", 300),
    (reverse("dashboard:export-json"), 300),
    (reverse("dashboard:datapackage-table", args=["incidents"]), 300),
    (reverse("dashboard:api-incident-list"), 60),
    (reverse("dashboard:api-totals") + "?region=kaluga-oblast", 60),
]


@pytest.fixture
def incident():
    return IncidentFactory(intercepted=40)


def _get(client, url, **headers):
    """The response, its body read (a streamed file's too), as `.body`."""
    response = client.get(url, headers=headers)
    response.body = b"".join(response.streaming_content) if response.streaming else response.content
    return response


@pytest.mark.parametrize(("url", "max_age"), PUBLIC)
def test_a_repeat_with_the_etag_is_a_304_until_a_write(client, incident, url, max_age):
    url = url.format(pk=incident.pk)
    first = _get(client, url)
    assert first.status_code == 200 and first["ETag"]
    stale = {60: 600, 300: 3600}[max_age]
    assert first["Cache-Control"] == (
        f"public, max-age=0, s-maxage={max_age}, stale-while-revalidate={stale}"
    )
    assert "Accept-Encoding" in first["Vary"]

    with CaptureQueriesContext(connection) as queries:
        again = _get(client, url, if_none_match=first["ETag"])
    assert again.status_code == 304 and again.body == b""
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == first["Cache-Control"]
    assert len(queries) == 1  # the data version, no data

    IncidentFactory(intercepted=7)  # any write to the record
    after = _get(client, url, if_none_match=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]


def test_a_retraction_changes_the_etag_of_the_incidents_page(client, incident, chief):
    url = reverse("dashboard:incident-detail", args=[incident.pk])
    first = client.get(url)
    reason = "The governor withdrew the statement."
    retract(by=chief, incidents=Incident.objects.filter(pk=incident.pk), reason=reason)
    after = client.get(url, headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200 and b"withdrew the statement" in after.content


def test_the_etag_names_the_query_as_read(client, incident):
    url = reverse("dashboard:incident-list")
    tag = client.get(url + "?threat=uav&region=kaluga-oblast")["ETag"]
    reordered = url + "?region=kaluga-oblast&threat=uav&utm=x"
    same = client.get(reordered, headers={"if-none-match": tag})
    other = client.get(url + "?region=moscow", headers={"if-none-match": tag})
    assert same.status_code == 304 and other.status_code == 200 and other["ETag"] != tag
    # A tag of one resource never answers for another.
    csv_tag = _get(client, reverse("dashboard:export-csv"))["ETag"]
    json = _get(client, reverse("dashboard:export-json"), if_none_match=csv_tag)
    assert json.status_code == 200


def test_a_list_of_tags_and_a_strong_form_match(client, incident):
    tag = client.get("/en/")["ETag"]
    assert tag.startswith('W/"')
    listed = f'"other", {tag.removeprefix("W/")}'
    assert client.get("/en/", headers={"if-none-match": listed}).status_code == 304
    assert client.get("/en/", headers={"if-none-match": '"other"'}).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/en/?date_from=not-a-date",  # an error: nobody else's answer
        reverse("admin:login"),  # holds a CSRF token
        reverse("admin:index"),
    ],
)
def test_errors_the_admin_and_personal_answers_are_private(client, url):
    response = client.get(url)
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_an_editors_admin_page_is_private_and_never_304(editor_client, incident):
    url = reverse("admin:incidents_incident_changelist")
    first = editor_client.get(url)
    assert first.status_code == 200 and "no-store" in first["Cache-Control"]
    assert "public" not in first["Cache-Control"]
