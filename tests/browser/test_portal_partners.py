"""Partners answer online: a SENCO answers a consultation about naming their school, an educational
psychologist takes a request for advice and sends it, and the case officer sees each answer on the case
page. Every page is checked with axe by the helpers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from sendcase.assessments.models import AdviserType
from sendcase.portal.models import AdviceAssignment
from tests.factories import PASSWORD, EstablishmentFactory
from tests.portal_partners.factories import (
    advice_for,
    adviser_service,
    adviser_user,
    consultation_with,
    pupil_at,
    school_user,
    today,
)

from .helpers import (
    assert_error_summary,
    follow,
    short_date,
    sign_in,
    sign_in_with_code,
    sign_out,
    submit,
    success_banner,
    url_for,
)

pytestmark = pytest.mark.browser

PDF = {"name": "evidence.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}


def test_senco_answers_a_consultation_and_the_officer_sees_it(page: Page, live_server, officer):
    school = EstablishmentFactory(name="Oakfield Primary School")
    school_user(school, "senco")
    consultation = consultation_with(officer, school, sent_days_ago=20)
    child = consultation.request.child

    sign_in_with_code(page, live_server, "senco", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your school's tasks")
    tasks = page.get_by_role("table", name="Tasks")
    expect(tasks.get_by_role("row").nth(1)).to_contain_text(child.full_name)
    expect(tasks.get_by_role("row").nth(1).locator(".govuk-tag")).to_have_text("Overdue")
    expect(page.get_by_role("main")).to_contain_text("1 task overdue")

    follow(page, re.compile(r"^Answer the consultation"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Answer the consultation")
    submit(page, "Send the answer")
    assert_error_summary(page, "Select whether the school can meet the child's needs")

    page.get_by_label("Yes, with conditions").check()
    page.get_by_label("Conditions, or why the school cannot meet the needs").fill(
        "A teaching assistant for 20 hours a week"
    )
    page.get_by_label("Evidence (optional)").set_input_files(PDF)
    submit(page, "Send the answer")
    expect(success_banner(page)).to_contain_text(f"Your answer about {child.full_name} has been sent")
    expect(page.get_by_role("main")).to_contain_text("You have no tasks at the moment.")
    sign_out(page)

    sign_in(page, live_server, "officer", PASSWORD)
    page.goto(url_for(live_server, "assessments:case", pk=consultation.request_id))
    row = page.get_by_role("table", name="Schools and settings consulted").get_by_role("row").nth(1)
    expect(row).to_contain_text(f"Can meet the needs with conditions ({short_date(today())})")
    expect(page.get_by_role("main")).to_contain_text(
        "Oakfield Primary School answered: can meet the needs with conditions"
    )
    expect(
        page.get_by_role("link", name=re.compile("^Evidence with the consultation answer"))
    ).to_be_visible()


def test_educational_psychologist_sends_advice_and_the_officer_sees_it(page: Page, live_server, officer):
    service = adviser_service("Educational Psychology Service", AdviserType.EDUCATIONAL_PSYCHOLOGY)
    ep = adviser_user(service, "ep")
    advice = advice_for(officer, requested_days_ago=10)
    child = advice.request.child

    # The officer sends the request for advice to the service from the case page.
    sign_in(page, live_server, "officer", PASSWORD)
    page.goto(url_for(live_server, "assessments:case", pk=advice.request_id))
    follow(page, re.compile(r"^Send to an advice service"))
    page.get_by_label("Advice service").select_option(label="Educational Psychology Service")
    submit(page, "Send to the service")
    expect(success_banner(page)).to_contain_text("Request for advice sent to Educational Psychology Service")
    assert AdviceAssignment.objects.get(advice_request=advice).service == service
    sign_out(page)

    sign_in_with_code(page, live_server, "ep", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Requests for advice")
    follow(page, child.full_name)
    expect(page.get_by_role("main")).to_contain_text("Nobody yet")
    submit(page, "Take this request")
    expect(success_banner(page)).to_contain_text("You have taken this request for advice")
    page.get_by_label("Title of the advice").fill("Psychological advice")
    page.get_by_label("Upload the advice").set_input_files({**PDF, "name": "advice.pdf"})
    submit(page, "Send the advice")
    expect(success_banner(page)).to_contain_text("Your advice has been sent")
    row = page.get_by_role("table", name="All requests").get_by_role("row").nth(1)
    expect(row).to_contain_text(f"Received {short_date(today())}")
    sign_out(page)

    sign_in(page, live_server, "officer", PASSWORD)
    page.goto(url_for(live_server, "assessments:case", pk=advice.request_id))
    advice_row = page.get_by_role("table", name="Advice").get_by_role("row").nth(1)
    expect(advice_row).to_contain_text(short_date(today()))
    expect(advice_row).to_contain_text(f"Sent to Educational Psychology Service, taken by {ep.display_name}")
    expect(page.get_by_role("link", name="Psychological advice")).to_be_visible()
    expect(page.locator("#timeline")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Educational psychology advice received")


def test_senco_requests_an_assessment_for_a_pupil(page: Page, live_server, officer):
    from sendcase.assessments.models import AssessmentRequest, RequestSource

    from .helpers import follow_nav

    school = EstablishmentFactory(name="Oakfield Primary School")
    school_user(school, "senco")
    pupil = pupil_at(school, legal_first_name="Nadia", legal_last_name="Pupilson")

    sign_in_with_code(page, live_server, "senco", PASSWORD)
    follow_nav(page, "Pupils")
    expect(page.get_by_role("table", name="Pupils on your roll (1)")).to_contain_text("Nadia Pupilson")
    follow(page, "Nadia Pupilson")
    follow(page, "Request an EHC needs assessment for Nadia Pupilson")
    submit(page, "Send the request")
    assert_error_summary(page, "Enter why the school is asking for an assessment", "Select a file")

    page.get_by_label("Why is the school asking for an EHC needs assessment?").fill(
        "Needs beyond what SEN support has met over three cycles"
    )
    page.get_by_label("Evidence (for example the SEN support plan and its reviews)").set_input_files(PDF)
    submit(page, "Send the request")
    expect(success_banner(page)).to_contain_text(
        "Your request for an EHC needs assessment for Nadia Pupilson"
    )
    expect(page.get_by_role("main")).to_contain_text("is open: request received")
    request = AssessmentRequest.objects.get(child=pupil)
    assert request.source == RequestSource.SCHOOL and request.requesting_establishment == school
