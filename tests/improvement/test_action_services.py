"""Actions through their services: creation, guarded status changes, evidence before completion, stale
edits refused, and the history of every change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError, StaleEdit
from sendcase.core.models import AuditEntry
from sendcase.improvement import services
from sendcase.improvement.models import Action, ChangeRecord, Evidence

from .factories import ActionFactory, EvidenceFactory, MilestoneFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def _history(obj):
    return list(ChangeRecord.objects.filter(item_type=obj._meta.label, item_id=obj.pk).order_by("id"))


def test_programme_officer_adds_an_action(programme_officer):
    objective = ObjectiveFactory()
    action = services.action_create(
        acting_user=programme_officer,
        objective=objective,
        title="Publish the local offer",
        owner=programme_officer,
        due_on=today() + dt.timedelta(days=60),
        indicator_ids=["plans_20_weeks_incl_year"],
    )
    assert action.reference == "A-001" and action.status == "not_started" and action.version == 1
    assert action.indicator_ids == ["plans_20_weeks_incl_year"]
    assert [c.label for c in _history(action)] == ["Created"]
    assert AuditEntry.objects.filter(
        object_type="improvement.Action", object_id=str(action.pk), action="create"
    ).exists()
    second = services.action_create(
        acting_user=programme_officer,
        objective=objective,
        title="Another",
        owner=programme_officer,
        due_on=today(),
    )
    assert second.reference == "A-002"


def test_unknown_indicator_ids_are_refused(programme_officer):
    with pytest.raises(ServiceError) as error:
        services.action_create(
            acting_user=programme_officer,
            objective=ObjectiveFactory(),
            title="X",
            owner=programme_officer,
            due_on=today(),
            indicator_ids=["no-such-indicator"],
        )
    assert error.value.field == "indicator_ids"


def test_indicator_ids_are_those_of_the_performance_registry(programme_officer):
    from sendcase.performance.indicators.registry import INDICATORS

    assert "plans_20_weeks_incl_year" in INDICATORS
    action = services.action_create(
        acting_user=programme_officer,
        objective=ObjectiveFactory(),
        title="X",
        owner=programme_officer,
        due_on=today(),
        indicator_ids=["reviews_12_months"],
    )
    assert action.indicator_ids == ["reviews_12_months"]


def test_owner_must_be_staff(programme_officer, outsider):
    with pytest.raises(ServiceError) as error:
        services.action_create(
            acting_user=programme_officer,
            objective=ObjectiveFactory(),
            title="X",
            owner=outsider,
            due_on=today(),
        )
    assert error.value.field == "owner"


@pytest.mark.parametrize("who", ["read_only_user", "officer", "outsider", "data_officer"])
def test_only_programme_staff_change_the_plan(who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(NotPermitted):
        services.action_create(
            acting_user=user, objective=ObjectiveFactory(), title="X", owner=None, due_on=today()
        )
    action = ActionFactory()
    with pytest.raises(NotPermitted):
        services.action_status_change(acting_user=user, action=action, expected_version=1, status="on_track")


@pytest.mark.parametrize("who", ["programme_officer", "head_of_service", "administrator"])
def test_editors(who, request):
    user = request.getfixturevalue(who)
    action = ActionFactory()
    services.action_status_change(acting_user=user, action=action, expected_version=1, status="on_track")
    assert Action.objects.get(pk=action.pk).status == "on_track"


def test_edit_records_each_changed_field_with_from_and_to(programme_officer, head_of_service):
    action = ActionFactory(title="Old title", due_on=dt.date(2027, 1, 31))
    services.action_update(
        acting_user=programme_officer,
        action=action,
        expected_version=1,
        title="New title",
        owner=head_of_service,
        due_on=dt.date(2027, 3, 31),
        objective=action.objective,
        note="Re-planned at the board",
    )
    action.refresh_from_db()
    assert action.version == 2
    changes = {c.label: c for c in _history(action)}
    assert changes["Title"].old_value == "Old title" and changes["Title"].new_value == "New title"
    assert changes["Due on"].old_value == "31 January 2027" and changes["Due on"].new_value == "31 March 2027"
    assert changes["Owner"].new_value == head_of_service.display_name
    assert (
        changes["Title"].changed_by == programme_officer
        and changes["Title"].note == "Re-planned at the board"
    )
    assert changes["Title"].version == 2


def test_saving_without_changes_does_not_bump_the_version(programme_officer):
    action = ActionFactory()
    services.action_update(
        acting_user=programme_officer,
        action=action,
        expected_version=1,
        title=action.title,
        owner=action.owner,
        due_on=action.due_on,
        objective=action.objective,
    )
    action.refresh_from_db()
    assert action.version == 1 and _history(action) == []


def test_a_stale_edit_is_refused_and_changes_nothing(programme_officer):
    action = ActionFactory(title="Original")
    services.action_status_change(
        acting_user=programme_officer, action=action, expected_version=1, status="on_track"
    )
    with pytest.raises(StaleEdit):
        services.action_update(
            acting_user=programme_officer,
            action=action,
            expected_version=1,
            title="Overwrite",
            owner=action.owner,
            due_on=action.due_on,
            objective=action.objective,
        )
    with pytest.raises(StaleEdit):
        services.action_status_change(
            acting_user=programme_officer, action=action, expected_version=None, status="at_risk"
        )
    action.refresh_from_db()
    assert action.title == "Original" and action.status == "on_track" and action.version == 2


def test_completing_needs_evidence_and_a_date(programme_officer):
    action = ActionFactory(status="on_track")
    with pytest.raises(ServiceError, match="Add evidence"):
        services.action_status_change(
            acting_user=programme_officer,
            action=action,
            expected_version=1,
            status="complete",
            completed_on=today(),
        )
    EvidenceFactory(action=action)
    with pytest.raises(ServiceError) as error:
        services.action_status_change(
            acting_user=programme_officer, action=action, expected_version=1, status="complete"
        )
    assert error.value.field == "completed_on"
    with pytest.raises(ServiceError, match="today or in the past"):
        services.action_status_change(
            acting_user=programme_officer,
            action=action,
            expected_version=1,
            status="complete",
            completed_on=today() + dt.timedelta(days=1),
        )
    services.action_status_change(
        acting_user=programme_officer,
        action=action,
        expected_version=1,
        status="complete",
        completed_on=today(),
    )
    action.refresh_from_db()
    assert action.status == "complete" and action.completed_on == today()
    assert action.rag(today()).rating == "green"
    status_change = [c for c in _history(action) if c.field == "status"][0]
    assert (status_change.old_value, status_change.new_value) == ("On track", "Complete")


def test_guarded_transitions(programme_officer):
    action = ActionFactory(status="closed")
    with pytest.raises(InvalidTransition, match="closed cannot be marked on track"):
        services.action_status_change(
            acting_user=programme_officer, action=action, expected_version=1, status="on_track"
        )
    complete = ActionFactory(status="complete", completed_on=today())
    with pytest.raises(InvalidTransition):
        services.action_status_change(
            acting_user=programme_officer, action=complete, expected_version=1, status="at_risk"
        )
    with pytest.raises(ServiceError, match="already"):
        services.action_status_change(
            acting_user=programme_officer, action=complete, expected_version=1, status="complete"
        )


def test_closing_and_reopening_need_a_reason(programme_officer):
    action = ActionFactory(status="on_track")
    with pytest.raises(ServiceError) as error:
        services.action_status_change(
            acting_user=programme_officer, action=action, expected_version=1, status="closed"
        )
    assert error.value.field == "note"
    services.action_status_change(
        acting_user=programme_officer,
        action=action,
        expected_version=1,
        status="closed",
        note="Merged into A-002",
    )
    complete = ActionFactory(status="complete", completed_on=today())
    with pytest.raises(ServiceError):
        services.action_status_change(
            acting_user=programme_officer, action=complete, expected_version=1, status="on_track"
        )
    services.action_status_change(
        acting_user=programme_officer,
        action=complete,
        expected_version=1,
        status="on_track",
        note="Audit found gaps",
    )
    complete.refresh_from_db()
    assert complete.completed_on is None and complete.status == "on_track"


def test_evidence_with_a_link_or_a_document(programme_officer):
    action = ActionFactory()
    with pytest.raises(ServiceError) as error:
        services.evidence_add(acting_user=programme_officer, action=action, text="Minutes")
    assert error.value.field == "link"
    with pytest.raises(ServiceError) as error:
        services.evidence_add(
            acting_user=programme_officer, action=action, text="Minutes", link="javascript:alert(1)"
        )
    assert error.value.field == "link"
    services.evidence_add(
        acting_user=programme_officer, action=action, text="Minutes", link="https://example.org/m"
    )
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    evidence = services.evidence_add(
        acting_user=programme_officer, action=action, text="Audit report", uploaded_file=pdf
    )
    assert evidence.original_name == "report.pdf" and evidence.content_type == "application/pdf"
    assert evidence.file.name.startswith(f"improvement/{action.pk}/") and "report" not in evidence.file.name
    fake = SimpleUploadedFile("report.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ServiceError):
        services.evidence_add(acting_user=programme_officer, action=action, text="x", uploaded_file=fake)
    assert Evidence.objects.filter(action=action).count() == 2
    assert [c.field for c in _history(action)] == ["evidence", "evidence"]


def test_no_evidence_on_a_closed_action(programme_officer):
    with pytest.raises(InvalidTransition):
        services.evidence_add(
            acting_user=programme_officer,
            action=ActionFactory(status="closed"),
            text="x",
            link="https://example.org",
        )


def test_objectives_and_milestones(programme_officer):
    objective = services.objective_create(
        acting_user=programme_officer, number=1, title="Identification of need"
    )
    with pytest.raises(ServiceError, match="already"):
        services.objective_create(acting_user=programme_officer, number=1, title="Again")
    services.objective_update(
        acting_user=programme_officer, objective=objective, expected_version=1, title="Identifying need early"
    )
    with pytest.raises(StaleEdit):
        services.objective_update(
            acting_user=programme_officer, objective=objective, expected_version=1, title="x"
        )
    milestone = services.milestone_create(
        acting_user=programme_officer, objective=objective, title="Strategy", due_on=today()
    )
    services.milestone_achieve(
        acting_user=programme_officer, milestone=milestone, expected_version=1, achieved_on=today()
    )
    with pytest.raises(InvalidTransition):
        services.milestone_achieve(
            acting_user=programme_officer, milestone=milestone, expected_version=2, achieved_on=today()
        )
    late = MilestoneFactory(objective=objective, due_on=today() - dt.timedelta(days=1))
    milestone.refresh_from_db()
    assert late.is_overdue(today())
    assert not milestone.is_overdue(today() + dt.timedelta(days=5))
