"""What the one filter promises readers, read where they see it: the table's rows and count for
each filter (on PostgreSQL read from the daily rollups where the filter allows, and the same),
the counts beside each choice (the choice's own filter left out, the rest kept), the order a
search and an unsorted export take, and the exact 400 of a query it cannot read (the page's
link, the text a file gives instead, each JSON error's message and code). Written for the
mutants of dashboard/filters.py, filterfields.py and parameters.py (docs/mutation.md)."""

import csv
import datetime as dt
import io
import re

import django_filters
import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.generators import SchemaGenerator
from rest_framework import generics, serializers

from dashboard.api_schema import BLANK
from dashboard.filterfields import SlugMultipleChoiceFilter
from incidents import rollups
from incidents.choices import Reporting, Verification
from incidents.models import Incident, Region, Statement
from tests.conftest import table_ids
from tests.factories import IncidentFactory, damage, region, threat

pytestmark = pytest.mark.django_db
D = dt.date
TABLE = reverse("dashboard:incident-list")
CHART_DATA = reverse("dashboard:daily-chart-data")
FACET = re.compile(
    r'name="(region|threat|damage)" value="([^"]+)"[^>]*> <span>[^<]*</span>'
    r'(?: <span class="facet">\(([0-9,]+)\)</span>)?'
)


@pytest.fixture
def record():
    """Four published incidents over two months, three regions, two threats, each damage and
    verification; a draft and a retraction that nothing may count."""
    made = {
        "kaluga_feb": IncidentFactory(
            date=D(2026, 2, 25),
            region=region("RU-KLU"),
            threat_type=threat("uav"),
            intercepted=10,
            damage_types=damage("fire"),
            verification=Verification.OFFICIAL_CLAIM,
            summary="Shahed drones over Kaluga.",
        ),
        "kaluga_mar": IncidentFactory(
            date=D(2026, 3, 3),
            region=region("RU-KLU"),
            threat_type=threat("cruise-missile"),
            intercepted=None,
            verification=Verification.CORROBORATED,
            summary="A missile over Kaluga.",
        ),
        "moscow": IncidentFactory(
            date=D(2026, 3, 4),
            region=region("RU-MOW"),
            threat_type=threat("uav"),
            intercepted=0,
            damage_types=damage("fire", "residential"),
            verification=Verification.OFFICIAL_CLAIM,
            summary="Shahed drones over Moscow.",
        ),
        "belgorod": IncidentFactory(
            date=D(2026, 3, 10),
            region=region("RU-BEL"),
            threat_type=threat("cruise-missile"),
            intercepted=5,
            damage_types=damage("residential"),
            verification=Verification.CORROBORATED,
            summary="A missile over Belgorod.",
        ),
    }
    IncidentFactory(status=Incident.Status.DRAFT, region=region("RU-KLU"), date=D(2026, 3, 3))
    IncidentFactory(
        status=Incident.Status.RETRACTED,
        retraction_reason="Wrong region.",
        region=region("RU-MOW"),
        date=D(2026, 2, 26),
    )
    return made


def ids(record, *names):
    return {record[name].pk for name in names}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["kaluga_feb", "kaluga_mar", "moscow", "belgorod"]),
        ({"date_from": "2026-03-01"}, ["kaluga_mar", "moscow", "belgorod"]),
        ({"date_to": "2026-03-03"}, ["kaluga_feb", "kaluga_mar"]),
        ({"region": "kaluga-oblast"}, ["kaluga_feb", "kaluga_mar"]),
        ({"threat": "uav"}, ["kaluga_feb", "moscow"]),
        ({"verification": "corroborated"}, ["kaluga_mar", "belgorod"]),
        ({"damage": "fire"}, ["kaluga_feb", "moscow"]),
        # 0 selects the incidents that reported a figure, 0 included: not every incident.
        ({"min_intercepted": "0"}, ["kaluga_feb", "moscow", "belgorod"]),
        ({"q": "shahed", "sort": "date"}, ["kaluga_feb", "moscow"]),
    ],
)
def test_the_table_counts_exactly_the_rows_each_filter_selects(client, record, query, expected):
    shown, count = table_ids(client, query)
    assert set(shown) == ids(record, *expected)
    assert count == len(expected)


def shown_counts(html):
    """{facet: {slug: count}} as the filter form shows them (every choice shows one)."""
    found = {}
    for name, slug, count in FACET.findall(html):
        assert count, f"{name} {slug} shows no count"
        found.setdefault(name, {})[slug] = int(count.replace(",", ""))
    return found


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            {
                "region": {"kaluga-oblast": 2, "moscow": 1, "belgorod-oblast": 1},
                "threat": {"uav": 2, "cruise-missile": 2},
                "damage": {"fire": 2, "residential": 2},
            },
        ),
        (
            # Each facet keeps the other filter and leaves its own out; damage, unused, counts
            # the selection itself.
            "region=kaluga-oblast&threat=uav",
            {
                "region": {"kaluga-oblast": 1, "moscow": 1, "belgorod-oblast": 0},
                "threat": {"uav": 1, "cruise-missile": 1},
                "damage": {"fire": 1, "residential": 0},
            },
        ),
        (
            "region=kaluga-oblast&threat=uav&damage=fire",  # every facet's own filter used
            {
                "region": {"kaluga-oblast": 1, "moscow": 1, "belgorod-oblast": 0},
                "threat": {"uav": 1, "cruise-missile": 0},
                "damage": {"fire": 1, "residential": 0},
            },
        ),
        (
            # February's last days and March whole (PostgreSQL: the daily and monthly rollups
            # apart, a region in both added up).
            "date_from=2026-02-20",
            {
                "region": {"kaluga-oblast": 2, "moscow": 1, "belgorod-oblast": 1},
                "threat": {"uav": 2, "cruise-missile": 2},
                "damage": {"fire": 2, "residential": 2},
            },
        ),
    ],
)
def test_each_choice_counts_what_it_would_select_with_the_rest_of_the_filter(
    client, record, query, expected
):
    response = client.get(f"{TABLE}?{query}")
    assert response.status_code == 200
    shown = shown_counts(response.content.decode())
    for name, counts in expected.items():
        assert {slug: shown[name][slug] for slug in counts} == counts, name


def incident_counts(client, query):
    """The queries the table page for `query` runs that count incidents over the incidents
    table (not over a rollup)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{TABLE}?{query}").status_code == 200
    incidents = f'"{Incident._meta.db_table}"'
    return [
        q["sql"]
        for q in captured.captured_queries
        if incidents in q["sql"] and "COUNT(" in q["sql"]
    ]


EVERY_ROLLUP_FILTER = (
    "date_from=2026-02-01&date_to=2026-03-31&region=kaluga-oblast&threat=uav"
    "&verification=official_claim&sort=date&grain=day&measure=incidents&split=threat&average=off"
)


@pytest.mark.parametrize(
    "query", ["", "date_from=2026-03-01&region=kaluga-oblast", EVERY_ROLLUP_FILTER]
)
def test_the_figures_the_rollups_can_answer_never_count_the_incidents(client, record, query):
    # What the rollups are for: at 1,000,000 incidents a count or a facet over the incidents
    # takes seconds (docs/performance.md). Kept on PostgreSQL only.
    if not rollups.available():
        pytest.skip("the rollups are kept on PostgreSQL only")
    assert incident_counts(client, query) == []


def test_the_facets_a_filter_leaves_unchosen_are_counted_in_one_query(client, record):
    # A search's matches found once for all of them, not once a facet: the table's count, the
    # threat facet (its own choice left out), and the region and damage facets together.
    assert len(incident_counts(client, "q=shahed&threat=uav&sort=date")) == 3


def planned_for_a_search(client, query):
    """Whether the table page for `query` set the search's planner settings."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{TABLE}?{query}").status_code == 200
    return any("set_config('jit'" in q["sql"] for q in captured.captured_queries)


def test_a_searched_table_is_planned_for_its_search_and_no_other(client, record):
    # incidents/fulltext.py planned(): no JIT, dearer parallel workers (a rare word's page in
    # milliseconds, not 50-100 ms of compiling). On PostgreSQL only: SQLite plans nothing.
    if connection.vendor != "postgresql":
        pytest.skip("the planner settings are PostgreSQL's")
    assert planned_for_a_search(client, "q=shahed")
    assert not planned_for_a_search(client, "region=moscow")


def sort_shown(html):
    """The order the page's sort field shows: its selected option, else (as a browser) its first."""
    field = html.split('name="sort"')[1].split("</select>")[0]
    chosen = re.search(r'<option value="([^"]*)" selected>', field)
    return chosen[1] if chosen else re.search(r'<option value="([^"]*)"', field)[1]


def test_a_search_is_ranked_unless_the_reader_chose_an_order(client, record):
    html = client.get(TABLE, {"q": "shahed"}).content.decode()
    assert sort_shown(html) == "relevance"
    response = client.get(TABLE, {"q": "shahed", "sort": "date"})
    assert sort_shown(response.content.decode()) == "date"
    shown = [incident.pk for incident in response.context["page"].items]
    assert shown == [record["kaluga_feb"].pk, record["moscow"].pk]  # oldest first, as chosen
    assert sort_shown(client.get(TABLE).content.decode()) == "-date"  # no search: newest first


def exported_ids(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [int(row["id"]) for row in csv.DictReader(io.StringIO(text))]


def test_an_export_without_a_chosen_order_is_oldest_first(client, record):
    order = ["kaluga_feb", "kaluga_mar", "moscow", "belgorod"]
    assert exported_ids(client.get(reverse("dashboard:export-csv"))) == [
        record[name].pk for name in order
    ]


def test_a_searchs_export_streams_every_row_of_a_file_of_many_chunks(client, record):
    # On PostgreSQL the file is a COPY read chunk by chunk after the view has returned: a block
    # planned for the search (a transaction of its own) must not end under it.
    many = [
        Incident(
            date=D(2026, 3, 1),
            region=region("RU-BEL"),
            threat_type=threat("uav"),
            intercepted=1,
            intercepted_status=Reporting.REPORTED,
            killed_status=Reporting.NOT_REPORTED,
            injured_status=Reporting.NOT_REPORTED,
            summary="Shahed drones over Belgorod, " + "again " * 40,
            status=Incident.Status.PUBLISHED,
        )
        for _ in range(300)
    ]
    made = Incident.objects.bulk_create(many)
    response = client.get(reverse("dashboard:export-csv"), {"q": "shahed"})
    expected = ids(record, "kaluga_feb", "moscow") | {incident.pk for incident in made}
    assert sorted(exported_ids(response)) == sorted(expected)


def test_a_file_refuses_an_unreadable_filter_in_plain_words(client):
    response = client.get(
        reverse("dashboard:export-csv"), {"date_from": "2026-02-30", "region": "atlantis"}
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "The filter could not be read, so nothing was exported:\n"
        "date_from: Enter a date as YYYY-MM-DD.\n"
        "region: Select a valid choice. atlantis is not one of the available choices.\n"
    )


def test_a_page_refuses_an_unreadable_filter_with_a_way_back(client):
    response = client.get(TABLE, {"date_to": "soon"})
    assert response.status_code == 400
    assert f'<a href="{TABLE}">Clear all filters</a>' in response.content.decode()


def regions(count):
    return "&".join(f"region=region-{n}" for n in range(count))


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            "date_from=03/01/2026",
            {"date_from": [{"message": "Enter a date as YYYY-MM-DD.", "code": "invalid"}]},
        ),
        (
            "min_intercepted=1.0",
            {
                "min_intercepted": [
                    {"message": "Enter a whole number, in digits.", "code": "invalid"}
                ]
            },
        ),
        (
            # Refused for its shape, before the database sees it.
            "region=moscow%00",
            {
                "region": [
                    {
                        "message": "Select a valid choice. moscow\x00 is not one of the available"
                        " choices.",
                        "code": "invalid_choice",
                    }
                ]
            },
        ),
        (
            regions(101),
            {"region": [{"message": "Choose at most 100 values.", "code": "too_many"}]},
        ),
    ],
)
def test_each_unreadable_value_gets_its_message_and_code(client, query, errors):
    response = client.get(f"{CHART_DATA}?{query}")
    assert response.status_code == 400
    assert response.json() == {"errors": errors}


def test_a_hundred_values_are_allowed_each_then_checked(client):
    (error,) = client.get(f"{CHART_DATA}?{regions(100)}").json()["errors"]["region"]
    assert error["code"] == "invalid_choice"
    assert re.fullmatch(r"Select a valid choice\. region-\d+ is not one of .*", error["message"])


def by_region():
    """A FilterSet of one slug filter declared as IncidentFilter declares its own, but made when
    the test runs: IncidentFilter's are made when dashboard/filters.py is imported, before any
    test (so a mutation run cannot see them made)."""

    class ByRegion(django_filters.FilterSet):
        region = SlugMultipleChoiceFilter(
            field_name="region", queryset=Region.objects.all(), label="Regions"
        )

    return ByRegion


def test_a_slug_filter_reads_its_vocabulary_by_slug_any_of_several_matching(record):
    chosen = QueryDict("region=kaluga-oblast&region=moscow")
    filterset = by_region()(chosen, queryset=Incident.objects.published())
    assert filterset.is_valid(), filterset.errors
    assert set(filterset.qs) == {record[name] for name in ("kaluga_feb", "kaluga_mar", "moscow")}


class StatementRow(serializers.ModelSerializer):
    class Meta:
        model = Statement
        fields = ["id"]


def test_a_slug_filter_is_described_in_the_api_schema_by_its_label_whatever_the_model():
    # A statement has no region field for the schema generator to read the parameter from.
    class Statements(generics.ListAPIView):
        queryset = Statement.objects.all()
        serializer_class = StatementRow
        filter_backends = [DjangoFilterBackend]

        filterset_class = by_region()

    schema = SchemaGenerator(patterns=[path("statements/", Statements.as_view())]).get_schema(
        request=None, public=True
    )
    parameters = schema["paths"]["/statements/"]["get"]["parameters"]
    (region_parameter,) = [p for p in parameters if p["name"] == "region"]
    assert region_parameter["description"] == f"Regions {BLANK}"
