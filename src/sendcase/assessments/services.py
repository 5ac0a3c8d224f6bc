"""Every step of the EHC needs assessment, one service function per transition.

Each function: takes the acting user first (keyword-only), runs in one transaction, locks the request
row, checks the step is allowed from the current state (`_guard`) and the dates make sense, changes
the request, refreshes its worklist tracking, and writes a CaseEvent and an audit entry. Views, the API,
imports and the demo seed all come through here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from sendcase import statutory
from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError, StaleEdit
from sendcase.core.models import AuditAction, User
from sendcase.people.events import EventKind, case_event_record
from sendcase.people.models import Child
from sendcase.plans.models import EHCPlan, PlanStatus
from sendcase.settings_data.models import Establishment

from .deadlines import request_deadlines, tracking
from .models import (
    OPEN_STATUSES,
    AdviceRequest,
    AdviserType,
    AssessmentRequest,
    Consultation,
    ConsultationOutcome,
    RequestSource,
    RequestStatus,
    Step,
    StepException,
)

S = RequestStatus


# --- shared checks -------------------------------------------------------------------------------


def _require_editor(user: User) -> None:
    if not permissions.can_edit_cases(user):
        raise NotPermitted()


def _actor(user: User) -> User | None:
    """The user to store in created_by/updated_by (none for an unsaved system user)."""
    return user if user is not None and user.pk else None


def _today() -> dt.date:
    return timezone.localdate()


def _check_date(
    value: dt.date | None, *, field: str, label: str, not_before: Iterable[tuple[dt.date | None, str]] = ()
) -> dt.date:
    """Refuse a missing date, a date in the future, or one before an earlier step it depends on."""
    if value is None:
        raise ServiceError(f"Enter the date {label}", field=field)
    if value > _today():
        raise ServiceError(f"The date {label} must be today or in the past", field=field)
    for earlier, earlier_label in not_before:
        if earlier is not None and value < earlier:
            raise ServiceError(
                f"The date {label} must be on or after {earlier_label} ({earlier:%-d %B %Y})", field=field
            )
    return value


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


# --- advice ----------------------------------------------------------------------------------------


@transaction.atomic
def advice_request_record(
    *,
    acting_user: User,
    request: AssessmentRequest,
    adviser_type: str,
    requested_on: dt.date,
    adviser_name: str = "",
) -> AdviceRequest:
    """Ask an adviser for advice (Regs 6); they have 6 weeks to give it (Regs 8(1))."""
    _require_editor(acting_user)
    request = _lock(request, None)
    _guard(request, {S.ASSESSING}, "request advice")
    if adviser_type not in AdviserType.values:
        raise ServiceError("Select who the advice is from", field="adviser_type")
    _check_date(
        requested_on,
        field="requested_on",
        label="advice was requested",
        not_before=[(request.assessment_decided_on, "the decision to assess")],
    )
    advice = AdviceRequest.objects.create(
        request=request,
        adviser_type=adviser_type,
        adviser_name=adviser_name.strip(),
        requested_on=requested_on,
        created_by=_actor(acting_user),
    )
    due = statutory.advice_due(requested_on)
    _save(
        acting_user=acting_user,
        request=request,
        kind=EventKind.ADVICE_REQUESTED,
        occurred_on=requested_on,
        summary=f"{advice.get_adviser_type_display()} advice requested, due {due:%-d %B %Y}",
        subject=advice,
        data={"advice_id": advice.pk, "adviser_type": adviser_type},
    )
    return advice


def _lock_advice(advice: AdviceRequest) -> tuple[AdviceRequest, AssessmentRequest]:
    request = _lock(advice.request, None)
    advice = AdviceRequest.objects.select_for_update().get(pk=advice.pk)
    return advice, request


@transaction.atomic
def advice_receipt_record(*, acting_user: User, advice: AdviceRequest, received_on: dt.date) -> AdviceRequest:
    _require_editor(acting_user)
    advice, request = _lock_advice(advice)
    _guard(request, OPEN_STATUSES, "record advice")
    if advice.received_on is not None:
        raise InvalidTransition(f"This advice was already received on {advice.received_on:%-d %B %Y}.")
    _check_date(
        received_on,
        field="received_on",
        label="the advice was received",
        not_before=[(advice.requested_on, "the date it was requested")],
    )
    advice.received_on = received_on
    advice.updated_by = _actor(acting_user)
    advice.save(update_fields=["received_on", "updated_at", "updated_by"])
    status = statutory.step_status(
        statutory.advice_due(advice.requested_on), received_on, received_on, bool(advice.exception_reason)
    )
    _save(
        acting_user=acting_user,
        request=request,
        kind=EventKind.ADVICE_RECEIVED,
        occurred_on=received_on,
        summary=f"{advice.get_adviser_type_display()} advice received"
        + (" late" if status == statutory.StepStatus.LATE else ""),
        subject=advice,
        data={"advice_id": advice.pk, "status": status},
    )
    return advice


@transaction.atomic
def advice_chase_record(*, acting_user: User, advice: AdviceRequest, chased_on: dt.date) -> AdviceRequest:
    _require_editor(acting_user)
    advice, request = _lock_advice(advice)
    _guard(request, OPEN_STATUSES, "chase advice")
    if advice.received_on is not None:
        raise InvalidTransition("This advice has already been received, so there is nothing to chase.")
    _check_date(
        chased_on, field="chased_on", label="of chasing", not_before=[(advice.requested_on, "the request")]
    )
    advice.last_chased_on = chased_on
    advice.times_chased += 1
    advice.updated_by = _actor(acting_user)
    advice.save(update_fields=["last_chased_on", "times_chased", "updated_at", "updated_by"])
    _save(
        acting_user=acting_user,
        request=request,
        kind=EventKind.ADVICE_CHASED,
        occurred_on=chased_on,
        summary=f"{advice.get_adviser_type_display()} advice chased (time {advice.times_chased})",
        subject=advice,
        data={"advice_id": advice.pk},
        visible_to_family=False,
    )
    return advice


@transaction.atomic
def advice_exception_record(
    *, acting_user: User, advice: AdviceRequest, reason: str, recorded_on: dt.date, notes: str = ""
) -> AdviceRequest:
    """An exception to an adviser's 6-week limit (Regs 8(2)), e.g. the child missed an appointment."""
    _require_editor(acting_user)
    advice, request = _lock_advice(advice)
    _guard(request, OPEN_STATUSES, "record an exception")
    if reason not in statutory.ADVICE_EXCEPTION_REASONS:
        raise ServiceError("Select the reason for the exception", field="reason")
    _check_date(
        recorded_on,
        field="recorded_on",
        label="of the exception",
        not_before=[(advice.requested_on, "the request")],
    )
    advice.exception_reason = reason
    advice.exception_notes = notes.strip()[:300]
    advice.updated_by = _actor(acting_user)
    advice.save(update_fields=["exception_reason", "exception_notes", "updated_at", "updated_by"])
    _save(
        acting_user=acting_user,
        request=request,
        kind=EventKind.ADVICE_EXCEPTION,
        occurred_on=recorded_on,
        summary=f"Exception to the {advice.get_adviser_type_display().lower()} advice deadline: "
        f"{statutory.ADVICE_EXCEPTION_REASONS[reason].lower()}",
        subject=advice,
        reason=notes.strip(),
        data={"advice_id": advice.pk, "reason": reason},
    )
    return advice


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


@transaction.atomic
def draft_plan_serve(
    *, acting_user: User, request: AssessmentRequest, served_on: dt.date, expected_version: int | None = None
) -> AssessmentRequest:
    """Send the draft plan: the family has 15 days, from the day of service, to comment (Regs 13(1))."""
    _require_editor(acting_user)
    request = _lock(request, expected_version)
    _guard(request, {S.ISSUE_DECIDED}, "send the draft plan")
    _check_date(
        served_on,
        field="served_on",
        label="the draft plan was sent",
        not_before=[(request.issue_decided_on, "the decision to issue")],
    )
    old = request.status
    request.status = S.DRAFT_SERVED
    request.draft_served_on = served_on
    ends = statutory.draft_comment_period_ends(served_on)
    return _save(
        acting_user=acting_user,
        request=request,
        kind=EventKind.DRAFT_SERVED,
        occurred_on=served_on,
        summary=f"Draft plan sent to the family; their 15 days to comment end on {ends:%-d %B %Y}",
        old_state=old,
    )


@transaction.atomic
def draft_response_record(
    *,
    acting_user: User,
    request: AssessmentRequest,
    received_on: dt.date,
    preferred_establishment: Establishment | None = None,
    preference_notes: str = "",
    meeting_requested: bool = False,
    comments: str = "",
) -> AssessmentRequest:
    """The family's response to the draft: comments, the school they ask for, and any meeting request."""
    _require_editor(acting_user)
    request = _lock(request, None)
    _guard(request, {S.DRAFT_SERVED}, "record the family's response to the draft plan")
    _check_date(
        received_on,
        field="received_on",
        label="the response was received",
        not_before=[(request.draft_served_on, "the date the draft was sent")],
    )
    request.family_comments_received_on = received_on
    request.family_preferred_establishment = preferred_establishment
    request.family_preference_notes = preference_notes.strip()[:300]
    request.meeting_requested = meeting_requested
    parts = ["Family's response to the draft plan received"]
    if preferred_establishment:
        parts.append(f"they asked for {preferred_establishment.name}")
    if meeting_requested:
        parts.append("they asked for a meeting")
    return _save(
        acting_user=acting_user,
        request=request,
        kind=EventKind.DRAFT_RESPONSE,
        occurred_on=received_on,
        summary="; ".join(parts),
        reason=comments.strip(),
        data={
            "preferred_establishment_id": getattr(preferred_establishment, "pk", None),
            "meeting_requested": meeting_requested,
        },
    )


@transaction.atomic
def consultation_send(
    *, acting_user: User, request: AssessmentRequest, establishment: Establishment, sent_on: dt.date
) -> Consultation:
    """Consult a school or setting before naming it (CFA s.39-40); it should answer in 15 days (CoP 9.83)."""
    _require_editor(acting_user)
    request = _lock(request, None)
    _guard(request, {S.ISSUE_DECIDED, S.DRAFT_SERVED}, "consult a school or setting")
    _check_date(
        sent_on,
        field="sent_on",
        label="the consultation was sent",
        not_before=[(request.issue_decided_on, "the decision to issue")],
    )
    if request.consultations.filter(establishment=establishment, answered_on__isnull=True).exists():
        raise ServiceError(
            f"{establishment.name} has already been consulted and has not answered yet.",
            field="establishment",
        )
    consultation = Consultation.objects.create(
        request=request,
        establishment=establishment,
        sent_on=sent_on,
        created_by=_actor(acting_user),
    )
    due = statutory.consultation_response_due(sent_on)
    _save(
        acting_user=acting_user,
        request=request,
        kind=EventKind.CONSULTATION_SENT,
        occurred_on=sent_on,
        summary=f"{establishment.name} consulted; answer expected by {due:%-d %B %Y}",
        subject=consultation,
        data={"consultation_id": consultation.pk, "establishment_id": establishment.pk},
    )
    return consultation


@transaction.atomic
def consultation_answer_record(
    *, acting_user: User, consultation: Consultation, answered_on: dt.date, outcome: str, notes: str = ""
) -> Consultation:
    _require_editor(acting_user)
    request = _lock(consultation.request, None)
    consultation = (
        Consultation.objects.select_for_update().select_related("establishment").get(pk=consultation.pk)
    )
    _guard(request, OPEN_STATUSES, "record a consultation answer")
    if consultation.answered_on is not None:
        raise InvalidTransition(f"{consultation.establishment.name} has already answered.")
    if outcome not in ConsultationOutcome.values:
        raise ServiceError("Select the school or setting's answer", field="outcome")
    _check_date(
        answered_on,
        field="answered_on",
        label="of the answer",
        not_before=[(consultation.sent_on, "the date the consultation was sent")],
    )
    consultation.answered_on = answered_on
    consultation.outcome = outcome
    consultation.notes = notes.strip()
    consultation.updated_by = _actor(acting_user)
    consultation.save(update_fields=["answered_on", "outcome", "notes", "updated_at", "updated_by"])
    _save(
        acting_user=acting_user,
        request=request,
        kind=EventKind.CONSULTATION_ANSWERED,
        occurred_on=answered_on,
        summary=f"{consultation.establishment.name} answered: {consultation.get_outcome_display().lower()}",
        subject=consultation,
        data={"consultation_id": consultation.pk, "outcome": outcome},
    )
    return consultation


@transaction.atomic
def final_plan_issue(
    *,
    acting_user: User,
    request: AssessmentRequest,
    issued_on: dt.date,
    named_establishment: Establishment | None = None,
    expected_version: int | None = None,
) -> EHCPlan:
    """Issue the final plan (Regs 13(2): within 20 weeks of the request), creating the EHC plan record.

    It cannot be issued before the family's 15 days to comment on the draft have run (Regs 13(1)).
    """
    _require_editor(acting_user)
    request = _lock(request, expected_version)
    _guard(request, {S.DRAFT_SERVED}, "issue the final plan")
    earliest = statutory.earliest_final_plan_after_draft(request.draft_served_on)
    _check_date(
        issued_on,
        field="issued_on",
        label="the final plan was issued",
        not_before=[(earliest, "the day after the family's 15 days to comment on the draft end")],
    )
    if EHCPlan.objects.filter(child=request.child, status=PlanStatus.ACTIVE).exists():
        raise ServiceError(f"{request.child.full_name} already has an EHC plan in force.", field="issued_on")
    old = request.status
    request.status = S.FINAL_ISSUED
    request.final_issued_on = issued_on
    request.closed_on = issued_on
    plan = EHCPlan.objects.create(
        child=request.child,
        request=request,
        issued_on=issued_on,
        named_establishment=named_establishment,
        created_by=_actor(acting_user),
    )
    limits = statutory.assessment_deadlines(request.received_on)
    weeks = (issued_on - request.received_on).days // 7
    on_time = issued_on <= limits.final_plan_due
    _save(
        acting_user=acting_user,
        request=request,
        kind=EventKind.FINAL_PLAN_ISSUED,
        occurred_on=issued_on,
        summary=f"Final EHC plan issued after {weeks} weeks" + ("" if on_time else " (later than 20 weeks)"),
        old_state=old,
        data={
            "plan_id": plan.pk,
            "within_20_weeks": on_time,
            "named_establishment_id": getattr(named_establishment, "pk", None),
        },
    )
    audit_record(user=acting_user, action=AuditAction.CREATE, obj=plan, summary="EHC plan created")
    return plan


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
