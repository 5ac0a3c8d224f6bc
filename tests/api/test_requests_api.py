"""Recording and reading requests for an EHC needs assessment, with their deadlines."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase import statutory
from sendcase.assessments.models import AssessmentRequest
from sendcase.core.models import AuditAction, AuditEntry
from tests.factories import ChildFactory

from .conftest import days_ago, error_fields, new_request, problem

pytestmark = pytest.mark.django_db

DEADLINE_KEYS = {"key", "label", "due", "done", "status", "days_left", "source", "is_open", "excepted"}


def test_create_request(api, child, service_account, school, today):
    received = today - dt.timedelta(days=10)
    response = api.post(
        "/api/v1/requests/",
        {
            "child_id": child.pk,
            "received_on": received.isoformat(),
            "source": "school",
            "requester_name": "Ms SENCo",
            "requesting_establishment_id": school.pk,
            "summary": "Needs beyond what the school can provide.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    case = AssessmentRequest.objects.get(pk=body["id"])
    assert response["Location"].endswith(f"/api/v1/requests/{case.pk}/")
    assert case.created_by == service_account
    assert body["status"] == "received"
    assert body["status_display"] == "Request received"
    assert "decide whether" in body["stage"]
    assert body["version"] == 1
    assert body["child"]["id"] == child.pk
    assert body["requesting_establishment"]["id"] == school.pk
    assert body["source_display"] == "School or other education setting"

    limits = statutory.assessment_deadlines(received)
    deadlines = {d["key"]: d for d in body["deadlines"]}
    assert set(deadlines) == {"decision", "final_plan"}
    assert all(set(d) == DEADLINE_KEYS for d in body["deadlines"])
    decision = deadlines["decision"]
    assert decision["due"] == limits.decision_due.isoformat()
    assert decision["status"] == "due"
    assert decision["days_left"] == (limits.decision_due - today).days
    assert decision["is_open"] is True
    assert decision["source"] == "Regs 5(1)"
    assert deadlines["final_plan"]["due"] == limits.final_plan_due.isoformat()
    assert body["next_due"] == limits.decision_due.isoformat()
    assert body["next_step"] == "Decide whether to assess"
    assert body["overdue_steps"] == 0
    assert body["as_of"] == today.isoformat()


def test_overdue_decision_shows_as_overdue(api, child, today):
    body = new_request(api, child.pk, received_days_ago=60)
    decision = next(d for d in body["deadlines"] if d["key"] == "decision")
    assert decision["status"] == "overdue"
    assert decision["days_left"] < 0
    assert body["overdue_steps"] == 1


def test_unknown_child_is_named(api):
    response = api.post(
        "/api/v1/requests/",
        {"child_id": 987654, "received_on": days_ago(1), "source": "parent"},
        format="json",
    )
    body = problem(response, 422, "validation")
    assert error_fields(body) == ["child_id"]
    assert body["errors"][0]["code"] == "does_not_exist"


def test_received_before_birth_is_refused(api, today):
    child = ChildFactory(date_of_birth=today - dt.timedelta(days=30))
    response = api.post(
        "/api/v1/requests/",
        {"child_id": child.pk, "received_on": days_ago(60), "source": "parent"},
        format="json",
    )
    assert error_fields(problem(response, 422, "validation")) == ["received_on"]


def test_second_open_request_is_refused(api, child):
    new_request(api, child.pk)
    response = api.post(
        "/api/v1/requests/",
        {"child_id": child.pk, "received_on": days_ago(1), "source": "parent"},
        format="json",
    )
    body = problem(response, 422, "validation")
    assert error_fields(body) == ["received_on"]
    assert "already has an open request" in body["detail"]


def test_read_request_is_audited(api, service_account, child):
    case = new_request(api, child.pk)
    response = api.get(f"/api/v1/requests/{case['id']}/")
    assert response.status_code == 200
    assert response.json()["deadlines"] == case["deadlines"]
    entry = AuditEntry.objects.get(action=AuditAction.VIEW, object_type="assessments.AssessmentRequest")
    assert entry.user == service_account
    assert entry.child_id == child.pk
    assert entry.object_id == str(case["id"])


def test_list_requests_with_filters(api, child):
    other = ChildFactory()
    mine = new_request(api, child.pk)
    theirs = new_request(api, other.pk)
    api.post(
        f"/api/v1/requests/{theirs['id']}/withdrawal/",
        {"withdrawn_on": days_ago(1), "reason": "Family moved school instead", "version": theirs["version"]},
        format="json",
    )
    every = api.get("/api/v1/requests/").json()
    assert every["count"] == 2
    assert {r["id"] for r in api.get("/api/v1/requests/", {"child": child.pk}).json()["results"]} == {
        mine["id"]
    }
    assert [r["id"] for r in api.get("/api/v1/requests/", {"open": "true"}).json()["results"]] == [mine["id"]]
    assert [r["id"] for r in api.get("/api/v1/requests/", {"open": "false"}).json()["results"]] == [
        theirs["id"]
    ]
    assert [r["id"] for r in api.get("/api/v1/requests/", {"status": "withdrawn"}).json()["results"]] == [
        theirs["id"]
    ]
    row = every["results"][0]
    assert {"id", "url", "child", "status", "status_display", "next_due", "version"} <= set(row)


def test_bad_list_filter_is_named(api):
    body = problem(api.get("/api/v1/requests/", {"status": "lost"}), 422, "validation")
    assert error_fields(body) == ["status"]
