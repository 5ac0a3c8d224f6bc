"""Writing the case's history. Every service that changes a child's case calls `case_event_record`
inside its own transaction, so the event and the change commit (or fail) together."""

from __future__ import annotations

import datetime as dt

from django.db import models

from sendcase.core.models import User

from .models import CaseEvent, Child


class EventKind(models.TextChoices):
    CHILD_CREATED = "child_created", "Record created"
    CHILD_UPDATED = "child_updated", "Details changed"
    CONTACT_ADDED = "contact_added", "Contact added"
    CONTACT_UPDATED = "contact_updated", "Contact changed"
    DOCUMENT_UPLOADED = "document_uploaded", "Document added"
    NOTE_ADDED = "note_added", "Note added"
    ALLOCATED = "allocated", "Case allocated"
    ALLOCATION_ENDED = "allocation_ended", "Case no longer allocated"
    REQUEST_RECEIVED = "request_received", "Request for assessment received"
    ASSESSMENT_AGREED = "assessment_agreed", "Decided to assess"
    ASSESSMENT_REFUSED = "assessment_refused", "Decided not to assess"
    ADVICE_REQUESTED = "advice_requested", "Advice requested"
    ADVICE_RECEIVED = "advice_received", "Advice received"
    ADVICE_CHASED = "advice_chased", "Advice chased"
    ADVICE_EXCEPTION = "advice_exception", "Exception to advice deadline"
    ISSUE_AGREED = "issue_agreed", "Decided to issue a plan"
    ISSUE_REFUSED = "issue_refused", "Decided not to issue a plan"
    DRAFT_SERVED = "draft_served", "Draft plan sent to the family"
    DRAFT_RESPONSE = "draft_response", "Family's response to the draft plan"
    CONSULTATION_SENT = "consultation_sent", "School or setting consulted"
    CONSULTATION_ANSWERED = "consultation_answered", "School or setting answered"
    FINAL_PLAN_ISSUED = "final_plan_issued", "Final EHC plan issued"
    REQUEST_WITHDRAWN = "request_withdrawn", "Request withdrawn"
    MOVED_OUT = "moved_out", "Moved out of the area"
    EXCEPTION_RECORDED = "exception_recorded", "Exception to a time limit recorded"


def case_event_record(
    *,
    actor: User | None,
    child: Child,
    subject: models.Model,
    kind: str,
    occurred_on: dt.date,
    summary: str,
    old_state: str = "",
    new_state: str = "",
    reason: str = "",
    visible_to_family: bool = True,
    data: dict | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        child=child,
        subject_type=subject._meta.model_name,
        subject_id=subject.pk,
        kind=kind,
        old_state=old_state,
        new_state=new_state,
        occurred_on=occurred_on,
        actor=actor if actor is not None and actor.pk else None,
        reason=reason,
        summary=summary[:300],
        visible_to_family=visible_to_family,
        data=data or {},
    )
