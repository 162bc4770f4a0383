"""A journalist's path through the dashboard, in a real Chromium."""

import datetime as dt

import pytest

from tests.factories import IncidentFactory, region, threat

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def incidents(seeded):
    for day in range(1, 15):
        IncidentFactory(
            date=dt.date(2026, 3, day),
            region=region("RU-KLU"),
            intercepted=day,
            threat_type=threat("uav"),
        )
    for day in range(3, 10):
        IncidentFactory(
            date=dt.date(2026, 3, day),
            region=region("RU-BEL"),
            intercepted=None,
            killed=1,
            threat_type=threat("fpv-drone"),
        )


def canvas_is_drawn(page):
    # The chart script fetches its numbers first, and draws once the chart comes near the
    # screen (on a phone it sits below the headline figures), so the drawing comes a moment
    # after the page.
    page.locator("#daily-chart").scroll_into_view_if_needed()
    page.locator('#daily-chart[data-drawn="true"]').wait_for(state="attached", timeout=15_000)
    return page.evaluate(
        """() => {
            const canvas = document.getElementById('daily-chart');
            if (!canvas || canvas.dataset.drawn !== 'true' || canvas.width === 0) return false;
            const context = canvas.getContext('2d');
            const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
            return false;
        }"""
    )


def test_overview_filter_table_and_chart(page, live_server, incidents):
    page.goto(f"{live_server.url}/en/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Air-defence incidents")
    assert canvas_is_drawn(page)

    # The chart's settings work, and go into the address: split by threat type, then incidents.
    page.get_by_label("Split the chart by").select_option("threat")
    page.wait_for_function("() => location.search.includes('split=threat')")
    page.get_by_label("Chart of").select_option("incidents")
    page.wait_for_function(
        """() => Chart.getChart(document.getElementById('daily-chart'))
                   .options.scales.y.title.text === 'Incidents'"""
    )
    assert "measure=incidents" in page.url
    assert page.locator("[data-chart-title]").inner_text().startswith("Incidents per day")
    assert canvas_is_drawn(page)

    # Apply a filter through the form on the table page: the table changes.
    page.goto(f"{live_server.url}/en/incidents/")
    assert "21 published incidents" in page.locator(".result-count").inner_text()
    page.locator(".filter-disclosure > summary").click()
    page.get_by_label("Belgorod Oblast").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/incidents/?*region=belgorod-oblast*")
    assert "7 published incidents match" in page.locator(".result-count").inner_text()
    rows = page.locator("table.incidents tbody tr")
    assert rows.count() == 7
    assert "not reported" in rows.first.inner_text()

    # Sort, oldest first (a column header on a laptop, the sort menu on a phone); the URL holds
    # filter and sort, and no empty fields, so the view can be shared.
    if page.viewport_size["width"] > 700:
        page.get_by_role("link", name="Date").click()
    else:
        page.locator(".filter-disclosure > summary").click()
        page.get_by_label("Sort by").select_option("date")
        page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**sort=date*")
    assert "region=belgorod-oblast" in page.url and "date_from=&" not in page.url
    page.goto(page.url)
    assert "3 Mar 2026" in page.locator("table.incidents tbody tr").first.inner_text()

    # The same filter on the overview: figures and a drawn chart.
    page.goto(f"{live_server.url}/en/?region=kaluga-oblast&date_from=2026-03-01&date_to=2026-03-31")
    assert canvas_is_drawn(page)
    assert page.locator(".totals").inner_text().count("105") == 1  # 1 + 2 + ... + 14
    page.screenshot(path=page.screenshot_name("overview"), full_page=True)
    assert page.watch.problems == []


def test_incident_page_and_region_page(page, live_server, incidents):
    page.goto(f"{live_server.url}/en/incidents/")
    page.locator("table.incidents tbody tr").first.get_by_role("link").first.click()
    page.get_by_text("Who claimed what").first.wait_for()  # the click returns before the load
    page.screenshot(path=page.screenshot_name("incident"), full_page=True)
    page.goto(f"{live_server.url}/en/regions/kaluga-oblast/")
    assert canvas_is_drawn(page)
    page.screenshot(path=page.screenshot_name("region"), full_page=True)
    assert page.watch.problems == []


def test_numbers_are_readable_without_javascript(browser, live_server, incidents):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/?region=kaluga-oblast")
    page.get_by_text("Table of the chart's figures").click()  # a link to the table's own page
    table = page.locator("table.daily")
    table.wait_for()  # the new page may not have loaded when the click returns
    # Newest first: the last day, 14 March, one incident, 14 reported intercepted, and a
    # statement in the record that day (no gap in the last column).
    newest = table.locator("tbody tr").first
    cells = [cell.inner_text().strip() for cell in newest.locator("th, td").all()]
    assert "14 Mar" in cells[0] and cells[1:] == ["1", "14", ""], cells
    context.close()


def test_the_charts_tooltip_says_no_figure_where_a_days_incidents_gave_none(
    page, live_server, incidents
):
    """Belgorod's FPV drones (no intercepted figure) alone on the chart: each day's tooltip
    reads "no figure reported", never 0."""
    page.goto(f"{live_server.url}/en/regions/belgorod-oblast/")
    assert canvas_is_drawn(page)
    labels = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.getElementById('daily-chart'));
            const label = chart.options.plugins.tooltip.callbacks.label;
            const set = chart.data.datasets[0];
            return set.data.map((raw, dataIndex) => label({dataset: set, raw, dataIndex}));
        }"""
    )
    assert labels and all(
        "no figure reported (incidents that gave no figure: 1)" in t for t in labels
    )


def test_a_partial_period_is_paler_and_its_tooltip_says_how_many_days_it_holds(
    page, live_server, incidents
):
    """March by month from the 3rd to the 14th: 12 of its 31 days, not a month that fell."""
    page.goto(f"{live_server.url}/en/?grain=month&date_from=2026-03-03&date_to=2026-03-14")
    assert canvas_is_drawn(page)
    title, colours = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.getElementById('daily-chart'));
            const set = chart.data.datasets[0];
            const colour = i => set.backgroundColor({dataIndex: i});
            return [chart.options.plugins.tooltip.callbacks.title([{dataIndex: 0}]),
                    [colour(0), colour(undefined)]];
        }"""
    )
    assert "part of the period: 12 of 31 days" in title
    assert colours[0] != colours[1] and colours[0].startswith(colours[1])


def test_a_small_multiple_whose_incidents_gave_no_figure_says_so(page, live_server, incidents):
    """The overview's small chart of FPV drones (every incident without an intercepted figure)
    says "no figure reported" and marks its days, rather than drawing an empty chart that
    reads as zero; the UAV chart, whose incidents all gave a figure, says nothing of the kind."""
    page.goto(f"{live_server.url}/en/")
    assert canvas_is_drawn(page)
    multiples = page.locator("[data-small-multiples]")
    multiples.scroll_into_view_if_needed()
    figures = multiples.locator("figure.multiple")
    fpv = figures.filter(has_text="FPV")
    uav = figures.filter(has_text="UAV").filter(has_not_text="FPV")
    fpv.locator('canvas[data-drawn="true"]').wait_for(state="attached", timeout=15_000)
    assert "no figure reported" in fpv.locator("figcaption").inner_text()
    assert uav.locator("[data-no-figure]").count() == 0
    marked = fpv.locator("canvas").evaluate(
        """canvas => Chart.getChart(canvas).data.datasets
            .filter(set => set.marker).map(set => set.data.filter(v => v === 0).length)"""
    )
    assert marked == [7]  # one marker on each of Belgorod's seven days


@pytest.mark.parametrize(
    ("language", "written"), [("en", "12,345.5"), ("ru", "12\xa0345,5"), ("uk", "12\xa0345,5")]
)
def test_the_charts_numbers_are_written_as_the_pages_language_writes_them(
    page, live_server, incidents, language, written
):
    # As the chart's pictures write them (number_format), with the separators the JSON gives.
    page.goto(f"{live_server.url}/{language}/regions/kaluga-oblast/")
    assert canvas_is_drawn(page)
    formatted = page.evaluate(
        """() => Chart.getChart(document.getElementById('daily-chart'))
            .options.scales.y.ticks.callback(12345.5)"""
    )
    assert formatted == written


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "Bryansk Oblast (region)"), ("uk", "Брянська область (регіон)")],
)
def test_the_search_box_suggests_in_the_pages_language(
    browser, live_server, seeded, language, label
):
    """The suggestions the search box's script fetches are labelled in the page's language
    (the page passes ?lang= to the language-free suggest.json)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/incidents/")
    for summary in page.locator("details > summary").all():
        if summary.is_visible():
            summary.click()
    page.locator('input[name="q"]').first.fill("бря")
    page.locator("datalist option").first.wait_for(state="attached", timeout=5_000)
    options = page.eval_on_selector_all("datalist option", "os => os.map(o => o.label)")
    assert options == [label]
    context.close()


def test_a_phone_draws_the_chart_when_it_comes_near_the_screen(page, live_server, incidents):
    page.goto(f"{live_server.url}/en/")
    page.wait_for_load_state("networkidle")
    chart = page.locator("#daily-chart")
    top = chart.evaluate("c => c.getBoundingClientRect().top - innerHeight")
    if page.viewport_size["width"] < 500:
        assert top > 200 and chart.get_attribute("data-drawn") is None  # below: not yet
        assert page.evaluate("typeof Chart") == "undefined"  # nor Chart.js fetched
    else:
        assert chart.get_attribute("data-drawn") == "true"  # on the first screen: drawn
    assert canvas_is_drawn(page)


def test_the_chart_draws_the_latest_settings_whatever_order_the_answers_come_in(
    page, live_server, incidents
):
    """A reader changes two settings in quick succession; the first answer arrives last. The
    chart shows what the settings and the address say, never the older answer."""
    held = []

    def hold_the_first(route):
        url = route.request.url
        if "split=threat" in url and "measure=incidents" not in url:
            held.append(route)
        else:
            route.continue_()

    page.goto(f"{live_server.url}/en/")
    assert canvas_is_drawn(page)
    page.route("**/charts/daily.json*", hold_the_first)
    page.get_by_label("Split the chart by").select_option("threat")
    page.wait_for_function("() => location.search.includes('split=threat')")
    page.get_by_label("Chart of").select_option("incidents")
    title = (
        "() => Chart.getChart(document.getElementById('daily-chart')).options.scales.y.title.text"
    )
    page.wait_for_function(f"() => ({title})() === 'Incidents'")
    assert len(held) == 1
    with page.expect_response(lambda response: response.url == held[0].request.url):
        held[0].continue_()
    # Whatever the late answer would draw, it would have drawn within a few frames.
    page.evaluate("() => new Promise(done => setTimeout(done, 500))")
    assert page.evaluate(f"({title})()") == "Incidents"
    assert "measure=incidents" in page.url
    assert page.watch.problems == []
