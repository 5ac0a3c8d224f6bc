"""Monthly snapshots of the data-confidence score, so its trend can be shown and compared."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Scope(models.TextChoices):
    AUTHORITY = "authority", "Whole authority"
    TEAM = "team", "Team"
    OFFICER = "officer", "Officer"
    UNALLOCATED = "unallocated", "Not allocated to an officer"


class QualityScore(models.Model):
    """The score for one month and one scope (the authority, a team, an officer, or unallocated cases).

    `rules` holds per rule id the records checked and the records failing, so dataset scores and rule
    counts for the scope can be shown without scoring again; `score` is the overall score out of 10.
    """

    month = models.DateField(help_text="First day of the month scored (the data as at its last day).")
    scope = models.CharField(max_length=20, choices=Scope.choices)
    team = models.ForeignKey(
        "caseload.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    score = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    checked = models.PositiveIntegerField(default=0)
    failing = models.PositiveIntegerField(default=0)
    rules = models.JSONField(default=dict)
    as_of = models.DateField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month", "scope"]
        indexes = [models.Index(fields=["scope", "month"])]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.month:%B %Y}: {self.score}"
