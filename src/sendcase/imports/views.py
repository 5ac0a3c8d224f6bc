"""The import pages: upload, choose the sheet, map the columns, check (preview, problems, dry run),
import, and then the batch, its quarantine, corrections and undo. Data officers and administrators only;
everyone else gets 403 before anything is read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendcase.core import permissions
from sendcase.core.audit import audit_record, audit_view
from sendcase.core.errors import ServiceError
from sendcase.core.exports import Column, export_csv, export_xlsx
from sendcase.core.forms import error_title
from sendcase.core.models import AuditAction

from . import selectors
from .engine import batch_commit, batch_dry_run, spreadsheet_headings
from .forms import (
    CodeMappingForm,
    CodeSetForm,
    ColumnsForm,
    CorrectionForm,
    LegacyUploadForm,
    SheetForm,
    UploadForm,
)
from .kinds import LEGACY, kind_for
from .models import BatchStatus, CodeMapping, ImportBatch, QuarantineStatus
from .parsing import CODE_SETS
from .reading import as_text, iter_rows, sheet_names
from .services import (
    batch_discard,
    batch_mapping_save,
    batch_sheet_choose,
    batch_upload,
    code_mapping_save,
    quarantined_row_resubmit,
)
from .undo import batch_undo, undo_blockers

PREVIEW_ROWS = 10
PAGE_SIZE = 50


def _require(request: HttpRequest) -> None:
    if not permissions.can_import_data(request.user):
        raise PermissionDenied


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    _require(request)
    return get_object_or_404(ImportBatch, pk=pk)


def _open_batch(request: HttpRequest, pk: int) -> ImportBatch | HttpResponse:
    batch = _batch(request, pk)
    if batch.status != BatchStatus.UPLOADED:
        return redirect("imports:batch", pk=batch.pk)
    return batch


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _require(request)
    page = Paginator(selectors.batches(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/index.html",
        {"page_title": "Imports", "page": page, "open_rows": selectors.quarantine(request.user).count()},
    )


def _file_field_error(form, exc: ServiceError) -> None:
    form.add_error("file" if exc.field == "file" else None, exc.message)


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    _require(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            batch = batch_upload(
                acting_user=request.user,
                kind=form.cleaned_data["kind"],
                file_name=uploaded.name,
                content=uploaded.read(),
            )
        except ServiceError as exc:
            _file_field_error(form, exc)
        else:
            if len(sheet_names(batch.content, batch.file_type)) > 1:
                return redirect("imports:sheet", pk=batch.pk)
            return redirect("imports:columns", pk=batch.pk)
    return render(
        request,
        "imports/upload.html",
        {"page_title": error_title(form, "Import a spreadsheet"), "form": form},
    )


@require_http_methods(["GET", "POST"])
def legacy_upload(request: HttpRequest) -> HttpResponse:
    _require(request)
    form = LegacyUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            batch = batch_upload(
                acting_user=request.user, kind=LEGACY, file_name=uploaded.name, content=uploaded.read()
            )
        except ServiceError as exc:
            _file_field_error(form, exc)
        else:
            return redirect("imports:check", pk=batch.pk)
    return render(
        request,
        "imports/legacy_upload.html",
        {"page_title": error_title(form, "Import a legacy system's export"), "form": form},
    )


@require_http_methods(["GET", "POST"])
def sheet(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _open_batch(request, pk)
    if isinstance(batch, HttpResponse):
        return batch
    sheets = sheet_names(batch.content, batch.file_type)
    form = SheetForm(request.POST or None, sheets=sheets, initial={"sheet": batch.sheet_name})
    if request.method == "POST" and form.is_valid():
        try:
            batch_sheet_choose(acting_user=request.user, batch=batch, sheet=form.cleaned_data["sheet"])
        except ServiceError as exc:
            form.add_error("sheet", exc.message)
        else:
            return redirect("imports:columns", pk=batch.pk)
    return render(
        request,
        "imports/sheet.html",
        {"page_title": error_title(form, "Choose the sheet"), "form": form, "batch": batch},
    )


def _samples(batch: ImportBatch, width: int) -> list[list[str]]:
    columns: list[list[str]] = [[] for _ in range(width)]
    taken = 0
    for number, values in iter_rows(batch.content, batch.file_type, batch.sheet_name):
        if number <= batch.header_row:
            continue
        for index in range(min(width, len(values))):
            columns[index].append(as_text(values[index]))
        taken += 1
        if taken >= 3:
            break
    return columns


@require_http_methods(["GET", "POST"])
def columns(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _open_batch(request, pk)
    if isinstance(batch, HttpResponse):
        return batch
    kind = kind_for(batch.kind)
    try:
        headings = spreadsheet_headings(batch)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("imports:upload")
    initial = {f"column_{k}": v for k, v in batch.mapping.items()}
    form = ColumnsForm(
        request.POST or None,
        kind=kind,
        headings=headings,
        samples=_samples(batch, len(headings)),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        mapping = {name.removeprefix("column_"): value for name, value in form.cleaned_data.items() if value}
        try:
            batch_mapping_save(acting_user=request.user, batch=batch, headings=headings, mapping=mapping)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("imports:check", pk=batch.pk)
    required = [f.label for f in kind.fields if f.required]
    return render(
        request,
        "imports/columns.html",
        {
            "page_title": error_title(form, "Match the columns"),
            "form": form,
            "batch": batch,
            "kind": kind,
            "required": required,
        },
    )


def _preview(batch: ImportBatch) -> tuple[list[str], list[list[str]]]:
    kind = kind_for(batch.kind)
    mapping = {int(k): v for k, v in batch.mapping.items() if v}
    fields = [(i, kind.field(name)) for i, name in sorted(mapping.items())]
    rows = []
    for number, values in iter_rows(batch.content, batch.file_type, batch.sheet_name):
        if number <= batch.header_row:
            continue
        rows.append([str(number)] + [as_text(values[i]) if i < len(values) else "" for i, _ in fields])
        if len(rows) >= PREVIEW_ROWS:
            break
    return ["Row"] + [spec.label for _, spec in fields], rows


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """Preview, every problem found, and the dry run's counts; the button imports the batch."""
    batch = _open_batch(request, pk)
    if isinstance(batch, HttpResponse):
        return batch
    error = ""
    if request.method == "POST":
        try:
            batch = batch_commit(acting_user=request.user, batch=batch)
        except ServiceError as exc:
            error = exc.message
        else:
            messages.success(request, f"{batch.file_name} has been imported")
            return redirect("imports:batch", pk=batch.pk)
    try:
        result = batch_dry_run(acting_user=request.user, batch=batch)
    except ServiceError as exc:
        if exc.field == "mapping":
            messages.error(request, exc.message)
            return redirect("imports:columns", pk=batch.pk)
        raise
    header, rows = _preview(batch) if batch.kind != LEGACY else ([], [])
    audit_view(user=request.user, obj=batch, summary="Checked an import before committing it")
    return render(
        request,
        "imports/check.html",
        {
            "page_title": "Check before importing",
            "batch": batch,
            "result": result,
            "counts": result.counts,
            "problems": [
                (sheet, row, [(name, message) for name, found in reasons.items() for message in found])
                for sheet, row, reasons in result.problems
            ],
            "unknown_codes": [(CODE_SETS[name], values) for name, values in result.unknown_codes.items()],
            "preview_header": header,
            "preview_rows": rows,
            "error": error,
        },
    )


@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    if batch.status == BatchStatus.UPLOADED:
        return redirect(
            "imports:check" if batch.kind == LEGACY or batch.mapping else "imports:columns", pk=batch.pk
        )
    audit_view(user=request.user, obj=batch, summary="Viewed an import batch")
    rows = batch.quarantined.order_by("sheet", "row_number")
    return render(
        request,
        "imports/batch.html",
        {
            "page_title": f"Import {batch.pk}: {batch.file_name}",
            "batch": batch,
            "counts": batch.counts,
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "records": batch.records.count(),
        },
    )


@require_http_methods(["GET", "POST"])
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    blockers = undo_blockers(batch)
    error = ""
    if request.method == "POST" and not blockers:
        try:
            batch_undo(acting_user=request.user, batch=batch)
        except ServiceError as exc:
            error = exc.message
        else:
            messages.success(request, f"The import of {batch.file_name} has been undone")
            return redirect("imports:batch", pk=batch.pk)
    return render(
        request,
        "imports/undo.html",
        {"page_title": "Undo this import", "batch": batch, "blockers": blockers, "error": error},
    )


@require_GET
def quarantine(request: HttpRequest) -> HttpResponse:
    _require(request)
    rows = selectors.quarantine(request.user).order_by("batch_id", "sheet", "row_number")
    return render(
        request,
        "imports/quarantine.html",
        {
            "page_title": "Rows to correct",
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )


QUARANTINE_COLUMNS = [
    Column("Import", "batch_id"),
    Column("File", "batch.file_name"),
    Column("Sheet", "sheet"),
    Column("Row", "row_number"),
    Column("Dataset", "kind"),
    Column("Values in the file", lambda r: "; ".join(f"{k}: {v}" for k, v in r.raw.items() if v)),
    Column("Reasons", lambda r: "; ".join(f"{f}: {m}" for f, m in r.reason_list)),
]


@require_GET
def quarantine_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    rows = list(selectors.quarantine(request.user).order_by("batch_id", "sheet", "row_number"))
    audit_record(
        user=request.user, action=AuditAction.EXPORT, summary=f"Exported {len(rows)} quarantined rows ({fmt})"
    )
    if fmt == "xlsx":
        return export_xlsx(rows, QUARANTINE_COLUMNS, "rows-to-correct", sheet_title="Rows to correct")
    return export_csv(rows, QUARANTINE_COLUMNS, "rows-to-correct")


@require_http_methods(["GET", "POST"])
def quarantine_row(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    row = get_object_or_404(selectors.quarantine(request.user, status=QuarantineStatus.OPEN), pk=pk)
    kind = kind_for(row.kind)
    audit_view(user=request.user, obj=row, summary="Viewed a quarantined row")
    if request.method == "POST":
        form = CorrectionForm(request.POST, kind=kind)
        if form.is_valid():
            try:
                row = quarantined_row_resubmit(acting_user=request.user, row=row, values=form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                if row.status == QuarantineStatus.IMPORTED:
                    messages.success(request, f"Row {row.row_number} has been corrected and imported")
                    return redirect(reverse("imports:quarantine"))
                form = CorrectionForm(row.values, kind=kind)
                form.is_valid()
                form.add_reasons(row.reasons)
    else:
        form = CorrectionForm(row.values, kind=kind)
        form.is_valid()
        form.add_reasons(row.reasons)
    return render(
        request,
        "imports/quarantine_row.html",
        {
            "page_title": error_title(form, f"Correct row {row.row_number}"),
            "form": form,
            "row": row,
            "kind": kind,
        },
    )


@require_http_methods(["GET", "POST"])
def codes(request: HttpRequest) -> HttpResponse:
    _require(request)
    set_form = CodeSetForm(request.GET or None)
    code_set = set_form.cleaned_data["code_set"] if set_form.is_valid() else ""
    form = None
    if code_set:
        initial = {"local_value": request.GET.get("value", "")}
        form = CodeMappingForm(request.POST or None, code_set=code_set, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                code_mapping_save(acting_user=request.user, code_set=code_set, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request, f"‘{form.cleaned_data['local_value']}’ now means {form.cleaned_data['code']}"
                )
                back = request.GET.get("batch")
                if back and back.isdigit():
                    return redirect("imports:check", pk=int(back))
                return redirect(f"{reverse('imports:codes')}?code_set={code_set}")
    elif request.method == "POST":
        return redirect("imports:codes")
    return render(
        request,
        "imports/codes.html",
        {
            "page_title": error_title(form, "Code mappings"),
            "set_form": set_form,
            "form": form,
            "code_set": CODE_SETS.get(code_set),
            "mappings": CodeMapping.objects.filter(code_set=code_set)
            if code_set
            else CodeMapping.objects.all(),
        },
    )


@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Throw away an upload that was never imported."""
    batch = _batch(request, pk)
    if batch.status == BatchStatus.UPLOADED:
        batch_discard(acting_user=request.user, batch=batch)
        messages.success(request, f"{batch.file_name} has been discarded")
    return redirect("imports:index")
