"""Versions of a plan's content (sections A-K). Drafts are editable; issuing freezes a version."""

from django.db import models
from django.db.models import Q

from sendcase.core.models import TrackedModel

from .plan import EHCPlan


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"
    WITHDRAWN = "withdrawn", "Withdrawn draft"


class VersionKind(models.TextChoices):
    ORIGINAL = "original", "Plan following assessment"
    AMENDMENT = "amendment", "Amendment after review"
    REASSESSMENT = "reassessment", "Plan following re-assessment"
    TRANSFER_IN = "transfer_in", "Plan transferred from another authority"


class PlanVersion(TrackedModel):
    """One version of the plan's content. `content` holds sections A-K as validated structured data
    (see plans/content.py); `lock_version` refuses a stale save of a draft."""

    plan = models.ForeignKey(EHCPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    kind = models.CharField(max_length=20, choices=VersionKind.choices, default=VersionKind.ORIGINAL)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    content = models.JSONField(default=dict)
    issued_on = models.DateField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="draft"), name="one_draft_version_per_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} ({self.get_status_display().lower()}) of {self.plan}"
