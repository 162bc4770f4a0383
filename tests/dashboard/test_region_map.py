"""The tile-grid map of the regions: a tile for every region, shaded by the selected measure,
hatched (never shaded as zero) where a region's incidents gave no figure, each a link to the
table filtered by that region, on the overview and at /map/, following the filter."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from dashboard import regionmap
from incidents.models import Region
from tests.conftest import table_ids
from tests.factories import IncidentFactory, region, threat

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    day = dt.date(2026, 3, 1)
    for n in range(6):
        IncidentFactory(date=day, region=region("RU-BEL"), intercepted=100 + n)
    IncidentFactory(date=day, region=region("RU-KRS"), intercepted=3)
    fpv = threat("fpv-drone")
    IncidentFactory(date=day, region=region("RU-KRS"), intercepted=4, threat_type=fpv)
    # Voronezh: incidents, and not one figure among them.
    IncidentFactory(date=day, region=region("RU-VOR"), intercepted=None)
    IncidentFactory(
        date=day, region=region("RU-VOR"), intercepted=None, intercepted_status="withheld"
    )
    # Kaluga: a reported 0, which is a figure.
    IncidentFactory(date=day, region=region("RU-KLU"), intercepted=0)


def tiles(html):
    """slug -> (the tile's link, its fill, its accessible name) of each tile on the page."""
    found = {}
    for match in re.finditer(
        r'<a href="([^"]+)" class="tile[^"]*" data-region="([^"]+)" aria-label="([^"]+)">'
        r"<title>[^<]*</title><rect [^>]*fill=\"([^\"]+)\"",
        html,
    ):
        href, slug, label, fill = match.groups()
        found[slug] = (href.replace("&amp;", "&"), fill, label)
    return found


def test_every_region_has_one_tile_of_its_own():
    seeded = set(Region.objects.values_list("slug", flat=True))
    assert set(regionmap.PLACES) == seeded  # every seeded region, nothing else
    places = [(column, row) for _, column, row in regionmap.PLACES.values()]
    assert len(places) == len(set(places))
    assert {"crimea", "sevastopol", "black-sea", "sea-of-azov"} <= set(regionmap.PLACES)


def test_a_region_whose_incidents_gave_no_figure_is_hatched_not_shaded_as_zero(client, record):
    html = client.get(reverse("dashboard:map")).content.decode()
    found = tiles(html)
    assert len(found) == Region.objects.count()
    assert found["voronezh-oblast"][1] == "url(#no-figure-hatch)"
    assert found["voronezh-oblast"][2] == "Voronezh Oblast, VOR: no figure reported"
    # A region with nothing recorded is empty, and a reported 0 is a figure: neither hatched.
    assert found["tula-oblast"][1] == regionmap.EMPTY
    assert found["tula-oblast"][2] == "Tula Oblast, TUL: 0"
    assert found["kaluga-oblast"][1] == regionmap.EMPTY
    assert found["kaluga-oblast"][2] == "Kaluga Oblast, KLU: 0"
    # Shaded by the sums: Belgorod's 615 darker than Kursk's 7.
    assert found["belgorod-oblast"][2] == "Belgorod Oblast, BEL: 615"
    shade = regionmap.SHADES.index
    assert shade(found["belgorod-oblast"][1]) > shade(found["kursk-oblast"][1])
    assert "incidents, but no figure reported" in html  # the hatch is in the legend


@pytest.mark.parametrize("language", ["en", "ru"])
def test_each_tiles_name_holds_the_code_written_on_it(client, record, language):
    # A speech-input user says what they see ("click BEL"): the visible label is in the name.
    html = client.get(f"/{language}/map/").content.decode()
    named = re.findall(r'aria-label="([^"]+)">.*?<text [^>]*>([^<]+)</text></a>', html)
    assert len(named) == Region.objects.count()
    assert all(f", {code}: " in name for name, code in named), named[:3]


def test_the_map_follows_the_measure_and_the_filter(client, record):
    found = tiles(client.get(reverse("dashboard:map"), {"measure": "incidents"}).content.decode())
    assert found["voronezh-oblast"][1] != "url(#no-figure-hatch)"  # 2 incidents is a number
    assert found["voronezh-oblast"][2] == "Voronezh Oblast, VOR: 2"
    found = tiles(client.get(reverse("dashboard:map"), {"threat": "fpv-drone"}).content.decode())
    assert found["kursk-oblast"][2] == "Kursk Oblast, KRS: 4"
    assert found["belgorod-oblast"][2] == "Belgorod Oblast, BEL: 0"
    # The overview carries the same map.
    overview = client.get(reverse("dashboard:overview"), {"threat": "fpv-drone"})
    assert tiles(overview.content.decode()) == found


def test_each_tile_links_to_that_regions_rows_under_the_same_filter(client, record):
    response = client.get(reverse("dashboard:map"), {"date_from": "2026-03-01"})
    href = tiles(response.content.decode())["kursk-oblast"][0]
    assert href == "/en/incidents/?date_from=2026-03-01&region=kursk-oblast"
    query = dict(pair.split("=") for pair in href.split("?")[1].split("&"))
    assert table_ids(client, query)[1] == 2


def test_a_bad_filter_is_a_400_with_the_form(client):
    response = client.get(reverse("dashboard:map"), {"measure": "everything"})
    assert response.status_code == 400
    assert b"measure" in response.content or b"Select a valid choice" in response.content


def test_breaks_are_round_and_rising():
    assert regionmap.breaks([0, None, 5]) == [1]
    bounds = regionmap.breaks(range(1, 2001))
    assert bounds == sorted(set(bounds)) and bounds[0] == 1
    assert all(len(str(b).rstrip("0")) <= 2 for b in bounds)
