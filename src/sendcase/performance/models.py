"""Stored monthly figures for each indicator, overall and by each breakdown.

A snapshot is a cache of a computation that can be repeated: every figure is computed from the case
record as at the period end (performance/indicators/), so recomputing a past month gives the same answer
unless the record itself was corrected.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

OVERALL = "all"


class IndicatorSnapshot(models.Model):
    indicator = models.CharField(max_length=60)
    period_end = models.DateField(help_text="Last day of the month the figure is for.")
    breakdown = models.CharField(max_length=30, default=OVERALL)
    breakdown_value = models.CharField(max_length=120, default=OVERALL)
    numerator = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["indicator", "period_end", "breakdown", "breakdown_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_end", "breakdown", "breakdown_value"],
                name="one_snapshot_per_indicator_period_breakdown_value",
            )
        ]
        indexes = [models.Index(fields=["period_end", "breakdown"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_end} {self.breakdown}={self.breakdown_value}: {self.value}"


class IndicatorTarget(models.Model):
    """The authority's target for an indicator as it stands now, replacing the one in its definition (the
    registry's target is the starting point). Its version guards against two people's edits crossing;
    the months it applies to are in `TargetChange` (see `targets.TargetTimeline`)."""

    indicator = models.CharField(max_length=60, unique=True)
    target = models.DecimalField("target", max_digits=14, decimal_places=2, null=True, blank=True)
    amber_within = models.DecimalField("amber margin", max_digits=14, decimal_places=2)
    reason = models.TextField("reason for the target")
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Target for {self.indicator}: {self.target}"


class TargetChange(models.Model):
    """One change of an indicator's target: who, when, from what to what, from which month, and why.
    Months before `applies_from` keep the target they had."""

    indicator = models.CharField(max_length=60)
    applies_from = models.DateField(help_text="First day of the first month measured against this target.")
    target_before = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_after = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    amber_before = models.DecimalField(max_digits=14, decimal_places=2)
    amber_after = models.DecimalField(max_digits=14, decimal_places=2)
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["indicator", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.target_before} to {self.target_after}"
