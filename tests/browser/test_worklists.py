"""Worklists in the browser: an officer's cases in order of statutory urgency, and a team manager's view of
caseloads and unallocated work. The cases are made with the factories and the real services."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from sendcase.assessments.models import RequestStatus
from sendcase.caseload.services import allocation_assign
from tests.assessments.helpers import Timeline, drive_to
from tests.factories import PASSWORD, ChildFactory

from .helpers import (
    assert_error_summary,
    days_phrase,
    follow,
    follow_nav,
    short_date,
    sign_in,
    submit,
    success_banner,
    url_for,
)

pytestmark = pytest.mark.browser

S = RequestStatus
DAY = dt.timedelta(days=1)


@pytest.fixture
def cases(officer, other_officer, manager, team):
    """Five open requests: three held by `officer`, one by `other_officer`, one held by nobody."""
    today = timezone.localdate()

    def received(days_ago: int, first: str, last: str, state: S = S.RECEIVED, *, holder=None):
        child = ChildFactory(legal_first_name=first, legal_last_name=last)
        request = drive_to(state, user=officer, child=child, timeline=Timeline.ago(days_ago))
        if holder is not None:
            allocation_assign(acting_user=manager, child=child, officer=holder)
        return request

    made = {
        # Decision due 6 weeks after receipt: 18 days ago, 58 days ago, and (assessing) advice due in 34 days.
        "late": received(60, "Bella", "Late", holder=officer),
        "latest": received(100, "Aaron", "Latest", holder=officer),
        "assessing": received(30, "Cara", "Calm", S.ASSESSING, holder=officer),
        "colleague": received(90, "Dev", "Colleague", holder=other_officer),
        "unheld": received(80, "Ezra", "Nobody"),
    }
    for request in made.values():
        request.days_left = (request.next_due - today).days
    return made


def _rows(page: Page, caption: str):
    return page.get_by_role("table", name=caption).locator("tbody tr")


def test_officer_worklist_puts_the_most_overdue_case_first(page: Page, live_server, officer, cases) -> None:
    sign_in(page, live_server, "officer", PASSWORD)
    expect(page).to_have_url(url_for(live_server, "caseload:worklist"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My worklist")
    expect(page.locator("#worklist-summary")).to_have_text(
        re.compile(r"You hold\s+3\s+open cases:\s+2\s+overdue,\s+0\s+due in the next 14 days\.")
    )

    rows = _rows(page, "Open cases, overdue first, then by legal due date")
    expect(rows).to_have_count(3)
    expected = [cases["latest"], cases["late"], cases["assessing"]]
    for row, request in zip([rows.nth(i) for i in range(3)], expected, strict=True):
        expect(row.get_by_role("rowheader")).to_contain_text(request.child.full_name)
        expect(row.get_by_role("cell").nth(2)).to_have_text(short_date(request.next_due))
        expect(row.get_by_role("cell").nth(3)).to_have_text(days_phrase(request.days_left))
    expect(rows.nth(0).get_by_role("cell").nth(0)).to_have_text("Request received")
    expect(rows.nth(0).get_by_role("cell").nth(1)).to_contain_text("Decide whether to assess")
    expect(rows.nth(0).locator(".govuk-tag")).to_have_class(re.compile("govuk-tag--red"))
    expect(rows.nth(2).get_by_role("cell").nth(0)).to_have_text("Assessing needs")
    expect(rows.nth(2).locator(".govuk-tag")).to_have_class(re.compile("govuk-tag--blue"))
    expect(page.get_by_role("main")).not_to_contain_text(cases["colleague"].child.full_name)

    # Narrow the list to one stage.
    page.get_by_label("Stage").select_option(label="Assessing needs")
    submit(page, "Show cases")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Cara Calm")

    # The unallocated case is offered below, and the officer can take it.
    follow_nav(page, "My worklist")
    unallocated = _rows(page, "Unallocated cases, most urgent first")
    expect(unallocated).to_have_count(1)
    expect(unallocated.first).to_contain_text("Ezra Nobody")
    # (The visually hidden part of the name is positioned absolutely, so it is read as a separate chunk.)
    submit(page, re.compile(r"^Take this case\W+Ezra Nobody$"))
    expect(page).to_have_url(url_for(live_server, "caseload:worklist"))
    expect(success_banner(page)).to_contain_text("Ezra Nobody's case is now on your worklist")
    expect(rows).to_have_count(4)
    # Received 80 days ago, its decision is 38 days late: second after the 58-days-late case.
    expect(rows.nth(1)).to_contain_text("Ezra Nobody")
    expect(page.get_by_role("main")).to_contain_text("Every open case is allocated.")

    # The worklist opens the case.
    follow(page, "Aaron Latest")
    expect(page).to_have_url(url_for(live_server, "assessments:case", pk=cases["latest"].pk))
    expect(page.locator("#next-step")).to_contain_text("Next step: Decide whether to assess")


def test_manager_sees_caseloads_and_allocates_unallocated_work(
    page: Page, live_server, manager, officer, other_officer, team, cases
) -> None:
    team.caseload_threshold = 2
    team.save()

    sign_in(page, live_server, "manager", PASSWORD)
    expect(page).to_have_url(url_for(live_server, "caseload:manager"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Team caseloads")

    loads = page.get_by_role("table", name="Caseload per officer")

    def load_row(user):
        return loads.get_by_role("row").filter(
            has=page.get_by_role("link", name=user.display_name, exact=True)
        )

    def expect_load(user, open_cases: int, status: str) -> None:
        cells = load_row(user).get_by_role("cell")
        expect(cells.nth(0)).to_have_text("North team")
        expect(cells.nth(1)).to_have_text(str(open_cases))
        expect(cells.nth(3)).to_have_text("2")
        expect(cells.nth(4)).to_have_text(status)

    expect_load(officer, 3, "Over threshold")
    expect_load(other_officer, 1, "Within threshold")
    expect_load(manager, 0, "Within threshold")
    expect(page.get_by_role("main")).to_contain_text("1 officer is over their caseload threshold.")

    unallocated = _rows(page, "Unallocated cases, most urgent first")
    expect(page.get_by_role("main")).to_contain_text("1 open case is not allocated to anyone.")
    expect(unallocated).to_have_count(1)
    expect(unallocated.first).to_contain_text("Ezra Nobody")
    overdue = page.get_by_role("table", name=re.compile("^Overdue steps by team"))
    expect(overdue.get_by_role("row").filter(has_text="North team").get_by_role("cell").first).to_have_text(
        "4"
    )
    expect(
        overdue.get_by_role("row").filter(has_text="Not allocated").get_by_role("cell").first
    ).to_have_text("1")

    # Allocate the unallocated case to the officer with room for it.
    follow(page, "Allocate Ezra Nobody's case")
    expect(page.get_by_role("heading", level=1)).to_have_text("Allocate this case")
    submit(page, "Allocate case")
    assert_error_summary(page, "Select the officer to allocate the case to")
    page.get_by_label("Officer").select_option(
        label=f"{other_officer.display_name} (North team): 1 open case, 1 allocated"
    )
    submit(page, "Allocate case")
    child = cases["unheld"].child
    expect(page).to_have_url(url_for(live_server, "people:child_detail", pk=child.pk))
    expect(success_banner(page)).to_contain_text(
        f"Case allocated to {other_officer.display_name} (North team)"
    )

    follow_nav(page, "Team caseloads")
    expect_load(other_officer, 2, "Within threshold")
    expect(page.get_by_role("main")).to_contain_text("Every open case is allocated.")

    # A manager can open any officer's worklist from the caseload table.
    follow(page, officer.display_name)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{officer.display_name}'s worklist")
    rows = _rows(page, "Open cases, overdue first, then by legal due date")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Aaron Latest")

    # Reallocating a case needs a reason; it moves the officer back within their threshold.
    follow(page, "Aaron Latest")
    follow(page, "Reallocate this case")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reallocate this case")
    expect(page.get_by_role("main")).to_contain_text(f"{officer.display_name} (North team), since")
    page.get_by_label("Officer").select_option(
        label=f"{other_officer.display_name} (North team): 2 open cases, 2 allocated"
    )
    submit(page, "Reallocate case")
    assert_error_summary(page, "Enter why the case is being reallocated")
    page.get_by_label("Why is the case being reallocated?").fill("Balancing caseloads")
    submit(page, "Reallocate case")
    expect(success_banner(page)).to_contain_text(
        f"Case allocated to {other_officer.display_name} (North team)"
    )
    follow_nav(page, "Team caseloads")
    expect_load(officer, 2, "Within threshold")
    expect_load(other_officer, 3, "Over threshold")
