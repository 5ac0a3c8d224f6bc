"""The pages through the test client: forms keep input and show a GOV.UK error summary, stale edits are
refused with a message, and the journeys change what they say."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sendcase.improvement.models import Action, BudgetActual, Risk

from .factories import ActionFactory, BoardMeetingFactory, BudgetLineFactory, ObjectiveFactory, RiskFactory

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def _date(prefix: str, day: dt.date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_adding_an_action_with_errors_keeps_what_was_typed(programme_client):
    ObjectiveFactory()
    response = programme_client.post(
        "/improvement/actions/new/", {"title": "Map the local offer", "due_on_0": "31", "due_on_1": "2"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in text and "<title>Error: Add an action" in text
    assert "Select the objective" in text and "Select who owns the action" in text
    assert "Due date must include a year" in text
    assert 'value="Map the local offer"' in text
    assert not Action.objects.exists()


def test_programme_officer_adds_evidences_and_completes_an_action(programme_client, programme_officer):
    objective = ObjectiveFactory()
    response = programme_client.post(
        "/improvement/actions/new/",
        {
            "objective": objective.pk,
            "title": "Launch the SENCO forum",
            "owner": programme_officer.pk,
            **_date("due_on", today() + dt.timedelta(days=40)),
            "indicator_ids": ["advice_6_weeks"],
        },
    )
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/improvement/actions/{action.pk}/"
    # Completing before any evidence is refused on the page.
    response = programme_client.post(
        f"/improvement/actions/{action.pk}/status/",
        {"version": 1, "status": "complete", **_date("completed_on", today())},
    )
    assert "Add evidence that the action is complete before completing it" in response.content.decode()
    response = programme_client.post(
        f"/improvement/actions/{action.pk}/evidence/new/",
        {"text": "Forum terms of reference", "link": "https://example.org/tor"},
    )
    assert response.status_code == 302
    response = programme_client.post(
        f"/improvement/actions/{action.pk}/status/",
        {"version": 1, "status": "complete", **_date("completed_on", today())},
    )
    assert response.status_code == 302
    page = programme_client.get(f"/improvement/actions/{action.pk}/").content.decode()
    assert (
        "Complete on" in page
        and "Forum terms of reference" in page
        and "Advice returned within 6 weeks" in page
    )
    assert "Completed on" in page  # the RAG explanation


def test_stale_edit_is_refused_with_a_message_and_keeps_input(programme_client, programme_officer):
    action = ActionFactory(title="Before")
    action.version = 3
    action.save()
    response = programme_client.post(
        f"/improvement/actions/{action.pk}/edit/",
        {
            "version": 2,
            "objective": action.objective_id,
            "title": "My edit",
            "owner": action.owner_id,
            **_date("due_on", action.due_on),
        },
    )
    text = response.content.decode()
    assert "Someone else changed this record" in text and 'value="My edit"' in text
    action.refresh_from_db()
    assert action.title == "Before"


def test_closed_action_has_no_status_page(programme_client):
    action = ActionFactory(status="closed")
    assert programme_client.get(f"/improvement/actions/{action.pk}/status/").status_code == 404


def test_action_list_filters(programme_client):
    ActionFactory(title="Late one", due_on=today() - dt.timedelta(days=3), status="on_track")
    ActionFactory(title="Fine one", due_on=today() + dt.timedelta(days=90), status="on_track")
    text = programme_client.get("/improvement/actions/?rag=red").content.decode()
    assert "Late one" in text and "Fine one" not in text
    text = programme_client.get("/improvement/actions/?status=on_track").content.decode()
    assert "Late one" in text and "Fine one" in text


def test_risk_review_through_the_page(programme_client, programme_officer):
    risk = RiskFactory(likelihood=2, impact=2)
    response = programme_client.post(
        f"/improvement/risks/{risk.pk}/edit/",
        {
            "version": 1,
            "kind": "risk",
            "title": risk.title,
            "owner": programme_officer.pk,
            "likelihood": "5",
            "impact": "4",
            **_date("review_on", today() + dt.timedelta(days=14)),
            "status": "open",
            "note": "Worse",
        },
    )
    assert response.status_code == 302
    risk = Risk.objects.get(pk=risk.pk)
    assert risk.score == 20
    page = programme_client.get(f"/improvement/risks/{risk.pk}/").content.decode()
    assert "20 Very high" in page and "Rising" in page


def test_risk_form_errors(programme_client):
    response = programme_client.post(
        "/improvement/risks/new/", {"kind": "risk", "title": "", "likelihood": "9"}
    )
    text = response.content.decode()
    assert "Enter the risk" in text and "govuk-error-summary" in text and "Select who owns the risk" in text


def test_overdue_review_is_shown(programme_client):
    RiskFactory(title="Stale risk", review_on=today() - dt.timedelta(days=2))
    text = programme_client.get("/improvement/risks/").content.decode()
    assert "Review overdue" in text


def test_budget_actual_through_the_page(programme_client):
    line = BudgetLineFactory(financial_year=2026)
    response = programme_client.post(
        f"/improvement/budget/{line.pk}/actuals/", {"version": 1, "month": "2026-05-01", "amount": "1234.50"}
    )
    assert response.status_code == 302
    assert BudgetActual.objects.get(line=line).amount == 1234.5
    page = programme_client.get(f"/improvement/budget/{line.pk}/").content.decode()
    assert "£1,234.50" in page
    response = programme_client.post(
        f"/improvement/budget/{line.pk}/actuals/", {"version": 1, "month": "2026-06-01", "amount": "1"}
    )
    assert "Someone else changed this record" in response.content.decode()


def test_budget_page_totals_per_workstream(programme_client):
    BudgetLineFactory(workstream="Workforce", title="EPs", financial_year=2026, planned=1000)
    BudgetLineFactory(workstream="Workforce", title="Training", financial_year=2026, planned=500)
    BudgetLineFactory(workstream="Systems", title="Case system", financial_year=2026, planned=2000)
    BudgetLineFactory(workstream="Systems", title="Old year", financial_year=2025, planned=9999)
    text = programme_client.get("/improvement/budget/?year=2026").content.decode()
    assert "Total Workforce" in text and "£1,500" in text and "£3,500" in text and "Old year" not in text
    assert "2025-26" in programme_client.get("/improvement/budget/?year=2025").content.decode()


def test_board_meeting_item_linked_to_an_action(programme_client, programme_officer):
    meeting = BoardMeetingFactory()
    action = ActionFactory()
    response = programme_client.post(
        f"/improvement/board/{meeting.pk}/items/new/",
        {
            "version": 1,
            "kind": "action",
            "text": "Bring a recovery plan",
            "owner": programme_officer.pk,
            **_date("due_on", today() + dt.timedelta(days=30)),
            "action": action.pk,
        },
    )
    assert response.status_code == 302
    assert (
        "Bring a recovery plan" in programme_client.get(f"/improvement/board/{meeting.pk}/").content.decode()
    )
    assert (
        "Board action arising" in programme_client.get(f"/improvement/actions/{action.pk}/").content.decode()
    )


def test_overview(read_only_client):
    ActionFactory(title="Very late", due_on=today() - dt.timedelta(days=30), status="at_risk")
    RiskFactory(title="Biggest", likelihood=5, impact=5)
    text = read_only_client.get("/improvement/").content.decode()
    assert "Very late" in text and "Biggest" in text and "Overdue actions (1)" in text
