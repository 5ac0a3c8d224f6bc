"""Record linkage: each run of the matcher, the possible matches it leaves for a person to decide, and the
merges made (with everything needed to undo them).

A merged-away child keeps their `people.Child` row (their own details are history too); `MergedRecord`
marks them as merged into the survivor, and lists and scores leave them out while the merge stands.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sendcase.core.models import TrackedModel
from sendcase.people.models import Child


class LinkageRun(models.Model):
    """One run of the matcher over the children's records (or some of them)."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    records_compared = models.PositiveIntegerField(default=0)
    pairs_scored = models.PositiveIntegerField(default=0)
    merged_automatically = models.PositiveIntegerField(default=0)
    queued_for_review = models.PositiveIntegerField(default=0)
    not_merged = models.PositiveIntegerField(
        default=0, help_text="Certain matches the merge service refused (both with an active plan, say)."
    )
    training = models.CharField(max_length=40, blank=True, help_text="How the model's parameters were set.")

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Linkage run {self.pk} at {self.started_at:%d %b %Y %H:%M}"


class CandidateStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    MERGED = "merged", "Same child: merged"
    NOT_A_MATCH = "not_a_match", "Not the same child"


class MatchCandidate(TrackedModel):
    """Two children's records the matcher thinks may be the same child. `child_a` has the lower id."""

    child_a = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    child_b = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(
        LinkageRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidates"
    )
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    comparison = models.JSONField(
        default=dict, help_text="Per compared item: the level reached and its match weight, for the reviewer."
    )
    status = models.CharField(max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_notes = models.CharField(max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-match_probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["child_a", "child_b"], name="one_candidate_per_pair"),
            models.CheckConstraint(
                condition=Q(child_a__lt=models.F("child_b")), name="candidate_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "match_probability"])]

    def __str__(self) -> str:
        return f"Possible match SC{self.child_a_id:07d} / SC{self.child_b_id:07d}"


class MergedRecord(models.Model):
    """A child's record merged into another (the survivor), and what moved, so the merge can be undone.

    `snapshot` holds the duplicate's own field values and, per kind of record, the ids that moved from
    the duplicate to the survivor (and allocations ended because the survivor already had a current one).
    """

    duplicate = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="merges_away")
    merged_into = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="merges_in")
    candidate = models.ForeignKey(
        MatchCandidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="merges"
    )
    automatic = models.BooleanField(default=False)
    reason = models.CharField(max_length=500, blank=True)
    snapshot = models.JSONField(default=dict)
    merged_at = models.DateTimeField(auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undo_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["duplicate"],
                condition=Q(undone_at__isnull=True),
                name="one_standing_merge_per_duplicate",
            )
        ]

    def __str__(self) -> str:
        return f"SC{self.duplicate_id:07d} merged into SC{self.merged_into_id:07d}"

    @property
    def is_standing(self) -> bool:
        return self.undone_at is None
