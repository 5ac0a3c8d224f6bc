"""Driving requests through every workflow step, through the API only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sendcase.assessments.models import AssessmentRequest
from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people.models import CaseEvent
from sendcase.plans.models import EHCPlan

from .conftest import days_ago, new_request, problem

pytestmark = pytest.mark.django_db


class Case:
    """A request as the API last returned it, and the client stepping it on."""

    def __init__(self, api: Any, body: dict[str, Any]) -> None:
        self.api = api
        self.body = body

    @property
    def id(self) -> int:
        return self.body["id"]

    def step(self, path: str, payload: dict[str, Any], *, expect: int = 200, versioned: bool = False) -> dict:
        if versioned:
            payload = payload | {"version": self.body["version"]}
        response = self.api.post(f"/api/v1/requests/{self.id}/{path}", payload, format="json")
        assert response.status_code == expect, response.content
        self.body = response.json()
        return self.body

    def deadline(self, key: str) -> dict[str, Any]:
        return next(d for d in self.body["deadlines"] if d["key"] == key)


def on(day: int, start: dt.date) -> str:
    return (start + dt.timedelta(days=day)).isoformat()


def test_receipt_to_final_plan(api, school):
    today = timezone.localdate()
    start = today - dt.timedelta(days=130)

    child = api.post(
        "/api/v1/children/",
        {"legal_first_name": "Journey", "legal_last_name": "Apitest", "date_of_birth": "2017-05-06"},
        format="json",
    )
    assert child.status_code == 201, child.content
    created = api.post(
        "/api/v1/requests/",
        {"child_id": child.json()["id"], "received_on": start.isoformat(), "source": "parent"},
        format="json",
    )
    assert created.status_code == 201, created.content
    case = Case(api, created.json())

    case.step("assessment-decision/", {"assess": True, "decided_on": on(30, start)}, versioned=True)
    assert case.body["status"] == "assessing"
    assert case.deadline("decision")["status"] == "on_time"
    assert case.deadline("not_issue")["is_open"] is True

    ep = case.step(
        "advice/",
        {
            "adviser_type": "educational_psychology",
            "adviser_name": "EP service",
            "requested_on": on(31, start),
        },
        expect=201,
    )
    assert ep["created"]["type"] == "advice_request"
    ep_id = ep["created"]["id"]
    health = case.step("advice/", {"adviser_type": "health", "requested_on": on(31, start)}, expect=201)
    health_id = health["created"]["id"]
    assert {a["id"] for a in case.body["advice_requests"]} == {ep_id, health_id}
    assert case.deadline(f"advice:{ep_id}")["source"] == "Regs 8(1)"

    case.step(f"advice/{health_id}/chase/", {"chased_on": on(60, start)})
    assert next(a for a in case.body["advice_requests"] if a["id"] == health_id)["times_chased"] == 1
    case.step(
        f"advice/{health_id}/exception/",
        {"reason": "missed_appointment", "recorded_on": on(61, start), "notes": "Clinic missed"},
    )
    case.step(f"advice/{ep_id}/receipt/", {"received_on": on(70, start)})
    case.step(f"advice/{health_id}/receipt/", {"received_on": on(80, start)})
    assert case.deadline(f"advice:{ep_id}")["status"] == "on_time"
    assert case.deadline(f"advice:{health_id}")["status"] == "excepted"

    case.step("issue-decision/", {"issue": True, "decided_on": on(90, start)}, versioned=True)
    assert case.body["status"] == "issue_decided"
    assert case.deadline("draft")["is_open"] is True

    consultation = case.step(
        "consultations/", {"establishment_id": school.pk, "sent_on": on(92, start)}, expect=201
    )
    consultation_id = consultation["created"]["id"]
    assert case.body["consultations"][0]["establishment"]["name"] == school.name

    case.step("draft-plan/", {"served_on": on(95, start)}, versioned=True)
    assert case.body["status"] == "draft_served"
    comments = case.deadline("comments")
    assert comments["status"] is None
    assert comments["due"] == on(109, start)

    case.step(
        f"consultations/{consultation_id}/answer/",
        {"answered_on": on(100, start), "outcome": "can_meet", "notes": "We can meet the needs."},
    )
    assert case.body["consultations"][0]["outcome_display"] == "Can meet the needs"
    case.step(
        "draft-response/",
        {
            "received_on": on(104, start),
            "preferred_establishment_id": school.pk,
            "meeting_requested": True,
            "comments": "Happy with section F.",
        },
    )
    assert case.body["family_preferred_establishment"]["id"] == school.pk
    assert case.body["meeting_requested"] is True

    plan = case.step(
        "final-plan/",
        {"issued_on": on(111, start), "named_establishment_id": school.pk},
        expect=201,
        versioned=True,
    )
    assert plan["created"]["type"] == "ehc_plan"
    assert plan["status"] == "final_issued"
    assert plan["is_open"] is False
    assert plan["plan_id"] == plan["created"]["id"]
    assert plan["final_issued_on"] == on(111, start)
    assert case.deadline("final_plan")["status"] == "on_time"
    assert plan["next_due"] is None
    assert plan["next_step"] == ""

    db_plan = EHCPlan.objects.get(pk=plan["plan_id"])
    assert db_plan.named_establishment == school
    request = AssessmentRequest.objects.get(pk=case.id)
    kinds = list(CaseEvent.objects.filter(child=request.child).order_by("id").values_list("kind", flat=True))
    assert kinds == [
        "child_created",
        "request_received",
        "assessment_agreed",
        "advice_requested",
        "advice_requested",
        "advice_chased",
        "advice_exception",
        "advice_received",
        "advice_received",
        "issue_agreed",
        "consultation_sent",
        "draft_served",
        "consultation_answered",
        "draft_response",
        "final_plan_issued",
    ]
    # Every step is audited by its service: one update per step after the request was recorded.
    updates = AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_type="assessments.AssessmentRequest", object_id=str(case.id)
    )
    assert updates.count() == len(kinds) - 2


def test_decided_not_to_assess_closes_the_request(api, child):
    case = Case(api, new_request(api, child.pk, received_days_ago=20))
    case.step(
        "assessment-decision/",
        {
            "assess": False,
            "decided_on": days_ago(2),
            "reason": "Needs can be met from ordinarily available provision.",
        },
        versioned=True,
    )
    assert case.body["status"] == "not_assessing"
    assert case.body["closed_on"] == days_ago(2)
    assert "appeal" in case.body["stage"]
    assert [d["key"] for d in case.body["deadlines"]] == ["decision"]


def test_decided_not_to_issue(api, child):
    case = Case(api, new_request(api, child.pk, received_days_ago=60))
    case.step("assessment-decision/", {"assess": True, "decided_on": days_ago(40)}, versioned=True)
    case.step(
        "issue-decision/",
        {"issue": False, "decided_on": days_ago(5), "reason": "Needs met at SEN support."},
        versioned=True,
    )
    assert case.body["status"] == "not_issuing"
    assert case.deadline("not_issue")["status"] == "on_time"


def test_exception_to_a_time_limit(api, child):
    case = Case(api, new_request(api, child.pk, received_days_ago=50))
    body = case.step(
        "exceptions/",
        {
            "step": "decision",
            "reason": "exceptional_personal_circumstances",
            "starts_on": days_ago(20),
            "family_told_on": days_ago(19),
            "notes": "Bereavement",
        },
        expect=201,
    )
    assert body["created"]["type"] == "step_exception"
    assert body["exceptions"][0]["step"] == "decision"
    assert body["exceptions"][0]["reason_display"].startswith("Exceptional personal circumstances")
    assert case.deadline("decision")["status"] == "excepted"
    assert case.deadline("decision")["excepted"] is True
    assert body["overdue_steps"] == 0


def test_bad_exception_reason_is_named(api, child):
    case = new_request(api, child.pk)
    response = api.post(
        f"/api/v1/requests/{case['id']}/exceptions/",
        {"step": "decision", "reason": "felt_like_it", "starts_on": days_ago(1)},
        format="json",
    )
    assert [e["field"] for e in problem(response, 422, "validation")["errors"]] == ["reason"]


def test_withdrawal(api, child):
    case = Case(api, new_request(api, child.pk))
    case.step("withdrawal/", {"withdrawn_on": days_ago(1), "reason": "Family's request"}, versioned=True)
    assert case.body["status"] == "withdrawn"
    assert case.body["is_open"] is False
    response = api.post(
        f"/api/v1/requests/{case.id}/move-out/",
        {"moved_on": days_ago(0), "version": case.body["version"]},
        format="json",
    )
    problem(response, 409, "invalid-transition")


def test_move_out(api, child):
    case = Case(api, new_request(api, child.pk))
    case.step("move-out/", {"moved_on": days_ago(1), "reason": "Moved to another authority"}, versioned=True)
    assert case.body["status"] == "moved_out"


def test_advice_already_received_is_409(api, child):
    case = Case(api, new_request(api, child.pk, received_days_ago=20))
    case.step("assessment-decision/", {"assess": True, "decided_on": days_ago(10)}, versioned=True)
    advice_id = case.step("advice/", {"adviser_type": "health", "requested_on": days_ago(9)}, expect=201)[
        "created"
    ]["id"]
    case.step(f"advice/{advice_id}/receipt/", {"received_on": days_ago(2)})
    response = api.post(
        f"/api/v1/requests/{case.id}/advice/{advice_id}/receipt/", {"received_on": days_ago(1)}, format="json"
    )
    problem(response, 409, "invalid-transition")


def test_advice_of_another_request_is_404(api, child):
    from tests.factories import ChildFactory

    first = Case(api, new_request(api, child.pk, received_days_ago=20))
    first.step("assessment-decision/", {"assess": True, "decided_on": days_ago(10)}, versioned=True)
    advice_id = first.step("advice/", {"adviser_type": "health", "requested_on": days_ago(9)}, expect=201)[
        "created"
    ]["id"]
    second = new_request(api, ChildFactory().pk)
    response = api.post(
        f"/api/v1/requests/{second['id']}/advice/{advice_id}/receipt/",
        {"received_on": days_ago(1)},
        format="json",
    )
    problem(response, 404, "not-found")
