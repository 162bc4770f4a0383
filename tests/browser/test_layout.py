"""The pages at phone (390 px) and laptop (1366 px) width, in a real Chromium: the answer on the
first screen, nothing wider than the screen, every tap target at least 44 px, the nav on one
line, the filters behind a disclosure with removable chips, a region picker found by typing.

Screenshots of every page at both widths go to test-output/browser/ (look at them)."""

import datetime as dt

import pytest

from incidents.models import Correction
from tests.factories import CitationFactory, IncidentFactory, damage, region, threat

pytestmark = pytest.mark.django_db(transaction=True)

# Every element a reader taps. A checkbox or radio button is tapped through its label.
TAP_TARGETS = """() => {
  const width = document.documentElement.clientWidth;
  const hiddenByAncestor = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const r = a.getBoundingClientRect();
      const clips = getComputedStyle(a).overflow !== 'visible';
      if (clips && (r.width <= 1 || r.height <= 1)) return true;
    }
    return false;
  };
  const small = [];
  let checked = 0;
  for (const el of document.querySelectorAll('a, button, input, summary, select, textarea')) {
    if (el.type === 'hidden' || !el.checkVisibility({checkVisibilityCSS: true})) continue;
    const label = (el.type === 'checkbox' || el.type === 'radio') && el.closest('label');
    const r = (label || el).getBoundingClientRect();
    if (r.right <= 0 || r.left >= width || hiddenByAncestor(el)) continue;  // off screen by design
    checked += 1;
    const text = (el.innerText || el.value || el.name || '').trim().slice(0, 40);
    // A link inside a sentence of prose is sized by its line (WCAG 2.5.8's inline exception):
    // the codebook's running text, not a control.
    const prose = '.prose p, .prose li, .prose-wide p, .prose-wide li';
    const block = el.tagName === 'A' && el.closest(prose);
    if (block && block.innerText.trim().length > 2 * text.length + 20 && r.height >= 18) continue;
    if (r.width < 43.5 || r.height < 43.5)
      small.push(`${el.tagName} "${text}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return {checked, small};
}"""

# Elements wider than the screen, outside a box that scrolls them.
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  const page = document.documentElement.scrollWidth;
  if (page > width) found.push(`the page scrolls sideways: ${page}px`);
  const scrolls = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return true;
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if ((r.width > width + 0.5 || r.right > width + 0.5) && r.width > 1 && !scrolls(el))
      found.push(`${el.tagName}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return found;
}"""


@pytest.fixture
def record(seeded):
    """Incidents of several regions, threats and damage types, with every count state."""
    kaluga, belgorod = region("RU-KLU"), region("RU-BEL")
    for day in range(1, 29):
        IncidentFactory(
            date=dt.date(2026, 2, day),
            region=kaluga if day % 3 else belgorod,
            threat_type=threat("uav") if day % 4 else threat("cruise-missile"),
            intercepted=None if day % 5 == 0 else 10 * day,
            killed=day % 3,
            injured=None,
            damage_types=damage("residential", "fire") if day % 2 else [],
        )
    withheld = IncidentFactory(
        date=dt.date(2026, 3, 1),
        region=region("RU-KRS"),
        threat_type=threat("high-speed-air-target"),
        intercepted=None,
        intercepted_status="withheld",
        damage_types=damage("energy", "air-travel-disruption", "industrial", "vehicles"),
        summary="A long summary of what the governor said, " * 6,
    )
    CitationFactory(incident=withheld, quote="A second statement, quoted at length. " * 5)
    Correction.objects.create(
        incident=withheld, kind=Correction.Kind.CORRECTION, note="The governor revised the count."
    )
    return withheld


def pages(live_server, incident):
    return {
        "overview": "/",
        "overview-filtered": "/en/?region=kaluga-oblast&threat=uav&date_from=2026-02-01",
        "table": "/en/incidents/",
        # Longer words, the same room: the table's cards fit, the page does not scroll sideways.
        "table-ru": "/ru/incidents/?sort=-intercepted",
        "table-uk": "/uk/incidents/?region=kursk-oblast",
        "table-filtered": "/en/incidents/?region=belgorod-oblast&damage=fire",
        "incident": incident.get_absolute_url(),
        "region": "/en/regions/kaluga-oblast/",
        "regions": "/en/regions/",
        "map": "/en/map/?threat=uav",
        "compare": "/en/compare/?region=kaluga-oblast&region=belgorod-oblast",
        # Every other page a reader opens, each in a language whose words are longest there
        # (a screenshot review found the codebook and a Ukrainian incident wider than a phone).
        "incident-uk": f"/uk/incidents/{incident.pk}/",
        "statement-ru": f"/ru/statements/{incident.citations.first().statement_id}/",
        "night-uk": "/uk/nights/2026-03-01/",
        "claims-ru": "/ru/claims/",
        "daily-ru": "/ru/charts/daily/?grain=week",
        "codebook": "/en/about/data/",
        "codebook-uk": "/uk/about/data/",
        "about-ru": "/ru/about/",
        "corrections-uk": "/uk/corrections/",
    }


# Pages of words, not of a headline figure.
WITHOUT_HEADLINE = {
    "statement-ru",
    "night-uk",
    "claims-ru",
    "daily-ru",
    "codebook",
    "codebook-uk",
    "about-ru",
    "corrections-uk",
}


def draw_every_chart(page):
    """Scroll each chart into view, as a reader would (they are drawn when they come near the
    screen), so the screenshot shows them; then back to the top. Twice: the small multiples
    appear once the main chart is drawn."""
    for _ in range(2):
        for canvas in page.locator("canvas").filter(visible=True).all():
            canvas.scroll_into_view_if_needed()
            page.wait_for_function("c => c.dataset.drawn", arg=canvas.element_handle())
    page.evaluate("window.scrollTo(0, 0)")


def headline(page):
    """The page's first headline figure: a total, the count of rows, an incident's figure."""
    return page.locator(".totals dd, .result-count strong, .result-count").first


def check_layout(page, name):
    """Assertions at phone width: the page with its filter form closed, then open."""
    problems = []
    top = headline(page).bounding_box() if name not in WITHOUT_HEADLINE else {"y": 0, "height": 0}
    if top is None or top["y"] + top["height"] > 700:
        problems.append(f"{name}: the headline figure ends at {top and top['y'] + top['height']}")
    problems += [f"{name}: too wide: {found}" for found in page.evaluate(TOO_WIDE)]
    targets = page.evaluate(TAP_TARGETS)
    assert targets["checked"] > 10, targets  # the check saw the page's links and fields
    problems += [f"{name}: small tap target {found}" for found in targets["small"]]
    tops = page.locator(".site-header nav:not(.languages) li").evaluate_all(
        "items => items.map(i => Math.round(i.getBoundingClientRect().top))"
    )
    if len(set(tops)) != 1:
        problems.append(f"{name}: the nav wraps onto {len(set(tops))} lines")
    if page.locator(".site-header nav:not(.languages)").evaluate(
        "n => n.scrollWidth > n.clientWidth"
    ):
        problems.append(f"{name}: the nav is cut off")
    # The form, opened (with its "More filters"): its fields too are big enough to tap.
    for summary in page.locator("details > summary").all():
        if summary.is_visible():
            summary.click()
    for found in page.evaluate(TAP_TARGETS)["small"]:
        problems.append(f"{name} (filters open): small tap target {found}")
    problems += [f"{name} (filters open): too wide: {found}" for found in page.evaluate(TOO_WIDE)]
    return problems


def test_every_page_at_phone_and_laptop_width(page, live_server, record):
    problems = []
    phone = page.viewport_size["width"] < 500
    for name, path in pages(live_server, record).items():
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        draw_every_chart(page)
        page.screenshot(path=page.screenshot_name(f"layout-{name}"), full_page=True)
        if phone:
            problems += check_layout(page, name)
        else:
            problems += [f"{name}: too wide: {found}" for found in page.evaluate(TOO_WIDE)]
    assert not problems, "\n".join(problems)
    assert page.watch.problems == []


def chip_labels(page):
    return [text.strip("×\n ") for text in page.locator(".chips .chip").all_inner_texts()]


def test_the_filters_sit_behind_a_disclosure_with_removable_chips(page, live_server, record):
    page.goto(f"{live_server.url}/en/?region=kaluga-oblast&region=belgorod-oblast&threat=uav")
    form = page.locator("form.filters")
    assert not form.is_visible()  # behind the disclosure
    # The figures and the chart come before the filters.
    figures_y = page.locator(".totals").bounding_box()["y"]
    assert figures_y < page.locator("#filters").bounding_box()["y"]
    assert chip_labels(page) == ["Belgorod Oblast", "Kaluga Oblast", "UAV", "Clear all"]
    page.locator(".chips .chip").filter(has_text="Kaluga Oblast").click()
    page.wait_for_url("**/?region=belgorod-oblast&threat=uav")
    assert chip_labels(page) == ["Belgorod Oblast", "UAV", "Clear all"]
    page.get_by_role("link", name="Clear all").click()
    page.wait_for_url(f"{live_server.url}/en/")
    assert page.locator(".chips").count() == 0


def test_the_region_picker_finds_regions_by_typing(page, live_server, record):
    page.goto(f"{live_server.url}/en/incidents/")
    page.locator(".filter-disclosure > summary").click()
    regions = page.locator(".region-picker .option")
    assert regions.count() >= 87
    page.get_by_label("Find a region").fill("белгор")  # Russian names are found too
    # Each with how many incidents it would select (9 of the record's are in Belgorod Oblast).
    assert [" ".join(t.split()) for t in regions.filter(visible=True).all_inner_texts()] == [
        "Belgorod Oblast (9)"
    ]
    page.get_by_label("Find a region").press("Enter")  # finds; does not send the form
    assert page.url == f"{live_server.url}/en/incidents/"
    page.get_by_label("Belgorod Oblast").check()
    page.get_by_label("Find a region").fill("kaluga")
    page.get_by_label("Kaluga Oblast").check()
    page.get_by_label("Find a region").fill("zzz")
    page.get_by_text("No region matches.").wait_for()  # times out if it never shows
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/incidents/?*")
    assert "region=kaluga-oblast" in page.url and "region=belgorod-oblast" in page.url
    assert "28 published incidents match" in page.locator(".result-count").inner_text()


def test_the_region_picker_is_a_plain_checkbox_list_without_javascript(
    browser, live_server, record
):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/en/regions/")
    page.locator(".filter-disclosure > summary").click()
    assert not page.get_by_label("Find a region").is_visible()
    page.get_by_label("Belgorod Oblast").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/regions/?*region=belgorod-oblast*")
    assert "1 region with published incidents" in page.locator(".result-count").inner_text()
    context.close()


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_the_nav_sits_on_one_line_in_russian_and_ukrainian(page, live_server, language):
    page.goto(f"{live_server.url}/{language}/incidents/")
    page.screenshot(path=page.screenshot_name(f"nav-{language}"))
    tops = page.locator(".site-header nav:not(.languages) li").evaluate_all(
        "items => items.map(i => Math.round(i.getBoundingClientRect().top))"
    )
    assert len(tops) == 5 and len(set(tops)) == 1
    nav = page.locator(".site-header nav:not(.languages)")
    assert not nav.evaluate("n => n.scrollWidth > n.clientWidth"), "the nav scrolls"
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


# The daily table's every cell inside the screen, each period's date on one line (an inline
# <time> that wraps has more than one box), and no heading cut off.
DAILY_TABLE = """() => {
  const width = document.documentElement.clientWidth;
  const table = document.querySelector('table.daily');
  const found = [];
  for (const el of table.querySelectorAll('caption, th, td')) {
    const right = Math.round(el.getBoundingClientRect().right);
    if (right > width || el.scrollWidth > el.clientWidth + 1)
      found.push(`${el.tagName} "${el.innerText.trim()}" ends at ${right}`);
  }
  for (const time of table.querySelectorAll('.daily-rows th time'))
    if (time.getClientRects().length !== 1)
      found.push(`"${time.innerText}" takes ${time.getClientRects().length} lines`);
  return {rows: table.querySelectorAll('.daily-rows tr').length, found};
}"""


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_the_daily_table_fits_the_screen_with_each_date_on_one_line(
    page, live_server, record, language
):
    problems = []
    # Up to 10 March: the days after 1 March have no statement in the record (the last column).
    for grain in ("day", "week", "month"):
        page.goto(
            f"{live_server.url}/{language}/charts/daily/"
            f"?grain={grain}&date_from=2026-02-01&date_to=2026-03-10"
        )
        page.screenshot(path=page.screenshot_name(f"daily-{grain}"), full_page=True)
        found = page.evaluate(DAILY_TABLE)
        assert found["rows"] >= 2, found
        problems += [f"{grain}: {problem}" for problem in found["found"]]
        problems += [f"{grain}: too wide: {problem}" for problem in page.evaluate(TOO_WIDE)]
    assert not problems, "\n".join(problems)
    assert page.watch.problems == []


# Each chart or map setting's chosen option, measured in the select's own font, against the room the
# select gives its text (its width less padding and the arrow): a cut-off "Reported intercep…".
SETTINGS_CUT_OFF = """() => {
  const context = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('.chart-controls select')].flatMap(select => {
    const style = getComputedStyle(select);
    context.font = style.font;
    const text = select.options[select.selectedIndex].text;
    const room = select.clientWidth - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight) - 20;
    return context.measureText(text).width > room ? [`${select.name}: "${text}"`] : [];
  });
}"""


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
@pytest.mark.parametrize(("path", "selects"), [("/", 3), ("/map/", 1)], ids=["chart", "map"])
def test_the_chart_and_map_settings_show_their_chosen_option_whole(
    page, live_server, record, language, path, selects
):
    page.goto(f"{live_server.url}/{language}{path}?measure=intercepted")
    # The page fetches its chart's numbers at load: done before the test's database is
    # emptied, or the live server's query holds a lock the flush waits on.
    page.wait_for_load_state("networkidle")
    assert page.locator(".chart-controls select").count() >= selects
    assert page.evaluate(SETTINGS_CUT_OFF) == []
