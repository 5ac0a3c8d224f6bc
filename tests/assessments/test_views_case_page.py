"""The case page: stage in plain English, next step and legal due date, deadlines, timeline; audited."""

import datetime as dt

import pytest
from django.utils.html import escape

from sendcase.core.models import AuditAction, AuditEntry
from tests.assessments.helpers import drive_to, today
from tests.factories import AllocationFactory


@pytest.mark.django_db
def test_case_page_shows_stage_next_step_and_deadlines(officer_client, officer, team):
    request = drive_to("received", user=officer)
    AllocationFactory(child=request.child, officer=officer, team=team)
    response = officer_client.get(f"/cases/{request.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Request received" in html
    assert "must decide whether to carry out an EHC needs assessment" in html
    assert "Next step: Decide whether to assess" in html
    due = request.received_on + dt.timedelta(weeks=6)
    assert f"{due:%-d %B %Y}" in html
    assert "Regs 5(1)" in html and "Regs 13(2)" in html
    assert escape(officer.display_name) in html
    assert "Record the decision whether to assess" in html


@pytest.mark.django_db
def test_an_overdue_step_says_how_many_days_late(officer_client, officer, child):
    from sendcase.assessments import services

    received = today() - dt.timedelta(days=50)
    request = services.request_record(acting_user=officer, child=child, received_on=received, source="parent")
    html = officer_client.get(f"/cases/{request.pk}/").content.decode()
    assert "8 days late" in html
    assert "Overdue" in html


@pytest.mark.django_db
def test_viewing_a_case_is_audited_against_the_child(officer_client, officer):
    request = drive_to("assessing", user=officer)
    officer_client.get(f"/cases/{request.pk}/")
    entry = AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_type="assessments.AssessmentRequest"
    ).first()
    assert entry is not None and entry.child_id == request.child_id and entry.username == "officer"


@pytest.mark.django_db
def test_read_only_users_see_the_case_without_actions(read_only_client, officer):
    request = drive_to("assessing", user=officer)
    html = read_only_client.get(f"/cases/{request.pk}/").content.decode()
    assert "Assessing needs" in html
    assert "Record the next step" not in html
    assert "Record receipt" not in html


@pytest.mark.django_db
def test_outsiders_cannot_see_a_case_or_learn_it_exists(outsider_client, officer):
    request = drive_to("assessing", user=officer)
    # A family account is refused every staff page (403) before any record is looked up, so whether the
    # record exists is never revealed.
    assert outsider_client.get(f"/cases/{request.pk}/").status_code == 403
    assert outsider_client.get("/cases/999999/").status_code == 403


@pytest.mark.django_db
def test_the_timeline_lists_who_did_what(officer_client, officer):
    request = drive_to("draft_served", user=officer)
    html = officer_client.get(f"/cases/{request.pk}/").content.decode()
    for text in (
        "Request for an EHC needs assessment received",
        "Decided to carry out",
        "Decided to issue",
        "Draft plan sent to the family",
    ):
        assert text in html
    assert f"Recorded by {escape(officer.display_name)}" in html
