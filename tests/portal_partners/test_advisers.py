"""An advice service sees its own requests for advice, takes them, sends advice and records missed
appointments; another service's requests answer 404 by page, download and POST."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from sendcase import statutory
from sendcase.core.errors import NotPermitted
from sendcase.core.models import AuditEntry, Role
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Document, DocumentKind
from sendcase.portal.advisers import selectors, services
from sendcase.portal.models import AdviceAssignment
from tests.factories import UserFactory
from tests.people.files import PDF_BYTES, upload

from .conftest import client_for
from .factories import DAY, advice_for, assigned_advice, today

pytestmark = pytest.mark.django_db


def test_the_service_sees_its_requests_with_due_dates_overdue_first(
    officer, ep_service, other_service, ep, ep_client
):
    late = assigned_advice(officer, ep_service, requested_days_ago=50)
    fresh = assigned_advice(officer, ep_service, requested_days_ago=3)
    other = assigned_advice(officer, other_service)
    advice_for(officer)  # not assigned to anyone

    rows = selectors.advice_rows(ep, today())

    assert [r.advice.pk for r in rows] == [late.pk, fresh.pk]
    assert rows[0].status == "overdue" and rows[0].due == statutory.advice_due(late.requested_on)
    assert rows[1].status == "due"
    page = ep_client.get(reverse("portal:advice_home")).content.decode()
    assert escape(late.request.child.full_name) in page
    assert escape(other.request.child.full_name) not in page
    assert "1 request overdue in your team" in page
    overdue = ep_client.get(reverse("portal:advice_home") + "?show=overdue").content.decode()
    assert escape(late.request.child.full_name) in overdue
    assert escape(fresh.request.child.full_name) not in overdue


def test_take_then_submit_advice(officer, ep_service, ep, ep_client):
    advice = assigned_advice(officer, ep_service)
    detail = reverse("portal:advice_detail", kwargs={"pk": advice.pk})
    assert ep_client.get(detail).status_code == 200
    assert AuditEntry.objects.filter(user=ep, action="view", child_id=advice.request.child_id).exists()

    assert ep_client.post(reverse("portal:advice_take", kwargs={"pk": advice.pk})).status_code == 302
    assert AdviceAssignment.objects.get(advice_request=advice).assignee == ep

    response = ep_client.post(
        reverse("portal:advice_submit", kwargs={"pk": advice.pk}),
        {"title": "Psychological advice", "uploaded_file": upload("advice.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.received_on == today()
    assert CaseEvent.objects.get(kind=EventKind.ADVICE_RECEIVED, subject_id=advice.pk).actor == ep
    document = Document.objects.get(child=advice.request.child, kind=DocumentKind.ADVICE)
    download = reverse("portal:advice_document", kwargs={"pk": advice.pk, "document_pk": document.pk})
    response = ep_client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert AuditEntry.objects.filter(user=ep, action="download").count() == 1


def test_submitting_twice_is_refused(officer, ep_service, ep, ep_client):
    advice = assigned_advice(officer, ep_service)
    services.advice_submit(
        acting_user=ep, assignment=advice.assignment, uploaded_file=upload("a.pdf", PDF_BYTES)
    )

    response = ep_client.post(
        reverse("portal:advice_submit", kwargs={"pk": advice.pk}),
        {"title": "Again", "uploaded_file": upload("b.pdf", PDF_BYTES)},
    )
    assert response.status_code == 200
    assert Document.objects.filter(kind=DocumentKind.ADVICE).count() == 1


def test_a_missed_appointment_records_the_exception_on_the_case(officer, ep_service, ep, ep_client):
    advice = assigned_advice(officer, ep_service, requested_days_ago=20)
    missed_on = today() - 2 * DAY

    response = ep_client.post(
        reverse("portal:advice_missed", kwargs={"pk": advice.pk}),
        {
            "missed_on_0": missed_on.day,
            "missed_on_1": missed_on.month,
            "missed_on_2": missed_on.year,
            "notes": "New appointment offered",
        },
    )

    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.exception_reason == "missed_appointment"
    assert CaseEvent.objects.get(kind=EventKind.ADVICE_EXCEPTION, subject_id=advice.pk).actor == ep
    event = CaseEvent.objects.get(kind=EventKind.ADVICE_APPOINTMENT_MISSED)
    assert event.occurred_on == missed_on and event.actor == ep
    assert selectors.advice_row(advice.assignment, today()).status == "excepted"


def test_a_missed_appointment_cannot_be_in_the_future(officer, ep_service, ep_client):
    advice = assigned_advice(officer, ep_service)
    future = today() + DAY
    response = ep_client.post(
        reverse("portal:advice_missed", kwargs={"pk": advice.pk}),
        {"missed_on_0": future.day, "missed_on_1": future.month, "missed_on_2": future.year},
    )
    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()


def test_another_services_request_is_404_by_page_download_and_post(
    officer, ep_service, other_service, other_adviser, ep_client
):
    theirs = assigned_advice(officer, other_service)
    services.advice_submit(
        acting_user=other_adviser, assignment=theirs.assignment, uploaded_file=upload("t.pdf", PDF_BYTES)
    )
    document = Document.objects.get(created_by=other_adviser)
    open_theirs = assigned_advice(officer, other_service)
    events = CaseEvent.objects.count()

    assert ep_client.get(reverse("portal:advice_detail", kwargs={"pk": theirs.pk})).status_code == 404
    url = reverse("portal:advice_document", kwargs={"pk": theirs.pk, "document_pk": document.pk})
    assert ep_client.get(url).status_code == 404
    for name, data in [
        ("portal:advice_take", {}),
        ("portal:advice_submit", {"title": "x", "uploaded_file": upload("x.pdf", PDF_BYTES)}),
        (
            "portal:advice_missed",
            {"missed_on_0": today().day, "missed_on_1": today().month, "missed_on_2": today().year},
        ),
    ]:
        assert ep_client.post(reverse(name, kwargs={"pk": open_theirs.pk}), data).status_code == 404, name
    assert CaseEvent.objects.count() == events
    assert AdviceAssignment.objects.get(advice_request=open_theirs).assignee is None


def test_another_services_document_cannot_be_reached_through_own_request_for_the_same_child(
    officer, ep_service, other_service, other_adviser, ep_client
):
    theirs = assigned_advice(officer, other_service)
    services.advice_submit(
        acting_user=other_adviser, assignment=theirs.assignment, uploaded_file=upload("t.pdf", PDF_BYTES)
    )
    document = Document.objects.get(created_by=other_adviser)
    # The same child's request for EP advice is assigned to the EP service.
    mine = services_request_for_same_child(officer, theirs, ep_service)
    url = reverse("portal:advice_document", kwargs={"pk": mine.pk, "document_pk": document.pk})
    assert ep_client.get(url).status_code == 404


def services_request_for_same_child(officer, advice, service):
    from sendcase.assessments.services import advice_request_record

    mine = advice_request_record(
        acting_user=officer,
        request=advice.request,
        adviser_type=service.adviser_type,
        requested_on=today() - DAY,
    )
    AdviceAssignment.objects.create(advice_request=mine, service=service)
    return mine


def test_service_refuses_a_user_of_another_service(officer, other_service, ep):
    theirs = assigned_advice(officer, other_service)
    with pytest.raises(NotPermitted):
        services.advice_take(acting_user=ep, assignment=theirs.assignment)


def test_an_ended_membership_loses_access(officer, ep_service, ep, ep_client):
    advice = assigned_advice(officer, ep_service)
    ep.adviser_memberships.update(ended_at=timezone.now())
    assert ep_client.get(reverse("portal:advice_home")).status_code == 403
    assert ep_client.get(reverse("portal:advice_detail", kwargs={"pk": advice.pk})).status_code == 403


@pytest.mark.parametrize("role", [Role.SCHOOL, Role.FAMILY, Role.CASE_OFFICER])
def test_only_advisers_use_the_advice_portal(role):
    user = UserFactory(username=f"not-adviser-{role}", role=role)
    assert client_for(user).get(reverse("portal:advice_home")).status_code == 403
