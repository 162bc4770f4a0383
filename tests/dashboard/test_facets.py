"""Facet counts: each choice of the region, threat and damage filters shows how many incidents it
would select under the rest of the reader's filter, and that number is the table's count for the
same filter with that choice alone (drafts and retractions counted nowhere).

On PostgreSQL the counts come from the rollups where the rest of the filter allows; on SQLite from
the incidents; the table's count is read here from the incidents themselves in both.
"""

import datetime as dt
import itertools
import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from dashboard.filters import bind
from incidents.choices import Reporting, Status, Verification
from incidents.models import DamageType, Incident, Region, ThreatType
from tests.factories import CitationFactory, IncidentFactory, damage, region, threat

pytestmark = pytest.mark.django_db

FACET = re.compile(
    r'name="(region|threat|damage)" value="([^"]+)"[^>]*> <span>[^<]*</span>'
    r'(?: <span class="facet">\(([0-9,]+)\)</span>)?'
)
REGIONS = ["RU-BEL", "RU-KRS", "RU-MOW"]
THREATS = ["uav", "cruise-missile", "ballistic-missile"]
DAMAGE = [(), ("fire",), ("fire", "residential"), ("infrastructure",)]
STATES = [
    {"intercepted": 12, "intercepted_status": Reporting.REPORTED},
    {"intercepted": 0, "intercepted_status": Reporting.REPORTED, "killed": 1, "injured": 2},
    {"intercepted": None, "intercepted_status": Reporting.NOT_REPORTED},
    {"intercepted": None, "intercepted_status": Reporting.WITHHELD, "killed": 0},
]


@pytest.fixture
def record():
    """Incidents in every count state over regions, threats, damage and days; and drafts and
    retractions, which no count may include."""
    combinations = itertools.product(REGIONS, THREATS, DAMAGE, STATES)
    for n, (iso, slug, damages, state) in enumerate(combinations):
        if n % 3 == 1:  # fewer rows, every value and state still present
            continue
        status = Status.PUBLISHED
        if n % 17 == 0:
            status = Status.DRAFT
        elif n % 19 == 0:
            status = Status.RETRACTED
        IncidentFactory(
            date=dt.date(2026, 3, 1) + dt.timedelta(days=n % 9),
            region=region(iso),
            threat_type=threat(slug),
            damage_types=damage(*damages),
            status=status,
            retraction_reason="Wrong region." if status == Status.RETRACTED else "",
            verification=Verification.CORROBORATED if n % 5 == 0 else Verification.OFFICIAL_CLAIM,
            cited=False if status == Status.DRAFT else None,
            **state,
        )


def shown_counts(html):
    """{facet: {slug: count}} as the page's filter form shows them."""
    found = {}
    for name, slug, count in FACET.findall(html):
        assert count, f"{name} {slug} shows no count"
        found.setdefault(name, {})[slug] = int(count.replace(",", ""))
    return found


def table_count(query, name, slug):
    """How many incidents the table lists for `query` with `slug` alone as filter `name`."""
    alone = QueryDict(query, mutable=True)
    alone.setlist(name, [slug])
    filterset = bind(alone)
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


QUERIES = [
    "",
    "region=belgorod-oblast",
    "region=belgorod-oblast&region=moscow&threat=uav",
    "threat=cruise-missile&damage=fire",
    "damage=fire&damage=residential",
    "date_from=2026-03-03&date_to=2026-03-06&verification=official_claim",
    # Whole months and partial ones (PostgreSQL reads the monthly rollup and the days apart)
    "date_from=2026-02-15&date_to=2026-03-31",
    "date_from=2026-03-05&verification=corroborated",
    "casualties=yes&region=kursk-oblast",
    "min_intercepted=1&sort=-intercepted",
    "q=drones&threat=uav",  # the search, applied again without each facet's own filter
    "q=drones",  # every facet counts the search's own matches: one query for all three
]


@pytest.mark.parametrize("query", QUERIES)
def test_each_choice_shows_the_count_of_the_table_with_that_choice(client, record, query):
    response = client.get(f"{reverse('dashboard:incident-list')}?{query}")
    assert response.status_code == 200
    shown = shown_counts(response.content.decode())
    vocabularies = {"region": Region, "threat": ThreatType, "damage": DamageType}
    for name, model in vocabularies.items():
        slugs = set(model.objects.values_list("slug", flat=True))
        assert set(shown[name]) == slugs, f"every {name} choice shows a count"
        expected = {slug: table_count(query, name, slug) for slug in slugs}
        assert shown[name] == expected, (name, query)
    # The fixture is not trivial: some choices select incidents, others none.
    assert any(shown["region"].values()) and 0 in shown["region"].values()


def test_drafts_and_retractions_count_nowhere(client, record):
    shown = shown_counts(client.get(reverse("dashboard:incident-list")).content.decode())
    IncidentFactory(region=region("RU-VOR"), status=Status.DRAFT, damage_types=damage("fire"))
    IncidentFactory(
        region=region("RU-VOR"),
        status=Status.RETRACTED,
        retraction_reason="Wrong region.",
        damage_types=damage("fire"),
    )
    again = shown_counts(client.get(reverse("dashboard:incident-list")).content.decode())
    assert again == shown
    assert again["region"]["voronezh-oblast"] == 0
    IncidentFactory(region=region("RU-VOR"), damage_types=damage("fire"))
    after = shown_counts(client.get(reverse("dashboard:incident-list")).content.decode())
    assert after["region"]["voronezh-oblast"] == 1  # a new version: not the cached counts
    assert after["damage"]["fire"] == shown["damage"]["fire"] + 1


PAGES = [
    ("dashboard:overview", [], {"region", "threat", "damage"}),
    ("dashboard:incident-list", [], {"region", "threat", "damage"}),
    ("dashboard:region-list", [], {"region", "threat", "damage"}),
    ("dashboard:map", [], {"region", "threat", "damage"}),
    ("dashboard:daily-table", [], {"region", "threat", "damage"}),
    ("dashboard:region-detail", ["moscow"], {"threat", "damage"}),
]


@pytest.mark.parametrize(("route", "args", "facets"), PAGES)
def test_every_filtered_page_shows_the_counts(client, route, args, facets):
    CitationFactory(incident=IncidentFactory(region=region("RU-MOW"), damage_types=damage("fire")))
    html = client.get(reverse(route, args=args) + "?threat=uav").content.decode()
    shown = shown_counts(html)
    assert set(shown) == facets
    assert shown["threat"]["uav"] == 1 and shown["damage"]["fire"] == 1
    assert shown["threat"]["cruise-missile"] == 0


def test_the_counts_read_as_numbers_with_separators(client):
    for _ in range(3):
        IncidentFactory(region=region("RU-BEL"))
    # Cheaper than a thousand factories: the count is what the page formats.
    many = [
        Incident(
            date=dt.date(2026, 3, 1),
            region=region("RU-BEL"),
            threat_type=threat("uav"),
            intercepted_status=Reporting.NOT_REPORTED,
            killed_status=Reporting.NOT_REPORTED,
            injured_status=Reporting.NOT_REPORTED,
            summary="Bulk.",
            status=Status.PUBLISHED,
        )
        for _ in range(1_000)
    ]
    Incident.objects.bulk_create(many)
    html = client.get(reverse("dashboard:incident-list")).content.decode()
    assert shown_counts(html)["region"]["belgorod-oblast"] == 1_003
    assert '<span class="facet">(1,003)</span>' in html


def test_the_counts_take_a_constant_number_of_queries(client, django_assert_max_num_queries):
    url = reverse("dashboard:incident-list") + "?threat=uav&damage=fire"
    IncidentFactory(damage_types=damage("fire"))
    # The table's own queries (test_query_counts.py), one per chosen vocabulary to validate the
    # choices, and one per facet.
    with django_assert_max_num_queries(8 + 2 + 3) as few:
        client.get(url)
    for n in range(30):
        IncidentFactory(
            region=region(REGIONS[n % 3]),
            threat_type=threat(THREATS[n % 3]),
            damage_types=damage("fire", "residential"),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
