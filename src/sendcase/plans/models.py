"""EHC plans. An issued final plan is created by the assessment workflow's last step."""

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
    issued_on = models.DateField()
    named_establishment = models.ForeignKey(
        Establishment, null=True, blank=True, on_delete=models.SET_NULL, related_name="named_in_plans"
    )
    primary_need = models.CharField(max_length=4, blank=True)

    class Meta:
        ordering = ["-issued_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=models.Q(status="active"), name="one_active_plan_per_child"
            )
        ]

    def __str__(self) -> str:
        return f"EHC plan for {self.child} issued {self.issued_on}"
