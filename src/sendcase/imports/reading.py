"""Reading uploaded spreadsheets: CSV (UTF-8, or Windows-1252 as Excel saves it) and XLSX.

Bad files are refused with a message a person can act on (ImportFileError). Rows are read lazily so a
100,000-row file is never held as a whole list of rows in memory. Row numbers are the ones the person
sees in their spreadsheet program (1 is the first line).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sendcase.core.errors import ServiceError

MAX_BYTES = 50 * 1024 * 1024
HEADER_SEARCH_ROWS = 10

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04")


class ImportFileError(ServiceError):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="file", code="bad_file")


def file_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def file_type(name: str, content: bytes) -> str:
    """'csv' or 'xlsx', or ImportFileError saying what is wrong with the file."""
    if not content:
        raise ImportFileError("The selected file is empty")
    if len(content) > MAX_BYTES:
        raise ImportFileError(f"The selected file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    lower = name.lower()
    if content.startswith(_OLE_MAGIC):
        raise ImportFileError(
            "The selected file is password-protected or an old Excel 97-2003 (.xls) workbook. Remove the "
            "password, or save it as an Excel workbook (.xlsx) or CSV, and upload it again"
        )
    if content.startswith(b"PK\x03\x04"):
        if not _is_xlsx(content):
            raise ImportFileError("The selected file must be a CSV or an Excel workbook (.xlsx)")
        return "xlsx"
    if lower.endswith((".xlsx", ".xlsm")):
        raise ImportFileError(
            "The selected file is not a working Excel workbook: open it, save it again, and upload it"
        )
    if content.startswith(_BINARY_MAGIC) or b"\x00" in content[:4096]:
        raise ImportFileError("The selected file must be a CSV or an Excel workbook (.xlsx)")
    decode_text(content)
    return "csv"


def _is_xlsx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def decode_text(content: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252, which Excel uses for "CSV" on
    Windows in England; anything else is refused rather than read as nonsense."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not text.strip():
            raise ImportFileError("The selected file is empty")
        return text
    raise ImportFileError(
        "The selected file is not in a character encoding we can read. "
        "Save it as “CSV UTF-8” and upload it again"
    )


def sheet_names(content: bytes, kind: str) -> list[str]:
    if kind != "xlsx":
        return []
    workbook = _open_workbook(content)
    try:
        return _worksheet_names(workbook)
    finally:
        workbook.close()


def _worksheet_names(workbook) -> list[str]:
    from python_calamine import SheetTypeEnum

    # Chart sheets have no cells to import.
    return [m.name for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]


_DAMAGED = "The selected file could not be opened as an Excel workbook: open it, save it again, and upload it"


def _open_workbook(content: bytes):
    # python-calamine (Rust) reads a sheet ten or more times faster than openpyxl, which matters for a
    # 100,000-row list; it also reports merged cells without loading the whole workbook.
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as exc:  # a damaged file fails in many ways
        raise ImportFileError(_DAMAGED) from exc


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    return value


def _xlsx_cell(value: Any) -> Any:
    """A calamine cell as openpyxl gives it, so values convert exactly as they always have: no value is
    None, whole numbers are int (XLSX keeps every number as a float), and a date is a datetime."""
    if isinstance(value, str):
        return value.strip() if value else None
    if isinstance(value, float):
        # Excel writes whole numbers of up to 15 digits without a decimal point; openpyxl reads those as int.
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def iter_rows(
    content: bytes, kind: str, sheet: str = "", *, merged: bool = False
) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cell values) for every row of the file or sheet, blank ones included.

    With `merged`, a cell inside a merged range takes the value of the range's first cell: used for the
    heading rows, where a heading merged across columns matters."""
    if kind == "csv":
        text = decode_text(content)
        sample = text[:8192]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            yield number, [_cell(v) for v in row]
        return
    yield from _xlsx_rows(content, sheet, merged=merged)


_ERROR_CELL = (b' t="e"', b" t='e'")


def _has_error_cells(content: bytes) -> bool:
    """Whether any sheet has a cell holding an error (#N/A, #REF!...). calamine reads those as blank;
    openpyxl gives the error's text, which the checks see (a date or code column refuses it) as they
    always have, rather than a blank."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with archive.open(name) as part:
                    tail = b""
                    while chunk := part.read(1 << 20):
                        if any(mark in tail + chunk for mark in _ERROR_CELL):
                            return True
                        tail = chunk[-8:]
    return False


def _openpyxl_rows(content: bytes, sheet: str) -> Iterator[tuple[int, list[Any]]]:
    """The slow way, streamed, for the rare workbook with error cells (merged headings not filled)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError(_DAMAGED) from exc
    try:
        ws = workbook[sheet] if sheet else workbook.worksheets[0]
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, [_cell(v) for v in row]
    finally:
        workbook.close()


def _xlsx_rows(content: bytes, sheet: str, *, merged: bool) -> Iterator[tuple[int, list[Any]]]:
    try:
        errors = _has_error_cells(content)
    except Exception as exc:  # a damaged archive fails in several ways
        raise ImportFileError(_DAMAGED) from exc
    if errors:
        yield from _openpyxl_rows(content, sheet)
        return
    workbook = _open_workbook(content)
    try:
        try:
            name = sheet or _worksheet_names(workbook)[0]
            ws = workbook.get_sheet_by_name(name)
            ranges = (ws.merged_cell_ranges or []) if merged else []
        except Exception as exc:
            raise ImportFileError(_DAMAGED) from exc
        if ws.start is None:  # no cells at all
            return
        # calamine's rows start at row 1 but at the first column in use: pad them from column A, so
        # cells are where the person sees them (as openpyxl gave them).
        pad = [None] * ws.start[1]
        # A heading merged across cells is written in its first cell only; give every cell its value.
        # The first cell always comes before the others, so each range is filled as it is reached.
        starting: dict[int, list[tuple[int, int, int]]] = {}
        for (top, left), (bottom, right) in ranges:
            starting.setdefault(top + 1, []).append((left, bottom + 1, right))
        fill: dict[tuple[int, int], Any] = {}
        convert = _xlsx_cell
        for number, row in enumerate(ws.iter_rows(), start=1):
            values = pad + [convert(v) for v in row]
            for left, bottom, right in starting.get(number, ()):
                value = values[left] if left < len(values) else None
                for r in range(number, bottom + 1):
                    for c in range(left, right + 1):
                        fill[(r, c)] = value
            if fill:
                values = [fill.get((number, i), v) for i, v in enumerate(values)]
            yield number, values
    finally:
        workbook.close()


def is_blank(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def as_text(value: Any) -> str:
    """A cell as text, for showing and keeping in the quarantine."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass(frozen=True)
class Header:
    row_number: int
    headings: list[str]


def unique_headings(values: list[Any]) -> list[str]:
    """Column headings as text, blank ones named by their column letter, repeats numbered."""
    from openpyxl.utils import get_column_letter

    seen: dict[str, int] = {}
    out = []
    for index, value in enumerate(values, start=1):
        text = " ".join(as_text(value).split()) or f"Column {get_column_letter(index)}"
        seen[text] = seen.get(text, 0) + 1
        out.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return out


def find_header(content: bytes, kind: str, sheet: str, score) -> Header:
    """The heading row: of the first few non-blank rows, the one whose cells best match the dataset's
    known column names (so a title row above the headings is passed over); else the first non-blank."""
    candidates = []
    for number, values in iter_rows(content, kind, sheet, merged=True):
        if not is_blank(values):
            candidates.append((number, values))
        if len(candidates) >= HEADER_SEARCH_ROWS:
            break
    if not candidates:
        raise ImportFileError(
            "The selected file has no rows in it" if kind == "csv" else "The selected sheet is empty"
        )
    best = max(candidates, key=lambda c: (score([as_text(v) for v in c[1]]), -c[0]))
    if score([as_text(v) for v in best[1]]) == 0:
        best = candidates[0]
    return Header(best[0], unique_headings(best[1]))
