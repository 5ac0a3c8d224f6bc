"""Ceasing a plan (CFA s.45; Regs 29-31): consult first, notify with appeal rights, and keep the plan in
force while an appeal is possible or under way."""

from django.db import models

from sendcase.core.models import TrackedModel

from .plan import EHCPlan


class CeaseReason(models.IntegerChoices):
    """SEN2 cease reason codes."""

    MAXIMUM_AGE = 1, "Reached maximum age"
    NEEDS_MET = 2, "Needs met without an EHC plan"
    HIGHER_EDUCATION = 3, "Moved on to higher education"
    EMPLOYMENT = 4, "Moved on to paid employment"
    MOVED_ENGLISH_LA = 5, "Moved to another English local authority"
    NOT_ENGAGING = 6, "Young person no longer wishes to engage in education or training"
    LEFT_ENGLAND = 7, "Moved outside England"
    DIED = 8, "Deceased"
    OTHER = 9, "Other"


class CessationStatus(models.TextChoices):
    CONSULTING = "consulting", "Consulting the family and the school or college"
    NOTICE_SENT = "notice_sent", "Decision to cease sent; appeal period running"
    APPEALED = "appealed", "Under appeal; the plan stays in force"
    CEASED = "ceased", "Ceased"
    WITHDRAWN = "withdrawn", "Proposal withdrawn; the plan continues"


class Cessation(TrackedModel):
    plan = models.ForeignKey(EHCPlan, on_delete=models.PROTECT, related_name="cessations")
    status = models.CharField(
        max_length=20, choices=CessationStatus.choices, default=CessationStatus.CONSULTING
    )
    reason = models.PositiveSmallIntegerField(choices=CeaseReason.choices)
    consultation_started_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    notice_sent_on = models.DateField(null=True, blank=True)
    appeal_by = models.DateField(null=True, blank=True)
    appeal_lodged_on = models.DateField(null=True, blank=True)
    appeal_concluded_on = models.DateField(null=True, blank=True)
    ceased_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-consultation_started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status__in=["consulting", "notice_sent", "appealed"]),
                name="one_open_cessation_per_plan",
            )
        ]

    def __str__(self) -> str:
        return f"Cessation of {self.plan} ({self.get_status_display()})"
