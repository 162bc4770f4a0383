"""The table of a chart's figures follows the chart's grain, newest first, a page at a time, with
a CSV of the same numbers; every download is named for what it holds."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from tests.factories import IncidentFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    for n in range(0, 300, 3):
        IncidentFactory(
            date=dt.date(2026, 1, 1) + dt.timedelta(days=n),
            region=region("RU-BEL"),
            intercepted=None if n % 9 == 0 else n,
        )


def test_a_filtered_download_says_what_it_holds(client, record):
    query = {"region": "belgorod-oblast", "date_from": "2026-11-01", "date_to": "2026-11-30"}
    names = {
        name: client.get(reverse(f"dashboard:{name}"), query)["Content-Disposition"]
        for name in ("export-csv", "export-json", "export-region-totals")
    }
    held = "belgorod-oblast_2026-11-01_2026-11-30"
    assert names == {
        "export-csv": f'attachment; filename="incidents_{held}.csv"',
        "export-json": f'attachment; filename="incidents_{held}.json"',
        "export-region-totals": f'attachment; filename="regions_{held}.csv"',
    }
    many = {"region": ["belgorod-oblast", "kursk-oblast", "moscow"], "threat": "uav"}
    many_name = client.get(reverse("dashboard:export-csv"), {**query, **many})
    assert (
        'filename="incidents_3-regions_uav_2026-11-01_2026-11-30.csv"'
        in (many_name["Content-Disposition"])
    )


def rows_of(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_figures_table_is_newest_first_by_the_charts_grain_and_paged(client, record):
    query = {"grain": "week"}
    response = client.get(reverse("dashboard:daily-table"), query)
    page = response.context["page"]
    weeks = [row[0] for row in page.object_list]
    assert weeks == sorted(weeks, reverse=True)  # newest first
    assert response.context["series"].grain == "week"
    assert page.paginator.count == len(response.context["series"].periods)
    daily = client.get(reverse("dashboard:daily-table"), {"grain": "day"})
    assert daily.context["page"].paginator.num_pages == 3  # 298 days, 100 a page
    assert "Page 1 of 3" in daily.content.decode()
    second = client.get(reverse("dashboard:daily-table"), {"grain": "day", "page": "2"})
    second = second.context["page"]
    assert second.object_list[0][0] == daily.context["page"].object_list[-1][0] - dt.timedelta(1)
    # A page number that is none is refused, as the table's page links are (it showed the
    # first page, the address still saying "x"); one past the last shows the last.
    assert client.get(reverse("dashboard:daily-table"), {"page": "x"}).status_code == 400
    last = client.get(reverse("dashboard:daily-table"), {"grain": "day", "page": "99"})
    assert last.status_code == 200 and "Page 3 of 3" in last.content.decode()


def test_the_figures_csv_holds_the_charts_numbers(client, record):
    query = {"grain": "month"}
    data = client.get(reverse("dashboard:daily-chart-data"), query).json()
    response = client.get(reverse("dashboard:daily-chart-csv"), query)
    assert response["Content-Disposition"] == (
        'attachment; filename="per-month_all-regions_2026-01-01_2026-10-25.csv"'
    )
    rows = rows_of(response)
    assert rows[0]["period_start"] == "2026-01-01"
    assert [int(r["incidents"]) for r in rows] == data["incidents"]
    # No figure is a blank, as in every other file; a figure is a number.
    assert [int(r["intercepted"]) if r["intercepted"] else None for r in rows] == data[
        "intercepted"
    ]
    assert [int(r["intercepted_without_figure"]) for r in rows] == data[
        "intercepted_without_figure"
    ]
    assert client.get(reverse("dashboard:daily-chart-csv"), {"grain": "hour"}).status_code == 400
