"""The pages around the casework: the footer's statements, resetting a forgotten password from the email
link to signing in again, the administrator's audit log, and the page-not-found page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from sendcase.core.audit import audit_record
from sendcase.core.models import AuditAction
from tests.factories import PASSWORD

from .helpers import assert_error_summary, follow, follow_nav, sign_in, submit, success_banner, url_for

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-new-and-long-enough-passphrase"


def test_footer_pages(page: Page, live_server) -> None:
    page.goto(url_for(live_server, "core:start"))
    follow(page, "Accessibility statement", within="footer")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibility statement")
    follow(page, "Privacy notice", within="footer")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Privacy notice")


def test_page_not_found(page: Page, live_server) -> None:
    response = page.goto(live_server.url + "/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page).to_have_title(re.compile(r"^Page not found – "))


def test_forgotten_password_reset_by_email_link(page: Page, live_server, officer, mailoutbox) -> None:
    page.goto(url_for(live_server, "core:login"))
    follow(page, "I have forgotten my password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    submit(page, "Send the link")
    assert_error_summary(page)
    assert mailoutbox == []

    page.get_by_label("Email").fill(officer.email)
    submit(page, "Send the link")
    expect(page).to_have_url(url_for(live_server, "core:password_reset_done"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [officer.email]
    link = re.search(r"http://\S+", mailoutbox[0].body)
    assert link is not None, mailoutbox[0].body

    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD + "x")
    submit(page, "Change password")
    assert_error_summary(page)
    expect(page.get_by_label("New password", exact=True)).to_have_value("")

    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    submit(page, "Change password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")

    # The link works once.
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has expired")

    sign_in(page, live_server, "officer", NEW_PASSWORD)
    expect(page).to_have_url(url_for(live_server, "caseload:worklist"))


def test_administrator_reads_and_filters_the_audit_log(
    page: Page, live_server, administrator, officer
) -> None:
    for number in range(60):
        audit_record(user=officer, action=AuditAction.VIEW, summary=f"Looked at record {number}")

    sign_in(page, live_server, "admin", PASSWORD)
    follow_nav(page, "Audit log")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    entries = page.get_by_role("table", name="Entries, newest first").locator("tbody tr")
    expect(entries).to_have_count(50)
    expect(entries.first).to_contain_text("Signed in")

    # Filter by username; the second page keeps the filter.
    page.get_by_label("Username").fill("officer")
    submit(page, "Filter")
    expect(entries).to_have_count(50)
    expect(entries.first).to_contain_text("Looked at record 59")
    follow(page, "Next page")
    expect(page).to_have_url(re.compile(r"\?username=officer&.*\bpage=2$"))
    expect(entries).to_have_count(10)
    expect(entries.last).to_contain_text("Looked at record 0")
    expect(success_banner(page)).to_have_count(0)
