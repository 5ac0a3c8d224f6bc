"""Running a batch: every row of the file (or of each legacy table) read, validated and written, or
quarantined with its reasons, in one transaction. A dry run is the same run rolled back, so the counts
it shows are exactly what the commit will do.

Counts, for every run:  rows = created + updated + unchanged + quarantined  (blank rows are counted
apart). `created`/`updated` count rows, not records: one row may touch several records (a child and
their contact), each with its own provenance record.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from sendcase.core.audit import audit_record
from sendcase.core.errors import ServiceError
from sendcase.core.models import AuditAction, User
from sendcase.core.service_checks import today

from .kinds import LEGACY, LEGACY_TABLES, DatasetKind, ImportContext, RowRef, RowRefused, kind_for
from .kinds.legacy import COLUMN_ALIASES
from .mapping import header_score, missing_required
from .models import BatchStatus, ImportBatch, QuarantinedRow, QuarantineStatus
from .reading import ImportFileError, as_text, decode_text, find_header, is_blank, iter_rows

MAX_PROBLEMS = 200
COUNT_KEYS = ("rows", "created", "updated", "unchanged", "quarantined", "blank")


@dataclass
class Source:
    """One table of rows to run: a spreadsheet's sheet, or one CSV of a legacy export."""

    sheet: str
    kind: DatasetKind
    rows: Iterator[tuple[int, dict[str, Any], dict[str, Any], bool]]  # number, raw, cells by field, blank


def spreadsheet_headings(batch: ImportBatch) -> list[str]:
    if batch.headings:
        return list(batch.headings)
    kind = kind_for(batch.kind)
    return find_header(batch.content, batch.file_type, batch.sheet_name, header_score(kind)).headings


def _spreadsheet_rows(batch: ImportBatch) -> Iterator[tuple[int, dict[str, Any], dict[str, Any], bool]]:
    headings = spreadsheet_headings(batch)
    mapping = {int(k): v for k, v in batch.mapping.items() if v}
    for number, values in iter_rows(batch.content, batch.file_type, batch.sheet_name):
        if number <= batch.header_row:
            continue
        values = values[: max(len(headings), 1)]
        raw = {h: as_text(values[i]) if i < len(values) else "" for i, h in enumerate(headings)}
        cells = {field: values[i] if i < len(values) else None for i, field in mapping.items()}
        yield number, raw, cells, is_blank(values)


def legacy_tables(content: bytes) -> dict[str, bytes]:
    """table name -> CSV bytes, from a ZIP of the export's CSV files (folders inside are ignored)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise ImportFileError("The selected file must be a ZIP of the legacy export's CSV files") from None
    known = {k.table for k in LEGACY_TABLES}
    tables = {}
    with archive:
        for info in archive.infolist():
            stem = info.filename.rsplit("/", 1)[-1].lower().removesuffix(".csv")
            if info.filename.lower().endswith(".csv") and stem in known:
                tables[stem] = archive.read(info)
    if not tables:
        raise ImportFileError(
            "The ZIP file has none of the legacy export's tables (people.csv, requests.csv, advice.csv, "
            "plans.csv, reviews.csv, placements.csv, events.csv)"
        )
    return tables


def _legacy_rows(
    data: bytes, kind: DatasetKind
) -> Iterator[tuple[int, dict[str, Any], dict[str, Any], bool]]:
    reader = csv.reader(io.StringIO(decode_text(data)))
    header = next(reader, [])
    names = [COLUMN_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    fields = {f.name for f in kind.fields}
    for number, values in enumerate(reader, start=2):
        raw = {h: (values[i] if i < len(values) else "") for i, h in enumerate(header)}
        cells = {n: values[i].strip() for i, n in enumerate(names) if n in fields and i < len(values)}
        yield number, raw, cells, is_blank(values)


def sources(batch: ImportBatch) -> list[Source]:
    if batch.kind == LEGACY:
        tables = legacy_tables(batch.content)
        return [_legacy_source(k, tables[k.table]) for k in LEGACY_TABLES if k.table in tables]
    return [Source(batch.sheet_name, kind_for(batch.kind), _spreadsheet_rows(batch))]


def _legacy_source(kind_cls: type[DatasetKind], data: bytes) -> Source:
    kind = kind_cls()
    return Source(f"{kind.table}.csv", kind, _legacy_rows(data, kind))


# --- running -----------------------------------------------------------------------------------------


class _RolledBack(Exception):
    def __init__(self, result: RunResult) -> None:
        super().__init__("dry run")
        self.result = result


def fingerprint(kind: str, sheet: str, raw: dict[str, Any]) -> str:
    text = json.dumps([kind, sheet, raw], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def quarantine(
    ctx: ImportContext, kind: DatasetKind, ref: RowRef, raw: dict, cells: dict, reasons: dict
) -> None:
    """Keep a row that cannot be taken, unless the same row from the same source is already waiting."""
    ctx.tally("quarantined")
    if len(ctx.problems) < MAX_PROBLEMS:
        labels = {spec.name: spec.label for spec in kind.fields}
        ctx.problems.append((ref.sheet, ref.row, {labels.get(k, "Whole row"): v for k, v in reasons.items()}))
    mark = fingerprint(kind.name, ref.sheet, raw)
    waiting = QuarantinedRow.objects.filter(fingerprint=mark, status=QuarantineStatus.OPEN).first()
    if waiting is not None:
        ctx.tally("already_quarantined")
        if ctx.batch.pk not in waiting.seen_in:
            waiting.seen_in = [*waiting.seen_in, ctx.batch.pk]
            waiting.save(update_fields=["seen_in", "updated_at"])
        return
    QuarantinedRow.objects.create(
        batch=ctx.batch,
        kind=kind.name,
        sheet=ref.sheet,
        row_number=ref.row,
        raw=raw,
        values={spec.name: as_text(cells.get(spec.name)) for spec in kind.fields},
        reasons=reasons,
        fingerprint=mark,
    )


def process_row(
    ctx: ImportContext, kind: DatasetKind, ref: RowRef, raw: dict, cells: dict, *, keep_refused: bool = True
) -> dict | None:
    """Validate and write one row. Returns the reasons when it was refused (and has been quarantined)."""
    values, reasons = kind.parse(ctx, cells)
    if not reasons:
        held = len(ctx.pending_events), len(ctx.pending_records)
        try:
            if getattr(kind, "buffer", None) is not None:
                outcome = kind.write(ctx, ref, values, raw)
            else:
                # A savepoint per row, so a row refused half-way leaves nothing behind.
                with transaction.atomic():
                    outcome = kind.write(ctx, ref, values, raw)
        except RowRefused as refused:
            del ctx.pending_events[held[0] :]
            del ctx.pending_records[held[1] :]
            reasons = refused.reasons
        else:
            if outcome:
                ctx.tally(outcome)
            return None
    if keep_refused:
        quarantine(ctx, kind, ref, raw, cells, reasons)
    return reasons


def _earlier_same_file(batch: ImportBatch) -> ImportBatch | None:
    return (
        ImportBatch.objects.filter(kind=batch.kind, file_hash=batch.file_hash, status=BatchStatus.COMMITTED)
        .exclude(pk=batch.pk)
        .order_by("committed_at")
        .first()
    )


@dataclass
class RunResult:
    counts: dict[str, int]
    problems: list[tuple[str, int, dict[str, list[str]]]]
    unknown_codes: dict[str, list[str]]


def _run(batch: ImportBatch, user: User | None) -> RunResult:
    ctx = ImportContext.start(batch, user, today())
    for key in COUNT_KEYS:
        ctx.counts[key] = 0
    same = _earlier_same_file(batch)
    for source in sources(batch):
        for number, raw, cells, blank in source.rows:
            if blank:
                ctx.tally("blank")
                continue
            ctx.tally("rows")
            if same is not None:
                # The very same file was imported before: nothing in it can change anything.
                ctx.tally("unchanged")
                continue
            process_row(ctx, source.kind, RowRef(source.sheet, number), raw, cells)
        source.kind.finish(ctx)
    counts = dict(ctx.counts)
    if same is not None:
        counts["same_file_as"] = same.pk
    return RunResult(counts, ctx.problems, {k: sorted(v) for k, v in ctx.unknown_codes.items() if v})


def _check_ready(batch: ImportBatch) -> None:
    if batch.kind != LEGACY:
        missing = missing_required(kind_for(batch.kind), batch.mapping)
        if missing:
            raise ServiceError(f"Choose the columns for: {', '.join(missing)}", field="mapping")


def batch_dry_run(*, acting_user: User | None, batch: ImportBatch) -> RunResult:
    """What a commit would do, without keeping any of it."""
    from .services import require_importer

    require_importer(acting_user)
    _check_ready(batch)
    try:
        with transaction.atomic():
            raise _RolledBack(_run(batch, acting_user))
    except _RolledBack as done:
        result = done.result
    ImportBatch.objects.filter(pk=batch.pk).update(dry_run_counts=result.counts)
    batch.dry_run_counts = result.counts
    return result


@transaction.atomic
def batch_commit(*, acting_user: User | None, batch: ImportBatch) -> ImportBatch:
    """Import every row as one batch: records with provenance, quarantined rows with reasons."""
    from .services import require_importer

    require_importer(acting_user)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.UPLOADED:
        raise ServiceError("This file has already been imported", field="batch")
    _check_ready(batch)
    counts = _run(batch, acting_user).counts
    batch.status = BatchStatus.COMMITTED
    batch.counts = counts
    batch.committed_at = timezone.now()
    if counts.get("same_file_as"):
        batch.note = f"The same file was imported in batch {counts['same_file_as']}: nothing changed"
    batch.updated_by = acting_user if acting_user is not None and acting_user.pk else None
    batch.save()
    audit_record(
        user=acting_user,
        action=AuditAction.CREATE,
        obj=batch,
        summary=(
            f"Imported {batch.file_name}: {counts['rows']} rows, {counts['created']} created, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged, "
            f"{counts['quarantined']} quarantined"
        ),
    )
    return batch
