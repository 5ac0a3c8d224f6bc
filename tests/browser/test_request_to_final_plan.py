"""A case officer takes a request for an EHC needs assessment all the way to a final plan, through the
pages, recording each step on the date it happened (the request came in about 19 weeks ago).

At every step the case page is checked: the stage, the next step with its legal due date, and the
statutory deadlines table (due dates, what is done, and each step's status). Every page is checked with
axe by the helpers.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from sendcase.assessments.models import AssessmentRequest, RequestStatus
from sendcase.assessments.stages import STAGE_TEXT
from sendcase.plans.models import EHCPlan
from tests.factories import PASSWORD, EstablishmentFactory

from .helpers import (
    assert_error_summary,
    days_phrase,
    fill_date_value,
    follow,
    follow_nav,
    long_date,
    short_date,
    sign_in,
    submit,
    success_banner,
    url_for,
)

pytestmark = pytest.mark.browser

S = RequestStatus
DAY = dt.timedelta(days=1)

DECIDE_TO_ASSESS = "Decide whether to assess"
DECIDE_TO_ISSUE = "Decide whether to issue a plan (a decision not to issue is due by this date)"
SEND_DRAFT = "Send the draft plan to the family"
COMMENTS_END = "The family's 15 days to comment on the draft plan end"
FINAL_PLAN = "Issue the final EHC plan"
EP_ADVICE = "Educational psychology advice from Dr Ada Example"
HEALTH_ADVICE = "Health advice from Community paediatrics"


# --- what the case page says ----------------------------------------------------------------------


def expect_stage(page: Page, status: S) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("EHC needs assessment")
    where = page.locator(".govuk-grid-column-two-thirds").filter(
        has=page.get_by_role("heading", name="Where the case is now")
    )
    expect(where.locator(".govuk-tag").first).to_have_text(status.label)
    expect(where).to_contain_text(STAGE_TEXT[status])


def expect_next_step(page: Page, label: str, due: dt.date, status: str, today: dt.date) -> None:
    next_step = page.locator("#next-step")
    expect(next_step).to_contain_text(f"Next step: {label}")
    expect(next_step).to_contain_text(f"Legal due date: {long_date(due)} ({days_phrase((due - today).days)})")
    expect(next_step.locator(".govuk-tag")).to_have_text(status)


def expect_no_next_step(page: Page) -> None:
    expect(page.locator("#next-step")).to_have_count(0)


def deadline_row(page: Page, label: str):
    table = page.get_by_role("table", name="Statutory deadlines")
    return table.get_by_role("row").filter(has=page.get_by_role("cell", name=label, exact=True))


def expect_deadline(
    page: Page,
    label: str,
    *,
    due: dt.date,
    done: dt.date | None,
    status: str,
    today: dt.date,
) -> None:
    """One row of the statutory deadlines table: its due date, when it was done and its status.

    `status` is the tag ("On time", "Overdue", ...) or, for the family's comment period, the plain text.
    While a step is not done, its status also says how many days are left or how late it is.
    """
    row = deadline_row(page, label)
    expect(row, f"no deadline row for {label!r}").to_have_count(1)
    cells = row.get_by_role("cell")
    expect(cells.nth(1)).to_have_text(short_date(due))
    expect(cells.nth(2)).to_have_text(short_date(done) if done else "Not yet")
    status_cell = cells.nth(3)
    if status in ("On time", "Late", "Due", "Overdue", "Exception"):
        expect(status_cell.locator(".govuk-tag")).to_have_text(status)
        if done is None:
            expect(status_cell).to_contain_text(days_phrase((due - today).days))
    else:
        expect(status_cell).to_have_text(status)


def expect_no_deadline(page: Page, label: str) -> None:
    expect(deadline_row(page, label)).to_have_count(0)


def record_step(page: Page, action: str) -> None:
    """Open one of the case page's "Record the next step" links."""
    actions = page.locator("main ul.govuk-list").filter(has=page.get_by_role("link", name=action, exact=True))
    expect(actions).to_have_count(1)
    follow(page, action)
    expect(page.get_by_role("heading", level=1)).to_have_text(action)


def save(page: Page, message: str, case_url: str) -> None:
    submit(page, "Save")
    expect(page).to_have_url(case_url)
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)


# --- the journey ------------------------------------------------------------------------------------


def test_officer_records_a_request_through_to_the_final_plan(page: Page, live_server, officer, child) -> None:
    today = timezone.localdate()
    received = today - 133 * DAY  # 19 weeks ago
    decided = received + 20 * DAY
    advice_requested = received + 22 * DAY
    ep_received = received + 60 * DAY
    health_received = received + 64 * DAY
    issue_decided = received + 90 * DAY
    draft_served = received + 100 * DAY
    consulted = received + 101 * DAY
    family_replied = received + 108 * DAY
    school_answered = received + 110 * DAY
    final_issued = received + 118 * DAY  # 18 days after the draft, inside 20 weeks

    decision_due = received + 42 * DAY  # 6 weeks
    advice_due = advice_requested + 42 * DAY  # 6 weeks from the request for advice
    not_issue_due = received + 112 * DAY  # 16 weeks
    final_due = received + 140 * DAY  # 20 weeks
    latest_draft = final_due - 15 * DAY
    comments_end = draft_served + 14 * DAY
    answer_due = consulted + 15 * DAY

    school = EstablishmentFactory(name="Oakfield Primary School")
    EstablishmentFactory(name="Riverside Academy")

    # Find the child's record through the search, as an officer would.
    sign_in(page, live_server, "officer", PASSWORD)
    follow_nav(page, "Children")
    page.get_by_label("Search children").fill("Testchild")
    submit(page, "Search")
    follow(page, "Testchild, Amira")
    expect(page.get_by_role("heading", level=1)).to_have_text("Amira Testchild")
    expect(page.locator("main")).to_contain_text(
        "No requests for an EHC needs assessment have been recorded."
    )

    # --- The request ---
    follow(page, "Record a new request for assessment", role="button")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a request for an EHC needs assessment")
    received_group = page.get_by_role("group", name="Date the request was received")
    expect(received_group).to_have_accessible_description(re.compile(r"^For example, \d+ \d+ \d{4}$"))
    fill_date_value(page, "Date the request was received", today + DAY)
    page.get_by_role("group", name="Who made the request?").get_by_label("Parent or carer").check()
    page.get_by_label("Name of the person or organisation (optional)").fill("Ms Testchild (mother)")
    submit(page, "Record the request")
    assert_error_summary(page, "Date the request was received must be today or in the past")
    expect(received_group).to_have_accessible_description(
        re.compile(
            r"^For example, [\d ]+\s+Error:\s+Date the request was received must be today or in the past"
        )
    )
    fill_date_value(page, "Date the request was received", received)
    submit(page, "Record the request")

    request = AssessmentRequest.objects.get(child=child)
    case_url = url_for(live_server, "assessments:case", pk=request.pk)
    expect(page).to_have_url(case_url)
    expect(success_banner(page)).to_contain_text(
        "Request recorded. The 6-week decision deadline has started."
    )
    expect_stage(page, S.RECEIVED)
    expect_next_step(page, DECIDE_TO_ASSESS, decision_due, "Overdue", today)
    expect_deadline(page, DECIDE_TO_ASSESS, due=decision_due, done=None, status="Overdue", today=today)
    expect_deadline(page, FINAL_PLAN, due=final_due, done=None, status="Due", today=today)
    timeline = page.locator("#timeline + ol")
    expect(timeline).to_contain_text("Request for an EHC needs assessment received from parent or carer")
    expect(timeline).to_contain_text(short_date(received))

    # --- The decision to assess (Regs 5(1): 6 weeks) ---
    record_step(page, "Record the decision whether to assess")
    expect(page.locator(".govuk-warning-text")).to_contain_text("SEND Tribunal")
    page.get_by_role("group", name="Will the council carry out an EHC needs assessment?").get_by_label(
        "Yes", exact=True
    ).check()
    fill_date_value(page, "Date of the decision", decided)
    save(page, "Decision recorded.", case_url)
    expect_stage(page, S.ASSESSING)
    expect_deadline(page, DECIDE_TO_ASSESS, due=decision_due, done=decided, status="On time", today=today)
    expect_deadline(page, DECIDE_TO_ISSUE, due=not_issue_due, done=None, status="Overdue", today=today)
    expect_next_step(page, DECIDE_TO_ISSUE, not_issue_due, "Overdue", today)

    # --- Advice: educational psychology and health (Regs 8(1): 6 weeks each) ---
    for adviser, name in (("Educational psychology", "Dr Ada Example"), ("Health", "Community paediatrics")):
        record_step(page, "Request advice")
        page.get_by_role("group", name="Who is the advice from?").get_by_label(adviser, exact=True).check()
        page.get_by_label("Name of the adviser or service (optional)").fill(name)
        fill_date_value(page, "Date advice was requested", advice_requested)
        save(page, "Advice request recorded. The adviser has 6 weeks.", case_url)
    expect_stage(page, S.ASSESSING)
    for label in (EP_ADVICE, HEALTH_ADVICE):
        expect_deadline(page, label, due=advice_due, done=None, status="Overdue", today=today)
    expect_next_step(page, EP_ADVICE, advice_due, "Overdue", today)
    advice_table = page.get_by_role("table", name="Advice")
    expect(advice_table.get_by_role("row")).to_have_count(3)

    for adviser, received_on in (("Educational psychology", ep_received), ("Health", health_received)):
        follow(page, f"Record receipt of {adviser} advice")
        expect(page.get_by_role("heading", level=1)).to_have_text("Record advice received")
        fill_date_value(page, "Date the advice was received", received_on)
        save(page, "Advice recorded as received.", case_url)
    expect_deadline(page, EP_ADVICE, due=advice_due, done=ep_received, status="On time", today=today)
    expect_deadline(page, HEALTH_ADVICE, due=advice_due, done=health_received, status="On time", today=today)
    expect(advice_table.get_by_role("link", name=re.compile("^Record receipt"))).to_have_count(0)
    expect_next_step(page, DECIDE_TO_ISSUE, not_issue_due, "Overdue", today)

    # --- The decision to issue a plan ---
    record_step(page, "Record the decision whether to issue a plan")
    page.get_by_role("group", name="Will the council issue an EHC plan?").get_by_label(
        "Yes", exact=True
    ).check()
    fill_date_value(page, "Date of the decision", issue_decided)
    save(page, "Decision recorded.", case_url)
    expect_stage(page, S.ISSUE_DECIDED)
    expect_no_deadline(page, DECIDE_TO_ISSUE)
    expect_deadline(page, SEND_DRAFT, due=latest_draft, done=None, status="Overdue", today=today)
    expect_next_step(page, SEND_DRAFT, latest_draft, "Overdue", today)

    # --- The draft plan (Regs 13(1): the family has 15 days to comment) ---
    record_step(page, "Record that the draft plan was sent")
    fill_date_value(page, "Date the draft plan was sent to the family", draft_served)
    save(page, "Draft plan recorded as sent. The family's 15 days to comment have started.", case_url)
    expect_stage(page, S.DRAFT_SERVED)
    expect_deadline(page, SEND_DRAFT, due=latest_draft, done=draft_served, status="On time", today=today)
    expect_deadline(page, COMMENTS_END, due=comments_end, done=None, status="Ended", today=today)
    expect_next_step(page, FINAL_PLAN, final_due, "Due", today)

    # --- Consulting a school (CoP 9.83: an answer within 15 days) ---
    record_step(page, "Consult a school or setting")
    page.get_by_label("School or setting to consult").select_option(label=str(school))
    fill_date_value(page, "Date the consultation was sent", consulted)
    save(page, "Consultation recorded.", case_url)
    answer = "Answer from Oakfield Primary School"
    expect_deadline(page, answer, due=answer_due, done=None, status="Overdue", today=today)
    expect_next_step(page, answer, answer_due, "Overdue", today)

    follow(page, "Record the answer from Oakfield Primary School")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the school or setting's answer")
    page.get_by_role("group", name="What did the school or setting say?").get_by_label(
        "Can meet the needs", exact=True
    ).check()
    fill_date_value(page, "Date of the answer", school_answered)
    save(page, "Answer recorded.", case_url)
    expect_deadline(page, answer, due=answer_due, done=school_answered, status="On time", today=today)
    consultations = page.get_by_role("table", name="Schools and settings consulted")
    expect(consultations).to_contain_text(f"Can meet the needs ({short_date(school_answered)})")

    # --- The family's response to the draft ---
    record_step(page, "Record the family's response to the draft plan")
    fill_date_value(page, "Date the family's response was received", family_replied)
    page.get_by_label("School or setting the family asked for (optional)").select_option(label=str(school))
    page.get_by_label("Summary of the family's comments (optional)").fill("Happy with sections B and F.")
    save(page, "Family's response recorded.", case_url)
    expect_stage(page, S.DRAFT_SERVED)
    expect_deadline(page, COMMENTS_END, due=comments_end, done=family_replied, status="Ended", today=today)
    expect_next_step(page, FINAL_PLAN, final_due, "Due", today)

    # --- The final plan (Regs 13(2): within 20 weeks; not before the 15 days to comment have run) ---
    record_step(page, "Issue the final EHC plan")
    fill_date_value(page, "Date the final plan was issued", draft_served + 5 * DAY)
    page.get_by_label("School or setting named in the plan (section I)").select_option(label=str(school))
    submit(page, "Save")
    assert_error_summary(
        page,
        "The date the final plan was issued must be on or after the day after the family's 15 days to "
        f"comment on the draft end ({long_date(draft_served + 15 * DAY)})",
    )
    assert not EHCPlan.objects.filter(child=child).exists()
    fill_date_value(page, "Date the final plan was issued", final_issued)
    save(page, "Final EHC plan issued.", case_url)

    expect_stage(page, S.FINAL_ISSUED)
    expect(page.get_by_text("Final plan issued", exact=True)).to_be_visible()
    expect_no_next_step(page)
    expect(page.get_by_role("heading", name="Record the next step")).to_have_count(0)
    expect_deadline(page, FINAL_PLAN, due=final_due, done=final_issued, status="On time", today=today)
    expect_deadline(page, DECIDE_TO_ASSESS, due=decision_due, done=decided, status="On time", today=today)
    expect(page.locator("main")).to_contain_text("Final EHC plan issued after 16 weeks")

    request.refresh_from_db()
    assert (request.status, request.final_issued_on, request.closed_on) == (
        S.FINAL_ISSUED,
        final_issued,
        final_issued,
    )
    plan = EHCPlan.objects.get(child=child)
    assert (plan.issued_on, plan.named_establishment) == (final_issued, school)

    # The child's record shows the request as finished.
    follow(page, "Back to Amira Testchild's record", within="body")
    requests = page.get_by_role("table", name=re.compile("^Requests for an EHC needs assessment"))
    expect(requests).to_contain_text("Final plan issued")
    expect(requests).to_contain_text(long_date(received))
