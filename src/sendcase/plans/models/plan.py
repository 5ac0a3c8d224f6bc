"""The EHC plan: one per child in force at a time. Its content lives in PlanVersion rows."""

from django.db import models

from sendcase.core.models import TrackedModel
from sendcase.people.models import Child
from sendcase.settings_data.models import Establishment


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "In force"
    CEASED = "ceased", "Ceased"
    TRANSFERRED_OUT = "transferred_out", "Transferred to another authority"


class EHCPlan(TrackedModel):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="plans")
    request = models.OneToOneField(
        "assessments.AssessmentRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="plan"
    )
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    issued_on = models.DateField(
        help_text="Date the first final plan was issued (or made, if transferred in)."
    )
    named_establishment = models.ForeignKey(
        Establishment, null=True, blank=True, on_delete=models.SET_NULL, related_name="named_in_plans"
    )
    primary_need = models.CharField(max_length=4, blank=True)

    # Plans transferred in from, or out to, another authority (Regs 15-16); old three-digit LA codes.
    transferred_in_from_la = models.CharField(max_length=3, blank=True)
    transferred_in_on = models.DateField(null=True, blank=True)
    transferred_out_to_la = models.CharField(max_length=3, blank=True)
    transferred_out_on = models.DateField(null=True, blank=True)
    ceased_on = models.DateField(null=True, blank=True)
    cease_reason = models.PositiveSmallIntegerField(null=True, blank=True)

    # Kept for worklists and refreshed by every review step and by the nightly recomputation.
    last_review_on = models.DateField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True, db_index=True)
    phase_transfer_deadline = models.DateField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-issued_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=models.Q(status="active"), name="one_active_plan_per_child"
            )
        ]
        indexes = [models.Index(fields=["status", "review_due"])]

    def __str__(self) -> str:
        return f"EHC plan for {self.child} issued {self.issued_on:%-d %B %Y}"
