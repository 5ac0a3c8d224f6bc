"""A case officer writes an EHC plan's content through the pages, and later amends it after an annual
review, through the pages.

(a) The plan made by the assessment workflow has no content yet: the officer records version 1 section
by section (B needs, E outcomes, F quantified provision, I the named school by URN), is stopped by a
vague provision item, checks the draft and issues it with the plan's issue date.

(b) A plan with version 1 issued goes through an annual review to a decision to amend: the officer
arranges the meeting (refused first for short notice), records the meeting, report and decision, sends
the proposed amendments, changes an outcome in the draft amendment, issues the amended plan and
compares versions 1 and 2.

Every page is checked with axe by the helpers (page.goto, submit, follow).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from sendcase.plans.content import SECTION_TITLES
from sendcase.plans.models import AnnualReview, EHCPlan, ReviewStatus, VersionStatus
from tests.assessments.helpers import Timeline, drive_to
from tests.factories import PASSWORD, EstablishmentFactory
from tests.plans_reviews.helpers import issued_plan

from .helpers import (
    assert_error_summary,
    field_error,
    fill_date_value,
    follow,
    long_date,
    short_date,
    sign_in,
    submit,
    success_banner,
    url_for,
)

pytestmark = pytest.mark.browser

DAY = dt.timedelta(days=1)

NEED = "Speech, language and communication needs"
NEED_TEXT = "Difficulty understanding spoken instructions and putting words into sentences."
OUTCOME = "Speak in sentences of four words to ask for help in class"
OUTCOME_BY = "By the end of Year 4 (July 2027)"
PROVISION = "Speech and language therapy, individual sessions"
PROVIDER = "Speech and language therapist"
FREQUENCY = "2 sessions a week"
DURATION = "30 minutes a session until July 2027"
AMENDED_OUTCOME = "Use full sentences at home and school"


# --- shared steps ----------------------------------------------------------------------------------


def expect_heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def change_section(page: Page, section: str) -> None:
    """From the draft's check page, open a section's editor with its "Change" link."""
    follow(page, f"Change {SECTION_TITLES[section]}")
    expect_heading(page, SECTION_TITLES[section])


def save_section(page: Page, section: str, version: int) -> None:
    submit(page, "Save and return to the draft")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect_heading(page, f"Check the draft of version {version}")
    expect(success_banner(page)).to_contain_text(f"{SECTION_TITLES[section]} saved.")


def summary_row(page: Page, label: str):
    """A row of the check page's (or a version page's) summary lists, by its key."""
    return page.locator(".govuk-summary-list__row").filter(
        has=page.locator("dt.govuk-summary-list__key", has_text=re.compile(f"^{re.escape(label)}$"))
    )


def expect_summary(page: Page, label: str, value: str) -> None:
    row = summary_row(page, label)
    expect(row, f"no summary row {label!r}").to_have_count(1)
    expect(row.locator(".govuk-summary-list__value")).to_have_text(value)


def version_row(page: Page, number: int):
    table = page.get_by_role("table", name="Versions")
    return table.get_by_role("row").filter(has=page.get_by_role("link", name=f"Version {number}", exact=True))


def expect_version(page: Page, number: int, kind: str, status: str, issued: dt.date | None) -> None:
    row = version_row(page, number)
    expect(row).to_have_count(1)
    cells = row.get_by_role("cell")
    expect(cells.nth(1)).to_have_text(kind)
    expect(cells.nth(2).locator(".govuk-tag")).to_have_text(status)
    expect(cells.nth(3)).to_have_text(short_date(issued) if issued else "Not issued")


def expect_review_stage(page: Page, status: ReviewStatus) -> None:
    stage = page.locator("#current-review .govuk-summary-list__row").filter(has_text="Stage")
    expect(stage.locator(".govuk-tag").first).to_have_text(status.label)


def review_step(page: Page, action: str) -> None:
    """Open one of the reviews page's "Record the next step" links."""
    expect(page.locator("#actions").get_by_role("link", name=action, exact=True)).to_have_count(1)
    follow(page, action)
    expect_heading(page, action)


def save_step(page: Page, message: str, reviews_url: str) -> None:
    submit(page, "Save")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page).to_have_url(reviews_url)
    expect(success_banner(page)).to_contain_text(message)


# --- (a) the first version -------------------------------------------------------------------------


def test_officer_writes_and_issues_the_first_plan(page: Page, live_server, officer) -> None:
    timeline = Timeline.ago(200)  # the final plan was issued 80 days ago
    request = drive_to("final_issued", user=officer, timeline=timeline)
    plan = EHCPlan.objects.get(request=request)
    assert plan.issued_on == timeline.final
    assert not plan.versions.exists()
    school = EstablishmentFactory(name="Oakfield Primary School")
    EstablishmentFactory(name="Riverside Academy")

    sign_in(page, live_server, "officer", PASSWORD)
    page.goto(url_for(live_server, "assessments:case", pk=request.pk))
    follow(page, "View the EHC plan and its versions")
    plan_url = url_for(live_server, "plans:plan", pk=plan.pk)
    expect(page).to_have_url(plan_url)
    expect_heading(page, "EHC plan")
    expect(page.locator("main")).to_contain_text(
        "The content of this plan (sections A to K) has not been recorded yet. Start with the plan as it "
        f"was issued on {long_date(plan.issued_on)}."
    )
    expect(page.get_by_role("table", name="Versions")).to_have_count(0)

    # --- Start version 1 ---
    submit(page, "Record the plan's content")
    expect_heading(page, "Check the draft of version 1")
    expect(success_banner(page)).to_contain_text("Draft of version 1 started.")
    version = plan.versions.get(number=1)
    expect(page).to_have_url(url_for(live_server, "plans:draft_summary", pk=plan.pk, version_pk=version.pk))
    # An empty draft cannot be issued: the page lists what is missing instead of the issue form.
    problems = page.locator("#problems")
    expect(problems).to_contain_text("Add at least one special educational need")
    expect(problems).to_contain_text("Add at least one outcome")
    expect(problems).to_contain_text("Add at least one item of special educational provision")
    expect(page.get_by_role("button", name="Issue this version")).to_have_count(0)

    # --- Section B: one need, the primary need (rank 1) ---
    change_section(page, "B")
    need = page.get_by_role("group", name="Need 1")
    need.get_by_label("Type of need").select_option(label=NEED)
    need.get_by_label("Rank").fill("1")
    need.get_by_label("Description of the need").fill(NEED_TEXT)
    save_section(page, "B", 1)
    expect_summary(page, "Need 1: type of need", NEED)
    expect_summary(page, "Need 1: rank", "1")
    expect_summary(page, "Need 1: description", NEED_TEXT)

    # --- Section E: one outcome answering that need ---
    change_section(page, "E")
    outcome = page.get_by_role("group", name="Outcome 1")
    outcome.get_by_label("Outcome", exact=True).fill(OUTCOME)
    outcome.get_by_label("By when").fill(OUTCOME_BY)
    outcome.get_by_role("group", name="Needs this outcome answers").get_by_label(
        re.compile(f"^{re.escape(NEED)} \\(rank 1\\)")
    ).check()
    save_section(page, "E", 1)
    expect_summary(page, "Outcome 1: outcome", OUTCOME)
    expect_summary(page, "Outcome 1: by when", OUTCOME_BY)

    # --- Section F: one specified and quantified item; "as needed" is refused first ---
    change_section(page, "F")
    item = page.get_by_role("group", name="Item of provision 1")
    item.get_by_label("What the provision is").fill(PROVISION)
    item.get_by_label("Who will provide it").fill(PROVIDER)
    item.get_by_label("How often").fill("As needed")
    item.get_by_label("For how long").fill(DURATION)
    item.get_by_label("Group size or staff ratio (optional)").fill("1:1")
    item.get_by_role("group", name="Outcomes this provision supports").get_by_label(
        re.compile(re.escape(OUTCOME))
    ).check()
    submit(page, "Save and return to the draft")
    vague = "“as needed” is not specific: say exactly how often and for how long"
    assert_error_summary(page, vague)
    assert page.title().startswith("Error:")
    expect(field_error(page, vague)).to_have_count(1)
    # What was typed is kept, so only the vague field needs changing.
    item = page.get_by_role("group", name="Item of provision 1")
    expect(item.get_by_label("What the provision is")).to_have_value(PROVISION)
    version.refresh_from_db()
    assert version.content["F"]["items"] == []
    item.get_by_label("How often").fill(FREQUENCY)
    save_section(page, "F", 1)
    expect_summary(page, "Provision 1: provision", PROVISION)
    expect_summary(page, "Provision 1: provided by", PROVIDER)
    expect_summary(page, "Provision 1: how often", FREQUENCY)
    expect_summary(page, "Provision 1: for how long", DURATION)

    # --- Section I: the school, named by its URN ---
    change_section(page, "I")
    page.get_by_label("URN of the school or setting named").fill(str(school.urn))
    save_section(page, "I", 1)
    expect_summary(page, "School or setting named", school.name)

    # --- Check and issue, with the date the plan was issued ---
    expect(page.locator("#problems")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(
        f"This is the plan issued on {long_date(plan.issued_on)}, so it takes that date."
    )
    issued_group = page.get_by_role("group", name="Date this version was issued")
    expect(issued_group.get_by_label("Day", exact=True)).to_have_value(str(plan.issued_on.day))
    fill_date_value(page, "Date this version was issued", plan.issued_on)
    submit(page, "Issue this version")
    expect(page).to_have_url(url_for(live_server, "plans:version", pk=plan.pk, version_pk=version.pk))
    expect_heading(page, "Version 1 of the EHC plan")
    expect(success_banner(page)).to_contain_text("Version 1 issued.")
    expect(page.locator("main")).to_contain_text(
        f"Plan following assessment, issued {long_date(plan.issued_on)}."
    )
    expect_summary(page, "Outcome 1: outcome", OUTCOME)

    follow(page, "Back to the plan", within="body")
    expect(page).to_have_url(plan_url)
    expect_version(page, 1, "Plan following assessment", "Issued", plan.issued_on)
    expect_summary(page, "School or setting named", school.name)
    expect(page.get_by_role("button", name="Start a new draft")).to_be_visible()

    version.refresh_from_db()
    plan.refresh_from_db()
    assert (version.status, version.issued_on) == (VersionStatus.ISSUED, plan.issued_on)
    assert plan.named_establishment == school
    assert plan.primary_need == "SLCN"


# --- (b) annual review to an amended plan ----------------------------------------------------------


def test_annual_review_through_amendment_to_final_amended_plan(page: Page, live_server, officer) -> None:
    today = timezone.localdate()
    plan = issued_plan(officer, days_ago=420)  # issued 300 days ago, version 1 issued
    first = plan.versions.get(number=1)
    old_outcome = first.content["E"]["outcomes"][0]["text"]
    notice = today - 80 * DAY
    meeting = today - 60 * DAY
    report = today - 55 * DAY
    decided = today - 50 * DAY
    amendment_notice = today - 40 * DAY
    amended = amendment_notice + 20 * DAY  # after the family's 15 days, within 8 weeks
    assert plan.issued_on < notice and amended < today

    sign_in(page, live_server, "officer", PASSWORD)
    page.goto(url_for(live_server, "plans:plan", pk=plan.pk))
    expect_version(page, 1, "Plan following assessment", "Issued", plan.issued_on)
    follow(page, "Annual reviews")
    reviews_url = url_for(live_server, "plan_reviews:reviews", plan_pk=plan.pk)
    expect(page).to_have_url(reviews_url)
    expect_heading(page, "Annual reviews")
    expect(page.locator("main")).to_contain_text("There is no open review.")

    # --- Open the review ---
    review_step(page, "Open the next annual review")
    save_step(page, "Review opened.", reviews_url)
    expect_review_stage(page, ReviewStatus.DUE)
    review = AnnualReview.objects.get(plan=plan)
    expect(summary_row(page, "Meeting must be held by")).to_contain_text(long_date(review.due_on))

    # --- Arrange the meeting: a week's notice is refused, two weeks' is accepted ---
    review_step(page, "Arrange the review meeting")
    fill_date_value(page, "Date of the meeting", meeting)
    fill_date_value(page, "Date notice of the meeting was sent", meeting - 7 * DAY)
    page.get_by_label("Who has been invited").fill("Parent, SENCO, speech and language therapist")
    submit(page, "Save")
    assert_error_summary(page, "Notice of the meeting must be sent at least 2 weeks before it")
    review.refresh_from_db()
    assert review.status == ReviewStatus.DUE
    fill_date_value(page, "Date notice of the meeting was sent", notice)
    save_step(page, "Meeting arranged.", reviews_url)
    expect_review_stage(page, ReviewStatus.SCHEDULED)
    expect(summary_row(page, "Meeting")).to_contain_text(long_date(meeting))

    # --- The meeting, the report and the decision to amend ---
    review_step(page, "Record that the meeting was held")
    fill_date_value(page, "Date the meeting was held", meeting)
    save_step(page, "Meeting recorded.", reviews_url)
    expect_review_stage(page, ReviewStatus.HELD)

    review_step(page, "Record the review report")
    fill_date_value(page, "Date the review report was received", report)
    save_step(page, "Report recorded.", reviews_url)
    expect_review_stage(page, ReviewStatus.REPORT_RECEIVED)

    review_step(page, "Record the review decision")
    page.get_by_role("group", name="What did the council decide?").get_by_label(
        "Amend the plan", exact=True
    ).check()
    fill_date_value(page, "Date of the decision", decided)
    page.get_by_label("Reasons").fill("Speech has improved; the outcome needs to be more ambitious.")
    save_step(page, "Decision recorded.", reviews_url)
    expect_review_stage(page, ReviewStatus.DECIDED)
    expect(summary_row(page, "Decision")).to_contain_text(f"Amend the plan ({long_date(decided)})")

    # --- The proposed amendments: a draft version 2 is started ---
    review_step(page, "Send the proposed amendments")
    fill_date_value(page, "Date the proposed amendments were sent", amendment_notice)
    save_step(page, "Amendment notice recorded. A draft amendment of the plan is ready to edit.", reviews_url)
    expect_review_stage(page, ReviewStatus.AMENDMENT_NOTICE)
    expect(summary_row(page, "Draft amendment")).to_contain_text("Version 2 (draft)")

    # --- Change the outcome in the draft amendment ---
    follow(page, "Plan and versions")
    expect_version(page, 2, "Amendment after review", "Draft", None)
    follow(page, "Continue the draft of version 2")
    expect_heading(page, "Check the draft of version 2")
    expect(page.locator("main")).to_contain_text("Amendment after review, based on version 1.")
    change_section(page, "E")
    outcome = page.get_by_role("group", name="Outcome 1")
    expect(outcome.get_by_label("Outcome", exact=True)).to_have_value(old_outcome)
    outcome.get_by_label("Outcome", exact=True).fill(AMENDED_OUTCOME)
    save_section(page, "E", 2)
    expect_summary(page, "Outcome 1: outcome", AMENDED_OUTCOME)
    expect(page.get_by_role("button", name="Issue this version")).to_be_visible()

    # --- Issue the amended plan from the review ---
    follow(page, "Back to the plan", within="body")
    follow(page, "Annual reviews")
    review_step(page, "Issue the amended plan")
    fill_date_value(page, "Date the amended plan was issued", amended)
    save_step(page, "Amended plan issued.", reviews_url)
    expect(page.locator("main")).to_contain_text("There is no open review.")
    past = page.get_by_role("table", name="Earlier reviews")
    past_row = past.get_by_role("row").filter(has_text=short_date(meeting))
    expect(past_row).to_have_count(1)
    expect(past_row.get_by_role("cell").nth(2)).to_have_text("Amend the plan")
    expect(past_row.get_by_role("cell").nth(3)).to_have_text("Completed")

    follow(page, "Plan and versions")
    expect_version(page, 1, "Plan following assessment", "Issued", plan.issued_on)
    expect_version(page, 2, "Amendment after review", "Issued", amended)

    # --- Compare version 1 with version 2 ---
    follow(page, "Compare versions")
    expect_heading(page, "Compare versions of the EHC plan")
    page.get_by_label("Earlier version").select_option(label="Version 1 (issued)")
    page.get_by_label("Later version").select_option(label="Version 2 (issued)")
    submit(page, "Compare")
    expect(page.locator("main")).to_contain_text(
        f"Comparing version 1 (issued, issued {long_date(plan.issued_on)}) with version 2 (issued, "
        f"issued {long_date(amended)})."
    )
    section_e = page.get_by_role("table", name=re.compile(r"^Section E: outcomes \(1 change\)"))
    expect(section_e).to_have_count(1)
    row = section_e.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile(r"^Outcome 1: outcome"))
    )
    expect(row).to_have_count(1)
    expect(row.get_by_role("rowheader").locator(".govuk-tag")).to_have_text("Changed")
    old_cell, new_cell = row.get_by_role("cell").nth(0), row.get_by_role("cell").nth(1)
    # Version 1's text with the removed words struck through; version 2's with the added underlined.
    expect(old_cell.locator("del").first).to_contain_text("removed: Speak")
    expect(old_cell.locator("ins")).to_have_count(0)
    expect(new_cell.locator("ins").filter(has_text="added: Use")).to_have_count(1)
    expect(new_cell.locator("ins").filter(has_text="at home and school")).to_have_count(1)
    expect(new_cell.locator("del")).to_have_count(0)
    # Only the outcome changed: the other sections are listed as unchanged.
    expect(page.get_by_role("table", name=re.compile(r"^Section F"))).to_have_count(0)
    expect(page.locator("#unchanged")).to_contain_text(SECTION_TITLES["F"])

    review.refresh_from_db()
    assert (review.status, review.amended_plan_issued_on) == (ReviewStatus.COMPLETED, amended)
    second = plan.versions.get(number=2)
    assert (second.status, second.issued_on, second.based_on_id) == (VersionStatus.ISSUED, amended, first.pk)
    assert second.content["E"]["outcomes"][0]["text"] == AMENDED_OUTCOME
