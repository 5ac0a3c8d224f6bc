"""Withdrawal, moving out of the area, and exceptions to the time limits."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sendcase import statutory
from sendcase.core.errors import ServiceError
from sendcase.core.models import User
from sendcase.people.events import EventKind

from ..models import (
    OPEN_STATUSES,
    AssessmentRequest,
    Step,
    StepException,
)
from ._common import (
    S,
    _actor,
    _check_date,
    _guard,
    _latest_step,
    _lock,
    _require_editor,
    _save,
)

# --- endings and exceptions -------------------------------------------------------------------------


@transaction.atomic
def request_withdraw(
    *,
    acting_user: User,
    request: AssessmentRequest,
    withdrawn_on: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> AssessmentRequest:
    _require_editor(acting_user)
    request = _lock(request, expected_version)
    _guard(request, set(OPEN_STATUSES), "withdraw the request")
    _check_date(
        withdrawn_on,
        field="withdrawn_on",
        label="of withdrawal",
        not_before=[_latest_step(request)],
    )
    if not reason.strip():
        raise ServiceError("Enter why the request was withdrawn", field="reason")
    old = request.status
    request.status = S.WITHDRAWN
    request.closed_on = withdrawn_on
    return _save(
        acting_user=acting_user,
        request=request,
        kind=EventKind.REQUEST_WITHDRAWN,
        occurred_on=withdrawn_on,
        summary="Request withdrawn",
        old_state=old,
        reason=reason.strip(),
    )


@transaction.atomic
def request_move_out(
    *,
    acting_user: User,
    request: AssessmentRequest,
    moved_on: dt.date,
    reason: str = "",
    expected_version: int | None = None,
) -> AssessmentRequest:
    _require_editor(acting_user)
    request = _lock(request, expected_version)
    _guard(request, set(OPEN_STATUSES), "record a move out of the area")
    _check_date(
        moved_on,
        field="moved_on",
        label="of the move",
        not_before=[_latest_step(request)],
    )
    old = request.status
    request.status = S.MOVED_OUT
    request.closed_on = moved_on
    return _save(
        acting_user=acting_user,
        request=request,
        kind=EventKind.MOVED_OUT,
        occurred_on=moved_on,
        summary="Moved out of the area",
        old_state=old,
        reason=reason.strip(),
    )


_STEP_OPEN_STATES = {
    Step.DECISION_TO_ASSESS: {S.RECEIVED},
    Step.DECISION_NOT_TO_ISSUE: {S.ASSESSING},
    Step.FINAL_PLAN: {S.RECEIVED, S.ASSESSING, S.ISSUE_DECIDED, S.DRAFT_SERVED},
}


@transaction.atomic
def exception_record(
    *,
    acting_user: User,
    request: AssessmentRequest,
    step: str,
    reason: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    family_told_on: dt.date | None = None,
    notes: str = "",
) -> StepException:
    """Record why a time limit does not apply (Regs 5(4), 10(4), 13(3)). The due date is kept, not moved."""
    _require_editor(acting_user)
    request = _lock(request, None)
    if step not in Step.values:
        raise ServiceError("Select which time limit the exception is to", field="step")
    _guard(request, _STEP_OPEN_STATES[Step(step)], f"record an exception to the {Step(step).label.lower()}")
    if reason not in statutory.EXCEPTION_REASONS:
        raise ServiceError("Select the reason for the exception", field="reason")
    _check_date(
        starts_on,
        field="starts_on",
        label="the exception started",
        not_before=[(request.received_on, "the date the request was received")],
    )
    if ends_on is not None and ends_on < starts_on:
        raise ServiceError(
            "The date the exception ended must be on or after the date it started", field="ends_on"
        )
    if family_told_on is not None:
        _check_date(
            family_told_on,
            field="family_told_on",
            label="the family was told",
            not_before=[(starts_on, "the start of the exception")],
        )
    exception = StepException.objects.create(
        request=request,
        step=step,
        reason=reason,
        starts_on=starts_on,
        ends_on=ends_on,
        family_told_on=family_told_on,
        notes=notes.strip(),
        created_by=_actor(acting_user),
    )
    _save(
        acting_user=acting_user,
        request=request,
        kind=EventKind.EXCEPTION_RECORDED,
        occurred_on=starts_on,
        summary=f"Exception to the {Step(step).label.lower()}: {statutory.EXCEPTION_REASONS[reason].lower()}",
        subject=exception,
        reason=notes.strip(),
        data={
            "exception_id": exception.pk,
            "step": step,
            "reason": reason,
            "family_told_on": family_told_on.isoformat() if family_told_on else None,
        },
    )
    return exception
