"""The region map in a real Chromium: every tile reachable with the keyboard and followed with
Enter to that region's rows; screenshots at 390 and 1366 px in test-output/browser/."""

import datetime as dt

import pytest

from tests.factories import IncidentFactory, region

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def record(seeded):
    day = dt.date(2026, 3, 1)
    for n, iso in enumerate(["RU-BEL", "RU-BEL", "RU-KRS", "RU-BRY", "RU-MOW", "UA-43"]):
        IncidentFactory(date=day, region=region(iso), intercepted=10 * n + 5)
    IncidentFactory(date=day, region=region("RU-VOR"), intercepted=None)


def test_the_map_is_reachable_with_the_keyboard(page, live_server, record):
    page.goto(f"{live_server.url}/en/map/?date_from=2026-03-01")
    page.screenshot(path=page.screenshot_name("map"), full_page=True)
    tiles = page.locator(".tile-map a")
    assert tiles.count() == 89  # every region and the four seas
    hatched = page.locator(".tile-map a.no-figure")
    assert hatched.count() == 1
    assert hatched.get_attribute("aria-label") == "Voronezh Oblast, VOR: no figure reported"
    # Tab from the last control before the map reaches its first tile, then the next.
    page.locator("#map-measure").focus()
    names = []
    for _ in range(4):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.getAttribute('aria-label') || ''"))
    assert names[1] == "Murmansk Oblast, MUR: 0"  # after the Redraw button, north-west first
    assert names[2] == "Chukotka Autonomous Okrug, CHU: 0"
    page.locator('.tile-map a[data-region="belgorod-oblast"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/incidents/?*")
    assert "region=belgorod-oblast" in page.url and "date_from=2026-03-01" in page.url
    assert "2 published incidents match" in page.locator(".result-count").inner_text()
    assert page.watch.problems == []
