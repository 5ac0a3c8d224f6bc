"""Checks and the save-with-history step shared by every assessment service."""

from __future__ import annotations

import datetime as dt

from sendcase.core.audit import audit_record
from sendcase.core.errors import InvalidTransition, StaleEdit
from sendcase.core.models import AuditAction, User
from sendcase.core.service_checks import actor as _actor
from sendcase.core.service_checks import check_date as _check_date  # noqa: F401 - for the sibling modules
from sendcase.core.service_checks import require_editor as _require_editor  # noqa: F401 - for the sibling modules
from sendcase.core.service_checks import today as _today
from sendcase.people.events import case_event_record

from ..deadlines import request_deadlines, tracking
from ..models import (
    AssessmentRequest,
    RequestStatus,
)

S = RequestStatus


S = RequestStatus


# --- shared checks (the general ones are in core.service_checks) -------------------------------------


def _lock(request: AssessmentRequest, expected_version: int | None) -> AssessmentRequest:
    locked = AssessmentRequest.objects.select_for_update().select_related("child").get(pk=request.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(
            "Someone else updated this case while you were working on it, so your change has not been "
            "saved. Check the case's latest position and try again."
        )
    return locked


def _latest_step(request: AssessmentRequest) -> tuple[dt.date, str]:
    """The most recent dated step on the request: an ending cannot come before it."""
    steps = [
        (request.received_on, "the date the request was received"),
        (request.assessment_decided_on, "the decision to assess"),
        (request.issue_decided_on, "the decision to issue"),
        (request.draft_served_on, "the date the draft plan was sent"),
        (request.family_comments_received_on, "the family's response to the draft"),
    ]
    return max(((on, label) for on, label in steps if on is not None), key=lambda step: step[0])


def _guard(request: AssessmentRequest, allowed: set[str], action: str) -> None:
    if request.status not in allowed:
        raise InvalidTransition(
            f"You cannot {action} because the case is at the stage “{request.get_status_display()}”."
        )


def refresh_tracking(request: AssessmentRequest, as_of: dt.date | None = None) -> None:
    """Recompute the request's nearest deadline and overdue count from its recorded dates."""
    deadlines = request_deadlines(
        request,
        list(request.advice_requests.all()),
        list(request.consultations.select_related("establishment")),
        list(request.exceptions.all()),
        as_of or _today(),
    )
    result = tracking(deadlines)
    request.next_step, request.next_due, request.overdue_steps = (
        result.next_step,
        result.next_due,
        result.overdue_steps,
    )


def _save(
    *,
    acting_user: User,
    request: AssessmentRequest,
    kind: str,
    occurred_on: dt.date,
    summary: str,
    old_state: str = "",
    reason: str = "",
    subject=None,
    data: dict | None = None,
    visible_to_family: bool = True,
) -> AssessmentRequest:
    """Persist a change to the request with its event and audit entry, in the caller's transaction."""
    request.version += 1
    request.updated_by = _actor(acting_user)
    refresh_tracking(request)
    request.save()
    case_event_record(
        actor=acting_user,
        child=request.child,
        subject=subject or request,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary,
        old_state=old_state,
        new_state=request.status if old_state else "",
        reason=reason,
        visible_to_family=visible_to_family,
        data={"request_id": request.pk, **(data or {})},
    )
    audit_record(user=acting_user, action=AuditAction.UPDATE, obj=request, summary=summary)
    return request
