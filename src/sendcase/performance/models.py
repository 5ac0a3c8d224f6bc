"""Stored monthly figures for each indicator, overall and by each breakdown.

A snapshot is a cache of a computation that can be repeated: every figure is computed from the case
record as at the period end (performance/indicators/), so recomputing a past month gives the same answer
unless the record itself was corrected.
"""

from __future__ import annotations

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
