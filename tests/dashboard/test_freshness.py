"""Public pages are cached, and an editor's change shows at once."""

import datetime as dt

import pytest
from django.urls import reverse

from incidents.models import Incident
from incidents.services import retract
from tests.factories import IncidentFactory, change_form, change_url

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
def test_a_pages_chart_and_its_table_give_the_pages_own_numbers(client, page):
    """The chart script fetches the JSON view with the page's filter; the table for screen
    readers, linked from the chart, shows the same series; both cover the days the page says."""
    IncidentFactory(intercepted=40)
    IncidentFactory(intercepted=7, date=dt.date(2026, 3, 4))
    response = client.get(page)
    chart = response.context["chart"]
    shown = client.get(chart["table_url"]).context["series"]
    fetched = client.get(chart["json_url"]).json()
    assert fetched["intercepted"] == shown.intercepted and sum(shown.intercepted) == 47
    assert fetched["days"] == [day.isoformat() for day in shown.days]
    assert (shown.days[0], shown.days[-1]) == (chart["first_day"], chart["last_day"])


def test_the_same_view_with_its_query_in_another_order_is_one_cache_entry(
    client, django_assert_max_num_queries
):
    IncidentFactory()
    client.get("/incidents/?threat=uav&region=moscow&region=kaluga-oblast")
    with django_assert_max_num_queries(1):
        client.get("/incidents/?region=kaluga-oblast&threat=uav&region=moscow")


def test_an_editors_save_shows_at_once(client, chief_client):
    incident = IncidentFactory(intercepted=38)
    assert client.get(reverse("dashboard:overview")).context["totals"].intercepted.total == 38
    chief_client.post(
        change_url(incident), change_form(incident, intercepted="40", correction_note="Revised.")
    )
    response = client.get(reverse("dashboard:overview"))
    assert response.context is not None, "served a stale page from the cache"
    assert response.context["totals"].intercepted.total == 40
    assert b"40" in client.get(reverse("dashboard:daily-chart-data")).content


def test_a_retraction_leaves_the_cached_pages_at_once(client, chief):
    incident = IncidentFactory(intercepted=700)
    assert b"700" in client.get(reverse("dashboard:daily-chart-data")).content
    retract(incidents=Incident.objects.all(), by=chief, reason="Wrong night.")
    assert b"700" not in client.get(reverse("dashboard:daily-chart-data")).content
    assert (
        client.get(incident.get_absolute_url()).content.count(b"This incident was retracted") == 1
    )


def test_bad_filters_are_not_cached(client):
    first = client.get("/incidents/?date_from=nonsense")
    again = client.get("/incidents/?date_from=nonsense")
    assert first.status_code == again.status_code == 400
    assert again.context is not None  # rendered again, not stored


def test_a_change_made_by_another_process_shows_on_the_next_request(client):
    """Every request reads the version afresh: nothing a process remembers outlives a write."""
    from dashboard.freshness import DataVersion

    IncidentFactory(intercepted=40)
    assert b"40" in client.get(reverse("dashboard:daily-chart-data")).content
    # Another process changes the data and the version (no signal reaches this one).
    Incident.objects.update(intercepted=41)
    DataVersion.objects.update(token="changed-elsewhere")
    assert b"41" in client.get(reverse("dashboard:daily-chart-data")).content


def test_public_pages_are_compressed_but_never_the_admin_or_a_download(client, chief_client):
    IncidentFactory(intercepted=40)
    gz = {"HTTP_ACCEPT_ENCODING": "gzip"}
    for url in ("/", "/incidents/", "/charts/daily.json", "/about/data/"):
        response = client.get(url, **gz)
        assert response["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in response["Vary"]
    assert client.get("/", **gz).get("Content-Encoding") == client.get("/", **gz).get(
        "Content-Encoding"
    )
    # A cached page is compressed too, and still reads back as the page.
    import gzip

    assert b"Air-defence incidents" in gzip.decompress(client.get("/", **gz).content)
    assert "Content-Encoding" not in client.get("/incidents.csv", **gz)
    for url in ("/admin/login/", "/admin/", "/admin/incidents/incident/"):
        assert "Content-Encoding" not in chief_client.get(url, **gz), url


def test_a_page_holding_a_csrf_token_is_never_compressed(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def test_the_per_process_page_cache_is_bounded_in_bytes():
    from dashboard.freshness import BoundedMemoryCache

    cache = BoundedMemoryCache("bounded-test", {"OPTIONS": {"MAX_BYTES": 10_000}})
    cache.clear()
    for n in range(50):
        cache.set(f"page-{n}", "x" * 1000)
    held = [n for n in range(50) if cache.get(f"page-{n}") is not None]
    assert 5 <= len(held) < 10  # about 10 KB of pickled pages
    assert held == list(range(50 - len(held), 50))  # the most recent kept
    cache.set("too-big", "y" * 20_000)
    assert cache.get("too-big") is None and cache.get("page-49") is not None


def test_a_page_is_cached_compressed_for_gzip_clients_and_plain_for_the_others(
    client, django_assert_max_num_queries
):
    import gzip

    IncidentFactory(intercepted=40)
    zipped = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    with django_assert_max_num_queries(1):  # the version, then the compressed page as kept
        again = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert again["Content-Encoding"] == "gzip" and again.content == zipped.content
    plain = client.get("/")  # a client without gzip never gets the compressed copy
    assert "Content-Encoding" not in plain
    assert plain.content == gzip.decompress(zipped.content)
