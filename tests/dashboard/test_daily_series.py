"""The daily series: computed in the database, zero-filled, agreeing with the table."""

import datetime as dt

import pytest
from django.http import QueryDict
from django.utils import timezone

from dashboard.filters import IncidentFilter
from dashboard.stats import series as count_series
from incidents.figures import moving_mean
from incidents.models import Incident
from tests.factories import IncidentFactory, region, threat

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def rows():
    IncidentFactory(date=D(2026, 3, 2), intercepted=10, threat_type=threat("uav"))
    IncidentFactory(date=D(2026, 3, 2), intercepted=5, threat_type=threat("cruise-missile"))
    IncidentFactory(date=D(2026, 3, 5), intercepted=None, region=region("RU-BEL"))
    IncidentFactory(date=D(2026, 3, 6), intercepted=7, region=region("RU-BEL"))
    IncidentFactory(date=D(2026, 3, 4), intercepted=100, status=Incident.Status.DRAFT)


def series_for(query):
    filterset = IncidentFilter(QueryDict(query), queryset=Incident.objects.published())
    assert filterset.is_valid()
    start, end = filterset.date_range
    return filterset, count_series(filterset.qs, start=start, end=end, grain="day")


def test_days_without_incidents_are_zero_not_gaps(rows):
    _, series = series_for("")
    assert series.periods == [D(2026, 3, d) for d in range(2, 7)]
    assert series.incidents == [2, 0, 0, 1, 1]
    assert series.intercepted == [15, 0, 0, 0, 7]  # the draft's 100 never counts


def test_range_ends_are_included_even_without_incidents(rows):
    _, series = series_for("date_from=2026-02-27&date_to=2026-03-08")
    assert series.periods[0] == D(2026, 2, 27) and series.periods[-1] == D(2026, 3, 8)
    assert len(series.periods) == 10
    assert series.incidents[:3] == [0, 0, 0] and series.incidents[-2:] == [0, 0]


def test_a_range_ending_in_the_future_stops_at_today(rows):
    today = timezone.localdate()
    _, series = series_for(f"date_from={today - dt.timedelta(days=3)}&date_to=2099-01-01")
    assert series.periods[-1] == today
    assert len(series.periods) == 4


def test_series_totals_equal_the_table_totals_for_the_same_filter(rows):
    for query in ("", "region=belgorod-oblast", "threat=uav", "date_from=2026-03-03"):
        filterset, series = series_for(query)
        totals = filterset.qs.totals()
        assert sum(series.incidents) == totals.incidents == filterset.qs.count()
        assert sum(series.intercepted) == totals.intercepted.total


def test_totals_summed_from_the_regions_equal_the_direct_totals(rows):
    IncidentFactory(date=D(2026, 3, 6), intercepted=3, killed=2, injured=5, region=region("RU-BEL"))
    IncidentFactory(date=D(2026, 3, 7), intercepted=None, killed=1, region=region("RU-MOW"))
    for query in ("", "region=belgorod-oblast", "threat=uav", "date_from=2026-03-06", "q=nothing"):
        filterset, _ = series_for(query)
        totals, regions = filterset.qs.overview_figures()
        assert totals == filterset.qs.totals(), query
        assert [row.region.slug for row in regions] == [
            row.region.slug for row in filterset.qs.region_totals()
        ]


def test_one_regions_series(rows):
    _, series = series_for("region=belgorod-oblast")
    assert series.periods == [D(2026, 3, 5), D(2026, 3, 6)]
    assert series.incidents == [1, 1]
    assert series.intercepted == [0, 7]


def test_split_by_threat_type_adds_up_to_the_totals(rows):
    _, series = series_for("")
    by_slug = {s.slug: s for s in series.by_threat}
    assert by_slug["uav"].intercepted == [10, 0, 0, 0, 7]
    assert by_slug["cruise-missile"].intercepted == [5, 0, 0, 0, 0]
    summed = [sum(day) for day in zip(*(s.incidents for s in series.by_threat), strict=True)]
    assert summed == series.incidents


def test_no_rows_and_no_range_gives_an_empty_series():
    _, series = series_for("")
    assert series.periods == [] and series.as_json()["periods"] == []


def test_seven_day_average_starts_once_seven_days_are_in_range():
    assert moving_mean([7, 0, 0, 0, 0, 0, 0, 14], 7) == [None] * 6 + [1.0, 2.0]


def test_a_period_without_a_figure_is_left_out_of_the_average_not_taken_as_0():
    # Seven days, two of whose incidents gave no figure: the mean of the five that did.
    assert moving_mean([7, None, 0, 0, None, 0, 3], 7) == [None] * 6 + [2.0]
    assert moving_mean([None, None, None], 3) == [None, None, None]


def test_series_is_one_aggregate_query_and_one_for_the_threat_names(
    rows, django_assert_num_queries
):
    # The first series of a data version also reads the record's days (one query, kept for
    # the version); outside a request, each series looks the data version up.
    with django_assert_num_queries(4) as captured:
        count_series(Incident.objects.published(), grain="day")
    days = captured.captured_queries[-1]["sql"]
    assert "UNION" in days and "incidents_statement" in days
    with django_assert_num_queries(3) as captured:
        count_series(Incident.objects.published(), grain="day")
    aggregate, names, version = (query["sql"] for query in captured.captured_queries)
    assert "GROUP BY" in aggregate and "incidents_incident" in aggregate
    assert "incidents_threattype" in names and "incidents_incident" not in names
    assert "dashboard_dataversion" in version


def test_split_shows_the_four_largest_threats_and_sums_the_rest():
    slugs = [
        "uav",
        "cruise-missile",
        "ballistic-missile",
        "guided-aerial-bomb",
        "fpv-drone",
        "unknown",
    ]
    for rank, slug in enumerate(slugs):
        IncidentFactory(date=D(2026, 3, 2), intercepted=100 - rank, threat_type=threat(slug))
    series = count_series(Incident.objects.published(), grain="day")
    assert [s.slug for s in series.by_threat] == [*slugs[:4], "other-threats"]
    assert series.by_threat[-1].intercepted == [(100 - 4) + (100 - 5)]
    assert sum(s.intercepted[0] for s in series.by_threat) == series.intercepted[0]
