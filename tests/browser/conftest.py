"""Fixtures for the browser journeys: pytest-django's live server, one headless Chromium for the session,
and a fresh browser context and page per test whose every page is checked with axe-core.

Helpers the journeys call (sign_in, assert_accessible, submit, follow, ...) are in helpers.py.
Run them with: .venv/bin/python -m pytest tests/browser -m browser
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from .helpers import (
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    MISSING_AXE,
    MISSING_CHROMIUM,
    TIMEOUT_MS,
    assert_accessible,
    axe_path,
    instrument,
    record_for,
    sign_in,
)

BROWSER_DIR = Path(__file__).resolve().parent

__all__ = ["assert_accessible", "sign_in"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in tests/browser is a browser test, even one whose module forgot its marker."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    # Playwright's sync API keeps an asyncio event loop running in this thread, so Django (which refuses
    # database access from a thread with a running loop) must be told the test code is synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    # Fail (never skip) when the tools are missing: a skipped journey would look like a passing one.
    if not (os.path.isfile(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)):
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    if axe_path() is None:
        pytest.fail(MISSING_AXE, pytrace=False)
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, live_server, transactional_db) -> Iterator[Page]:
    """A new browser context (no cookies) and page for each test, at the live server.

    The context bypasses the service's Content-Security-Policy only so that axe-core can be injected.
    """
    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(
        base_url=live_server.url,
        bypass_csp=True,
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    record = instrument(page)
    yield page
    try:
        unchecked = record.unchecked()
        assert not unchecked, (
            "These pages were loaded but never checked with axe (use page.goto, submit() or follow() from "
            f"tests/browser/helpers.py, or call assert_accessible(page)): {unchecked}"
        )
        assert not record.deferred, "\n\n".join(record.deferred)
    finally:
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """When a browser test fails, save a screenshot and the page's HTML and say where they are."""
    report = yield
    if report.when == "call" and report.failed:
        page = getattr(item, "funcargs", {}).get("page")
        if page is not None and not page.is_closed():
            factory = getattr(item.config, "_tmp_path_factory", None)
            base = Path(factory.getbasetemp()) if factory is not None else Path(tempfile.gettempdir())
            folder = base / "browser-failures"
            folder.mkdir(parents=True, exist_ok=True)
            stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:]
            try:
                page.screenshot(path=str(folder / f"{stem}.png"), full_page=True)
                (folder / f"{stem}.html").write_text(page.content(), encoding="utf-8")
                checked = record_for(page).checked_urls
                report.sections.append(
                    (
                        "browser",
                        f"Failed at {page.url}\nScreenshot and HTML: {folder / stem}.(png|html)\n"
                        f"Pages checked so far: {checked}",
                    )
                )
            except Exception as error:  # noqa: BLE001 - a failed screenshot must not hide the real failure
                report.sections.append(("browser", f"Could not save a screenshot: {error}"))
    return report
