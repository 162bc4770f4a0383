"""Public pages run a constant number of queries, whatever the number of rows."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import CitationFactory, IncidentFactory, damage, region

pytestmark = pytest.mark.django_db

REGIONS = ["RU-KLU", "RU-MOW", "RU-VOR", "RU-BEL", "RU-KRS"]


def make(n):
    for i in range(n):
        incident = IncidentFactory(
            date=dt.date(2026, 1, 1) + dt.timedelta(days=i % 60),
            region=region(REGIONS[i % len(REGIONS)]),
            damage_types=damage("fire", "residential"),
        )
        CitationFactory(incident=incident)


# Each page also reads the data version once, for the page cache (dashboard/freshness.py).
# Pages with per-region totals or a chart read the names of the regions or threat types they
# found in one small query each (the aggregates group by id). The overview and region pages
# compute no daily series: their chart's own request does (and the daily table page). HTML
# pages ask once per data version and process whether demo statements are loaded (the banner:
# dashboard/context_processors.py); each request here comes after a write. A series read
# from the rollups (PostgreSQL) first finds its range (one query on the date index), so the
# database can add its days up into the chart's weeks or months. A series also reads the days
# the record holds a statement on, once per data version and process (dashboard/stats.py).
# Every page with the filter form counts the choices of its region, threat and damage filters:
# one grouped query each (dashboard/facets.py; the region page has no region picker).
# The table, when it searches, runs in a transaction of its own with the search's planner settings
# (incidents/fulltext.py planned(): BEGIN, the settings, COMMIT; inside the test's transaction
# a savepoint, its release, and the settings read before and set back after).
SEARCHED = 5
# The overview and region pages list their newest incidents; a selection of up to
# IncidentQuerySet.FEW incidents (any here) has their ids read first (querysets.newest()).
NEWEST = 1
PAGES = {
    # The overview and the map read the names of every region for the map's tiles (once per
    # data version and process: dashboard/regionmap.py).
    "overview": (reverse("dashboard:overview"), 12 + NEWEST),
    "overview filtered": (
        reverse("dashboard:overview")
        + "?region=moscow&threat=uav&damage=fire&q=drone&source_kind=regional_authority",
        # + one query per vocabulary to validate the chosen values, one for matching regions;
        # the search's statements are read again for each facet's count
        19 + NEWEST,
    ),
    "table": (reverse("dashboard:incident-list") + "?sort=-casualties", 11),
    "table search": (reverse("dashboard:incident-list") + "?q=drone&region=moscow", 16 + SEARCHED),
    "regions": (reverse("dashboard:region-list"), 10),
    "region": (reverse("dashboard:region-detail", args=["kaluga-oblast"]), 10 + NEWEST),
    "chart data": (reverse("dashboard:daily-chart-data"), 5),
    "daily table": (reverse("dashboard:daily-table"), 12),
    "map": (reverse("dashboard:map") + "?threat=uav", 12),
    "compare": (reverse("dashboard:compare") + "?region=moscow&region=kaluga-oblast", 11),
    "chart png": (reverse("dashboard:chart-png") + "?split=threat", 5),
    "chart svg": (reverse("dashboard:chart-svg") + "?region=moscow", 6),
    "embed": (reverse("dashboard:embed-chart") + "?region=moscow", 3),
    # Not page-cached (no data version read); one query for the chosen region.
    "oembed": (reverse("dashboard:oembed") + "?url=/regions/moscow/", 2),
}


@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, name):
    url, limit = PAGES[name]
    make(5)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
    make(200)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_incident_page_query_count_does_not_grow_with_citations(
    client, django_assert_max_num_queries
):
    incident = IncidentFactory(damage_types=damage("fire"))
    with django_assert_max_num_queries(7):  # with the demo banner's question (see PAGES)
        client.get(incident.get_absolute_url())
    for _ in range(20):
        CitationFactory(incident=incident)
    with django_assert_max_num_queries(7):
        assert client.get(incident.get_absolute_url()).status_code == 200
