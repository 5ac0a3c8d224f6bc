"""The family's child page: stage, next legal date, lateness told honestly, the officer, and only what is
meant for the family."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from sendcase.assessments.models import Step, StepException
from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people.events import EventKind, case_event_record

from ..factories import AllocationFactory, AssessmentRequestFactory
from .helpers import case_with_draft

pytestmark = pytest.mark.django_db


def _page(client, child):
    return client.get(reverse("portal:family_child", kwargs={"pk": child.pk}))


def test_shows_stage_next_legal_date_and_officer(parent_client, child, officer, team):
    officer.email, officer.phone = "officer@example.org", "0121 000 0000"
    officer.save()
    AllocationFactory(child=child, officer=officer, team=team)
    received = timezone.localdate() - dt.timedelta(days=10)
    AssessmentRequestFactory(child=child, received_on=received)
    response = _page(parent_client, child)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Request received" in text
    assert "We decide whether to carry out an EHC needs assessment" in text
    decision_due = received + dt.timedelta(weeks=6)
    assert f"{decision_due:%-d %B %Y}" in text
    assert escape(officer.display_name) in text and "officer@example.org" in text and "0121 000 0000" in text


def test_late_step_is_shown_as_late_with_why(parent_client, child):
    AssessmentRequestFactory(child=child, received_on=timezone.localdate() - dt.timedelta(weeks=8))
    text = _page(parent_client, child).content.decode()
    assert "What is late" in text
    assert "We have not done this yet" in text


def test_exception_is_given_as_the_reason(parent_client, child, officer):
    request = AssessmentRequestFactory(child=child, received_on=timezone.localdate() - dt.timedelta(weeks=8))
    StepException.objects.create(
        request=request,
        step=Step.DECISION_TO_ASSESS,
        reason="family_unavailable",
        starts_on=timezone.localdate() - dt.timedelta(days=20),
    )
    text = _page(parent_client, child).content.decode()
    assert "an exception" in text


def test_timeline_shows_only_family_events_and_never_reasons(parent_client, child, officer):
    case_event_record(
        actor=officer,
        child=child,
        subject=child,
        kind=EventKind.NOTE_ADDED,
        occurred_on=timezone.localdate(),
        summary="Internal: safeguarding discussion",
        visible_to_family=False,
    )
    case_event_record(
        actor=officer,
        child=child,
        subject=child,
        kind=EventKind.REQUEST_RECEIVED,
        occurred_on=timezone.localdate(),
        summary="Request for assessment received",
        reason="Officer's private working note",
    )
    text = _page(parent_client, child).content.decode()
    assert "Request for assessment received" in text
    assert "safeguarding" not in text
    assert "private working note" not in text


def test_draft_plan_offers_the_response_within_its_period(parent_client, child, officer):
    case_with_draft(child, officer, served_days_ago=3)
    text = _page(parent_client, child).content.decode()
    assert "Respond to the draft plan" in text
    assert "Draft plan with the family" in text


def test_plan_in_force_shows_review_due_date(parent_client, child):
    from sendcase.plans.models import EHCPlan

    due = timezone.localdate() + dt.timedelta(days=40)
    EHCPlan.objects.create(
        child=child, issued_on=timezone.localdate() - dt.timedelta(days=325), review_due=due
    )
    text = _page(parent_client, child).content.decode()
    assert "Your child has an EHC plan" in text
    assert "annual review" in text and f"{due:%-d %B %Y}" in text


def test_viewing_the_page_is_audited(parent_client, parent, child):
    _page(parent_client, child)
    assert AuditEntry.objects.filter(user=parent, action=AuditAction.VIEW, child_id=child.pk).exists()


def test_home_goes_straight_to_the_only_child(parent_client, child):
    response = parent_client.get(reverse("portal:family_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:family_child", kwargs={"pk": child.pk})


def test_core_home_sends_a_family_user_to_the_portal(parent_client):
    response = parent_client.get(reverse("core:home"))
    assert response["Location"] == reverse("portal:family_home")
