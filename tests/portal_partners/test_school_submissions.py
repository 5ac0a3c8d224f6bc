"""A school sends education advice, annual review paperwork and the review report, and its own request
for an EHC needs assessment, each through the authority's existing service for the step."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sendcase.assessments.models import AdviserType, AssessmentRequest, RequestSource, RequestStatus
from sendcase.caseload.selectors import unallocated_cases, worklist_for_officer
from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Document, DocumentKind
from sendcase.plans.models import Placement, ReviewStatus
from sendcase.plans.services import reviews as rs
from sendcase.portal.schools import services
from tests.factories import AllocationFactory
from tests.people.files import PDF_BYTES, upload
from tests.plans_reviews.helpers import issued_plan

from .factories import DAY, advice_for, consultation_with, pupil_at, today

pytestmark = pytest.mark.django_db


def test_education_advice_for_a_pupil_is_received_with_its_document(officer, school, senco, senco_client):
    pupil = pupil_at(school)
    advice = advice_for(officer, child=pupil, adviser_type=AdviserType.EDUCATION)

    response = senco_client.post(
        reverse("portal:school_advice", kwargs={"pk": advice.pk}),
        {"title": "Education advice from Oakfield", "uploaded_file": upload("advice.pdf", PDF_BYTES)},
    )

    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.received_on == today()
    assert CaseEvent.objects.get(kind=EventKind.ADVICE_RECEIVED, subject_id=advice.pk).actor == senco
    document = Document.objects.get(child=pupil, kind=DocumentKind.ADVICE)
    assert document.title == "Education advice from Oakfield"


def test_advice_needs_a_file(officer, school, senco_client):
    advice = advice_for(officer, child=pupil_at(school), adviser_type=AdviserType.EDUCATION)

    response = senco_client.post(
        reverse("portal:school_advice", kwargs={"pk": advice.pk}), {"title": "Advice"}
    )

    assert response.status_code == 200
    assert "Select a file" in response.content.decode()
    advice.refresh_from_db()
    assert advice.received_on is None


@pytest.fixture
def held_review(officer, school):
    plan = issued_plan(officer, days_ago=700)
    Placement.objects.create(child=plan.child, establishment=school, entry_on=today() - 500 * DAY)
    review = rs.review_open(acting_user=officer, plan=plan)
    review = rs.review_schedule(
        acting_user=officer,
        review=review,
        meeting_on=today() - 3 * DAY,
        invitees="Family, school",
        notice_sent_on=today() - 30 * DAY,
    )
    return rs.review_meeting_held(acting_user=officer, review=review, held_on=today() - 3 * DAY)


def test_review_paperwork_is_recorded_with_its_event(held_review, senco, senco_client):
    response = senco_client.post(
        reverse("portal:school_review", kwargs={"pk": held_review.pk}),
        {"is_report": "no", "title": "Pupil views", "uploaded_file": upload("views.pdf", PDF_BYTES)},
    )

    assert response.status_code == 302
    held_review.refresh_from_db()
    assert held_review.status == ReviewStatus.HELD
    event = CaseEvent.objects.get(kind=EventKind.REVIEW_PAPERWORK_SUBMITTED)
    assert event.actor == senco and event.data["report"] is False


def test_the_review_report_is_recorded_as_received_through_the_review_service(
    held_review, senco, senco_client
):
    response = senco_client.post(
        reverse("portal:school_review", kwargs={"pk": held_review.pk}),
        {"is_report": "yes", "title": "Review report", "uploaded_file": upload("report.pdf", PDF_BYTES)},
    )

    assert response.status_code == 302
    held_review.refresh_from_db()
    assert held_review.status == ReviewStatus.REPORT_RECEIVED
    assert held_review.report_received_on == today()
    assert CaseEvent.objects.filter(kind=EventKind.REVIEW_REPORT_RECEIVED, actor=senco).count() == 1
    assert CaseEvent.objects.filter(kind=EventKind.REVIEW_PAPERWORK_SUBMITTED, actor=senco).count() == 1


def test_the_report_cannot_come_before_the_meeting(officer, school, senco):
    plan = issued_plan(officer, days_ago=700)
    Placement.objects.create(child=plan.child, establishment=school, entry_on=today() - 500 * DAY)
    review = rs.review_open(acting_user=officer, plan=plan)

    with pytest.raises(ServiceError, match="once the meeting has been recorded"):
        services.school_review_paperwork_submit(
            acting_user=senco, review=review, uploaded_file=upload("r.pdf", PDF_BYTES), is_report=True
        )


def test_a_school_request_reaches_the_officers_as_a_new_request(
    officer, manager, school, senco, senco_client
):
    pupil = pupil_at(school)

    response = senco_client.post(
        reverse("portal:school_request", kwargs={"pk": pupil.pk}),
        {"summary": "Needs beyond SEN support", "evidence": upload("sen-support-plan.pdf", PDF_BYTES)},
    )

    assert response.status_code == 302
    request = AssessmentRequest.objects.get(child=pupil)
    assert request.source == RequestSource.SCHOOL
    assert request.requesting_establishment == school
    assert request.received_on == today()
    assert request.status == RequestStatus.RECEIVED
    assert CaseEvent.objects.get(kind=EventKind.REQUEST_RECEIVED, child=pupil).actor == senco
    assert Document.objects.filter(child=pupil, kind=DocumentKind.EVIDENCE, created_by=senco).count() == 1
    assert request in unallocated_cases(manager)
    AllocationFactory(child=pupil, officer=officer)
    assert [row.request_pk for row in worklist_for_officer(officer, as_of=today())] == [request.pk]


def test_a_school_cannot_request_for_a_child_it_is_only_consulted_about(officer, school, senco, senco_client):
    consultation = consultation_with(officer, school)
    child = consultation.request.child

    assert senco_client.get(reverse("portal:school_pupil", kwargs={"pk": child.pk})).status_code == 200
    response = senco_client.post(
        reverse("portal:school_request", kwargs={"pk": child.pk}),
        {"summary": "x", "evidence": upload("e.pdf", PDF_BYTES)},
    )
    assert response.status_code == 404
    with pytest.raises(NotPermitted):
        services.school_assessment_request(
            acting_user=senco, child=child, summary="x", evidence=upload("e.pdf", PDF_BYTES)
        )
