"""/compare/ in a real Chromium: a chart per region, every one on the same y scale, with the
region's title; screenshots at 390 and 1366 px in test-output/browser/."""

import datetime as dt

import pytest

from tests.factories import IncidentFactory, region

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def record(seeded):
    for n in range(20):
        IncidentFactory(date=dt.date(2026, 2, 1 + n), region=region("RU-BEL"), intercepted=5 * n)
        if n % 4 == 0:
            IncidentFactory(date=dt.date(2026, 2, 1 + n), region=region("RU-KRS"), intercepted=n)
    IncidentFactory(date=dt.date(2026, 2, 3), region=region("RU-KRS"), intercepted=None)


def test_the_regions_share_one_scale(page, live_server, record):
    page.goto(f"{live_server.url}/en/compare/?region=kursk-oblast&region=belgorod-oblast")
    page.wait_for_selector("[data-compare][data-scale]")  # the numbers are in
    below = page.evaluate(
        """[...document.querySelectorAll('.compare-frame canvas')]
          .map(c => c.getBoundingClientRect().top > innerHeight + 200 && !c.dataset.drawn)"""
    )
    if page.viewport_size["width"] < 500:
        # On a phone the second chart sits well below the first screen: drawn when it comes
        # near it, not at load.
        assert below[1], below
    for frame in page.locator(".compare-frame").all():
        frame.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelectorAll('canvas[data-drawn]').length === 2")
    page.screenshot(path=page.screenshot_name("compare"), full_page=True)
    scales = page.evaluate(
        "[...document.querySelectorAll('.compare-frame canvas')]"
        ".map(c => Chart.getChart(c).scales.y.max)"
    )
    # Belgorod's largest day (95) sets the scale of both, rounded as the axis rounds it.
    assert scales[0] == scales[1] and scales[0] >= 95
    # Each title in lines no wider than its chart (on a phone its dates fell off the canvas).
    lines = page.evaluate(
        """[...document.querySelectorAll('.compare-frame canvas')].map(c => {
          const chart = Chart.getChart(c), context = chart.ctx;
          context.font = Chart.helpers.toFont(chart.options.plugins.title.font).string;
          return [].concat(chart.options.plugins.title.text)
            .map(line => [line, context.measureText(line).width <= chart.width]);
        })"""
    )
    titles = [" ".join(line for line, _ in title if line) for title in lines]
    assert titles[0].startswith("Reported intercepted per day, Belgorod Oblast")
    assert titles[1].startswith("Reported intercepted per day, Kursk Oblast")
    assert titles[0].endswith("1 Feb 2026 – 20 Feb 2026"), titles  # nothing cut
    assert all(fits for title in lines for _, fits in title), lines
    # On one scale, the plots are the same height too: Kursk's no-figure day gives its chart
    # a legend entry, Belgorod's has none, and their titles wrap differently on a phone.
    heights = page.evaluate(
        "[...document.querySelectorAll('.compare-frame canvas')]"
        ".map(c => Chart.getChart(c).chartArea.height)"
    )
    assert heights[0] == heights[1], heights
    assert page.watch.problems == []
