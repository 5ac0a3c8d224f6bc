from __future__ import annotations

from django.conf import settings
from django.db import models

from sendcase.core.models import TrackedModel


class BoardMeeting(TrackedModel):
    """A meeting of the improvement board: who came, the papers, and what it decided."""

    held_on = models.DateField(unique=True)
    title = models.CharField(max_length=200, default="Improvement board")
    attendees = models.TextField(blank=True, help_text="One person per line")
    apologies = models.TextField(blank=True, help_text="One person per line")
    papers = models.TextField(blank=True, help_text="One paper per line")
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.title}, {self.held_on:%-d %B %Y}"

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def attendee_list(self) -> list[str]:
        return self._lines(self.attendees)

    @property
    def apology_list(self) -> list[str]:
        return self._lines(self.apologies)

    @property
    def paper_list(self) -> list[str]:
        return self._lines(self.papers)


class BoardItemKind(models.TextChoices):
    DECISION = "decision", "Decision"
    ACTION = "action", "Action arising"


class BoardItem(TrackedModel):
    """A decision the board made, or an action arising, optionally linked to a plan action."""

    meeting = models.ForeignKey(BoardMeeting, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=10, choices=BoardItemKind.choices)
    text = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    action = models.ForeignKey(
        "improvement.Action", null=True, blank=True, on_delete=models.PROTECT, related_name="board_items"
    )

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"
