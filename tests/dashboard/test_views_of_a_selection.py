"""How a page says what it shows: the active filters as chips that remove them, the regions
sorted as the reader asks (no figure after every number), one language per page."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.factories import IncidentFactory, region, threat

pytestmark = pytest.mark.django_db


def chips(response):
    """(label, href) of each chip on a page."""
    html = response.content.decode()
    return [
        (re.sub(r"\s+", " ", label).strip(), href.replace("&amp;", "&"))
        for href, label in re.findall(
            r'<a class="chip[^"]*" href="([^"]*)"[^>]*>(.*?)(?:<span class="chip-remove"|</a>)',
            html,
        )
    ]


def test_each_active_filter_is_a_chip_whose_link_removes_it_alone(client):
    IncidentFactory(region=region("RU-BEL"))
    query = (
        "?region=kaluga-oblast&region=belgorod-oblast&threat=uav&date_from=2026-02-01"
        "&q=drones&sort=date&cursor=abc&damage="
    )
    response = client.get(reverse("dashboard:overview") + query)
    assert response.status_code == 200
    found = chips(response)
    assert [label for label, _ in found] == [
        "From: 1 Feb 2026",
        "Belgorod Oblast",
        "Kaluga Oblast",
        "UAV",
        "Search: drones",
        "Clear all",
    ]
    removed = {
        label: {k: sorted(v) for k, v in parse_qs(urlsplit(href).query).items()}
        for label, href in found
    }
    everything = {
        "region": ["belgorod-oblast", "kaluga-oblast"],
        "threat": ["uav"],
        "date_from": ["2026-02-01"],
        "q": ["drones"],
        "sort": ["date"],  # how to show the rows is kept; the page position is not
    }
    assert removed["Kaluga Oblast"] == {**everything, "region": ["belgorod-oblast"]}
    assert removed["Belgorod Oblast"] == {**everything, "region": ["kaluga-oblast"]}
    assert removed["UAV"] == {k: v for k, v in everything.items() if k != "threat"}
    assert removed["From: 1 Feb 2026"] == {k: v for k, v in everything.items() if k != "date_from"}
    assert removed["Clear all"] == {"sort": ["date"]}
    assert all(urlsplit(href).path == "/en/" for _, href in found)


def test_a_region_page_shows_no_chip_for_its_own_region(client):
    IncidentFactory(region=region("RU-KLU"))
    response = client.get(
        reverse("dashboard:region-detail", args=["kaluga-oblast"]) + "?threat=uav"
    )
    assert [label for label, _ in chips(response)] == ["UAV"]


def test_an_unreadable_filter_opens_the_form_and_shows_no_chip(client):
    response = client.get(reverse("dashboard:incident-list") + "?region=nowhere&threat=uav")
    assert response.status_code == 400
    assert chips(response) == []
    assert '<details class="filter-disclosure" open>' in response.content.decode()


@pytest.fixture
def regions():
    # Kaluga: 2 incidents, 50 reported; Belgorod: 3 incidents, none with a figure; Kursk: 1
    # incident, 0 reported; Moscow: 1 incident, 7 reported.
    day = dt.date(2026, 3, 1)
    IncidentFactory(date=day, region=region("RU-KLU"), intercepted=20)
    IncidentFactory(date=day, region=region("RU-KLU"), intercepted=30)
    for _ in range(3):
        IncidentFactory(date=day, region=region("RU-BEL"), intercepted=None)
    IncidentFactory(date=day, region=region("RU-KRS"), intercepted=0)
    IncidentFactory(
        date=day, region=region("RU-MOW"), intercepted=7, threat_type=threat("fpv-drone")
    )


def region_order(client, order=None):
    query = {"order": order} if order else {}
    response = client.get(reverse("dashboard:region-list"), query)
    assert response.status_code == 200
    return [row.region.name for row in response.context["regions"]]


@pytest.mark.parametrize(
    "order, expected",
    [
        (None, ["Kaluga Oblast", "Moscow", "Kursk Oblast", "Belgorod Oblast"]),
        ("-intercepted", ["Kaluga Oblast", "Moscow", "Kursk Oblast", "Belgorod Oblast"]),
        # No figure is not a small number: it stays last when the numbers go up.
        ("intercepted", ["Kursk Oblast", "Moscow", "Kaluga Oblast", "Belgorod Oblast"]),
        ("-incidents", ["Belgorod Oblast", "Kaluga Oblast", "Kursk Oblast", "Moscow"]),
        ("incidents", ["Kursk Oblast", "Moscow", "Kaluga Oblast", "Belgorod Oblast"]),
        ("name", ["Belgorod Oblast", "Kaluga Oblast", "Kursk Oblast", "Moscow"]),
        ("-name", ["Moscow", "Kursk Oblast", "Kaluga Oblast", "Belgorod Oblast"]),
    ],
)
def test_regions_sort_by_name_incidents_or_reported_intercepted(client, regions, order, expected):
    assert region_order(client, order) == expected


def test_the_region_sort_keeps_the_filter_and_its_headers_say_the_order(client, regions):
    response = client.get(reverse("dashboard:region-list"), {"order": "name", "threat": "uav"})
    assert [r.region.name for r in response.context["regions"]] == [
        "Belgorod Oblast",
        "Kaluga Oblast",
        "Kursk Oblast",
    ]
    html = response.content.decode()
    assert re.search(r'aria-sort="ascending"><a href="\?threat=uav&amp;order=-name">', html)
    # A number column starts with the largest.
    assert re.search(r'aria-sort="none"><a href="\?threat=uav&amp;order=-incidents">', html)
    assert '<input type="hidden" name="order" value="name">' in html  # the form keeps it


@pytest.mark.parametrize("order", ["region", "--name", "name\x00", "intercepted,name"])
def test_an_unknown_region_order_is_a_400_with_the_form(client, regions, order):
    response = client.get(reverse("dashboard:region-list"), {"order": order})
    assert response.status_code == 400
    assert "cannot be sorted by" in response.content.decode()


def test_the_regions_page_speaks_one_language(client, regions):
    html = client.get(reverse("dashboard:region-list")).content.decode()
    headers = re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)
    assert not any(re.search("[а-яА-Я]", header) for header in headers)
    # The Russian name is an alias under the English one, marked as Russian.
    assert '<span class="alias" lang="ru">Калужская область</span>' in html
