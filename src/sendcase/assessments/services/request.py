"""Recording a request and the decisions whether to assess and whether to issue a plan."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sendcase.core.audit import audit_record
from sendcase.core.errors import ServiceError
from sendcase.core.models import AuditAction, User
from sendcase.people.events import EventKind, case_event_record
from sendcase.people.models import Child
from sendcase.settings_data.models import Establishment

from ..deadlines import request_deadlines, tracking
from ..models import (
    OPEN_STATUSES,
    AssessmentRequest,
    RequestSource,
)
from ._common import (
    S,
    _actor,
    _check_date,
    _guard,
    _lock,
    _require_editor,
    _save,
    _today,
)

# --- the request -----------------------------------------------------------------------------------


@transaction.atomic
def request_record(
    *,
    acting_user: User,
    child: Child,
    received_on: dt.date,
    source: str,
    requester_name: str = "",
    requesting_establishment: Establishment | None = None,
    summary: str = "",
) -> AssessmentRequest:
    """Record a new request for an EHC needs assessment: the 20-week clock starts on `received_on`."""
    _require_editor(acting_user)
    if source not in RequestSource.values:
        raise ServiceError("Select who made the request", field="source")
    _check_date(
        received_on,
        field="received_on",
        label="the request was received",
        not_before=[(child.date_of_birth, "the child's date of birth")],
    )
    child = Child.objects.select_for_update().get(pk=child.pk)
    existing = child.assessment_requests.filter(status__in=OPEN_STATUSES).first()
    if existing is not None:
        raise ServiceError(
            f"{child.full_name} already has an open request, received on {existing.received_on:%-d %B %Y}. "
            "Finish or withdraw it before recording another.",
            field="received_on",
        )
    request = AssessmentRequest(
        child=child,
        received_on=received_on,
        source=source,
        requester_name=requester_name,
        requesting_establishment=requesting_establishment,
        summary=summary,
        created_by=_actor(acting_user),
        updated_by=acting_user if acting_user.pk else None,
    )
    refresh_tracking_for_new(request)
    request.save()
    case_event_record(
        actor=acting_user,
        child=child,
        subject=request,
        kind=EventKind.REQUEST_RECEIVED,
        occurred_on=received_on,
        summary=f"Request for an EHC needs assessment received from {request.get_source_display().lower()}",
        new_state=request.status,
        data={"request_id": request.pk, "source": source},
    )
    audit_record(user=acting_user, action=AuditAction.CREATE, obj=request, summary="Request recorded")
    return request


def refresh_tracking_for_new(request: AssessmentRequest) -> None:
    """Tracking for a request not yet saved (it has no advice, consultations or exceptions)."""
    result = tracking(request_deadlines(request, [], [], [], _today()))
    request.next_step, request.next_due, request.overdue_steps = (
        result.next_step,
        result.next_due,
        result.overdue_steps,
    )


@transaction.atomic
def assessment_decision_record(
    *,
    acting_user: User,
    request: AssessmentRequest,
    assess: bool,
    decided_on: dt.date,
    reason: str = "",
    expected_version: int | None = None,
) -> AssessmentRequest:
    """Decide whether to carry out an EHC needs assessment (Regs 5(1): within 6 weeks).

    A decision not to assess closes the request; its letter must state appeal and mediation rights
    (Regs 5(3)).
    """
    _require_editor(acting_user)
    request = _lock(request, expected_version)
    _guard(request, {S.RECEIVED}, "record the decision whether to assess")
    _check_date(
        decided_on,
        field="decided_on",
        label="of the decision",
        not_before=[(request.received_on, "the date the request was received")],
    )
    if not assess and not reason.strip():
        raise ServiceError("Enter the reasons for deciding not to assess", field="reason")
    old = request.status
    request.assessment_decided_on = decided_on
    request.decision_reason = reason.strip()
    if assess:
        request.status = S.ASSESSING
        kind, summary = EventKind.ASSESSMENT_AGREED, "Decided to carry out an EHC needs assessment"
    else:
        request.status = S.NOT_ASSESSING
        request.closed_on = decided_on
        kind, summary = EventKind.ASSESSMENT_REFUSED, "Decided not to carry out an EHC needs assessment"
    return _save(
        acting_user=acting_user,
        request=request,
        kind=kind,
        occurred_on=decided_on,
        summary=summary,
        old_state=old,
        reason=reason.strip(),
    )


# --- decision to issue, draft, consultation, final plan ------------------------------------------------


@transaction.atomic
def issue_decision_record(
    *,
    acting_user: User,
    request: AssessmentRequest,
    issue: bool,
    decided_on: dt.date,
    reason: str = "",
    expected_version: int | None = None,
) -> AssessmentRequest:
    """Decide whether to issue a plan. Not issuing closes the request (Regs 10(1): within 16 weeks)."""
    _require_editor(acting_user)
    request = _lock(request, expected_version)
    _guard(request, {S.ASSESSING}, "record the decision whether to issue a plan")
    _check_date(
        decided_on,
        field="decided_on",
        label="of the decision",
        not_before=[(request.assessment_decided_on, "the decision to assess")],
    )
    if not issue and not reason.strip():
        raise ServiceError("Enter the reasons for deciding not to issue a plan", field="reason")
    old = request.status
    request.issue_decided_on = decided_on
    if issue:
        request.status = S.ISSUE_DECIDED
        kind, summary = EventKind.ISSUE_AGREED, "Decided to issue an EHC plan"
    else:
        request.status = S.NOT_ISSUING
        request.closed_on = decided_on
        request.decision_reason = reason.strip()
        kind, summary = EventKind.ISSUE_REFUSED, "Decided not to issue an EHC plan"
    return _save(
        acting_user=acting_user,
        request=request,
        kind=kind,
        occurred_on=decided_on,
        summary=summary,
        old_state=old,
        reason=reason.strip(),
    )
