"""What advice givers do through the portal, and an officer's assignment of a request to a service.

Portal writes check that the request for advice is assigned to one of the user's services and is still
open, then call the authority's own assessment services inside `acting_through_portal`, so the case
records the step exactly as an officer's entry would, with the adviser as the actor.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from sendcase.assessments import services as assessment_services
from sendcase.assessments.models import OPEN_STATUSES, AdviceRequest
from sendcase.core.audit import audit_record
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError
from sendcase.core.models import AuditAction, User
from sendcase.core.service_checks import acting_through_portal, check_date, require_editor, today
from sendcase.people.events import EventKind, case_event_record
from sendcase.people.models import DocumentKind
from sendcase.people.services import document_upload
from sendcase.people.uploads import check_upload

from ..models import AdviceAssignment, AdviserService
from . import selectors

MISSED_APPOINTMENT = "missed_appointment"  # Regs 8(2)(d) in statutory.ADVICE_EXCEPTION_REASONS


def _lock_assignment(user: User, assignment: AdviceAssignment) -> AdviceAssignment:
    locked = (
        AdviceAssignment.objects.select_for_update()
        .select_related("service", "advice_request__request__child")
        .get(pk=assignment.pk)
    )
    if not selectors.services_for(user).filter(pk=locked.service_id).exists():
        raise NotPermitted()
    return locked


def _require_open(advice: AdviceRequest) -> None:
    if advice.received_on is not None:
        raise InvalidTransition(f"This advice was already received on {advice.received_on:%-d %B %Y}.")
    if advice.request.status not in OPEN_STATUSES:
        raise InvalidTransition("This request for advice is closed because the case has moved on.")


@transaction.atomic
def advice_take(*, acting_user: User, assignment: AdviceAssignment) -> AdviceAssignment:
    """Take a request for advice: the adviser becomes the one the service and the officer look to."""
    assignment = _lock_assignment(acting_user, assignment)
    _require_open(assignment.advice_request)
    assignment.assignee = acting_user
    assignment.updated_by = acting_user
    assignment.save(update_fields=["assignee", "updated_by", "updated_at"])
    audit_record(
        user=acting_user,
        action=AuditAction.UPDATE,
        obj=assignment,
        child_id=assignment.advice_request.request.child_id,
        summary=f"Took the request for advice for {assignment.service.name}",
    )
    return assignment


@transaction.atomic
def advice_submit(
    *, acting_user: User, assignment: AdviceAssignment, uploaded_file: UploadedFile | None, title: str = ""
) -> AdviceRequest:
    """Send the advice document; the advice is recorded as received today (Regs 8(1): within 6 weeks)."""
    assignment = _lock_assignment(acting_user, assignment)
    advice = assignment.advice_request
    _require_open(advice)
    check_upload(uploaded_file)
    if assignment.assignee_id is None:
        assignment.assignee = acting_user
        assignment.save(update_fields=["assignee", "updated_at"])
    with acting_through_portal(acting_user):
        received = assessment_services.advice_receipt_record(
            acting_user=acting_user, advice=advice, received_on=today()
        )
        document_upload(
            acting_user=acting_user,
            child=advice.request.child,
            uploaded_file=uploaded_file,
            title=(title or "").strip() or f"{advice.get_adviser_type_display()} advice",
            kind=DocumentKind.ADVICE,
            subject=advice.request,
        )
    return received


@transaction.atomic
def advice_appointment_missed(
    *, acting_user: User, assignment: AdviceAssignment, missed_on: dt.date | None, notes: str = ""
) -> AdviceRequest:
    """The child missed an appointment the service made: an exception to the 6-week limit
    (Regs 8(2)(d)), recorded on the case through the advice-exception service."""
    assignment = _lock_assignment(acting_user, assignment)
    advice = assignment.advice_request
    _require_open(advice)
    check_date(
        missed_on,
        field="missed_on",
        label="of the missed appointment",
        not_before=[(advice.requested_on, "the request for advice")],
    )
    with acting_through_portal(acting_user):
        advice = assessment_services.advice_exception_record(
            acting_user=acting_user,
            advice=advice,
            reason=MISSED_APPOINTMENT,
            recorded_on=missed_on,
            notes=notes,
        )
    case_event_record(
        actor=acting_user,
        child=advice.request.child,
        subject=advice,
        kind=EventKind.ADVICE_APPOINTMENT_MISSED,
        occurred_on=missed_on,
        summary=f"Appointment with {assignment.service.name} missed on {missed_on:%-d %B %Y}",
        reason=notes.strip(),
        visible_to_family=True,
        data={"advice_id": advice.pk, "request_id": advice.request_id, "service_id": assignment.service_id},
    )
    return advice


@transaction.atomic
def advice_assign(
    *, acting_user: User, advice: AdviceRequest, service: AdviserService | None
) -> AdviceAssignment:
    """An officer sends a request for advice to an advice service (replacing any earlier service; a new
    service starts with nobody taking it)."""
    require_editor(acting_user)
    if service is None:
        raise ServiceError("Select the advice service", field="service")
    advice = AdviceRequest.objects.select_for_update().select_related("request").get(pk=advice.pk)
    if advice.received_on is not None or advice.request.status not in OPEN_STATUSES:
        raise InvalidTransition("This advice has been received or the case has moved on.")
    assignment = AdviceAssignment.objects.select_for_update().filter(advice_request=advice).first()
    if assignment is None:
        assignment = AdviceAssignment(advice_request=advice, created_by=acting_user)
    elif assignment.service_id == service.pk:
        return assignment
    assignment.service = service
    assignment.assignee = None
    assignment.updated_by = acting_user
    assignment.save()
    audit_record(
        user=acting_user,
        action=AuditAction.UPDATE,
        obj=assignment,
        child_id=advice.request.child_id,
        summary=f"Request for {advice.get_adviser_type_display().lower()} advice sent to {service.name}",
    )
    from sendcase.notifications.routing import advice_assignment_messages

    advice_assignment_messages(assignment)
    return assignment
