"""Annual reviews of a plan (CFA s.44; Regs 18-22) and, for an amend decision, the amendment."""

from django.db import models

from sendcase.core.models import TrackedModel

from .plan import EHCPlan
from .version import PlanVersion


class ReviewStatus(models.TextChoices):
    DUE = "due", "Due, not yet scheduled"
    SCHEDULED = "scheduled", "Meeting scheduled"
    HELD = "held", "Meeting held"
    REPORT_RECEIVED = "report_received", "Review report received"
    DECIDED = "decided", "Decision made"
    AMENDMENT_NOTICE = "amendment_notice", "Proposed amendments sent to the family"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class ReviewDecision(models.TextChoices):
    MAINTAIN = "maintain", "Keep the plan as it is"
    AMEND = "amend", "Amend the plan"
    CEASE = "cease", "Cease the plan"


class AnnualReview(TrackedModel):
    plan = models.ForeignKey(EHCPlan, on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DUE)
    due_on = models.DateField(help_text="The last day the review must be held by (12 months).")
    is_phase_transfer = models.BooleanField(default=False)
    meeting_on = models.DateField(null=True, blank=True)
    invitees = models.TextField(blank=True)
    notice_sent_on = models.DateField(null=True, blank=True)
    advice_circulated_on = models.DateField(null=True, blank=True)
    report_received_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=ReviewDecision.choices, blank=True)
    decision_on = models.DateField(null=True, blank=True)
    amendment_notice_on = models.DateField(null=True, blank=True)
    amendment_version = models.ForeignKey(
        PlanVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amended_plan_issued_on = models.DateField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan", "-due_on"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"Annual review due {self.due_on:%-d %B %Y}"
