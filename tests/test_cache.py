"""Public pages are cached, and an editor's change shows at once."""

import datetime as dt

import pytest
from django.urls import reverse

from incidents.models import Incident
from incidents.services import retract
from tests.factories import IncidentFactory, UserFactory
from tests.test_integrity import change_url, form_for

pytestmark = pytest.mark.django_db

CACHED = [
    reverse("dashboard:overview"),
    reverse("dashboard:incident-list") + "?region=kaluga-oblast",
    reverse("dashboard:daily-chart-data"),
    reverse("dashboard:region-list"),
]


@pytest.mark.parametrize("url", CACHED)
def test_a_repeated_view_costs_at_most_one_query(client, django_assert_max_num_queries, url):
    IncidentFactory(intercepted=40)
    first = client.get(url)
    with django_assert_max_num_queries(1):  # the data version at most, nothing else
        again = client.get(url)
    assert again.status_code == 200 and again.content == first.content


@pytest.mark.parametrize(
    "page", ["/?region=kaluga-oblast&date_from=2026-01-01", "/regions/kaluga-oblast/"]
)
def test_a_page_leaves_its_chart_data_in_the_cache(client, django_assert_max_num_queries, page):
    """The chart script's request after a page costs no second aggregate, and gets the same
    numbers a fresh computation gives."""
    from django.core.cache import cache

    IncidentFactory(intercepted=40)
    IncidentFactory(intercepted=7, date=dt.date(2026, 3, 4))
    url = client.get(page).context["chart_url"]
    with django_assert_max_num_queries(1):  # the data version at most, nothing else
        cached = client.get(url)
    cache.clear()
    fresh = client.get(url)
    assert cached.status_code == fresh.status_code == 200
    assert cached.json() == fresh.json() and sum(fresh.json()["intercepted"]) == 47


def test_the_same_view_with_its_query_in_another_order_is_one_cache_entry(
    client, django_assert_max_num_queries
):
    IncidentFactory()
    client.get("/incidents/?threat=uav&region=moscow&region=kaluga-oblast")
    with django_assert_max_num_queries(1):
        client.get("/incidents/?region=kaluga-oblast&threat=uav&region=moscow")


def test_an_editors_save_shows_at_once(client, chief_client):
    incident = IncidentFactory(intercepted=38)
    assert client.get(reverse("dashboard:overview")).context["totals"]["intercepted_total"] == 38
    chief_client.post(
        change_url(incident), form_for(incident, intercepted="40", correction_note="Revised.")
    )
    response = client.get(reverse("dashboard:overview"))
    assert response.context is not None, "served a stale page from the cache"
    assert response.context["totals"]["intercepted_total"] == 40
    assert b"40" in client.get(reverse("dashboard:daily-chart-data")).content


def test_a_retraction_leaves_the_cached_pages_at_once(client):
    incident = IncidentFactory(intercepted=700)
    assert b"700" in client.get(reverse("dashboard:daily-chart-data")).content
    retract(incidents=Incident.objects.all(), user=UserFactory(), reason="Wrong night.")
    assert b"700" not in client.get(reverse("dashboard:daily-chart-data")).content
    assert (
        client.get(incident.get_absolute_url()).content.count(b"This incident was retracted") == 1
    )


def test_bad_filters_are_not_cached(client):
    first = client.get("/incidents/?date_from=nonsense")
    again = client.get("/incidents/?date_from=nonsense")
    assert first.status_code == again.status_code == 400
    assert again.context is not None  # rendered again, not stored


def test_a_change_made_by_another_process_shows_once_the_memo_expires(client, monkeypatch):
    """Each process remembers the version briefly; a write elsewhere shows after that."""
    from incidents import versions
    from incidents.models import DataVersion

    IncidentFactory(intercepted=40)
    assert b"40" in client.get(reverse("dashboard:daily-chart-data")).content
    # Another process changes the data (no signal here) and the version.
    Incident.objects.update(intercepted=41)
    DataVersion.objects.update(token="changed-elsewhere")
    monkeypatch.setattr(versions, "MEMO_SECONDS", 0)
    assert b"41" in client.get(reverse("dashboard:daily-chart-data")).content
