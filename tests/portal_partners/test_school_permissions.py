"""A school sees only its own pupils and the children it is consulted about: every other child's page,
document and form answers 404, by GET and by POST, and nothing is written."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sendcase.assessments.models import AdviserType
from sendcase.core.models import Role
from sendcase.people.models import CaseEvent, Document
from sendcase.plans.models import Placement
from sendcase.plans.services import reviews as rs
from sendcase.portal.models import SchoolMembership
from sendcase.portal.schools import services
from tests.factories import UserFactory
from tests.people.files import PDF_BYTES, upload
from tests.plans_reviews.helpers import issued_plan

from .conftest import client_for
from .factories import DAY, advice_for, consultation_with, pupil_at, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(officer, other_school, other_senco):
    """Another school's pupil, consultation, advice request, review and uploaded document."""
    pupil = pupil_at(other_school)
    advice = advice_for(officer, child=pupil, adviser_type=AdviserType.EDUCATION)
    consultation = consultation_with(officer, other_school)
    services.school_consultation_answer(
        acting_user=other_senco,
        consultation=consultation,
        outcome="can_meet",
        evidence=upload("theirs.pdf", PDF_BYTES),
    )
    document = Document.objects.get(created_by=other_senco)
    plan = issued_plan(officer, days_ago=700)
    Placement.objects.create(child=plan.child, establishment=other_school, entry_on=today() - 500 * DAY)
    review = rs.review_open(acting_user=officer, plan=plan)
    return {
        "pupil": pupil,
        "advice": advice,
        "consultation": consultation,
        "document": document,
        "review": review,
    }


def test_another_schools_records_are_404_by_page(senco_client, theirs):
    urls = [
        reverse("portal:school_pupil", kwargs={"pk": theirs["pupil"].pk}),
        reverse("portal:school_pupil", kwargs={"pk": theirs["consultation"].request.child_id}),
        reverse("portal:school_consultation", kwargs={"pk": theirs["consultation"].pk}),
        reverse("portal:school_advice", kwargs={"pk": theirs["advice"].pk}),
        reverse("portal:school_review", kwargs={"pk": theirs["review"].pk}),
        reverse("portal:school_request", kwargs={"pk": theirs["pupil"].pk}),
    ]
    for url in urls:
        assert senco_client.get(url).status_code == 404, url


def test_another_schools_document_is_404_by_download(senco_client, other_senco, theirs):
    child_id = theirs["document"].child_id
    url = reverse("portal:school_document", kwargs={"pk": child_id, "document_pk": theirs["document"].pk})
    assert senco_client.get(url).status_code == 404
    # The school that sent it may download it.
    assert client_for(other_senco).get(url).status_code == 200


def test_a_consulted_school_cannot_download_the_councils_or_another_schools_documents(
    officer, school, senco_client, theirs
):
    from sendcase.assessments.services import consultation_send

    consultation = consultation_send(
        acting_user=officer,
        request=theirs["consultation"].request,
        establishment=school,
        sent_on=today() - DAY,
    )
    child = consultation.request.child
    url = reverse("portal:school_document", kwargs={"pk": child.pk, "document_pk": theirs["document"].pk})
    assert senco_client.get(reverse("portal:school_pupil", kwargs={"pk": child.pk})).status_code == 200
    assert senco_client.get(url).status_code == 404


def test_another_schools_records_are_404_by_post_and_nothing_is_written(senco_client, theirs):
    events = CaseEvent.objects.count()
    posts = [
        (
            reverse("portal:school_advice", kwargs={"pk": theirs["advice"].pk}),
            {"title": "x", "uploaded_file": upload("a.pdf", PDF_BYTES)},
        ),
        (
            reverse("portal:school_review", kwargs={"pk": theirs["review"].pk}),
            {"is_report": "no", "title": "x", "uploaded_file": upload("a.pdf", PDF_BYTES)},
        ),
        (
            reverse("portal:school_request", kwargs={"pk": theirs["pupil"].pk}),
            {"summary": "x", "evidence": upload("a.pdf", PDF_BYTES)},
        ),
    ]
    for url, data in posts:
        assert senco_client.post(url, data).status_code == 404, url
    assert CaseEvent.objects.count() == events
    theirs["advice"].refresh_from_db()
    assert theirs["advice"].received_on is None


def test_a_consultation_of_another_school_is_404_by_post(officer, other_school, senco_client):
    consultation = consultation_with(officer, other_school)
    url = reverse("portal:school_consultation", kwargs={"pk": consultation.pk})
    assert senco_client.post(url, {"outcome": "can_meet"}).status_code == 404
    consultation.refresh_from_db()
    assert consultation.answered_on is None


def test_a_school_user_whose_membership_ended_is_refused(officer, school, senco, senco_client):
    consultation = consultation_with(officer, school)
    SchoolMembership.objects.filter(user=senco).update(ended_at=timezone.now())

    assert senco_client.get(reverse("portal:school_home")).status_code == 403
    assert (
        senco_client.get(reverse("portal:school_consultation", kwargs={"pk": consultation.pk})).status_code
        == 403
    )


@pytest.mark.parametrize("role", [Role.ADVISER, Role.FAMILY, Role.CASE_OFFICER])
def test_only_school_staff_use_the_school_portal(role, school):
    user = UserFactory(username=f"not-school-{role}", role=role)
    assert client_for(user).get(reverse("portal:school_home")).status_code == 403
