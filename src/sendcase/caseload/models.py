"""Teams, who is in them, and which officer holds each child's case."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from sendcase.core.models import TrackedModel
from sendcase.people.models import Child
from sendcase.settings_data.models import Locality


class Team(TrackedModel):
    name = models.CharField(max_length=100, unique=True)
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.SET_NULL)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_teams",
    )
    caseload_threshold = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Cases per officer above which the manager is warned. Blank: service default.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    """An officer's team. An officer is in one team at a time."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class Allocation(TrackedModel):
    """A period during which an officer holds a child's case. The current one has no `ended_at`."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="allocations")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(ended_at__isnull=True), name="one_current_allocation_per_child"
            )
        ]
        indexes = [models.Index(fields=["officer", "ended_at"]), models.Index(fields=["team", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.child} to {self.officer}"
