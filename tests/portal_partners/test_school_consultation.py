"""A SENCO answers a consultation about naming their school, through the existing answer service."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sendcase.assessments.models import Consultation, ConsultationOutcome
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError
from sendcase.core.models import AuditEntry
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Document, DocumentKind
from sendcase.portal.schools.services import school_consultation_answer
from tests.people.files import PDF_BYTES, upload

from .factories import consultation_with, today

pytestmark = pytest.mark.django_db


def test_answer_with_conditions_and_evidence_is_recorded_as_the_senco(officer, school, senco, senco_client):
    consultation = consultation_with(officer, school)
    url = reverse("portal:school_consultation", kwargs={"pk": consultation.pk})
    page = senco_client.get(url)
    assert page.status_code == 200
    assert "Answer the consultation" in page.content.decode()

    response = senco_client.post(
        url,
        {
            "outcome": ConsultationOutcome.CAN_MEET_WITH_CONDITIONS,
            "conditions": "A teaching assistant for 20 hours a week",
            "evidence": upload("provision-map.pdf", PDF_BYTES),
        },
    )

    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.answered_on == today()
    assert consultation.outcome == ConsultationOutcome.CAN_MEET_WITH_CONDITIONS
    assert consultation.notes == "A teaching assistant for 20 hours a week"
    event = CaseEvent.objects.get(kind=EventKind.CONSULTATION_ANSWERED, subject_id=consultation.pk)
    assert event.actor == senco
    evidence = Document.objects.get(child=consultation.request.child, kind=DocumentKind.EVIDENCE)
    assert evidence.created_by == senco
    assert AuditEntry.objects.filter(
        user=senco, action="view", child_id=consultation.request.child_id
    ).exists()


def test_conditions_are_required_when_the_school_has_them(officer, school, senco_client):
    consultation = consultation_with(officer, school)
    url = reverse("portal:school_consultation", kwargs={"pk": consultation.pk})

    response = senco_client.post(
        url, {"outcome": ConsultationOutcome.CAN_MEET_WITH_CONDITIONS, "conditions": " "}
    )

    assert response.status_code == 200
    assert "Enter the conditions the school needs" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.answered_on is None


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_recorded(officer, school, senco_client):
    consultation = consultation_with(officer, school)
    url = reverse("portal:school_consultation", kwargs={"pk": consultation.pk})

    response = senco_client.post(
        url,
        {"outcome": ConsultationOutcome.CAN_MEET, "evidence": upload("evidence.pdf", b"not a pdf at all")},
    )

    assert response.status_code == 200
    assert "is not a real PDF file" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.answered_on is None


def test_an_answered_consultation_is_closed(officer, school, senco):
    consultation = consultation_with(officer, school)
    school_consultation_answer(
        acting_user=senco, consultation=consultation, outcome=ConsultationOutcome.CAN_MEET
    )

    with pytest.raises(InvalidTransition):
        school_consultation_answer(
            acting_user=senco,
            consultation=consultation,
            outcome=ConsultationOutcome.CANNOT_MEET,
            conditions="x",
        )


def test_another_school_cannot_answer_by_service(officer, school, other_senco):
    consultation = consultation_with(officer, school)

    with pytest.raises(NotPermitted):
        school_consultation_answer(acting_user=other_senco, consultation=consultation, outcome="can_meet")
    assert Consultation.objects.get(pk=consultation.pk).answered_on is None


def test_the_shared_service_still_refuses_a_school_user_outside_the_portal_service(officer, school, senco):
    """The portal's permission reaches only the step its own check covered."""
    from sendcase.assessments.services import consultation_answer_record

    consultation = consultation_with(officer, school)
    with pytest.raises(ServiceError):
        consultation_answer_record(
            acting_user=senco, consultation=consultation, answered_on=today(), outcome="can_meet"
        )
