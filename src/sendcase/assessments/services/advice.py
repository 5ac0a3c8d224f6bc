"""Advice for the assessment (Regs 6-8): requesting, receiving, chasing and exceptions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sendcase import statutory
from sendcase.core.errors import InvalidTransition, ServiceError
from sendcase.core.models import User
from sendcase.people.events import EventKind

from ..models import (
    OPEN_STATUSES,
    AdviceRequest,
    AdviserType,
    AssessmentRequest,
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
