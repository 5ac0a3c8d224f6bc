"""Checks of the checks: axe really reports violations, a page that escaped the check is noticed, and the
service's own Content-Security-Policy (which the other journeys bypass to inject axe) lets GOV.UK
Frontend's JavaScript run."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from .helpers import TIMEOUT_MS, assert_accessible, record_for, url_for

pytestmark = pytest.mark.browser


def test_axe_reports_a_violation_with_rule_element_and_fix(page: Page, live_server, monkeypatch) -> None:
    monkeypatch.delenv("AXE_DEFER", raising=False)
    page.goto(url_for(live_server, "core:start"))
    page.evaluate(
        """() => {
            const image = document.createElement('img');
            image.src = '/static/govuk/assets/images/favicon.svg';
            image.id = 'no-alt-text';
            document.querySelector('main').append(image);
        }"""
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    message = str(failure.value)
    assert "image-alt [critical]" in message
    assert "#no-alt-text" in message
    assert "https://dequeuniversity.com/rules/axe/" in message


def test_a_page_loaded_without_a_check_is_noticed(page: Page, live_server) -> None:
    page.goto(url_for(live_server, "core:start"))
    record = record_for(page)
    assert record.unchecked() == []
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()  # not through follow(): no check yet
    assert record.unchecked() == [url_for(live_server, "core:login")]
    assert_accessible(page)
    assert record.unchecked() == []


def test_gov_uk_frontend_runs_under_the_services_content_security_policy(
    browser: Browser, live_server
) -> None:
    # A context that keeps the service's CSP (no axe here: the same pages are checked in other journeys).
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    refused: list[str] = []
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            refused.append(message.text)

    try:
        page = context.new_page()
        page.on("console", on_console)
        page.on("pageerror", lambda error: errors.append(str(error)))
        response = page.goto(url_for(live_server, "core:login"))
        assert (
            response is not None
            and "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
        )
        # The inline script (allowed by its nonce) and the GOV.UK Frontend module both ran.
        expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        # GOV.UK Frontend's error summary moves focus to itself: its JavaScript runs under the policy.
        expect(page.locator(".govuk-error-summary")).to_be_focused()
        assert refused == [], f"The Content-Security-Policy refused something: {refused}"
        assert errors == [], f"JavaScript errors: {errors}"
    finally:
        context.close()
