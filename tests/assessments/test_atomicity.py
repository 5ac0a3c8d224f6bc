"""Each service step is one transaction: if writing its CaseEvent or audit entry fails, the change to
the request (and any record the step created) is rolled back with it.

These tests use real transactions (django_db(transaction=True)), so the rollback is the service's own
`transaction.atomic`, not the test's wrapping transaction.
"""

import importlib

import pytest

from sendcase.assessments import services
from sendcase.assessments.models import AssessmentRequest, RequestSource
from sendcase.people.models import CaseEvent
from sendcase.plans.models import EHCPlan

from .helpers import (
    OPEN_STATES,
    S,
    audit_count,
    drive_to,
    ensure_advice,
    ensure_consultation,
    reload,
    snapshot,
    today,
)
from .steps import OPS

pytestmark = pytest.mark.django_db(transaction=True)


class WriteFailed(Exception):
    """Stands in for a database error while writing the history or the audit log."""


def start_state(op) -> str:
    # Prefer DRAFT_SERVED, which has advice and a consultation attached through the services.
    return S.DRAFT_SERVED if S.DRAFT_SERVED in op.allowed else sorted(op.allowed)[0]


def _patch_everywhere(monkeypatch, name, replacement):
    """The services are a package: replace the name in every module of it that calls it."""
    patched = 0
    for module_name in ("_common", "request", "advice", "drafting", "endings"):
        module = importlib.import_module(f"sendcase.assessments.services.{module_name}")
        if hasattr(module, name):
            monkeypatch.setattr(module, name, replacement)
            patched += 1
    assert patched, name


def failing(monkeypatch, name, seen):
    """Replace services.<name> with one that records the request's saved status, then fails."""

    def fail(**kwargs):
        obj = kwargs.get("subject") or kwargs.get("obj")
        request_id = (
            (kwargs.get("data") or {}).get("request_id") or getattr(obj, "request_id", None) or obj.pk
        )
        seen.append(AssessmentRequest.objects.get(pk=request_id).status)
        raise WriteFailed()

    _patch_everywhere(monkeypatch, name, fail)


@pytest.mark.parametrize(
    "op", [pytest.param(op, id=op.service + "-" + op.name.replace(" ", "-")) for op in OPS]
)
@pytest.mark.parametrize("failing_write", ["case_event_record", "audit_record"])
def test_a_failed_history_write_rolls_back_the_step(officer, child, monkeypatch, op, failing_write):
    state = start_state(op)
    request = drive_to(state, user=officer, child=child, ending_from=S.DRAFT_SERVED)
    ensure_advice(request)
    ensure_consultation(request)
    before = snapshot(request)
    seen = []
    failing(monkeypatch, failing_write, seen)

    with pytest.raises(WriteFailed):
        op.run(officer, request)

    # The write was reached, after the request row had been changed inside the transaction...
    assert seen, "the step failed before it reached the history write"
    if op.to:
        assert seen[0] == op.to
    # ...and the whole step was undone: status, version, tracking, events, audit, created records.
    assert snapshot(request) == before
    assert reload(request).status == state


@pytest.mark.parametrize("failing_write", ["case_event_record", "audit_record"])
def test_a_failed_history_write_rolls_back_a_new_request(officer, child, monkeypatch, failing_write):
    events, audits = CaseEvent.objects.count(), audit_count()
    seen = []
    failing(monkeypatch, failing_write, seen)
    with pytest.raises(WriteFailed):
        services.request_record(
            acting_user=officer, child=child, received_on=today(), source=RequestSource.PARENT
        )
    assert seen == [S.RECEIVED]  # the request row existed inside the transaction
    assert not AssessmentRequest.objects.filter(child=child).exists()
    assert (CaseEvent.objects.count(), audit_count()) == (events, audits)


def test_a_failed_audit_of_the_new_plan_rolls_back_the_final_plan(officer, child, monkeypatch):
    # final_plan_issue writes two audit entries; the second (for the plan) is the last write of all.
    request = drive_to(S.DRAFT_SERVED, user=officer, child=child)
    before = snapshot(request)
    real = importlib.import_module("sendcase.assessments.services._common").audit_record

    def fail_on_plan(**kwargs):
        if isinstance(kwargs.get("obj"), EHCPlan):
            raise WriteFailed()
        return real(**kwargs)

    _patch_everywhere(monkeypatch, "audit_record", fail_on_plan)
    with pytest.raises(WriteFailed):
        services.final_plan_issue(acting_user=officer, request=request, issued_on=today())
    assert snapshot(request) == before
    assert not EHCPlan.objects.exists()


def test_a_step_that_succeeds_is_committed(officer, child):
    # The counterpart: with real transactions, a successful step's writes are all there.
    request = drive_to(S.RECEIVED, user=officer, child=child)
    before = snapshot(request)
    services.assessment_decision_record(acting_user=officer, request=request, assess=True, decided_on=today())
    after = snapshot(request)
    assert after["status"] == S.ASSESSING
    assert after["version"] == before["version"] + 1
    assert after["events"] == before["events"] + 1
    assert after["audit"] == before["audit"] + 1


def test_open_states_are_all_used_as_starting_points():
    # Guards against start_state() quietly never exercising a state the steps can start from.
    assert {start_state(op) for op in OPS} == set(OPEN_STATES)
