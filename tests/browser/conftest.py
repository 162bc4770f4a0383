"""Browser tests: a real headless Chromium (Debian's /usr/bin/chromium) against live_server."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "browser"

# Playwright's sync API runs an event loop in this thread; the ORM calls our fixtures make
# between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class ConsoleWatch:
    """Collects console errors, page errors and requests that leave the site."""

    def __init__(self, page, origin):
        self.problems = []
        page.on(
            "console",
            lambda m: m.type == "error" and self.problems.append(f"console: {m.text} ({page.url})"),
        )
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on(
            "request",
            lambda r: (
                r.url.startswith(("http://", "https://"))
                and not r.url.startswith(origin)
                and self.problems.append(f"external request: {r.url}")
            ),
        )


@pytest.fixture(params=[(1366, 900), (390, 844)], ids=["laptop", "phone"])
def page(request, browser, live_server):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.watch = ConsoleWatch(page, live_server.url)
    page.screenshot_name = lambda name: str(OUTPUT / f"{name}-{request.node.callspec.id}.png")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    yield page
    context.close()
