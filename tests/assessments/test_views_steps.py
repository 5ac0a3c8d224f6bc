"""Recording each step through its form page: success, refusals shown against the field, permissions."""

import datetime as dt

import pytest

from sendcase.assessments.models import AssessmentRequest, RequestStatus
from tests.assessments.helpers import drive_to, today
from tests.factories import EstablishmentFactory


def _date(prefix: str, value: dt.date) -> dict:
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


@pytest.mark.django_db
def test_recording_a_request_from_the_childs_record(officer_client, child):
    received = today() - dt.timedelta(days=3)
    response = officer_client.post(
        f"/cases/new/{child.pk}/", {**_date("received_on", received), "source": "school"}
    )
    request = AssessmentRequest.objects.get(child=child)
    assert response.status_code == 302 and response["Location"] == f"/cases/{request.pk}/"
    assert request.source == "school" and request.received_on == received


@pytest.mark.django_db
def test_a_future_request_date_is_refused_with_an_error_summary(officer_client, child):
    future = today() + dt.timedelta(days=3)
    response = officer_client.post(
        f"/cases/new/{child.pk}/", {**_date("received_on", future), "source": "parent"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "must be today or in the past" in html
    assert 'href="#id_received_on_0"' in html
    assert not AssessmentRequest.objects.filter(child=child).exists()


@pytest.mark.django_db
def test_an_impossible_date_is_named(officer_client, child):
    response = officer_client.post(
        f"/cases/new/{child.pk}/",
        {"received_on_0": "31", "received_on_1": "2", "received_on_2": "2026", "source": "parent"},
    )
    assert "must be a real date" in response.content.decode()


@pytest.mark.django_db
def test_decision_not_to_assess_needs_reasons_and_closes_the_case(officer_client, officer):
    request = drive_to("received", user=officer)
    url = f"/cases/{request.pk}/decision/"
    page = officer_client.get(url).content.decode()
    assert "right to appeal" in page
    decided = request.received_on + dt.timedelta(days=10)
    response = officer_client.post(
        url, {"decision": "no", **_date("decided_on", decided), "version": request.version}
    )
    assert "Enter the reasons for deciding not to assess" in response.content.decode()
    response = officer_client.post(
        url,
        {"decision": "no", **_date("decided_on", decided), "reason": "Needs met", "version": request.version},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.NOT_ASSESSING


@pytest.mark.django_db
def test_a_stale_form_is_refused_and_nothing_changes(officer_client, officer):
    request = drive_to("received", user=officer)
    stale_version = request.version
    from sendcase.assessments import services

    services.exception_record(
        acting_user=officer,
        request=request,
        step="decision",
        reason="absence_from_area",
        starts_on=request.received_on,
    )
    decided = request.received_on + dt.timedelta(days=10)
    response = officer_client.post(
        f"/cases/{request.pk}/decision/",
        {"decision": "yes", **_date("decided_on", decided), "version": stale_version},
    )
    assert "Someone else updated this case" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED


@pytest.mark.django_db
def test_a_step_not_available_at_this_stage_redirects_with_a_message(officer_client, officer):
    request = drive_to("received", user=officer)
    response = officer_client.get(f"/cases/{request.pk}/final-plan/", follow=True)
    assert "not available at the stage" in response.content.decode()


@pytest.mark.django_db
def test_recording_advice_receipt_through_its_item_page(officer_client, officer):
    request = drive_to("assessing", user=officer)
    advice = request.advice_requests.get()
    received = advice.requested_on + dt.timedelta(days=20)
    response = officer_client.post(
        f"/cases/{request.pk}/advice-receipt/{advice.pk}/", _date("received_on", received)
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.received_on == received


@pytest.mark.django_db
def test_another_cases_advice_cannot_be_reached_through_this_case(officer_client, officer):
    first = drive_to("assessing", user=officer)
    second = drive_to("assessing", user=officer)
    advice = second.advice_requests.get()
    response = officer_client.get(f"/cases/{first.pk}/advice-receipt/{advice.pk}/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_final_plan_before_the_comment_period_ends_is_refused(officer_client, officer):
    request = drive_to("draft_served", user=officer)
    too_soon = request.draft_served_on + dt.timedelta(days=14)
    school = EstablishmentFactory()
    response = officer_client.post(
        f"/cases/{request.pk}/final-plan/",
        {**_date("issued_on", too_soon), "named_establishment": school.pk, "version": request.version},
    )
    assert "must be on or after the day after the family" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.DRAFT_SERVED


@pytest.mark.django_db
def test_read_only_users_cannot_record_steps(read_only_client, officer):
    request = drive_to("received", user=officer)
    assert read_only_client.get(f"/cases/{request.pk}/decision/").status_code == 403
    decided = request.received_on + dt.timedelta(days=10)
    response = read_only_client.post(
        f"/cases/{request.pk}/decision/", {"decision": "yes", **_date("decided_on", decided)}
    )
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED


@pytest.mark.django_db
def test_outsiders_cannot_record_steps(outsider_client, officer, child):
    request = drive_to("received", user=officer)
    # A family account is refused every staff page (403) before any record is looked up, so whether the
    # record exists is never revealed.
    assert outsider_client.post(f"/cases/{request.pk}/decision/", {}).status_code == 403
    assert outsider_client.get(f"/cases/new/{child.pk}/").status_code in (403, 404)


@pytest.mark.django_db
def test_unknown_steps_are_not_found(officer_client, officer):
    request = drive_to("received", user=officer)
    assert officer_client.get(f"/cases/{request.pk}/no-such-step/").status_code == 404
    assert officer_client.get(f"/cases/{request.pk}/decision/5/").status_code == 404
