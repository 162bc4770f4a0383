"""The page cache's key is the request the view answers (dashboard/freshness.py, query.py).

Every cached view, listed from the URLconf (not by hand), answers each request exactly as it
does with an empty cache, even when the cache holds the page of a request that differs only in
a repeated parameter, the order of its query, a parameter the view does not read, the scheme,
the host, or a header the view does not read (language, Accept, an editor's session cookie).
"""

import gzip

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from dashboard import pagination
from dashboard.freshness import reset
from incidents.choices import Reporting, SourceKind, Verification
from incidents.models import Incident
from incidents.services import retract
from tests.conftest import MODEL_BACKEND
from tests.factories import CitationFactory, IncidentFactory, SourceFactory, damage, region, threat

pytestmark = pytest.mark.django_db


def cached_views(patterns=None, prefix=""):
    """(route, name, what it reads) of every URL whose view is a cached public page."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from cached_views(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and hasattr(entry.callback, "page_cache_reads"):
            yield prefix + str(entry.pattern), entry.name, entry.callback.page_cache_reads


CACHED = sorted(cached_views())


@pytest.fixture
def record(chief):
    """Incidents that every filter value below tells apart."""
    media = SourceFactory(kind=SourceKind.MEDIA)
    first = IncidentFactory(
        summary="Alpha night.",
        intercepted=10,
        killed=0,
        injured=0,
        damage_types=damage("fire"),
    )
    second = IncidentFactory(
        summary="Bravo night.",
        date=first.date.replace(day=3),
        region=region("RU-MOW"),
        threat_type=threat("cruise-missile"),
        intercepted=50,
        killed=2,
        verification=Verification.DISPUTED,
        damage_types=damage("energy"),
        cited=media,
    )
    IncidentFactory(summary="Alpha and bravo.", date=first.date.replace(day=5), intercepted=None)
    wrong = IncidentFactory(summary="A wrong night.")
    CitationFactory(incident=second)
    retract(incidents=Incident.objects.filter(pk=wrong.pk), by=chief, reason="Wrong night.")
    assert second.intercepted_status == Reporting.REPORTED
    return {"incident": first, "cursor": pagination.cursor_after(_Row(first.date, first.pk))}


class _Row:
    def __init__(self, sort_key, pk):
        self.sort_key, self.pk = sort_key, pk


# Two values of every parameter a cached view reads, each (with the other parameters' first
# values) answering differently. A new parameter needs a line here: the test says so.
SAMPLES = {
    "date_from": ("2026-03-02", "2026-03-04"),
    "date_to": ("2026-03-04", "2026-03-02"),
    "region": ("kaluga-oblast", "moscow"),
    "threat": ("uav", "cruise-missile"),
    "damage": ("fire", "energy"),
    "casualties": ("yes", "no"),
    "source_kind": ("regional_authority", "media"),
    "verification": ("official_claim", "disputed"),
    "min_intercepted": ("5", "40"),
    "q": ("alpha", "bravo"),
    "sort": ("-intercepted", "date"),
    "grain": ("week", "day"),
    "measure": ("incidents", "intercepted"),
    "split": ("threat", ""),
    "average": ("off", "on"),
    "cursor": ("last", None),  # None: the record's own cursor (see `record`)
    "page": ("1", "2"),
    "order": ("name", "-name"),
}


def url_of(route, name, record):
    """The route with the record's ids in its converters."""
    shown = record["incident"]
    if name.startswith("statement"):  # a statement's page: a statement the incident cites
        shown = shown.citations.first().statement
    values = {
        "<int:pk>": str(shown.pk),
        "<slug:slug>": "kaluga-oblast",
        "<str:day>": record["incident"].date.isoformat(),
    }
    for converter, value in values.items():
        route = route.replace(converter, value)
    assert "<" not in route, f"no sample value for a converter in {route}"
    return "/" + route


def variants(reads, record):
    """Pairs of requests (query pairs, client keyword arguments) that a wrong key could
    confuse: each pair must still be answered as its second request alone is."""

    def value(name, n):
        chosen = SAMPLES[name][n]
        return record["cursor"] if chosen is None else chosen

    names = sorted(reads.single | reads.multiple)
    missing = [name for name in names if name not in SAMPLES]
    assert not missing, f"add sample values for {missing}"
    pairs = []
    for name in names:  # a repeated parameter, in both orders
        a, b = value(name, 0), value(name, 1)
        pairs.append(([(name, a), (name, b)], {}, [(name, b), (name, a)], {}))
        pairs.append(([(name, a)], {}, [(name, a), (name, b)], {}))
    if len(names) > 1:  # the whole query, in one order and the other
        query = [(name, value(name, 0)) for name in names if name not in ("cursor", "page")]
        pairs.append((query, {}, query[::-1], {}))
        pairs.append((query, {}, [*query, ("cursor", "last")], {}))
    plain = [(name, value(name, 0)) for name in names[:1]]
    pairs += [
        (plain, {}, [*plain, ("utm_source", "feed")], {}),  # a parameter no view reads
        (plain, {}, plain, {"secure": True}),
        (plain, {}, plain, {"HTTP_X_FORWARDED_PROTO": "https"}),
        (plain, {}, plain, {"HTTP_HOST": "mirror.example.org"}),
        (plain, {}, plain, {"HTTP_ACCEPT_LANGUAGE": "ru"}),
        (plain, {}, plain, {"HTTP_ACCEPT": "application/json"}),
        (plain, {}, plain, {"HTTP_ACCEPT_ENCODING": "gzip"}),
        (plain, {}, plain, {"editor": True}),
    ]
    return pairs


def answer(response):
    """What a reader receives: status, type and the body as read (decompressed)."""
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response.status_code, response["Content-Type"], body


@pytest.fixture
def ask(record, chief, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example.org"]
    editor = Client()
    editor.force_login(chief, backend=MODEL_BACKEND)
    clients = {False: Client(), True: editor}

    def get(url, query, extra):
        extra = dict(extra)
        client = clients[extra.pop("editor", False)]
        return client.get(url, query, **extra)

    return get


def test_the_cached_views_are_listed_from_the_urlconf():
    names = {name for _, name, _ in CACHED}
    # The pages a reader reads; the files and the API stream or negotiate and are not cached.
    assert {"overview", "incident-list", "incident-detail", "codebook"} <= names
    assert "export-csv" not in names and "api-totals" not in names


@pytest.mark.parametrize(("route", "name", "reads"), CACHED, ids=[name for _, name, _ in CACHED])
def test_a_cached_view_answers_every_request_as_it_does_uncached(
    ask, record, django_assert_max_num_queries, route, name, reads
):
    url = url_of(route, name, record)
    for first, first_extra, second, second_extra in variants(reads, record):
        cache.clear()
        reset()
        ask(url, first, first_extra)  # in the cache now, if the key lets it share
        served = answer(ask(url, second, second_extra))
        cache.clear()
        reset()
        alone = answer(ask(url, second, second_extra))
        assert served == alone, (url, first, first_extra, "then", second, second_extra)
    # And the cache is used: a repeated request is its stored page (the data version only).
    plain = variants(reads, record)[-1][0]
    assert ask(url, plain, {}).status_code == 200
    with django_assert_max_num_queries(1):
        assert ask(url, plain, {}).status_code == 200


# The rule for a repeated parameter is the same for the pages, the files and the API -------------

FILTERED = [
    "/en/incidents/",
    "/en/regions/",
    "/charts/daily.json",
    "/incidents.csv",
    "/incidents.json",
    "/regions.csv",
    "/api/incidents/",
    "/api/totals/",
]


def _readable(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/json") and b"exported_at" in body:
        import json

        document = json.loads(body)
        document["meta"].pop("exported_at")
        return response.status_code, document
    return response.status_code, body


@pytest.mark.parametrize("url", FILTERED)
@pytest.mark.parametrize(
    ("repeated", "last"),
    [
        ("q=alpha&q=bravo", "q=bravo"),
        ("sort=date&sort=-intercepted", "sort=-intercepted"),
        ("casualties=yes&casualties=", ""),  # a blank value is the parameter not given
        ("verification=&region=moscow&region=moscow", "region=moscow"),
    ],
)
def test_a_repeated_parameter_reads_its_last_value_everywhere(client, record, url, repeated, last):
    answer = _readable(client.get(f"{url}?{repeated}"))
    name = repeated.split("=")[0]
    if url.startswith("/api/") and repeated.count(f"{name}=") > 1 and name != "region":
        # The API, a contract for programs, refuses a repeated single parameter (api.py).
        assert answer == (400, b'{"%s":["Give this parameter once."]}' % name.encode())
        return
    assert answer == _readable(client.get(f"{url}?{last}"))
