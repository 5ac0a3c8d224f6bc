"""Phase transfers: the review and the naming of the next school before the legal date (Regs 18)."""

from django.db import models

from sendcase.core.models import TrackedModel
from sendcase.settings_data.models import Establishment

from .plan import EHCPlan
from .review import AnnualReview


class TransferPhase(models.TextChoices):
    EARLY_YEARS_TO_SCHOOL = "ey_school", "Early years to school"
    INFANT_TO_JUNIOR = "infant_junior", "Infant to junior"
    PRIMARY_TO_MIDDLE = "primary_middle", "Primary to middle"
    TO_SECONDARY = "secondary", "Primary or middle to secondary"
    SECONDARY_TO_POST16 = "post16", "Secondary to post-16"
    POST16_TO_POST16 = "post16_post16", "Post-16 to another post-16 institution"


class PhaseTransfer(TrackedModel):
    plan = models.ForeignKey(EHCPlan, on_delete=models.PROTECT, related_name="phase_transfers")
    transfer = models.CharField(max_length=20, choices=TransferPhase.choices)
    transfer_year = models.PositiveSmallIntegerField(help_text="Calendar year the child moves (September).")
    moves_on = models.DateField(null=True, blank=True, help_text="For a post-16 move at another time.")
    deadline = models.DateField(help_text="The last lawful day to name the new school or institution.")
    review = models.ForeignKey(
        AnnualReview, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    named_establishment = models.ForeignKey(
        Establishment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    named_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["deadline"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "transfer_year", "transfer"], name="one_transfer_per_plan_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_transfer_display()} in {self.transfer_year}"
