"""On PostgreSQL the chart's periods are added up in the database (the rollup's rows grouped by
week or month, issue 25); the series is the one the daily rows added up in Python give, for
every grain, measure and filter, partial first and last periods included."""

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory

from dashboard import stats
from dashboard.charts import Chart
from dashboard.filters import bind
from incidents import rollups
from tests.factories import IncidentFactory, region, threat

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL keeps the rollups"),
]

D = dt.date
FILTERS = [
    "",
    "region=belgorod-oblast",
    "threat=uav",
    "region=belgorod-oblast&region=kursk-oblast&threat=cruise-missile",
    "date_from=2025-12-31",  # a Wednesday, the last day of a month
    "date_from=2026-01-14&date_to=2026-02-17",  # both ends cut a week and a month
    "date_to=2026-02-01",  # a Sunday
    "verification=corroborated",
]


@pytest.fixture
def record():
    day = D(2025, 11, 20)
    for n in range(60):
        day += dt.timedelta(days=1 + n % 4)
        IncidentFactory(
            date=day,
            intercepted=None if n % 7 == 0 else n,
            threat_type=threat(("uav", "cruise-missile", "guided-aerial-bomb")[n % 3]),
            region=region(("RU-BEL", "RU-KRS", "RU-KLU")[n % 3]),
            verification=("official_claim", "corroborated")[n % 2],
        )


def series(filterset, figures, grain):
    start, end = filterset.date_range
    return stats.series(figures, start=start, end=end, grain=grain)


@pytest.mark.parametrize("query", FILTERS)
@pytest.mark.parametrize("grain", [None, "day", "week", "month"])
def test_periods_added_up_in_the_database_give_the_same_series(record, query, grain):
    filterset = bind(QueryDict(query))
    assert filterset.is_valid(), filterset.errors
    figures = filterset.figures()
    assert isinstance(figures, rollups.Selection)  # the path under test
    in_sql = series(filterset, figures, grain)
    in_python = series(filterset, filterset.qs, grain)  # the daily rows, added up here
    assert in_sql.as_json() == in_python.as_json()
    assert sum(in_sql.incidents) == filterset.qs.count()
    request = RequestFactory().get("/charts/daily.json")
    for measure in ("intercepted", "incidents"):  # the whole answer, words and all
        shown = bind(QueryDict(f"{query}&measure={measure}"))
        assert shown.is_valid()
        answers = [Chart.of_series(shown, s).as_json(s, request) for s in (in_sql, in_python)]
        assert answers[0] == answers[1]
        assert answers[0]["measure"] == measure
