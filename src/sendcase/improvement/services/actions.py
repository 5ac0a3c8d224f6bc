"""Objectives, their actions (with the status state machine), evidence and milestones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction

from sendcase.core.audit import audit_record
from sendcase.core.errors import InvalidTransition, ServiceError
from sendcase.core.models import AuditAction, User

from .. import rules
from ..indicators import known_indicator_ids
from ..models import Action, ActionStatus, Evidence, Milestone, Objective
from ._common import (
    actor,
    apply_changes,
    check_version,
    history_write,
    long_date,
    next_reference,
    record_created,
    require_date,
    require_owner,
    require_plan_editor,
    required_text,
    today,
)


def _check_indicators(ids: Sequence[str] | None) -> list[str]:
    ids = [str(i).strip() for i in (ids or []) if str(i).strip()]
    known = known_indicator_ids()
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ServiceError(f"These indicators are not known: {', '.join(unknown)}", field="indicator_ids")
    return sorted(set(ids), key=ids.index)


# --- objectives ------------------------------------------------------------------------------------


@transaction.atomic
def objective_create(
    *, acting_user: User, number: int, title: str, description: str = "", lead: User | None = None
) -> Objective:
    require_plan_editor(acting_user)
    title = required_text(title, field="title", message="Enter the objective", max_length=200)
    if number is None or number < 1:
        raise ServiceError("Enter the objective's number, 1 or more", field="number")
    if Objective.objects.filter(number=number).exists():
        raise ServiceError(f"There is already an objective {number}", field="number")
    objective = Objective.objects.create(
        number=number,
        title=title,
        description=(description or "").strip(),
        lead=lead,
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    record_created(acting_user=acting_user, obj=objective)
    return objective


@transaction.atomic
def objective_update(
    *,
    acting_user: User,
    objective: Objective,
    expected_version: int | None,
    title: str,
    description: str = "",
    lead: User | None = None,
) -> Objective:
    require_plan_editor(acting_user)
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    check_version(objective, expected_version)
    title = required_text(title, field="title", message="Enter the objective", max_length=200)
    apply_changes(
        acting_user=acting_user,
        obj=objective,
        values={"title": title, "description": (description or "").strip(), "lead": lead},
    )
    return objective


# --- actions ---------------------------------------------------------------------------------------


@transaction.atomic
def action_create(
    *,
    acting_user: User,
    objective: Objective,
    title: str,
    owner: User | None,
    due_on: dt.date | None,
    description: str = "",
    indicator_ids: Sequence[str] | None = None,
) -> Action:
    """Add an action to an objective. It starts as not started."""
    require_plan_editor(acting_user)
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    title = required_text(title, field="title", message="Enter what the action is", max_length=200)
    owner = require_owner(owner)
    due_on = require_date(due_on, field="due_on", message="Enter the date the action is due")
    action = Action.objects.create(
        objective=objective,
        reference=next_reference(Action, "A"),
        title=title,
        description=(description or "").strip(),
        owner=owner,
        due_on=due_on,
        indicator_ids=_check_indicators(indicator_ids),
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    record_created(acting_user=acting_user, obj=action)
    return action


@transaction.atomic
def action_update(
    *,
    acting_user: User,
    action: Action,
    expected_version: int | None,
    title: str,
    owner: User | None,
    due_on: dt.date | None,
    objective: Objective,
    description: str = "",
    indicator_ids: Sequence[str] | None = None,
    note: str = "",
) -> Action:
    """Change what an action is, who owns it and when it is due. Its status changes only through
    `action_status_change`."""
    require_plan_editor(acting_user)
    action = Action.objects.select_for_update().get(pk=action.pk)
    check_version(action, expected_version)
    values = {
        "title": required_text(title, field="title", message="Enter what the action is", max_length=200),
        "owner": require_owner(owner),
        "due_on": require_date(due_on, field="due_on", message="Enter the date the action is due"),
        "objective": objective,
        "description": (description or "").strip(),
        "indicator_ids": _check_indicators(indicator_ids),
    }
    apply_changes(acting_user=acting_user, obj=action, values=values, note=(note or "").strip())
    return action


@transaction.atomic
def action_status_change(
    *,
    acting_user: User,
    action: Action,
    expected_version: int | None,
    status: str,
    note: str = "",
    completed_on: dt.date | None = None,
) -> Action:
    """Move an action to another status, as `rules.ACTION_TRANSITIONS` allows.

    Completing needs at least one piece of evidence and the date it was completed; closing without
    completing, and reopening a completed action, need a reason (the note).
    """
    require_plan_editor(acting_user)
    action = Action.objects.select_for_update().get(pk=action.pk)
    check_version(action, expected_version)
    if status not in ActionStatus.values:
        raise ServiceError("Select the action's new status", field="status")
    if status == action.status:
        raise ServiceError(f"The action is already {action.get_status_display().lower()}", field="status")
    if not rules.can_move(action.status, status):
        raise InvalidTransition(
            f"An action that is {action.get_status_display().lower()} cannot be marked "
            f"{ActionStatus(status).label.lower()}."
        )
    note = (note or "").strip()
    values: dict = {"status": status}
    if status == ActionStatus.COMPLETE:
        if not action.evidence.exists():
            raise ServiceError(
                "Add evidence that the action is complete before completing it", field="status"
            )
        completed_on = require_date(
            completed_on, field="completed_on", message="Enter the date the action was completed"
        )
        if completed_on > today():
            raise ServiceError(
                "The date the action was completed must be today or in the past", field="completed_on"
            )
        values["completed_on"] = completed_on
    else:
        values["completed_on"] = None
    if (status == ActionStatus.CLOSED or action.status == ActionStatus.COMPLETE) and not note:
        raise ServiceError("Say why", field="note")
    apply_changes(acting_user=acting_user, obj=action, values=values, note=note)
    return action


# --- evidence --------------------------------------------------------------------------------------


def _check_link(link: str) -> str:
    link = (link or "").strip()
    if not link:
        return ""
    try:
        URLValidator(schemes=["https", "http"])(link)
    except ValidationError:
        raise ServiceError("Enter a link starting https://", field="link") from None
    return link


@transaction.atomic
def evidence_add(
    *,
    acting_user: User,
    action: Action,
    text: str,
    link: str = "",
    uploaded_file: UploadedFile | None = None,
) -> Evidence:
    """Record evidence for an action: a description, and a link or an uploaded document (or both)."""
    from sendcase.people.uploads import check_upload, original_name

    require_plan_editor(acting_user)
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status == ActionStatus.CLOSED:
        raise InvalidTransition("This action is closed: evidence can no longer be added.")
    text = required_text(text, field="text", message="Enter what the evidence shows")
    link = _check_link(link)
    if not link and uploaded_file is None:
        raise ServiceError("Enter a link to the evidence or upload a document", field="link")
    evidence = Evidence(
        action=action, text=text, link=link, created_by=actor(acting_user), updated_by=actor(acting_user)
    )
    if uploaded_file is not None:
        evidence.content_type = check_upload(uploaded_file)
        evidence.original_name = original_name(uploaded_file.name)
        evidence.size = uploaded_file.size
        evidence.file.save(evidence.original_name, uploaded_file, save=False)
    evidence.save()
    history_write(
        acting_user=acting_user,
        obj=action,
        changes=[("evidence", "Evidence", "", text[:200] + (f" ({evidence.original_name or link})"))],
    )
    audit_record(
        user=acting_user, action=AuditAction.CREATE, obj=evidence, summary=f"Evidence for {action.reference}"
    )
    return evidence


# --- milestones ------------------------------------------------------------------------------------


@transaction.atomic
def milestone_create(
    *, acting_user: User, objective: Objective, title: str, due_on: dt.date | None
) -> Milestone:
    require_plan_editor(acting_user)
    milestone = Milestone.objects.create(
        objective=objective,
        title=required_text(title, field="title", message="Enter the milestone", max_length=200),
        due_on=require_date(due_on, field="due_on", message="Enter the date the milestone is due"),
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    record_created(acting_user=acting_user, obj=milestone)
    return milestone


@transaction.atomic
def milestone_achieve(
    *, acting_user: User, milestone: Milestone, expected_version: int | None, achieved_on: dt.date | None
) -> Milestone:
    require_plan_editor(acting_user)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    check_version(milestone, expected_version)
    if milestone.achieved_on is not None:
        raise InvalidTransition(f"This milestone was already achieved on {long_date(milestone.achieved_on)}.")
    achieved_on = require_date(
        achieved_on, field="achieved_on", message="Enter the date the milestone was achieved"
    )
    if achieved_on > today():
        raise ServiceError(
            "The date the milestone was achieved must be today or in the past", field="achieved_on"
        )
    apply_changes(acting_user=acting_user, obj=milestone, values={"achieved_on": achieved_on})
    return milestone
