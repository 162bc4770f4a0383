"""Public pages are cached, and an editor's change shows at once."""

import datetime as dt
import json
import logging
from contextlib import contextmanager

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard import freshness, sharedversion
from dashboard.freshness import (
    DataVersion,
    cached_public_page,
    public_http,
    request_stamp,
)
from dashboard.query import Reads
from incidents.models import Incident
from incidents.services import retract
from tests.dashboard.test_shared_cache import shared  # noqa: F401 - a fixture (Redis)
from tests.factories import IncidentFactory, change_form, change_url

pytestmark = pytest.mark.django_db

CACHED = [
    reverse("dashboard:overview"),
    reverse("dashboard:incident-list") + "?region=kaluga-oblast",
    reverse("dashboard:daily-chart-data"),
    reverse("dashboard:region-list"),
]


def _queries(client, url, **extra):
    """(response, number of SQL queries it took)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


@pytest.mark.parametrize("url", CACHED)
def test_a_repeated_view_is_the_stored_page(client, url):
    IncidentFactory(intercepted=40)
    first, computing = _queries(client, url)
    again, serving = _queries(client, url)
    assert computing > 1 and serving == 1  # the data version, nothing else
    assert first.status_code == again.status_code == 200 and again.content == first.content


@pytest.mark.parametrize(
    "page", ["/en/?region=kaluga-oblast&date_from=2026-01-01", "/en/regions/kaluga-oblast/"]
)
def test_a_pages_chart_and_its_table_give_the_pages_own_numbers(client, page):
    """The chart script fetches the JSON view with the page's filter; the table for screen
    readers, linked from the chart, shows the same series; both cover the days the page says."""
    IncidentFactory(intercepted=40)
    IncidentFactory(intercepted=7, date=dt.date(2026, 3, 4))
    response = client.get(page)
    chart = response.context["chart"]
    shown = client.get(chart.table_url).context["series"]
    fetched = client.get(chart.json_url).json()
    assert fetched["intercepted"] == shown.intercepted and sum(shown.intercepted) == 47
    assert fetched["periods"] == [day.isoformat() for day in shown.periods]
    assert (shown.periods[0], shown.periods[-1]) == (chart.first_day, chart.last_day)


def test_the_same_view_with_its_query_in_another_order_is_one_cache_entry(client):
    IncidentFactory()
    first, _ = _queries(client, "/en/incidents/?threat=uav&region=moscow&region=kaluga-oblast")
    again, serving = _queries(
        client, "/en/incidents/?region=kaluga-oblast&threat=uav&region=moscow"
    )
    assert serving == 1 and again.content == first.content


def test_an_editors_save_shows_at_once(client, chief_client):
    incident = IncidentFactory(intercepted=38)
    assert client.get(reverse("dashboard:overview")).context["totals"].intercepted.total == 38
    chief_client.post(
        change_url(incident), change_form(incident, intercepted="40", correction_note="Revised.")
    )
    response = client.get(reverse("dashboard:overview"))
    assert response.context is not None, "served a stale page from the cache"
    assert response.context["totals"].intercepted.total == 40
    assert client.get(reverse("dashboard:daily-chart-data")).json()["intercepted"] == [40]


def test_a_retraction_leaves_the_cached_pages_at_once(client, chief):
    incident = IncidentFactory(intercepted=700)
    IncidentFactory(intercepted=5)
    chart = reverse("dashboard:daily-chart-data")
    assert client.get(chart).json()["intercepted"] == [705]
    retract(incidents=Incident.objects.filter(pk=incident.pk), by=chief, reason="Wrong night.")
    assert client.get(chart).json()["intercepted"] == [5]
    assert (
        client.get(incident.get_absolute_url()).content.count(b"This incident was retracted") == 1
    )


def test_bad_filters_are_not_cached(client):
    first = client.get("/en/incidents/?date_from=nonsense")
    again = client.get("/en/incidents/?date_from=nonsense")
    assert first.status_code == again.status_code == 400
    assert again.context is not None  # rendered again, not stored


def test_a_change_made_by_another_process_shows_on_the_next_request(client):
    """Every request reads the version afresh: nothing a process remembers outlives a write."""
    from dashboard.freshness import DataVersion

    IncidentFactory(intercepted=40)
    chart = reverse("dashboard:daily-chart-data")
    assert client.get(chart).json()["intercepted"] == [40]
    # Another process changes the data and the version (no signal reaches this one).
    Incident.objects.update(intercepted=41)
    DataVersion.objects.update(token="changed-elsewhere")
    assert client.get(chart).json()["intercepted"] == [41]


def test_public_pages_are_compressed_but_never_the_admin_or_a_download(client, chief_client):
    import gzip

    IncidentFactory(intercepted=40)
    gz = {"HTTP_ACCEPT_ENCODING": "gzip"}
    for url in ("/en/", "/en/incidents/", "/charts/daily.json", "/en/about/data/"):
        (computed, _), (cached, serving) = _queries(client, url, **gz), _queries(client, url, **gz)
        assert serving == 1, url
        for response in (computed, cached):
            assert response["Content-Encoding"] == "gzip", url
            assert "Accept-Encoding" in response["Vary"], url
        # Both read back as the page a client without gzip gets.
        assert gzip.decompress(cached.content) == gzip.decompress(computed.content), url
        assert gzip.decompress(cached.content) == client.get(url).content, url
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


def test_a_page_is_cached_compressed_for_gzip_clients_and_plain_for_the_others(client):
    import gzip

    IncidentFactory(intercepted=40)
    zipped = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip")
    again, serving = _queries(client, "/en/", HTTP_ACCEPT_ENCODING="gzip")
    assert serving == 1  # the version, then the compressed page as kept
    assert again["Content-Encoding"] == "gzip" and again.content == zipped.content
    plain = client.get("/en/")  # a client without gzip never gets the compressed copy
    assert "Content-Encoding" not in plain
    assert plain.content == gzip.decompress(zipped.content)


@pytest.mark.parametrize(
    "reads_more",
    [
        lambda request, response: request.session.get("seen"),
        lambda request, response: get_token(request),
        lambda request, response: response.set_cookie("seen", "yes"),
    ],
    ids=["the session", "the CSRF token", "a cookie it sets"],
)
def test_a_page_that_depends_on_more_than_its_key_is_served_but_never_kept(rf, reads_more):
    computed = []
    reads = Reads()

    @cached_public_page(reads)
    def view(request):
        computed.append(request)
        response = HttpResponse(f"page {len(computed)}")
        reads_more(request, response)
        return response

    def get():
        request = rf.get("/a-page/")
        SessionMiddleware(lambda request: None).process_request(request)
        return view(request)

    assert [get().content, get().content] == [b"page 1", b"page 2"]
    assert view.page_cache_reads is reads  # what the URLconf's cached views are listed by


def test_a_public_page_holding_a_csrf_token_is_never_compressed(rf):
    """Outside the admin too, and whether the middleware has set the token's cookie yet."""
    from config.compression import PublicGZipMiddleware

    def page(request):
        return HttpResponse(f"<p>{get_token(request)}</p>" + " padding" * 100)

    csrf = CsrfViewMiddleware(page)
    gzip_after_csrf = PublicGZipMiddleware(csrf)
    request = rf.get("/a-form/", HTTP_ACCEPT_ENCODING="gzip")
    response = gzip_after_csrf(request)
    assert response.cookies and "Content-Encoding" not in response
    plain = PublicGZipMiddleware(lambda request: HttpResponse(" padding" * 100))
    assert plain(rf.get("/en/", HTTP_ACCEPT_ENCODING="gzip"))["Content-Encoding"] == "gzip"


# A port nothing listens on: every call of the page cache fails at once.
UNREACHABLE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
WORKING_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@contextmanager
def warnings_logged(name):
    """The messages logger `name` logs at WARNING and above inside the block (without the
    logging plugin, which mutation runs leave out)."""
    messages = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: messages.append(record.getMessage())
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def test_a_page_cache_outage_serves_the_record_and_is_logged_once_until_it_ends(client, settings):
    IncidentFactory(intercepted=38)
    settings.CACHES = UNREACHABLE_CACHE
    with warnings_logged("dashboard.freshness") as messages:
        for _ in range(3):
            response = client.get(reverse("dashboard:overview"))
            assert response.status_code == 200
            assert response.context["totals"].intercepted.total == 38
        # One line, naming the backend's error for the operator.
        assert len(messages) == 1 and "ConnectionError" in messages[0], messages
        assert messages[0].startswith("page cache unavailable, serving uncached pages: ")
        messages.clear()
        settings.CACHES = WORKING_CACHE
        first, _ = _queries(client, reverse("dashboard:overview"))
        again, serving = _queries(client, reverse("dashboard:overview"))
    assert messages == ["page cache answers again"]
    assert first.context["totals"].intercepted.total == 38
    assert serving == 1 and again.content == first.content  # kept again once it answers


def test_a_write_publishes_the_databases_version_to_the_shared_cache_once_committed(
    shared,  # noqa: F811 - the fixture imported above
    client,
    django_capture_on_commit_callbacks,
):
    for intercepted, total in ((38, 38), (2, 40)):  # the later write's version replaces the first's
        with django_capture_on_commit_callbacks(execute=True):
            IncidentFactory(intercepted=intercepted)
        published = shared.hgetall(sharedversion.KEY)
        row = DataVersion.objects.get()
        assert published == {b"serial": str(row.serial).encode(), b"token": row.token.encode()}
        assert (
            client.get(reverse("dashboard:overview")).context["totals"].intercepted.total == total
        )


def test_a_version_redis_lost_is_published_again_by_the_next_reader(
    shared,  # noqa: F811 - the fixture imported above
    client,
    django_capture_on_commit_callbacks,
):
    """Redis restarted, or the version expired: the next request reads the version from the
    database and publishes it, and a repeated page is then served without a query."""
    with django_capture_on_commit_callbacks(execute=True):
        IncidentFactory(intercepted=38)
    shared.delete(sharedversion.KEY)
    first, _ = _queries(client, reverse("dashboard:overview"))
    row = DataVersion.objects.get()
    published = shared.hgetall(sharedversion.KEY)
    assert published == {b"serial": str(row.serial).encode(), b"token": row.token.encode()}
    again, serving = _queries(client, reverse("dashboard:overview"))
    assert serving == 0 and again.content == first.content


def test_a_page_is_never_kept_under_a_version_newer_than_its_rows(
    shared,  # noqa: F811 - the fixture imported above
    client,
):
    """Redis has heard of a write whose rows this database does not have yet (a replica
    behind): the page computed now is kept under the database's version, so once the rows
    arrive the reader gets them, not the page of the rows before."""
    IncidentFactory(intercepted=38)
    shared.hset(sharedversion.KEY, mapping={"serial": 10**9, "token": "ahead"})
    overview = reverse("dashboard:overview")
    assert client.get(overview).context["totals"].intercepted.total == 38
    Incident.objects.update(intercepted=40)  # the write's rows arrive, with its version
    DataVersion.objects.update(token="ahead")
    response = client.get(overview)
    assert response.context is not None, "served the page of the rows before"
    assert response.context["totals"].intercepted.total == 40


def test_in_redis_pages_and_shared_values_are_kept_apart_for_an_hour_at_most(
    shared,  # noqa: F811 - the fixture imported above
    client,
):
    """An operator tells pages from shared values by their keys, and neither outlives
    freshness.TIMEOUT (a new version makes them unused long before)."""
    IncidentFactory(intercepted=38)
    assert client.get(reverse("dashboard:overview")).status_code == 200
    assert freshness.shared("count", ["a"], lambda: 1) == 1
    pages, values = shared.keys(":1:page:*"), shared.keys(":1:value:*")
    assert pages and values
    assert all(0 < shared.ttl(key) <= freshness.TIMEOUT for key in pages + values)
    assert all(shared.ttl(key) > freshness.TIMEOUT - 60 for key in pages + values)


def test_a_database_without_its_version_row_gets_it_back_at_the_next_write(client, chief):
    """A flushed database reads as the initial version until a write creates the row, its
    serial then counting the writes from 1; the pages show each write at once."""
    wrong, other = IncidentFactory(intercepted=40), IncidentFactory(intercepted=5)
    DataVersion.objects.all().delete()
    chart = reverse("dashboard:daily-chart-data")
    assert client.get(chart).json()["intercepted"] == [45]  # kept under the initial version
    tokens = set()
    for serial, incident, shown in ((1, wrong, [5]), (2, other, [])):
        retract(incidents=Incident.objects.filter(pk=incident.pk), by=chief, reason="Wrong.")
        row = DataVersion.objects.get()
        assert (row.pk, row.serial) == (1, serial)
        tokens.add(row.token)
        assert client.get(chart).json()["intercepted"] == shown
    assert len(tokens) == 2 and "initial" not in tokens


def test_a_files_etag_is_the_same_for_its_query_in_any_order(client):
    """A file's ETag is made from the query as its view reads it: the same rows asked for in
    another order are not modified."""
    IncidentFactory(intercepted=40)
    first = client.get("/incidents.csv?region=kaluga-oblast&threat=uav&region=moscow")
    reordered = "/incidents.csv?threat=uav&region=moscow&region=kaluga-oblast"
    assert client.get(reordered, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    other = "/incidents.csv?threat=uav&region=moscow"
    assert client.get(other, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_request_reads_the_data_version_once_whether_computed_or_served(client):
    """One primary-key lookup per request (the version a page is looked up, computed and
    kept under), not one more when the page has to be computed."""
    IncidentFactory()
    for _ in ("computed", "served from the cache"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard:overview")).status_code == 200
        sql = [query["sql"] for query in queries.captured_queries]
        assert sum(DataVersion._meta.db_table in statement for statement in sql) == 1, sql


# What a download says of the record's version -------------------------------------------------


def _meta(response):
    return json.loads(b"".join(response.streaming_content))["meta"]


def test_a_download_names_the_data_version_and_the_time_it_was_read_at(client):
    """A file's data version and "as of" are the record's (the time in UTC), and a write gives
    the next download new ones and a new ETag; a database without its version row reads as
    the initial version, of no time."""
    IncidentFactory(intercepted=40)
    url = "/incidents.json?region=kaluga-oblast"
    first = client.get(url)
    row, meta = DataVersion.objects.get(), _meta(first)
    assert meta["data_version"] == row.token
    assert meta["as_of"] == row.changed_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    IncidentFactory(intercepted=5)
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and _meta(second)["data_version"] != row.token
    DataVersion.objects.all().delete()
    meta = _meta(client.get(url))
    assert (meta["data_version"], meta["as_of"]) == ("initial", None)


def test_a_file_view_reads_the_stamp_its_etag_names_whatever_commits_meanwhile(rf):
    """Inside a file view (public_http) the stamp is the one its ETag was made with, read
    before its rows, though a write commits while it runs; outside any view, it is read now."""

    @public_http(Reads())
    def view(request):
        IncidentFactory()  # a write while the view runs
        return HttpResponse(request_stamp().version)

    before = DataVersion.objects.get().token
    assert view(rf.get("/a-file/")).content.decode() == before
    assert request_stamp().version == DataVersion.objects.get().token != before
