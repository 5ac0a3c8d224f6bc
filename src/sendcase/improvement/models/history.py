from __future__ import annotations

from django.conf import settings
from django.db import models


class ChangeRecord(models.Model):
    """One field of one improvement record changed: who changed it, from what, to what, and when.

    Append-only, written by the services in the same transaction as the change. `item_type` is the
    model's label ("improvement.Action"), so one table holds the history of every register.
    """

    item_type = models.CharField(max_length=60)
    item_id = models.BigIntegerField()
    version = models.PositiveIntegerField()
    field = models.CharField(max_length=60)
    label = models.CharField(max_length=100)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    note = models.CharField(max_length=500, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["item_type", "item_id", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.item_type} {self.item_id} v{self.version}: {self.label}"
