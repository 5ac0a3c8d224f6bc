"""The messages page and the print queue in the browser, as a team manager uses them: see what failed and
why, send it again, then download a letter, print it and mark it printed. Every page is checked by axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from sendcase.notifications.models import Channel, OutboxMessage, Status
from sendcase.notifications.worker import run_batch
from tests.factories import PASSWORD
from tests.notifications.factories import OutboxMessageFactory, letter_personalisation

from .helpers import follow, follow_nav, sign_in, submit, success_banner

pytestmark = pytest.mark.browser


@pytest.fixture
def outbox(manager):
    OutboxMessageFactory(recipient_name="Sent Person", recipient="sent@example.org")
    OutboxMessageFactory(
        recipient_name="Bounced Person",
        recipient="07700900000",
        channel=Channel.SMS,
        status=Status.PERMANENTLY_FAILED,
        attempts=1,
        last_error="Notify answered 400: phone_number Not a UK mobile number",
    )
    OutboxMessageFactory(
        channel=Channel.LETTER,
        recipient="Anna Nowak",
        recipient_name="Anna Nowak",
        interpreter_language="Polish",
        personalisation=letter_personalisation(),
    )
    run_batch(worker_id="browser-test")  # sends the email, prints the letter to PDF for the queue


def test_a_manager_retries_a_failed_message_and_prints_a_letter(page: Page, live_server, outbox) -> None:
    sign_in(page, live_server, "manager", PASSWORD)
    follow_nav(page, "Messages")
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages")
    expect(page.get_by_text("1 message could not be sent")).to_be_visible()

    page.get_by_label("Status").select_option("permanently_failed")
    submit(page, "Filter")
    table = page.get_by_role("table", name=re.compile("Failed, not sent"))
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Bounced Person")
    expect(table).to_contain_text("Not a UK mobile number")
    submit(page, "Send again to Bounced Person")
    expect(success_banner(page)).to_contain_text("will be sent again")
    assert OutboxMessage.objects.get(recipient_name="Bounced Person").status == Status.QUEUED

    follow(page, "1 letter waiting to be printed")
    expect(page.get_by_role("heading", level=1)).to_have_text("Letters to print")
    row = page.get_by_role("table").locator("tbody tr")
    expect(row).to_contain_text("Anna Nowak")
    expect(row).to_contain_text("1 High Street")
    expect(row).to_contain_text("Interpreter: Polish")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download letter to Anna Nowak")).click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    submit(page, "Mark printed for Anna Nowak")
    expect(success_banner(page)).to_contain_text("Letter to Anna Nowak marked as printed")
    expect(page.get_by_text("No letters are waiting to be printed.")).to_be_visible()


def test_a_case_officer_is_not_offered_the_messages_page(page: Page, live_server, officer, outbox) -> None:
    sign_in(page, live_server, "officer", PASSWORD)
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="Messages")).to_have_count(0)
    page.goto(live_server.url + "/notifications/print-queue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
