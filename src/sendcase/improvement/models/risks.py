from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from sendcase.core.models import TrackedModel

from .. import rules

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class RiskKind(models.TextChoices):
    RISK = "risk", "Risk"
    ISSUE = "issue", "Issue"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Risk(TrackedModel):
    """A risk (may happen) or an issue (has happened) to the improvement plan, scored on a 5x5 matrix."""

    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=10, choices=RiskKind.choices, default=RiskKind.RISK)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    likelihood = models.PositiveSmallIntegerField(validators=SCALE)
    impact = models.PositiveSmallIntegerField(validators=SCALE)
    score = models.PositiveSmallIntegerField()
    mitigation = models.TextField(blank=True)
    review_on = models.DateField()
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    objective = models.ForeignKey(
        "improvement.Objective", null=True, blank=True, on_delete=models.PROTECT, related_name="risks"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-score", "review_on", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="improvement_risk_scale",
            ),
            models.CheckConstraint(
                condition=models.Q(score=models.F("likelihood") * models.F("impact")),
                name="improvement_risk_score",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def band(self) -> rules.Band:
        return rules.risk_band(self.score)

    def review_overdue(self, as_of: dt.date) -> bool:
        return self.status == RiskStatus.OPEN and self.review_on < as_of


class RiskScore(models.Model):
    """Each score a risk has had, oldest first: the trend the register shows."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="scores")
    likelihood = models.PositiveSmallIntegerField()
    impact = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField()
    scored_at = models.DateTimeField(auto_now_add=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["scored_at", "id"]

    def __str__(self) -> str:
        return f"{self.risk_id}: {self.likelihood} x {self.impact} = {self.score}"
