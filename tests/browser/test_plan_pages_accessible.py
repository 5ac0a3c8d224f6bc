"""Every plan page, in the states that show the most, passes axe-core: the plan and its versions, the
section editor (including with errors), the comparison, reviews, ceasing, phase transfers, placements,
bulk scheduling and the review worklists. Each `goto` and `submit` runs axe on the page it lands on."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from sendcase.plans.cohort import phase_transfer_cohort_record
from sendcase.plans.models import TransferPhase
from sendcase.plans.services import cessation as cessation_services
from sendcase.plans.services import transfers
from sendcase.plans.services import versions as version_services
from tests.factories import PASSWORD, EstablishmentFactory
from tests.plans_reviews.helpers import issued_plan, review_at, today

from .helpers import sign_in, submit, url_for

pytestmark = pytest.mark.browser


@pytest.fixture
def plan_with_everything(officer):
    plan = issued_plan(officer, days_ago=420)
    review = review_at(officer, plan, "amendment_notice")
    transfers.phase_transfer_record(
        acting_user=officer, plan=plan, transfer=TransferPhase.TO_SECONDARY, transfer_year=today().year + 1
    )
    other = issued_plan(officer, days_ago=300)
    cessation_services.cessation_propose(
        acting_user=officer, plan=other, reason=2, consultation_started_on=today(), notes="Needs met."
    )
    return plan, review, other


def test_every_plan_page_is_accessible(page: Page, live_server, officer, plan_with_everything):
    plan, review, ceasing = plan_with_everything
    draft = review.amendment_version
    sign_in(page, live_server, "officer", PASSWORD)
    for name, kwargs in [
        ("plans:plan", {"pk": plan.pk}),
        ("plans:version", {"pk": plan.pk, "version_pk": plan.versions.get(number=1).pk}),
        ("plans:draft_summary", {"pk": plan.pk, "version_pk": draft.pk}),
        ("plans:compare", {"pk": plan.pk}),
        ("plan_reviews:reviews", {"plan_pk": plan.pk}),
        ("plan_reviews:phase_transfers", {"plan_pk": plan.pk}),
        ("plan_reviews:cessation", {"plan_pk": ceasing.pk}),
        ("plan_reviews:placements", {"child_pk": plan.child_id}),
        ("plan_reviews:placement_step", {"child_pk": plan.child_id, "slug": "plan-transfer-in"}),
        ("people:child_detail", {"pk": plan.child_id}),
        ("plan_reviews:bulk_schedule", {"establishment_pk": EstablishmentFactory().pk}),
        ("plan_worklists:reviews", {}),
        ("plan_worklists:phase_transfers", {}),
    ]:
        response = page.goto(url_for(live_server, name, **kwargs))
        assert response is not None and response.status == 200, name
    for section in "ABCDEFGHIJK":
        if section == "H":
            continue
        page.goto(url_for(live_server, "plans:draft_edit", pk=plan.pk, version_pk=draft.pk, section=section))
        expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_section_editor_with_errors_is_accessible(page: Page, live_server, officer):
    plan = issued_plan(officer, days_ago=420)
    draft = version_services.draft_start(acting_user=officer, plan=plan)
    sign_in(page, live_server, "officer", PASSWORD)
    page.goto(url_for(live_server, "plans:draft_edit", pk=plan.pk, version_pk=draft.pk, section="F"))
    inputs = page.get_by_role("main").get_by_role("textbox")
    for index in range(inputs.count()):
        inputs.nth(index).fill("")
    page.get_by_role("main").get_by_role("textbox").first.fill("as needed")
    submit(page, "Save and continue")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error:")


def test_the_phase_transfer_tracker_lists_the_recorded_cohort(page: Page, live_server, officer):
    plan = issued_plan(officer, days_ago=420)
    phase_transfer_cohort_record(acting_user=officer, transfer_year=today().year + 1)
    sign_in(page, live_server, "officer", PASSWORD)
    page.goto(url_for(live_server, "plan_worklists:phase_transfers") + f"?year={today().year + 1}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert plan is not None
