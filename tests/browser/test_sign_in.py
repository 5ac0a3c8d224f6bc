"""Signing in and out through the real forms, and the lock after repeated failed attempts."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

from .helpers import (
    assert_error_summary,
    follow,
    sign_in,
    sign_out,
    submit,
    success_banner,
    url_for,
)

pytestmark = pytest.mark.browser

WRONG_LOGIN = "Enter a correct username and password. Both are case-sensitive."
LOCKED = "There have been too many failed attempts to sign in."


def _try(page: Page, username: str, password: str):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    return submit(page, "Sign in")


def test_start_page_sign_in_and_sign_out(page: Page, live_server, officer) -> None:
    page.goto(url_for(live_server, "core:start"))
    expect(page).to_have_title(re.compile(r"^Start – Manage SEND cases"))
    expect(page.get_by_role("heading", level=1)).to_have_text(settings.SERVICE_NAME)

    follow(page, "Sign in", role="button")
    expect(page).to_have_url(url_for(live_server, "core:login"))

    # Nothing entered: each field says what to enter.
    submit(page, "Sign in")
    assert_error_summary(page, "Enter your username", "Enter your password")

    # A wrong password: one message that does not say which of the two was wrong.
    response = _try(page, "officer", "not-the-password")
    assert response is not None and response.status == 200
    assert_error_summary(page, WRONG_LOGIN)
    expect(page).to_have_url(url_for(live_server, "core:login"))
    expect(page.get_by_label("Password")).to_have_value("")

    # The right password lands on the officer's worklist.
    _try(page, "officer", PASSWORD)
    expect(page).to_have_url(url_for(live_server, "caseload:worklist"))
    expect(page.get_by_role("button", name=re.compile(r"^Sign out"))).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="My worklist")
    ).to_have_attribute("aria-current", "page")

    sign_out(page)
    expect(page).to_have_url(url_for(live_server, "core:start"))
    expect(success_banner(page)).to_contain_text("You have signed out.")
    expect(page.get_by_role("button", name=re.compile(r"^Sign out"))).to_have_count(0)

    # Signed out means signed out: a staff page sends you back to sign in.
    page.goto(url_for(live_server, "caseload:worklist"))
    expect(page).to_have_url(re.compile(re.escape(url_for(live_server, "core:login")) + r"\?next="))


def test_sign_in_helper_lands_a_manager_on_team_caseloads(page: Page, live_server, manager) -> None:
    sign_in(page, live_server, "manager", PASSWORD)
    expect(page).to_have_url(url_for(live_server, "caseload:manager"))


def test_repeated_failed_sign_ins_lock_the_account(page: Page, live_server, officer) -> None:
    page.goto(url_for(live_server, "core:login"))
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _try(page, "officer", "a-wrong-guess")
        assert_error_summary(page, WRONG_LOGIN)

    # Locked: even the right password is refused now, with a message that says what to do.
    response = _try(page, "officer", PASSWORD)
    assert response is not None and response.status == 429
    assert_error_summary(page, LOCKED)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Wait 15 minutes and try again")
    expect(page).to_have_url(url_for(live_server, "core:login"))
    expect(page.get_by_role("button", name=re.compile(r"^Sign out"))).to_have_count(0)
