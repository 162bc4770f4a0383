"""The editors' admin at a laptop's 1366 px and a phone's 390 px, in a real Chromium: the
incident list shows status, citations and last change without scrolling sideways (on a phone it
scrolls in its own box, with a shadow for a cue, the page does not); a form says
once (or not at all) that the browser is in another time zone; text areas fit what they hold.
Screenshots under test-output/browser/ (looked at before closing)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.factories import IncidentFactory, UserFactory, region

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-chief-password"
LONG = " ".join(["The governor said debris fell on a village; windows were broken."] * 8)


@pytest.fixture
def desk(seeded, live_server):
    UserFactory(username="chief", password=PASSWORD, group="Chief editors")
    incidents = [
        IncidentFactory(
            date=dt.date(2026, 3, day),
            region=region(code),
            intercepted=40 + day,
            summary=LONG if day == 1 else "Short.",
        )
        for day, code in enumerate(["RU-KLU", "RU-SE", "RU-KB", "RU-BEL", "RU-MOW"], start=1)
    ]
    return incidents


def open_as_chief(browser, live_server, width, timezone_id="Europe/Moscow", locale="en-GB"):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, timezone_id=timezone_id, locale=locale
    )
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return context, page


def right_edge(page, selector):
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().right")


@pytest.mark.parametrize("locale", ["en-GB", "ru-RU", "uk-UA"])
def test_the_incident_list_shows_status_citations_and_last_change_at_1366(
    browser, live_server, desk, locale
):
    from tests.browser.conftest import OUTPUT

    OUTPUT.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        context, page = open_as_chief(browser, live_server, width, locale=locale)
        page.goto(live_server.url + reverse("admin:incidents_incident_changelist"))
        name = f"admin-incident-list-{locale[:2]}-{width}.png"
        page.screenshot(path=str(OUTPUT / name), full_page=True)
        if width == 1366:
            # Within the list's box, which scrolls sideways when its table is wider.
            box = right_edge(page, "#changelist .results")
            for column in ("status", "citation_count", "updated_display"):
                edge = right_edge(page, f"#result_list th.column-{column}")
                assert edge <= box <= 1366, (column, edge, box)
            assert page.eval_on_selector(
                "#changelist .results", "e => e.scrollWidth <= e.clientWidth"
            )
            assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        else:
            # A phone: the page stays put; the list scrolls in its own box, with a shadow at
            # the edge that has more beyond it; region names wrap between words only.
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            assert page.eval_on_selector(
                "#changelist .results", "e => e.scrollWidth > e.clientWidth"
            )
            cue = page.eval_on_selector(
                "#changelist .results", "e => getComputedStyle(e).backgroundImage"
            )
            assert cue.count("gradient(") == 4, cue
            lines = page.eval_on_selector_all(
                "#result_list td.field-region a",
                "links => links.map(a => [a.textContent, a.getClientRects().length])",
            )
            words = [len(re.split(r"[\s\-–—]+", name.strip())) for name, _lines in lines]
            assert lines and all(n <= w for (_name, n), w in zip(lines, words, strict=True)), lines
        context.close()


@pytest.mark.parametrize(("zone", "notes"), [("Europe/London", 1), ("Europe/Moscow", 0)])
def test_a_form_notes_another_time_zone_once_or_not_at_all(browser, live_server, desk, zone, notes):
    from tests.browser.conftest import OUTPUT

    context, page = open_as_chief(browser, live_server, 1366, timezone_id=zone)
    page.goto(live_server.url + reverse("admin:incidents_incident_change", args=[desk[0].pk]))
    page.wait_for_load_state("load")
    page.wait_for_timeout(100)  # the note is gathered just after the load event
    assert page.locator(".timezonewarning:visible").count() == notes
    if notes:
        assert "server time" in page.locator(".timezone-note").inner_text()
        page.screenshot(path=str(OUTPUT / "admin-incident-form-1366.png"), full_page=True)
    # Text areas as tall as their text: the long summary taller than the short notes.
    summary = page.eval_on_selector("#id_summary", "e => e.getBoundingClientRect().height")
    notes_box = page.eval_on_selector("#id_editor_notes", "e => e.getBoundingClientRect().height")
    assert summary > notes_box
    assert page.eval_on_selector("#id_editor_notes", "e => e.getBoundingClientRect().width") > 300
    assert page.eval_on_selector("#id_summary", "e => e.scrollHeight <= e.clientHeight + 1")
    context.close()


def test_the_admin_forms_at_390_px(browser, live_server, desk):
    from tests.browser.conftest import OUTPUT

    context, page = open_as_chief(browser, live_server, 390)
    page.goto(live_server.url + reverse("admin:incidents_incident_change", args=[desk[0].pk]))
    page.screenshot(path=str(OUTPUT / "admin-incident-form-390.png"), full_page=True)
    page.goto(live_server.url + reverse("admin:incidents_statement_intake"))
    page.screenshot(path=str(OUTPUT / "admin-intake-390.png"), full_page=True)
    context.close()
    context, page = open_as_chief(browser, live_server, 1366)
    page.goto(live_server.url + reverse("admin:incidents_statement_intake"))
    page.screenshot(path=str(OUTPUT / "admin-intake-1366.png"), full_page=True)
    page.goto(live_server.url + reverse("admin:incidents_incident_import"))
    page.screenshot(path=str(OUTPUT / "admin-import-1366.png"), full_page=True)
    context.close()
