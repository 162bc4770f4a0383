"""An editor enters a five-region ministry post through the statement intake, in a real
Chromium: paste, pick the source, give URL and time, read, review, confirm. The time it takes
is printed for the closing note (it is the machine's time, not an assertion)."""

import time

import pytest
from django.urls import reverse

from incidents.models import Incident, Statement
from tests.factories import SourceFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

POST = (
    "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 41 украинский "
    "беспилотный летательный аппарат самолетного типа: 14 – над территорией Брянской области, "
    "9 – над территорией Курской области, 8 – над территорией Белгородской области, "
    "6 – над территорией Смоленской области и 4 – над акваторией Черного моря."
)


def test_a_five_region_ministry_post_becomes_reviewed_drafts(page, live_server, seeded):
    SourceFactory(name="Ministry of Defence of Russia", kind="ministry")
    UserFactory(username="editor", password="a-long-editor-password", group="Editors")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-editor-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + reverse("admin:incidents_statement_changelist"))
    page.get_by_role("link", name="Paste a statement").click()

    started = time.monotonic()
    page.get_by_label("Statement text").fill(POST)
    page.get_by_label("Source", exact=True).select_option(label="Ministry of Defence of Russia")
    page.get_by_label("Statement URL").fill("https://t.me/mod_russia/51000")
    page.get_by_label("Published at").fill("2026-11-20T07:30")
    page.get_by_role("button", name="Read the statement").click()
    page.wait_for_selector("#intake-review-title")
    read = time.monotonic() - started

    assert "The parser proposes 5 draft incidents, 1 total." in page.content()
    drafts = page.locator("fieldset.intake-draft")
    assert drafts.count() == 6  # five proposed, one empty for a region the parser missed
    assert page.locator("#id_drafts-0-intercepted").input_value() == "14"
    assert page.locator("#id_drafts-4-quote").input_value() == "4 – над акваторией Черного моря"
    page.screenshot(path=page.screenshot_name("intake-review"), full_page=True)

    # The review: the editor corrects one figure (one field typed), and confirms.
    page.locator("#id_drafts-1-intercepted").fill("10")
    page.get_by_role("button", name="Confirm: record the statement and its drafts").click()
    page.wait_for_selector(".messagelist .success")
    took = time.monotonic() - started
    print(
        f"\nintake at {page.viewport_size['width']} px: read in {read:.2f} s, "
        f"pasted to confirmed drafts in {took:.2f} s (fields typed: text, URL, time, one figure)"
    )
    page.screenshot(path=page.screenshot_name("intake-confirmed"), full_page=True)

    statement = Statement.objects.get()
    assert statement.claims.count() == 5
    assert sorted(Incident.objects.values_list("intercepted", flat=True)) == [4, 6, 8, 10, 14]
    assert set(Incident.objects.values_list("status", flat=True)) == {"draft"}
    assert page.watch.problems == []
