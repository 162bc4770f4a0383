"""The chart embedded in another site's page, in a real Chromium: the embed page draws its chart
with its title and source line, fits its frame's height (static/js/embed.js), and is the only
page that a frame on another site shows. Screenshots at 390 and 1366 px go to
test-output/browser/."""

import datetime as dt

import pytest

from tests.browser.test_layout import TAP_TARGETS, TOO_WIDE
from tests.factories import IncidentFactory, region, threat

pytestmark = pytest.mark.django_db(transaction=True)
EMBED = "/embed/chart/?region=belgorod-oblast&grain=week&split=threat"


@pytest.fixture
def record(seeded):
    for day in range(0, 120, 2):
        IncidentFactory(
            date=dt.date(2026, 1, 1) + dt.timedelta(days=day),
            region=region("RU-BEL"),
            threat_type=threat(("uav", "cruise-missile")[day % 3 == 0]),
            intercepted=None if day % 10 == 0 else day,
        )


def test_the_embed_page_at_phone_and_laptop_width(page, live_server, record):
    page.goto(live_server.url + EMBED)
    page.wait_for_selector("#daily-chart[data-drawn]")
    page.screenshot(path=page.screenshot_name("embed"), full_page=True)
    assert (
        page.locator("h1").inner_text().startswith("Reported intercepted per week, Belgorod Oblast")
    )
    back = page.get_by_role("link", name="See this view on the Air-defence incident record")
    assert back.get_attribute("target") == "_top"
    assert back.get_attribute("href").endswith("/regions/belgorod-oblast/?grain=week&split=threat")
    assert page.evaluate(TOO_WIDE) == []
    assert page.evaluate(TAP_TARGETS)["small"] == []
    # The whole embed fits the snippet's frame height.
    assert page.evaluate("document.documentElement.getBoundingClientRect().height") <= 560
    assert page.watch.problems == []


# Another origin than the live server's ("localhost").
HOST = "http://127.0.0.1:8309/story.html"


def test_another_site_frames_the_embed_and_nothing_else(browser, live_server, record):
    # A real newsroom's page is not on this machine; the permission lets a page served as
    # 127.0.0.1 frame the live server's localhost, as two public sites would.
    context = browser.new_context(
        viewport={"width": 1000, "height": 900}, permissions=["local-network-access"]
    )
    page = context.new_page()
    snippet = (
        f'<iframe id="chart" src="{live_server.url}{EMBED}" title="chart" width="100%" '
        f'height="300" style="border:0"></iframe>'
        f'<script src="{live_server.url}/static/js/embed.js" async></script>'
        f'<iframe id="overview" src="{live_server.url}/en/" title="overview"></iframe>'
    )
    # The newsroom's page, served by the browser itself: no request leaves the machine.
    page.route(
        HOST,
        lambda route: route.fulfill(
            body=f"<!doctype html><title>Story</title><p>A story.</p>{snippet}",
            content_type="text/html",
        ),
    )
    refused = []
    page.on("console", lambda m: "frame-ancestors" in m.text and refused.append(m.text))
    page.goto(HOST)
    chart = page.frame_locator("#chart")
    chart.locator("#daily-chart[data-drawn]").wait_for()
    assert "Belgorod Oblast" in chart.locator("h1").inner_text()
    # embed.js set the frame's height to its content's (from 300 px).
    page.wait_for_function("document.getElementById('chart').style.height !== ''", timeout=5000)
    height = page.evaluate("document.getElementById('chart').getBoundingClientRect().height")
    inner = chart.locator("html").evaluate("e => e.getBoundingClientRect().height")
    assert abs(height - inner) <= 1 and height > 300
    page.screenshot(path="test-output/browser/embed-in-a-host-page.png", full_page=True)
    # The overview refused to be framed: its frame shows none of it.
    assert chart.locator("h1").count() == 1
    overview = page.locator("#overview").element_handle().content_frame()
    assert overview.url.startswith("chrome-error://")
    assert "Air-defence" not in overview.content()
    assert any(live_server.url + "/" in text for text in refused), refused
    context.close()
