"""Import batches and what they leave behind: the records each row touched (provenance), the rows that
could not be taken (quarantine), and the mappings an authority builds up (columns, local code values).

Nothing is lost: every data row of a file ends as a record created or updated (an ImportedRecord says
which file, sheet and row it came from), as unchanged (already recorded), as blank, or as a
QuarantinedRow with a reason for each field at fault.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from sendcase.core.models import TrackedModel


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", "Not imported yet"
    COMMITTED = "committed", "Imported"
    UNDONE = "undone", "Undone"


class ImportBatch(TrackedModel):
    """One file (or one legacy export) brought in: the file itself, how its columns were mapped, and
    the counts of what its rows became."""

    kind = models.CharField(max_length=30)
    file_name = models.CharField(max_length=255)
    file_hash = models.CharField(max_length=64, db_index=True)
    file_size = models.PositiveIntegerField()
    # Kept so every step (preview, dry run, commit) reads the same bytes, and as the record of what came in.
    content = models.BinaryField()
    file_type = models.CharField(max_length=10)  # csv, xlsx, zip (legacy export)
    sheet_name = models.CharField(max_length=100, blank=True)
    header_row = models.PositiveIntegerField(default=1)
    headings = models.JSONField(default=list, blank=True)  # as read at upload, so no step reads them again
    # Column position (as text) -> target field name.
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=BatchStatus.choices, default=BatchStatus.UPLOADED)
    counts = models.JSONField(default=dict, blank=True)
    dry_run_counts = models.JSONField(default=dict, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.file_name}"


class ColumnMapping(TrackedModel):
    """The last mapping used for a dataset kind: normalised column heading -> field, reused next time."""

    kind = models.CharField(max_length=30, unique=True)
    headings = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"Column mapping for {self.kind}"


class CodeMapping(TrackedModel):
    """A local value used in the authority's spreadsheets ("Autism", "Mum") and the code it stands for."""

    code_set = models.CharField(max_length=30)
    local_value = models.CharField(max_length=100)  # normalised: lower case, single spaces
    code = models.CharField(max_length=30)

    class Meta:
        ordering = ["code_set", "local_value"]
        constraints = [
            models.UniqueConstraint(fields=["code_set", "local_value"], name="one_code_per_local_value")
        ]

    def __str__(self) -> str:
        return f"{self.code_set}: {self.local_value} -> {self.code}"


class RecordAction(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"


class ImportedRecord(models.Model):
    """Provenance: this record was created or changed by this batch, from this sheet and row.
    `before` holds the changed fields' earlier values, so an undo can put them back."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="records")
    sheet = models.CharField(max_length=100, blank=True)
    row = models.PositiveIntegerField()
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=10, choices=RecordAction.choices)
    before = models.JSONField(null=True, blank=True)
    # The record's key in the source (a legacy system's id, "legacy:people:1042"), for re-imports.
    key = models.CharField(max_length=200, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["batch", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.content_type.model} {self.object_id} #{self.batch_id}:{self.row}"


class QuarantineStatus(models.TextChoices):
    OPEN = "open", "Needs correcting"
    IMPORTED = "imported", "Corrected and imported"
    UNDONE = "undone", "Batch undone"


class QuarantinedRow(models.Model):
    """A row that could not be taken, with the reasons per field, to correct and submit again."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="quarantined")
    kind = models.CharField(max_length=30)
    sheet = models.CharField(max_length=100, blank=True)
    row_number = models.PositiveIntegerField()
    raw = models.JSONField(default=dict)  # column heading -> the value as it was in the file
    values = models.JSONField(default=dict)  # field -> the value (as text) to validate again
    reasons = models.JSONField(default=dict)  # field (or "row") -> [reason, ...]
    fingerprint = models.CharField(max_length=64, db_index=True)
    # Later batches that met the same row again (and relied on this entry rather than adding another).
    seen_in = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=QuarantineStatus.choices, default=QuarantineStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["batch", "sheet", "row_number"]
        indexes = [models.Index(fields=["status", "batch"])]

    def __str__(self) -> str:
        return f"Row {self.row_number} of {self.sheet or 'the file'} (batch {self.batch_id})"

    @property
    def reason_list(self) -> list[tuple[str, str]]:
        return [(field, reason) for field, reasons in self.reasons.items() for reason in reasons]
