from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models

from sendcase.core.models import TrackedModel

from .. import rules


class Objective(TrackedModel):
    """One objective of the improvement plan (for example one of the six areas of an effective local
    SEND system), with the actions and milestones that deliver it."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ActionStatus(models.TextChoices):
    NOT_STARTED = rules.NOT_STARTED, "Not started"
    ON_TRACK = rules.ON_TRACK, "On track"
    AT_RISK = rules.AT_RISK, "At risk"
    OFF_TRACK = rules.OFF_TRACK, "Off track"
    COMPLETE = rules.COMPLETE, "Complete"
    CLOSED = rules.CLOSED, "Closed"


class Action(TrackedModel):
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    # Ids of the performance indicators this action should move (see improvement/indicators.py).
    indicator_ids = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["objective__number", "due_on", "reference"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def rag(self, as_of: dt.date) -> rules.Rag:
        return rules.action_rag(
            status=self.status, due_on=self.due_on, completed_on=self.completed_on, as_of=as_of
        )

    def is_overdue(self, as_of: dt.date) -> bool:
        return rules.is_overdue(status=self.status, due_on=self.due_on, as_of=as_of)


def evidence_path(instance: Evidence, filename: str) -> str:
    # A random name on disk; the original name is kept on the record for display and download.
    return f"improvement/{instance.action_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Evidence(TrackedModel):
    """What shows an action has done what it said: a description, and a link or a document."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="evidence")
    text = models.TextField()
    link = models.URLField(max_length=500, blank=True)
    file = models.FileField(upload_to=evidence_path, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.text[:60]


class Milestone(TrackedModel):
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    achieved_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, as_of: dt.date) -> bool:
        return self.achieved_on is None and self.due_on < as_of
