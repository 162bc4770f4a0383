"""Any query string gives the page with the form's errors (400) or the page itself; never a 500."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

FILTERED_PAGES = [
    reverse("dashboard:overview"),
    reverse("dashboard:incident-list"),
    reverse("dashboard:region-list"),
    reverse("dashboard:region-detail", args=["kaluga-oblast"]),
]

BAD_QUERIES = {
    "malformed date": "date_from=2026-02-30",
    "words for a date": "date_to=last%20week",
    "unknown region": "region=atlantis",
    "NUL byte in a slug": "region=moscow%00",
    "NUL byte in search": "q=drone%00",
    "huge number": "min_intercepted=1" + "0" * 40,
    "negative number": "min_intercepted=-5",
    "unknown sort": "sort=secret",
    "unknown choice": "casualties=perhaps",
    # Distinct: a repeated value is one value (dashboard/query.py).
    "too many regions": "&".join(f"region=region-{n}" for n in range(150)),
    "unknown grain": "grain=fortnight",
    "unknown measure": "measure=killed",
    "unknown split": "split=region",
    "unknown average": "average=maybe",
}


@pytest.fixture(autouse=True)
def some_rows():
    IncidentFactory()


@pytest.mark.parametrize("url", FILTERED_PAGES)
@pytest.mark.parametrize("query", BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
def test_bad_filters_answer_400_with_the_form_errors(client, url, query):
    if "/en/regions/kaluga-oblast/" in url and query.startswith("region="):
        pytest.skip("a region's page is about that region: it ignores the region filter")
    response = client.get(f"{url}?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Some filters could not be read" in page
    # The field the query got wrong has an error (a range: the form), and every error is shown.
    errors = response.context["filterset"].form.errors
    named = {part.split("=")[0] for part in query.split("&")}
    assert named & errors.keys() or "__all__" in errors, errors
    for message in (message for messages in errors.values() for message in messages):
        assert escape(message) in page, message
    # No rows are shown for an invalid filter.
    assert "published incident" not in page


@pytest.mark.parametrize("query", BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
def test_chart_data_answers_400_with_readable_errors(client, query):
    response = client.get(f"{reverse('dashboard:daily-chart-data')}?{query}")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors and all(e[0]["message"] for e in errors.values())


@pytest.mark.parametrize("query", ["page=999999", "utm_source=x", "q=%20", "cursor="])
def test_odd_but_harmless_input_gives_the_page(client, query):
    response = client.get(f"{reverse('dashboard:incident-list')}?{query}")
    assert response.status_code == 200
    assert response.context["count"] == 1


@pytest.mark.parametrize(
    "cursor",
    [
        "abc",
        "%00",
        "9" * 400,
        "eyJ4IjoxfQ",
        "WyJhIiwiMjAyNi0xMy0wMSIsMV0",
        "WyJhIiwxLCJ4Il0",
        "lastt",
    ],
)
def test_a_broken_page_link_is_a_clear_400(client, cursor):
    response = client.get(f"{reverse('dashboard:incident-list')}?cursor={cursor}")
    assert response.status_code == 400
    assert "page link is not valid" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/en/regions/atlantis/",
        "/en/incidents/999999/",
        "/en/incidents/99999999999999999999999/",
        "/en/regions/%00/",
    ],
)
def test_unknown_things_are_404(client, url):
    assert client.get(url).status_code == 404


def test_only_get_and_head_are_allowed(client):
    assert client.post(reverse("dashboard:overview")).status_code == 405
