"""Board meetings: attendees, papers, and the decisions and actions arising."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sendcase.core.audit import audit_record
from sendcase.core.errors import ServiceError
from sendcase.core.models import AuditAction, User

from ..models import Action, BoardItem, BoardItemKind, BoardMeeting
from ._common import (
    actor,
    apply_changes,
    check_version,
    history_write,
    record_created,
    require_date,
    require_plan_editor,
    required_text,
)


@transaction.atomic
def board_meeting_create(
    *,
    acting_user: User,
    held_on: dt.date | None,
    title: str = "Improvement board",
    attendees: str = "",
    apologies: str = "",
    papers: str = "",
    notes: str = "",
) -> BoardMeeting:
    require_plan_editor(acting_user)
    held_on = require_date(held_on, field="held_on", message="Enter the date of the meeting")
    if BoardMeeting.objects.filter(held_on=held_on).exists():
        raise ServiceError("There is already a board meeting on that date", field="held_on")
    meeting = BoardMeeting.objects.create(
        held_on=held_on,
        title=required_text(title, field="title", message="Enter the meeting's name", max_length=200),
        attendees=(attendees or "").strip(),
        apologies=(apologies or "").strip(),
        papers=(papers or "").strip(),
        notes=(notes or "").strip(),
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    record_created(acting_user=acting_user, obj=meeting)
    return meeting


@transaction.atomic
def board_meeting_update(
    *,
    acting_user: User,
    meeting: BoardMeeting,
    expected_version: int | None,
    held_on: dt.date | None,
    title: str,
    attendees: str = "",
    apologies: str = "",
    papers: str = "",
    notes: str = "",
) -> BoardMeeting:
    require_plan_editor(acting_user)
    meeting = BoardMeeting.objects.select_for_update().get(pk=meeting.pk)
    check_version(meeting, expected_version)
    held_on = require_date(held_on, field="held_on", message="Enter the date of the meeting")
    if BoardMeeting.objects.filter(held_on=held_on).exclude(pk=meeting.pk).exists():
        raise ServiceError("There is already a board meeting on that date", field="held_on")
    apply_changes(
        acting_user=acting_user,
        obj=meeting,
        values={
            "held_on": held_on,
            "title": required_text(title, field="title", message="Enter the meeting's name", max_length=200),
            "attendees": (attendees or "").strip(),
            "apologies": (apologies or "").strip(),
            "papers": (papers or "").strip(),
            "notes": (notes or "").strip(),
        },
    )
    return meeting


@transaction.atomic
def board_item_add(
    *,
    acting_user: User,
    meeting: BoardMeeting,
    expected_version: int | None,
    kind: str,
    text: str,
    owner: User | None = None,
    due_on: dt.date | None = None,
    action: Action | None = None,
) -> BoardItem:
    """Record a decision or an action arising at a meeting, linked to a plan action if it concerns one.
    An action arising needs an owner and a due date."""
    require_plan_editor(acting_user)
    meeting = BoardMeeting.objects.select_for_update().get(pk=meeting.pk)
    check_version(meeting, expected_version)
    if kind not in BoardItemKind.values:
        raise ServiceError("Select whether this is a decision or an action arising", field="kind")
    text = required_text(text, field="text", message="Enter the decision or action")
    if kind == BoardItemKind.ACTION:
        if owner is None:
            raise ServiceError("Select who owns the action arising", field="owner")
        require_date(due_on, field="due_on", message="Enter the date the action arising is due")
    item = BoardItem.objects.create(
        meeting=meeting,
        kind=kind,
        text=text,
        owner=owner,
        due_on=due_on,
        action=action,
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    meeting.version += 1
    meeting.save(update_fields=["version", "updated_at"])
    history_write(
        acting_user=acting_user,
        obj=meeting,
        changes=[("items", BoardItemKind(kind).label, "", text[:300])],
    )
    if action is not None:
        history_write(
            acting_user=acting_user,
            obj=action,
            changes=[("board", f"Board {BoardItemKind(kind).label.lower()}", "", f"{meeting}: {text[:200]}")],
        )
    audit_record(
        user=acting_user,
        action=AuditAction.CREATE,
        obj=item,
        summary=f"{meeting}: {BoardItemKind(kind).label}",
    )
    return item
