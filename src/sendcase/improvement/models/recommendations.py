from __future__ import annotations

from django.conf import settings
from django.db import models

from sendcase.core.models import TrackedModel


class RecommendationSource(models.TextChoices):
    INSPECTION = "inspection", "Ofsted and CQC area SEND inspection"
    COMMISSIONER = "commissioner", "SEND commissioner"
    DFE = "dfe", "Department for Education"
    PEER_REVIEW = "peer_review", "Peer review"
    AUDIT = "audit", "Internal audit"
    OMBUDSMAN = "ombudsman", "Local Government and Social Care Ombudsman"
    OTHER = "other", "Other"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open: response not agreed"
    ACCEPTED = "accepted", "Accepted: in progress"
    IMPLEMENTED = "implemented", "Implemented"
    NOT_ACCEPTED = "not_accepted", "Not accepted"
    CLOSED = "closed", "Closed"


class Recommendation(TrackedModel):
    """A recommendation (or area for improvement) made to the authority from outside, its response and
    the actions that deliver it."""

    reference = models.CharField(max_length=20, unique=True)
    source = models.CharField(max_length=20, choices=RecommendationSource.choices)
    source_detail = models.CharField(max_length=200, blank=True)
    made_on = models.DateField()
    text = models.TextField()
    response = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    actions = models.ManyToManyField("improvement.Action", blank=True, related_name="recommendations")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-made_on", "reference"]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_source_display()})"
