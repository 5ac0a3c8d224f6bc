"""Portal users stay out of staff pages; sign-in sends them to their portal; an officer sends a request
for advice to an advice service from the case page and sees the results there."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from sendcase.core.models import AuditEntry
from sendcase.portal.models import AdviceAssignment
from tests.people.files import PDF_BYTES, upload

from .conftest import client_for
from .factories import advice_for, consultation_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_urls(officer, child):
    request = advice_for(officer, child=child).request
    return [
        reverse("caseload:worklist"),
        reverse("people:child_list"),
        reverse("people:child_detail", kwargs={"pk": child.pk}),
        reverse("assessments:case", kwargs={"pk": request.pk}),
        reverse("plan_worklists:reviews"),
        reverse("core:audit_log"),
        reverse("portal:advice_assign", kwargs={"advice_pk": request.advice_requests.get().pk}),
    ]


def test_portal_users_get_403_on_staff_pages(senco, ep, staff_urls):
    for user in (senco, ep):
        client = client_for(user)
        for url in staff_urls:
            assert client.get(url).status_code == 403, (user.username, url)


def test_home_sends_each_partner_to_their_portal(senco, ep):
    assert client_for(senco).get(reverse("core:home")).url == reverse("portal:school_home")
    assert client_for(ep).get(reverse("core:home")).url == reverse("portal:advice_home")


def test_officer_sends_advice_to_a_service_and_sees_the_result(officer, officer_client, ep_service, ep):
    advice = advice_for(officer)
    case_url = reverse("assessments:case", kwargs={"pk": advice.request_id})
    assert "Send to an advice service" in officer_client.get(case_url).content.decode()

    url = reverse("portal:advice_assign", kwargs={"advice_pk": advice.pk})
    assert officer_client.post(url, {}).status_code == 200
    assert officer_client.post(url, {"service": ep_service.pk}).status_code == 302
    assignment = AdviceAssignment.objects.get(advice_request=advice)
    assert assignment.service == ep_service
    assert AuditEntry.objects.filter(user=officer, object_type="portal.AdviceAssignment").exists()

    from sendcase.portal.advisers.services import advice_submit

    advice_submit(
        acting_user=ep, assignment=assignment, uploaded_file=upload("a.pdf", PDF_BYTES), title="EP advice"
    )
    page = officer_client.get(case_url).content.decode()
    assert f"Sent to {ep_service.name}, taken by {escape(ep.display_name)}" in page
    assert "EP advice" in page  # the document, on the case page's documents list


def test_officer_sees_the_schools_answer_on_the_case_page(officer, officer_client, school, senco):
    from sendcase.portal.schools.services import school_consultation_answer

    consultation = consultation_with(officer, school)
    school_consultation_answer(
        acting_user=senco, consultation=consultation, outcome="cannot_meet", conditions="No space"
    )
    page = officer_client.get(
        reverse("assessments:case", kwargs={"pk": consultation.request_id})
    ).content.decode()
    assert "Cannot meet the needs" in page
    assert f"{escape(school.name)} answered: cannot meet the needs" in page


def test_sending_advice_to_a_service_queues_one_email_to_it(officer, ep_service):
    from sendcase.notifications.models import OutboxMessage
    from sendcase.portal.advisers.services import advice_assign

    ep_service.email = "ep.service@example.org"
    ep_service.save()
    advice = advice_for(officer)
    advice_assign(acting_user=officer, advice=advice, service=ep_service)
    advice_assign(acting_user=officer, advice=advice, service=ep_service)  # same service again: no repeat
    messages = OutboxMessage.objects.filter(kind="advice_requested", recipient="ep.service@example.org")
    assert messages.count() == 1
    assert advice.request.child.reference in messages.get().personalisation["subject"]
