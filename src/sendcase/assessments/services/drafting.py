"""The draft plan, the family's response, consulting schools and issuing the final plan."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sendcase import statutory
from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.errors import InvalidTransition, ServiceError
from sendcase.core.models import AuditAction, User
from sendcase.people.events import EventKind
from sendcase.plans.models import EHCPlan, PlanStatus
from sendcase.settings_data.models import Establishment

from ..models import (
    OPEN_STATUSES,
    AssessmentRequest,
    Consultation,
    ConsultationOutcome,
)
from ._common import (
    S,
    _actor,
    _check_date,
    _guard,
    _lock,
    _require_editor,
    _save,
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
    """The family's response to the draft: comments, the school they ask for, and any meeting request.

    An officer records it, or the family gives it themselves through the portal (a parent, carer or young
    person whose account is linked to the child)."""
    if not permissions.is_linked_family(acting_user, request.child_id):
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
