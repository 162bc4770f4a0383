"""The read-only JSON API: same filter, same rows, cursor pages, a schema that stays true."""

import pytest
import yaml
from django.urls import reverse

from incidents.models import Incident
from tests.conftest import table_ids
from tests.factories import CitationFactory, IncidentFactory, region, threat

pytestmark = pytest.mark.django_db

LIST = reverse("dashboard:api-incident-list")


@pytest.fixture
def rows():
    made = [IncidentFactory(region=region("RU-KLU"), intercepted=i) for i in range(7)]
    made.append(IncidentFactory(region=region("RU-MOW"), threat_type=threat("cruise-missile")))
    IncidentFactory(status=Incident.Status.DRAFT)
    IncidentFactory(status=Incident.Status.RETRACTED, retraction_reason="x")
    return made


def all_pages(client, url, params):
    items, response = [], client.get(url, params)
    while True:
        assert response.status_code == 200
        data = response.json()
        items += data["results"]
        if not data["next"]:
            return items
        response = client.get(data["next"])


@pytest.mark.parametrize(
    "query", [{}, {"region": "moscow"}, {"threat": "uav", "min_intercepted": 3}, {"q": "statement"}]
)
def test_api_selects_the_same_rows_as_the_table(client, rows, query):
    items = all_pages(client, LIST, {**query, "page_size": 3})
    ids, count = table_ids(client, query)
    assert len(items) == count == len(ids)
    assert [i["id"] for i in items] == ids  # both newest first


def test_api_item_shape(client, rows):
    incident = rows[0]
    CitationFactory(incident=incident, quote="Уничтожены БПЛА", claimed_intercepted=3)
    response = client.get(reverse("dashboard:api-incident-detail", args=[incident.pk]))
    data = response.json()
    assert data["region"]["iso_code"] == "RU-KLU"
    assert data["region"]["name_ru"] == "Калужская область"
    assert data["threat_type"] == "uav"
    assert data["intercepted_status"] == "reported"
    assert data["url"].endswith(incident.get_absolute_url())
    assert {c["quote"] for c in data["citations"]} >= {"Уничтожены БПЛА"}


def test_api_hides_drafts_and_retractions(client, rows):
    hidden = Incident.objects.exclude(status=Incident.Status.PUBLISHED)
    for incident in hidden:
        url = reverse("dashboard:api-incident-detail", args=[incident.pk])
        assert client.get(url).status_code == 404
    ids = {i["id"] for i in all_pages(client, LIST, {})}
    assert not ids & set(hidden.values_list("pk", flat=True))


def test_api_page_query_count_is_constant(client, rows, django_assert_max_num_queries):
    for _ in range(30):
        CitationFactory(incident=IncidentFactory())
    # The data version (the ETag: dashboard/httpcache.py), then the page and its relations.
    with django_assert_max_num_queries(5):
        assert client.get(LIST, {"page_size": 50}).status_code == 200


@pytest.mark.parametrize(
    "query",
    ["region=atlantis", "date_from=2026-02-30", "min_intercepted=1e40", "q=%00", "threat=%00"],
)
def test_api_bad_filters_are_400_with_messages(client, rows, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert response.json()


def test_api_bad_cursor_is_a_json_404_not_500(client, rows):
    # A cursor this API did not make points at no page.
    response = client.get(LIST, {"cursor": "!!!%00"})
    assert response.status_code == 404
    assert response.json() == {
        "detail": "This cursor is not valid; start again from the first page."
    }


def test_api_answers_what_its_schema_forbids_with_the_schemas_400(client, rows):
    assert client.get(LIST, {"page_size": "true"}).json() == {
        "page_size": ["Give a whole number from 1 to 1000."]
    }
    assert client.get(LIST, {"page_size": "0"}).status_code == 400
    assert client.get(LIST, {"page_size": ""}).status_code == 200  # blank: not given
    assert client.get(LIST + "?sort=date&sort=-date").json() == {
        "sort": ["Give this parameter once."]
    }
    assert client.get(LIST, {"date_from": "03/01/2026"}).json() == {
        "date_from": ["Enter a date as YYYY-MM-DD."]
    }
    assert client.get(LIST, {"min_intercepted": "1.0"}).status_code == 400


def test_an_id_that_is_not_a_number_is_the_apis_json_404(client, rows):
    for segment in ("0.5", "abc", "9" * 30):
        response = client.get(f"{LIST}{segment}/")
        assert response.status_code == 404, segment
        assert response["Content-Type"] == "application/json", segment


def test_openapi_schema_describes_the_filters(client):
    response = client.get(reverse("dashboard:api-schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    operation = schema["paths"]["/api/incidents/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"date_from", "date_to", "region", "threat", "damage", "q", "cursor"} <= names
