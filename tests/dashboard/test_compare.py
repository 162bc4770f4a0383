"""/compare/: two to four regions side by side, their totals from the same figures as the
region pages, and a chart each from the chart data view with the same filter."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import IncidentFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    for n in range(5):
        IncidentFactory(date=dt.date(2026, 3, 1 + n), region=region("RU-BEL"), intercepted=10 + n)
    IncidentFactory(date=dt.date(2026, 3, 2), region=region("RU-KRS"), intercepted=None)
    IncidentFactory(date=dt.date(2026, 3, 9), region=region("RU-KRS"), intercepted=7)


def compare(client, *slugs, **query):
    return client.get(reverse("dashboard:compare"), {"region": list(slugs), **query})


def test_totals_side_by_side_equal_each_regions_page(client, record):
    response = compare(client, "kursk-oblast", "belgorod-oblast", "tula-oblast")
    assert response.status_code == 200
    columns = response.context["columns"]
    assert [c[0].slug for c in columns] == ["belgorod-oblast", "kursk-oblast", "tula-oblast"]
    for region_, figures, _, _ in columns[:2]:
        page = client.get(reverse("dashboard:region-detail", args=[region_.slug]))
        assert figures.incidents == page.context["totals"].incidents
        assert figures.intercepted == page.context["totals"].intercepted
    assert columns[2][1] is None  # Tula: nothing recorded, shown as 0
    html = response.content.decode()
    assert "1 of 2 incidents gave no figure" in html


def test_each_chart_reads_its_region_with_the_same_filter_and_grain(client, record):
    response = compare(client, "kursk-oblast", "belgorod-oblast", date_from="2026-03-01")
    urls = [c[2] for c in response.context["columns"]]
    data = [client.get(url).json() for url in urls]
    # One grain for all, the same periods: the charts line up.
    assert data[0]["periods"] == data[1]["periods"] and data[0]["grain"] == data[1]["grain"]
    assert sum(data[0]["incidents"]) == 5 and sum(data[1]["incidents"]) == 2
    assert "Belgorod Oblast" in data[0]["title"] and "Kursk Oblast" in data[1]["title"]
    # Kursk's 2 March gave no figure: null, not 0.
    assert data[1]["intercepted"][1] is None


def test_fewer_than_two_regions_asks_for_them_and_too_many_is_a_400(client, record):
    response = compare(client, "kursk-oblast")
    assert response.status_code == 200
    assert "Choose two to four regions" in response.content.decode()
    response = compare(client, "kursk-oblast", "belgorod-oblast", "tula-oblast", "moscow", "crimea")
    assert response.status_code == 400
    assert "Choose at most 4 regions" in response.content.decode()


def test_the_count_of_incidents_has_its_thousands_separator(client):
    day = dt.date(2026, 3, 1)
    IncidentFactory.create_batch(1000, date=day, region=region("RU-BEL"), intercepted=1)
    IncidentFactory(date=day, region=region("RU-KRS"), intercepted=1)
    html = compare(client, "kursk-oblast", "belgorod-oblast").content.decode()
    assert "<strong>1,001</strong> published incidents in these 2 regions." in html
    russian = client.get("/ru/compare/?region=kursk-oblast&region=belgorod-oblast")
    assert "<strong>1\xa0001</strong> опубликованный инцидент" in russian.content.decode()
