"""The one place the service writes spreadsheet exports (CSV and XLSX).

Every export goes through `export_csv` or `export_xlsx`, which pass every text cell through `neutralise`
so a value typed by a user (a child's name, a school's name, a note) cannot run as a formula when the
file is opened in Excel, LibreOffice or Google Sheets ("CSV injection", OWASP).

The rule (OWASP "CSV Injection" guidance), applied to text only:

    A text cell whose FIRST character is one of  =  +  -  @  TAB (U+0009)  CR (U+000D)
    gets a single apostrophe (') put in front of it.  Nothing else changes.

Spreadsheet programs treat a cell starting with an apostrophe as text, so the value is shown, not run.
Numbers, dates, booleans and None are written as themselves (a negative number is a number, not text,
and is not touched); None becomes an empty cell. The apostrophe is part of the value in the file, so a
program reading the file back sees it: that is the price of safety, and it only affects text that
starts with one of those six characters.

Callers audit the export themselves (`core.audit.audit_record(action=AuditAction.EXPORT, ...)`), because
only they know what was exported and with which filters.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

# OWASP: "=", "+", "-", "@", tab (0x09) and carriage return (0x0D) start a formula in some program.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
MAX_WIDTH = 60
# Characters XML 1.0 forbids (openpyxl refuses them); removed from XLSX text cells.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def neutralise(value: Any) -> Any:
    """`value` with an apostrophe in front if it is text starting with = + - @ tab or CR; anything
    else (numbers, dates, booleans, None, other text) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return QUOTE + value
    return value


@dataclass(frozen=True)
class Column:
    """One column of an export: its heading, how to get its value from a row, and (for XLSX) a width in
    characters (worked out from the values when not given).

    `value` is a callable taking the row, or a string: a key of a mapping row, or an attribute name
    (dotted for nested attributes) of an object row.
    """

    header: str
    value: str | Callable[[Any], Any]
    width: int | None = None

    def get(self, row: Any) -> Any:
        if callable(self.value):
            return self.value(row)
        if isinstance(row, dict):
            return row.get(self.value)
        current = row
        for part in self.value.split("."):
            current = getattr(current, part, None)
            if current is None:
                return None
        return current


def _filename(filename: str, extension: str) -> str:
    stem = filename.rsplit(".", 1)[0] if filename.lower().endswith(f".{extension}") else filename
    stem = _SAFE_FILENAME.sub("-", stem).strip("-.") or "export"
    return f"{stem}.{extension}"


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return str(neutralise(str(value)))


def export_csv(rows: Iterable[Any], columns: Sequence[Column], filename: str) -> HttpResponse:
    """The rows as a CSV download (UTF-8 with a byte-order mark, so Excel reads accents correctly).

    Dates are written as ISO dates (2026-02-14); text is neutralised; headers too.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(c.header) for c in columns])
    for row in rows:
        writer.writerow([_csv_text(c.get(row)) for c in columns])
    return _attachment(buffer.getvalue().encode("utf-8-sig"), CSV_CONTENT_TYPE, _filename(filename, "csv"))


def _xlsx_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Excel has no time zones: write the local (Europe/London) time.
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool | int | float | Decimal | dt.date):
        return value
    return neutralise(_XML_ILLEGAL.sub("", str(value)))


def _display_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10 if not isinstance(value, dt.datetime) else 16
    return max((len(line) for line in str(value).splitlines()), default=0)


def export_xlsx(
    rows: Iterable[Any], columns: Sequence[Column], filename: str, *, sheet_title: str = "Export"
) -> HttpResponse:
    """The rows as an Excel workbook (openpyxl write-only mode): a bold header row frozen at the top,
    dates as real dates (DD/MM/YYYY), text neutralised, and columns sized to their contents."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    values = [[_xlsx_value(c.get(row)) for c in columns] for row in rows]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_XML_ILLEGAL.sub("", sheet_title)[:31] or "Export")
    for index, column in enumerate(columns, start=1):
        width = column.width
        if width is None:
            longest = max((_display_length(r[index - 1]) for r in values), default=0)
            width = max(len(column.header), longest)
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, width + 2)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=_xlsx_value(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for record in values:
        cells = []
        for value in record:
            if isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
                cells.append(cell)
            elif isinstance(value, str):
                # Explicitly text: openpyxl would otherwise store a value starting "=" as a formula.
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return _attachment(out.getvalue(), XLSX_CONTENT_TYPE, _filename(filename, "xlsx"))
