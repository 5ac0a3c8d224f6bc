"""The family's tasks: views for section A, answering a draft plan, sending evidence, asking a question."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sendcase.assessments.models import RequestStatus
from sendcase.core.errors import InvalidTransition, NotPermitted
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Document
from sendcase.portal.family import services
from sendcase.portal.family.working_days import add_working_days
from sendcase.portal.models import FamilyViews, Question

from ..factories import EstablishmentFactory
from .helpers import case_with_draft

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"


def test_views_are_stored_and_seen_by_officers(parent_client, parent, child, officer_client):
    url = reverse("portal:family_views", kwargs={"pk": child.pk})
    response = parent_client.post(url, {"about_me": "Loves trains", "hopes": "To go to college"})
    assert response.status_code == 302
    views = FamilyViews.objects.get(child=child)
    assert views.about_me == "Loves trains" and views.created_by == parent
    event = CaseEvent.objects.get(child=child, kind=EventKind.VIEWS_GIVEN)
    assert "Loves trains" in event.reason
    staff_page = officer_client.get(reverse("portal:family_staff_questions", kwargs={"pk": child.pk}))
    assert "Loves trains" in staff_page.content.decode()


def test_views_need_something(parent_client, child):
    response = parent_client.post(reverse("portal:family_views", kwargs={"pk": child.pk}), {})
    assert response.status_code == 200
    assert "Write your views in at least one box" in response.content.decode()
    assert not FamilyViews.objects.exists()


def test_draft_response_goes_through_the_assessment_service(
    parent_client, parent, child, officer, officer_client
):
    request = case_with_draft(child, officer)
    school = EstablishmentFactory(name="Riverside Special School")
    response = parent_client.post(
        reverse("portal:family_draft_response", kwargs={"pk": child.pk}),
        {
            "comments": "Section F needs speech therapy weekly",
            "preferred_establishment": school.pk,
            "preference_notes": "Close to home",
            "meeting_requested": "on",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.family_comments_received_on == timezone.localdate()
    assert request.family_preferred_establishment == school and request.meeting_requested
    assert request.status == RequestStatus.DRAFT_SERVED
    event = CaseEvent.objects.get(child=child, kind=EventKind.DRAFT_RESPONSE)
    assert event.actor == parent and "speech therapy" in event.reason
    # The officer sees it on the case page.
    case_page = officer_client.get(reverse("assessments:case", kwargs={"pk": request.pk})).content.decode()
    assert "Riverside Special School" in case_page and "speech therapy" in case_page


def test_draft_response_refused_after_the_comment_period(parent, child, officer):
    case_with_draft(child, officer, served_days_ago=16)
    with pytest.raises(InvalidTransition):
        services.draft_response_give(
            acting_user=parent, child=child, comments="Late", preferred_establishment=None
        )


def test_draft_response_page_is_404_with_no_draft(parent_client, child):
    assert (
        parent_client.get(reverse("portal:family_draft_response", kwargs={"pk": child.pk})).status_code == 404
    )


def test_unlinked_family_user_cannot_respond_through_the_service(outsider, child, officer):
    case_with_draft(child, officer)
    with pytest.raises(NotPermitted):
        services.draft_response_give(
            acting_user=outsider, child=child, comments="x", preferred_establishment=None
        )


def test_evidence_upload_is_checked_like_staff_uploads(parent_client, child):
    url = reverse("portal:family_evidence_upload", kwargs={"pk": child.pk})
    fake = SimpleUploadedFile("report.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = parent_client.post(url, {"title": "Report", "file": fake})
    assert response.status_code == 200 and "not a real PDF" in response.content.decode()
    assert not Document.objects.filter(child=child).exists()
    real = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    assert parent_client.post(url, {"title": "Report", "file": real}).status_code == 302
    document = Document.objects.get(child=child)
    assert document.visible_to_family and document.content_type == "application/pdf"


def test_question_due_in_ten_working_days(parent_client, parent, child):
    response = parent_client.post(
        reverse("portal:family_question_ask", kwargs={"pk": child.pk}),
        {"subject": "Transport", "text": "Who arranges transport?"},
    )
    assert response.status_code == 302
    question = Question.objects.get(child=child)
    assert question.asked_by == parent
    assert question.respond_by == add_working_days(timezone.localdate(), 10)
    assert CaseEvent.objects.filter(child=child, kind=EventKind.QUESTION_ASKED).exists()


def test_question_needs_subject_and_text(parent_client, child):
    response = parent_client.post(reverse("portal:family_question_ask", kwargs={"pk": child.pk}), {})
    text = response.content.decode()
    assert "Enter what your question is about" in text and "Enter your question" in text


def test_working_days_skip_weekends_and_bank_holidays():
    # Thursday 18 December 2025 + 10 working days: skips two weekends, Christmas Day, Boxing Day
    # and New Year's Day.
    assert add_working_days(dt.date(2025, 12, 18), 10) == dt.date(2026, 1, 6)
    # Thursday 2 April 2026: Good Friday (3rd) and Easter Monday (6th) are not counted.
    assert add_working_days(dt.date(2026, 4, 2), 1) == dt.date(2026, 4, 7)
