"""Charts by day, ISO week and calendar month: the same numbers in coarser periods, a title that
says what, where and when, and a query string that draws the same chart again."""

import datetime as dt
import re
from collections import defaultdict

import pytest
from django.urls import reverse

from dashboard.stats import MAX_BARS, auto_grain
from tests.factories import IncidentFactory, damage, region, threat

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def around_new_year():
    """Incidents on both sides of month and year edges; 2020 has an ISO week 53 (28 Dec 2020 to
    3 Jan 2021), which spans the new year. Some gave no intercepted figure: on 2 Jan alone in
    its day but not in its week, and on 10 Feb alone in its whole week."""
    days = [
        D(2020, 11, 30),
        D(2020, 12, 1),
        D(2020, 12, 27),
        D(2020, 12, 28),
        D(2020, 12, 31),
        D(2021, 1, 1),
        D(2021, 1, 3),
        D(2021, 1, 4),
        D(2021, 1, 31),
        D(2021, 2, 1),
        D(2021, 2, 28),
        D(2021, 3, 1),
    ]
    for n, day in enumerate(days):
        IncidentFactory(
            date=day,
            intercepted=n * 3,
            threat_type=threat(("uav", "cruise-missile")[n % 2]),
            region=region(("RU-BEL", "RU-KRS")[n % 2]),
        )
        if n % 3 == 0:
            IncidentFactory(date=day, intercepted=5, threat_type=threat("uav"))
    IncidentFactory(date=D(2021, 1, 2), intercepted=None)
    IncidentFactory(date=D(2021, 2, 10), intercepted=None)


def chart_json(client, **query):
    response = client.get(reverse("dashboard:daily-chart-data"), query)
    assert response.status_code == 200, response.content
    return response.json()


def period_key(day, grain):
    """The period a day belongs to, computed apart from the code under test."""
    if grain == "week":
        return day.isocalendar()[:2]  # (ISO year, ISO week)
    return (day.year, day.month)


def summed(daily, grain):
    """The daily series' numbers added up per period, as a reader would with a calculator."""
    periods = defaultdict(lambda: {"incidents": 0, "reported": [], "without": 0})
    for n, day in enumerate(daily["periods"]):
        period = periods[period_key(D.fromisoformat(day), grain)]
        period["incidents"] += daily["incidents"][n]
        period["without"] += daily["intercepted_without_figure"][n]
        if daily["incidents"][n] and daily["intercepted"][n] is not None:
            period["reported"].append(daily["intercepted"][n])
    return {
        key: (
            p["incidents"],
            # no incident: 0; incidents none of which gave a figure: no figure (None), never 0
            sum(p["reported"]) if p["reported"] or not p["incidents"] else None,
            p["without"],
        )
        for key, p in periods.items()
    }


RANGES = [
    {},  # the whole record
    {"date_from": "2020-12-01", "date_to": "2021-02-28"},  # whole months
    {"date_from": "2020-11-30", "date_to": "2021-03-01"},  # a day either side of them
    {"date_from": "2020-12-29", "date_to": "2021-01-02"},  # inside ISO week 53
    {"date_from": "2020-12-31", "date_to": "2021-01-01"},  # the year's edge
    {"date_from": "2021-02-08", "date_to": "2021-02-14"},  # the week without a figure
]


@pytest.mark.parametrize("grain", ["week", "month"])
@pytest.mark.parametrize("dates", RANGES)
def test_week_and_month_sums_equal_the_daily_series_over_the_same_range(
    client, around_new_year, grain, dates
):
    daily = chart_json(client, grain="day", **dates)
    coarse = chart_json(client, grain=grain, **dates)
    expected = summed(daily, grain)
    starts = [D.fromisoformat(day) for day in coarse["periods"]]
    assert [period_key(start, grain) for start in starts] == sorted(expected)
    assert all(s.weekday() == 0 if grain == "week" else s.day == 1 for s in starts)
    found = {
        period_key(start, grain): (
            coarse["incidents"][n],
            coarse["intercepted"][n],
            coarse["intercepted_without_figure"][n],
        )
        for n, start in enumerate(starts)
    }
    assert found == expected
    assert sum(coarse["incidents"]) == sum(daily["incidents"])
    for series in coarse["by_threat"]:
        by_day = next(s for s in daily["by_threat"] if s["slug"] == series["slug"])
        assert sum(series["incidents"]) == sum(by_day["incidents"])


def test_iso_week_53_is_one_period_across_the_new_year(client, around_new_year):
    data = chart_json(client, grain="week", date_from="2020-12-28", date_to="2021-01-03")
    assert data["periods"] == ["2020-12-28"]
    assert D(2020, 12, 28).isocalendar()[:2] == (2020, 53)
    # 28 Dec (9 and 5) + 31 Dec (12) + 1 Jan (15) + 3 Jan (18 and 5) + 2 Jan (no figure)
    assert data["incidents"] == [7] and data["intercepted"] == [9 + 5 + 12 + 15 + 18 + 5]
    assert data["intercepted_without_figure"] == [1]
    assert data["labels"] == ["Week of 28 Dec 2020"]


def test_a_week_whose_incidents_gave_no_figure_is_no_figure_not_zero(client, around_new_year):
    data = chart_json(client, grain="week", date_from="2021-02-01", date_to="2021-02-21")
    assert data["incidents"] == [2, 1, 0]
    assert data["intercepted"] == [27 + 5, None, 0]


def test_periods_cut_by_the_range_say_which_days_they_hold(client, around_new_year):
    data = chart_json(client, grain="month", date_from="2020-12-31", date_to="2021-01-01")
    assert data["periods"] == ["2020-12-01", "2021-01-01"]
    assert data["labels"] == [
        "Dec 2020 (31 Dec 2020 – 31 Dec 2020 only)",
        "Jan 2021 (1 Jan 2021 – 1 Jan 2021 only)",
    ]
    assert data["ticks"] == ["Dec 2020", "Jan 2021"]
    assert data["incidents"] == [1, 1]


def test_the_automatic_grain_keeps_a_chart_within_the_bar_limit():
    start = D(2023, 1, 2)  # a Monday
    assert auto_grain(start, start + dt.timedelta(days=MAX_BARS - 1)) == "day"
    assert auto_grain(start, start + dt.timedelta(days=MAX_BARS)) == "week"
    assert auto_grain(start, start + dt.timedelta(weeks=MAX_BARS) - dt.timedelta(days=1)) == "week"
    assert auto_grain(start, start + dt.timedelta(weeks=MAX_BARS)) == "month"
    assert auto_grain(D(2022, 12, 3), D(2026, 12, 2)) == "month"  # four years: 48 bars


def test_a_page_without_a_grain_links_its_chart_with_the_grain_it_chose(client):
    IncidentFactory(date=D(2024, 1, 1))
    IncidentFactory(date=D(2025, 6, 30))
    page = client.get(reverse("dashboard:overview"))
    chart = page.context["chart"]
    assert chart.grain == "week"
    assert "grain=week" in chart.json_url and "grain=week" in chart.table_url
    data = client.get(chart.json_url).json()
    assert data["grain"] == "week" and len(data["periods"]) <= MAX_BARS
    assert chart_json(client)["periods"] == data["periods"]


# Title, source line, and the link that draws the chart again ---------------------------------


@pytest.fixture
def belgorod_2025():
    for month in range(1, 13):
        IncidentFactory(date=D(2025, month, 15), region=region("RU-BEL"), threat_type=threat("uav"))
    IncidentFactory(date=D(2025, 5, 5), region=region("RU-KRS"), threat_type=threat("uav"))
    IncidentFactory(date=D(2025, 5, 6), region=region("RU-BEL"), threat_type=threat("fpv-drone"))


def test_the_title_says_what_where_and_when(client, belgorod_2025):
    query = {
        "region": "belgorod-oblast",
        "threat": "uav",
        "date_from": "2025-01-01",
        "date_to": "2025-12-31",
        "grain": "week",
    }
    title = "Reported intercepted per week, UAV, Belgorod Oblast, 2025"
    assert chart_json(client, **query)["title"] == title
    page = client.get(reverse("dashboard:overview"), query).content.decode()
    assert f'<h2 id="chart-title" data-chart-title>{title}</h2>' in page

    assert (
        chart_json(
            client,
            region=["belgorod-oblast", "kursk-oblast"],
            measure="incidents",
            date_from="2025-05-01",
            date_to="2025-05-31",
        )["title"]
        == "Incidents per day, Belgorod Oblast and Kursk Oblast, May 2025"
    )
    assert chart_json(client, date_from="2025-05-05", date_to="2025-05-06")["title"] == (
        "Reported intercepted per day, all regions, 5 May 2025 – 6 May 2025"
    )
    three = chart_json(client, region=["belgorod-oblast", "kursk-oblast", "moscow"])
    assert three["title"] == "Reported intercepted per week, 3 regions, 15 Jan 2025 – 15 Dec 2025"


def test_filters_the_title_does_not_name_are_listed_with_it(client, belgorod_2025):
    IncidentFactory(date=D(2025, 3, 1), damage_types=damage("fire"))
    data = chart_json(client, damage="fire", casualties="no", q="drones")
    assert data["notes"] == [
        "Damage types: Fire",
        "Casualties: No one reported killed or injured",
        "Search: drones",
    ]


def test_the_source_line_links_the_view_that_draws_the_chart_again(client, belgorod_2025):
    query = "threat=uav&region=belgorod-oblast&measure=incidents&split=threat&average=off"
    data = client.get(f"{reverse('dashboard:daily-chart-data')}?{query}").json()
    url = re.search(r"http://testserver\S+", data["source"]).group(0)
    assert data["source"] == (
        f"Claims by official sources, compiled by Air-defence incident record, {url}"
    )
    # One region: its own page, with every setting, and the grain made explicit.
    assert url.startswith("http://testserver/en/regions/belgorod-oblast/?")
    for part in ("threat=uav", "measure=incidents", "split=threat", "average=off", "grain=week"):
        assert part in url
    page = client.get(url)
    chart = page.context["chart"]
    assert (chart.grain, chart.measure, chart.split, chart.average) == (
        "week",
        "incidents",
        "threat",
        False,
    )
    again = client.get(chart.json_url).json()
    assert again == data
    # The settings form shows them chosen, so the reader sees what the link asked for.
    html = page.content.decode()
    for name, value in (("grain", "week"), ("measure", "incidents"), ("split", "threat")):
        assert re.search(
            rf'<select id="chart-{name}" name="{name}">.*?<option value="{value}" selected>', html
        )
    assert '<option value="off" selected>' in html


def test_the_filter_form_keeps_the_charts_settings(client, belgorod_2025):
    html = client.get(reverse("dashboard:overview"), {"grain": "month", "split": "threat"})
    form = html.content.decode().split('class="filters"')[1].split("</form>")[0]
    assert '<input type="hidden" name="grain" value="month">' in form
    assert '<input type="hidden" name="split" value="threat">' in form


def test_the_moving_average_follows_the_grain_unless_asked(client, belgorod_2025):
    assert chart_json(client, grain="day")["average"] is True
    assert chart_json(client, grain="day")["text"]["average"] == "7-day average"
    assert chart_json(client, grain="week")["average"] is False
    week = chart_json(client, grain="week", average="on")
    assert week["average"] is True and week["text"]["average"] == "4-week average"
    assert week["average_window"] == 4


@pytest.mark.parametrize(
    ("grain", "date_from", "date_to", "period_days", "days"),
    [
        # 2020 is a leap year: February has 29 days; the range covers 20 of them and 4 of March.
        ("month", D(2020, 2, 10), D(2020, 3, 4), [29, 31], [20, 4]),
        # ISO weeks from Monday: Wed 30 Dec 2020 falls in week 53 (28 Dec - 3 Jan).
        ("week", D(2020, 12, 30), D(2021, 1, 5), [7, 7], [5, 2]),
        ("day", D(2021, 1, 1), D(2021, 1, 2), [1, 1], [1, 1]),
    ],
)
def test_a_partial_period_says_how_many_of_its_days_the_range_holds(
    client, around_new_year, grain, date_from, date_to, period_days, days
):
    """The first period and the month so far are partial: the chart says so (fewer days, not
    a drop) instead of drawing them as whole periods."""
    data = chart_json(client, grain=grain, date_from=date_from, date_to=date_to)
    assert data["period_days"] == period_days
    assert data["days"] == days
    assert "%(days)s" in data["text"]["partial_period"]
