"""Requests for an EHC needs assessment and the statutory steps taken on them.

The request's `status` is an explicit state machine (see services.py for the transitions). Dates the
statutory clock counts from are stored as dates; due dates are derived by `sendcase.statutory`, except
`next_step`/`next_due`/`overdue_steps`, which are kept on the row for worklists and refreshed by every
transition and by the daily sweep.
"""

from __future__ import annotations

from django.db import models

from sendcase.core.models import TrackedModel
from sendcase.people.models import Child
from sendcase.settings_data.models import Establishment


class RequestSource(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    SCHOOL = "school", "School or other education setting"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    OTHER = "other", "Other"


# SEN2 RequestSource codes: 1 young person or parent, 2 school or other education setting,
# 3 health care professionals, 4 social care professionals, 5 other (SEN2 technical specification).
SEN2_REQUEST_SOURCE = {
    RequestSource.PARENT: 1,
    RequestSource.YOUNG_PERSON: 1,
    RequestSource.SCHOOL: 2,
    RequestSource.HEALTH: 3,
    RequestSource.SOCIAL_CARE: 4,
    RequestSource.OTHER: 5,
}


class RequestStatus(models.TextChoices):
    RECEIVED = "received", "Request received"
    ASSESSING = "assessing", "Assessing needs"
    NOT_ASSESSING = "not_assessing", "Decided not to assess"
    ISSUE_DECIDED = "issue_decided", "Writing the draft plan"
    NOT_ISSUING = "not_issuing", "Decided not to issue a plan"
    DRAFT_SERVED = "draft_served", "Draft plan with the family"
    FINAL_ISSUED = "final_issued", "Final plan issued"
    WITHDRAWN = "withdrawn", "Withdrawn"
    MOVED_OUT = "moved_out", "Moved out of the area"


OPEN_STATUSES = frozenset(
    {RequestStatus.RECEIVED, RequestStatus.ASSESSING, RequestStatus.ISSUE_DECIDED, RequestStatus.DRAFT_SERVED}
)


class AssessmentRequest(TrackedModel):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="assessment_requests")
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED)
    received_on = models.DateField()
    source = models.CharField(max_length=20, choices=RequestSource.choices)
    requester_name = models.CharField(max_length=200, blank=True)
    requesting_establishment = models.ForeignKey(
        Establishment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField(blank=True)

    assessment_decided_on = models.DateField(null=True, blank=True)
    issue_decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    draft_served_on = models.DateField(null=True, blank=True)
    family_comments_received_on = models.DateField(null=True, blank=True)
    family_preferred_establishment = models.ForeignKey(
        Establishment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    family_preference_notes = models.CharField(max_length=300, blank=True)
    meeting_requested = models.BooleanField(default=False)
    meeting_held_on = models.DateField(null=True, blank=True)

    final_issued_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    next_step = models.CharField(max_length=120, blank=True)
    next_due = models.DateField(null=True, blank=True, db_index=True)
    overdue_steps = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["status", "next_due"]),
            models.Index(fields=["received_on"]),
        ]

    def __str__(self) -> str:
        return f"Request received {self.received_on:%d %b %Y} for {self.child}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class AdviserType(models.TextChoices):
    EDUCATIONAL_PSYCHOLOGY = "educational_psychology", "Educational psychology"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    EDUCATION = "education", "Education (school or setting)"
    PARENT = "parent", "Parent or young person"
    PREPARATION_FOR_ADULTHOOD = "preparation_for_adulthood", "Preparation for adulthood"
    OTHER = "other", "Other"


class AdviceRequest(TrackedModel):
    """A request for advice to one adviser (Regs 6); each has its own 6-week limit (Regs 8)."""

    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="advice_requests")
    adviser_type = models.CharField(max_length=30, choices=AdviserType.choices)
    adviser_name = models.CharField(max_length=200, blank=True, help_text="Person or organisation asked.")
    requested_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    last_chased_on = models.DateField(null=True, blank=True)
    times_chased = models.PositiveSmallIntegerField(default=0)
    exception_reason = models.CharField(max_length=40, blank=True)
    exception_notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["requested_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_adviser_type_display()} advice requested {self.requested_on:%-d %B %Y}"

    @property
    def exception_label(self) -> str:
        from sendcase.statutory import ADVICE_EXCEPTION_REASONS

        return ADVICE_EXCEPTION_REASONS.get(self.exception_reason, self.exception_reason)


class ConsultationOutcome(models.TextChoices):
    CAN_MEET = "can_meet", "Can meet the needs"
    CAN_MEET_WITH_CONDITIONS = "conditions", "Can meet the needs with conditions"
    CANNOT_MEET = "cannot_meet", "Cannot meet the needs"


class Consultation(TrackedModel):
    """Consulting an establishment before naming it in the plan (CFA s.39-40)."""

    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="consultations")
    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="consultations")
    sent_on = models.DateField()
    answered_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ConsultationOutcome.choices, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"Consultation with {self.establishment.name}"


class Step(models.TextChoices):
    """The statutory limits an exception can apply to (Regs 5(4), 10(4), 13(3))."""

    DECISION_TO_ASSESS = "decision", "Decision whether to assess (6 weeks)"
    DECISION_NOT_TO_ISSUE = "not_issue", "Decision not to issue a plan (16 weeks)"
    FINAL_PLAN = "final_plan", "Final plan (20 weeks)"


class StepException(TrackedModel):
    """An exception to a statutory limit: the limit stops applying; the original due date is kept."""

    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="exceptions")
    step = models.CharField(max_length=20, choices=Step.choices)
    reason = models.CharField(max_length=40)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    family_told_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"Exception to {self.get_step_display()}: {self.reason_label}"

    @property
    def reason_label(self) -> str:
        from sendcase.statutory import EXCEPTION_REASONS

        return EXCEPTION_REASONS.get(self.reason, self.reason)
