"""The improvement plan in the browser: a programme officer adds an action, records evidence and completes
it; a board member reads the month's board pack (and can download it as a PDF) but cannot change the plan.
Every page visited is checked with axe-core."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from sendcase.core.models import Role
from tests.factories import PASSWORD, UserFactory
from tests.improvement.factories import ActionFactory, BudgetLineFactory, ObjectiveFactory, RiskFactory

from .helpers import (
    assert_error_summary,
    fill_date_value,
    follow,
    follow_nav,
    sign_in,
    submit,
    success_banner,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def plan(db):
    programme = UserFactory(
        username="programme", role=Role.PROGRAMME_OFFICER, first_name="Priya", last_name="Shah"
    )
    board = UserFactory(username="boardmember", role=Role.READ_ONLY)
    objective = ObjectiveFactory(number=3, title="Timely, high-quality assessments and plans")
    today = timezone.localdate()
    ActionFactory(
        objective=objective,
        title="Clear overdue annual reviews",
        due_on=today - dt.timedelta(days=5),
        status="on_track",
        owner=programme,
    )
    RiskFactory(title="Educational psychologist vacancies", likelihood=4, impact=4, owner=programme)
    from sendcase.improvement import rules

    BudgetLineFactory(
        workstream="Assessments",
        title="Locum EPs",
        financial_year=rules.financial_year_of(today),
        planned=Decimal("100000"),
        forecast=Decimal("125000"),
    )
    return {"programme": programme, "board": board, "objective": objective}


def test_programme_officer_adds_an_action_records_evidence_and_completes_it(
    page: Page, live_server, plan
) -> None:
    today = timezone.localdate()
    sign_in(page, live_server, "programme", PASSWORD)
    follow_nav(page, "Improvement plan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement plan")
    expect(page.locator("#overdue-actions")).to_contain_text("Clear overdue annual reviews")

    follow(page, "Add an action", role="button")
    submit(page, "Add action")
    assert_error_summary(
        page, "Select the objective", "Enter what the action is", "Select who owns the action"
    )

    page.get_by_label("Objective").select_option(label=str(plan["objective"]))
    page.get_by_label("Action", exact=True).fill("Run weekly multi-agency advice panels")
    page.get_by_label("Owner").select_option(label="Priya Shah")
    fill_date_value(page, "Due date", today + dt.timedelta(days=60))
    page.get_by_label("Advice returned within 6 weeks").check()
    submit(page, "Add action")
    expect(success_banner(page)).to_contain_text("Action added")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"A-\d+ Run weekly multi-agency advice panels")
    )
    expect(page.locator("#rag")).to_contain_text("Green")

    follow(page, "Update status", role="button")
    page.get_by_label("On track").check()
    submit(page, "Update status")
    expect(page.locator("#action-status")).to_have_text("On track")

    follow(page, "Update status", role="button")
    page.get_by_label("Complete").check()
    fill_date_value(page, "Date completed", today)
    submit(page, "Update status")
    assert_error_summary(page, "Add evidence that the action is complete before completing it")
    follow(page, "Back", within="body")

    follow(page, "Add evidence", role="button")
    page.get_by_label("What the evidence shows").fill(
        "Panel terms of reference and the first three sets of minutes"
    )
    page.get_by_label("Link to the evidence (optional)").fill("https://intranet.example.org/panels")
    submit(page, "Add evidence")
    expect(success_banner(page)).to_contain_text("Evidence added")

    follow(page, "Update status", role="button")
    page.get_by_label("Complete").check()
    fill_date_value(page, "Date completed", today)
    submit(page, "Update status")
    expect(page.locator("#action-status")).to_contain_text("Complete on")
    expect(page.locator("#rag")).to_contain_text("Completed on")
    history = page.locator("#history + table")
    expect(history).to_contain_text("Evidence")
    expect(history).to_contain_text("Complete")


def test_board_member_reads_the_board_pack_but_cannot_edit(page: Page, live_server, plan) -> None:
    today = timezone.localdate()
    sign_in(page, live_server, "boardmember", PASSWORD)
    follow_nav(page, "Improvement plan")
    expect(page.get_by_role("button", name="Add an action")).to_have_count(0)
    follow(page, "Board packs")
    follow(page, f"{today:%B %Y}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Board pack: {today:%B %Y}")
    exceptions = page.locator("#exceptions + p + table")
    expect(exceptions).to_contain_text("Clear overdue annual reviews")
    expect(exceptions).to_contain_text("Educational psychologist vacancies")
    expect(exceptions).to_contain_text("Locum EPs")
    pdf = page.get_by_role("link", name="Download this pack as a PDF").get_attribute("href")
    response = page.request.get(live_server.url + pdf)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    follow(page, "Back to board packs", within="body")
    follow(page, "Overview")
    follow(page, re.compile(r"Clear overdue annual reviews$"))
    expect(page.get_by_role("button", name="Update status")).to_have_count(0)
    response = page.goto(page.url + "status/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
