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
    DOCUMENT_GENERATED = "document_generated", "Document generated"
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
    # Plan versions: drafting and issuing sections A-K
    PLAN_DRAFT_STARTED = "plan_draft_started", "Draft of a plan version started"
    PLAN_DRAFT_SAVED = "plan_draft_saved", "Draft of a plan version changed"
    PLAN_DRAFT_WITHDRAWN = "plan_draft_withdrawn", "Draft of a plan version withdrawn"
    PLAN_VERSION_ISSUED = "plan_version_issued", "Plan version issued"
    # Annual reviews and amendments (CFA s.44; Regs 18-22)
    REVIEW_OPENED = "review_opened", "Annual review opened"
    REVIEW_SCHEDULED = "review_scheduled", "Annual review meeting arranged"
    REVIEW_MEETING_HELD = "review_meeting_held", "Annual review meeting held"
    REVIEW_REPORT_RECEIVED = "review_report_received", "Annual review report received"
    REVIEW_DECIDED = "review_decided", "Annual review decision"
    AMENDMENT_NOTICE_SENT = "amendment_notice_sent", "Proposed amendments sent to the family"
    AMENDED_PLAN_ISSUED = "amended_plan_issued", "Amended EHC plan issued"
    REVIEW_CANCELLED = "review_cancelled", "Annual review cancelled"
    # Placements
    PLACEMENT_STARTED = "placement_started", "Placement started"
    PLACEMENT_ENDED = "placement_ended", "Placement ended"
    NO_PLACE_STARTED = "no_place_started", "No school or setting place"
    # Transfers between authorities and between phases (Regs 15-18)
    PLAN_TRANSFERRED_IN = "plan_transferred_in", "Plan transferred in from another authority"
    PLAN_TRANSFERRED_OUT = "plan_transferred_out", "Plan transferred to another authority"
    PHASE_TRANSFER_RECORDED = "phase_transfer_recorded", "Phase transfer recorded"
    PHASE_TRANSFER_NAMED = "phase_transfer_named", "School or college named for a phase transfer"
    # Ceasing a plan (CFA s.45; Regs 29-31)
    CESSATION_PROPOSED = "cessation_proposed", "Proposal to cease the plan"
    CESSATION_DECIDED = "cessation_decided", "Decision to cease the plan sent"
    CESSATION_APPEALED = "cessation_appealed", "Appeal against ceasing the plan"
    CESSATION_APPEAL_CONCLUDED = "cessation_appeal_concluded", "Appeal against ceasing concluded"
    CESSATION_WITHDRAWN = "cessation_withdrawn", "Proposal to cease withdrawn"
    PLAN_CEASED = "plan_ceased", "EHC plan ceased"
    # Portals: what families, schools and advice givers do online
    FAMILY_LINKED = "family_linked", "Online account linked to the child"
    FAMILY_LINK_ENDED = "family_link_ended", "Online account no longer linked to the child"
    VIEWS_GIVEN = "views_given", "Views, wishes and feelings given (section A)"
    QUESTION_ASKED = "question_asked", "Question asked"
    QUESTION_ANSWERED = "question_answered", "Question answered"
    ADVICE_APPOINTMENT_MISSED = "advice_appointment_missed", "Appointment for advice missed"
    REVIEW_PAPERWORK_SUBMITTED = "review_paperwork_submitted", "Annual review paperwork submitted"
    # Imports and record linkage
    RECORD_IMPORTED = "record_imported", "Record brought in from a spreadsheet or earlier system"
    IMPORT_UNDONE = "import_undone", "Imported record removed (import undone)"
    RECORDS_MERGED = "records_merged", "Duplicate record merged into this one"
    MERGE_UNDONE = "merge_undone", "Merge of duplicate records undone"


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
    event = CaseEvent.objects.create(
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
    # The messages this event causes (to the family, a school, an adviser) join the same transaction, so
    # they are sent if and only if the change commits.
    from sendcase.notifications.routing import messages_for_event

    messages_for_event(event)
    return event
