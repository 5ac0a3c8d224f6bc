"""Writes for imports: uploading a file, choosing its sheet and columns, mapping local code values,
and correcting a quarantined row. Running and undoing a batch are in engine.py and undo.py.

Only data officers and administrators import (core.permissions.can_import_data). The records rows become
are written by the dataset kinds (kinds/), which mirror the people, assessment and plans services'
checks but write historical steps with the dates they happened and in bulk, which the case services
(made for one step at a time, dated today, by a case officer) cannot.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.models import AuditAction, User
from sendcase.core.service_checks import today

from .kinds import LEGACY, ImportContext, RowRef, kind_for
from .mapping import header_score, save_mapping, suggest
from .models import BatchStatus, CodeMapping, ImportBatch, QuarantinedRow, QuarantineStatus
from .parsing import CODE_SETS, normalise
from .reading import file_hash, file_type, find_header, sheet_names


def require_importer(user: User | None) -> None:
    if user is not None and not permissions.can_import_data(user):
        raise NotPermitted()


def _actor(user: User | None) -> User | None:
    return user if user is not None and user.pk else None


@transaction.atomic
def batch_upload(*, acting_user: User | None, kind: str, file_name: str, content: bytes) -> ImportBatch:
    """Keep an uploaded file as a new batch, refusing files that are not spreadsheets we can read."""
    require_importer(acting_user)
    if kind == LEGACY:
        from .engine import legacy_tables
        from .reading import ImportFileError

        if not content:
            raise ImportFileError("The selected file is empty")
        legacy_tables(content)
        kind_of_file = "zip"
    else:
        kind_for(kind)
        kind_of_file = file_type(file_name, content)
    batch = ImportBatch.objects.create(
        kind=kind,
        file_name=file_name[:255],
        file_hash=file_hash(content),
        file_size=len(content),
        content=content,
        file_type=kind_of_file,
        created_by=_actor(acting_user),
        updated_by=_actor(acting_user),
    )
    if kind != LEGACY:
        names = sheet_names(content, kind_of_file)
        batch.sheet_name = names[0] if names else ""
        _read_header(batch)
    audit_record(
        user=acting_user,
        action=AuditAction.CREATE,
        obj=batch,
        summary=f"Uploaded {batch.file_name} to import",
    )
    return batch


def _read_header(batch: ImportBatch) -> None:
    kind = kind_for(batch.kind)
    header = find_header(batch.content, batch.file_type, batch.sheet_name, header_score(kind))
    batch.header_row = header.row_number
    batch.headings = header.headings
    batch.mapping = suggest(kind, header.headings)
    batch.save(update_fields=["sheet_name", "header_row", "headings", "mapping", "updated_at"])


def _open(batch: ImportBatch) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.UPLOADED:
        raise ServiceError(
            "This file has already been imported: start a new import to change it", field="batch"
        )
    return batch


@transaction.atomic
def batch_sheet_choose(*, acting_user: User | None, batch: ImportBatch, sheet: str) -> ImportBatch:
    require_importer(acting_user)
    batch = _open(batch)
    if sheet not in sheet_names(batch.content, batch.file_type):
        raise ServiceError("Select a sheet from the workbook", field="sheet")
    batch.sheet_name = sheet
    _read_header(batch)
    return batch


@transaction.atomic
def batch_mapping_save(
    *, acting_user: User | None, batch: ImportBatch, headings: list[str], mapping: dict[str, str]
) -> ImportBatch:
    """Set which column is which field; remembered for the next file of the same kind."""
    require_importer(acting_user)
    batch = _open(batch)
    kind = kind_for(batch.kind)
    fields = {f.name for f in kind.fields}
    chosen = {k: v for k, v in mapping.items() if v}
    unknown = [v for v in chosen.values() if v not in fields]
    if unknown:
        raise ServiceError(f"Unknown field: {unknown[0]}", field="mapping")
    seen: dict[str, str] = {}
    for column, field in chosen.items():
        if field in seen:
            label = kind.field(field).label
            raise ServiceError(
                f"{label} is chosen for two columns ({headings[int(seen[field])]} and "
                f"{headings[int(column)]}): choose it for one",
                field=f"column_{column}",
            )
        seen[field] = column
    batch.mapping = chosen
    batch.updated_by = _actor(acting_user)
    batch.save(update_fields=["mapping", "updated_at", "updated_by"])
    save_mapping(kind_name=batch.kind, headings=headings, mapping=chosen, user=acting_user)
    return batch


@transaction.atomic
def code_mapping_save(*, acting_user: User | None, code_set: str, local_value: str, code: str) -> CodeMapping:
    """Say what a local value ("Autism", "Mum") means in a code set; every later import uses it."""
    require_importer(acting_user)
    if code_set not in CODE_SETS:
        raise ServiceError("Select a code set", field="code_set")
    if code not in CODE_SETS[code_set].choices.values:
        raise ServiceError(f"Select a {CODE_SETS[code_set].label} code", field="code")
    value = normalise(local_value)
    if not value:
        raise ServiceError("Enter the value used in your spreadsheets", field="local_value")
    mapping, _ = CodeMapping.objects.update_or_create(
        code_set=code_set, local_value=value, defaults={"code": code, "updated_by": _actor(acting_user)}
    )
    audit_record(
        user=acting_user,
        action=AuditAction.UPDATE,
        obj=mapping,
        summary=f"{code_set}: ‘{value}’ means {code}",
    )
    return mapping


@transaction.atomic
def quarantined_row_resubmit(
    *, acting_user: User | None, row: QuarantinedRow, values: dict[str, Any]
) -> QuarantinedRow:
    """Validate a corrected row again: imported (under its batch, with its original provenance) or kept
    in the quarantine with the new reasons."""
    from .engine import process_row

    require_importer(acting_user)
    row = QuarantinedRow.objects.select_for_update().select_related("batch").get(pk=row.pk)
    if row.status != QuarantineStatus.OPEN:
        raise ServiceError("This row is no longer waiting to be corrected", field="row")
    if row.batch.status != BatchStatus.COMMITTED:
        raise ServiceError("This row's import has been undone", field="row")
    kind = kind_for(row.kind)
    ctx = ImportContext.start(row.batch, acting_user, today())
    cells = {spec.name: (values.get(spec.name) or "").strip() for spec in kind.fields}
    row.values = cells
    # The row itself stays the quarantine's entry: a refusal updates it rather than adding another.
    reasons = process_row(ctx, kind, RowRef(row.sheet, row.row_number), row.raw, cells, keep_refused=False)
    if reasons is None:
        kind.finish(ctx)
    if reasons:
        row.reasons = reasons
        row.save(update_fields=["values", "reasons", "updated_at"])
        return row
    row.status = QuarantineStatus.IMPORTED
    row.reasons = {}
    row.resolved_at = timezone.now()
    row.resolved_by = _actor(acting_user)
    row.save()
    batch = row.batch
    counts = dict(batch.counts)
    counts["corrected"] = counts.get("corrected", 0) + 1
    ImportBatch.objects.filter(pk=batch.pk).update(counts=counts)
    audit_record(
        user=acting_user,
        action=AuditAction.UPDATE,
        obj=row,
        summary=f"Corrected and imported row {row.row_number} of {batch.file_name}",
    )
    return row


@transaction.atomic
def batch_discard(*, acting_user: User | None, batch: ImportBatch) -> None:
    """Throw away an upload that was never imported (nothing else refers to it)."""
    require_importer(acting_user)
    batch = _open(batch)
    audit_record(
        user=acting_user,
        action=AuditAction.DELETE,
        obj=batch,
        summary=f"Discarded {batch.file_name} before importing it",
    )
    batch.delete()
