"""Every form a case page offers, opened from its link and sent empty: each says what is missing in the
GOV.UK error summary, and each page (blank and with its errors) is checked with axe by the helpers.
The happy path through the main steps is in test_request_to_final_plan.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from sendcase.assessments.models import AssessmentRequest, RequestStatus
from tests.assessments.helpers import drive_to
from tests.factories import PASSWORD

from .helpers import assert_error_summary, follow, sign_in, submit, url_for

pytestmark = pytest.mark.browser

S = RequestStatus
EP = "Educational psychology advice"

# For each stage: (the link on the case page, the form's heading, what an empty form is told).
FORMS = {
    S.RECEIVED: [
        (
            "Record the decision whether to assess",
            None,
            ["Select yes if the council will carry out an assessment", "Enter the date of the decision"],
        ),
        (
            "Record an exception to a time limit",
            None,
            [
                "Select which time limit the exception is to",
                "Select the reason for the exception",
                "Enter the date it started",
            ],
        ),
        (
            "Record that the request was withdrawn",
            None,
            ["Enter the date", "Enter why the request was withdrawn"],
        ),
        ("Record a move out of the area", None, ["Enter the date of the move"]),
    ],
    S.ASSESSING: [
        ("Request advice", None, ["Select who the advice is from", "Enter the date advice was requested"]),
        (
            "Record the decision whether to issue a plan",
            None,
            ["Select yes if the council will issue a plan", "Enter the date of the decision"],
        ),
        (f"Record receipt of {EP}", "Record advice received", ["Enter the date the advice was received"]),
        (f"Record a chase of {EP}", "Record that you chased advice", ["Enter the date"]),
        (
            f"Record an exception for {EP}",
            "Record an exception to the advice deadline",
            ["Select the reason for the exception", "Enter the date"],
        ),
    ],
    S.ISSUE_DECIDED: [
        ("Record that the draft plan was sent", None, ["Enter the date the draft plan was sent"]),
        (
            "Consult a school or setting",
            None,
            ["Select the school or setting to consult", "Enter the date"],
        ),
        (
            "Record the answer from {school}",
            "Record the school or setting's answer",
            ["Select the school or setting's answer", "Enter the date of the answer"],
        ),
    ],
    S.DRAFT_SERVED: [
        (
            "Record the family's response to the draft plan",
            None,
            ["Enter the date the response was received"],
        ),
        ("Issue the final EHC plan", None, ["Enter the date the final plan was issued"]),
    ],
}


@pytest.mark.parametrize("stage", list(FORMS), ids=[stage.value for stage in FORMS])
def test_each_step_form_explains_what_is_missing(page: Page, live_server, officer, child, stage: S) -> None:
    request = drive_to(stage, user=officer, child=child)
    consultation = request.consultations.select_related("establishment").first()
    version = request.version
    case_url = url_for(live_server, "assessments:case", pk=request.pk)

    sign_in(page, live_server, "officer", PASSWORD)
    page.goto(case_url)
    for link, heading, messages in FORMS[stage]:
        if consultation is not None:
            link = link.format(school=consultation.establishment.name)
        follow(page, link)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading or link)
        submit(page, "Save")
        assert_error_summary(page, *messages)
        expect(page.locator(".govuk-error-summary li")).to_have_count(len(messages))
        follow(page, "Cancel")
        expect(page).to_have_url(case_url)

    # Nothing was recorded by the refused forms.
    fresh = AssessmentRequest.objects.get(pk=request.pk)
    assert (fresh.status, fresh.version) == (stage, version)
