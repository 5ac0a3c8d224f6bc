"""XLSX cells read exactly as openpyxl reads them (the import's checks were written against those
values), wherever the data starts on the sheet, with merged headings filled in and error cells kept."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from sendcase.imports.reading import ImportFileError, find_header, iter_rows, sheet_names


def _workbook(build) -> bytes:
    workbook = Workbook()
    build(workbook.active)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _openpyxl_values(content: bytes) -> list[list]:
    """openpyxl's values, as the import took them: text trimmed, and an empty text cell (which calamine
    cannot tell from no cell; the import treats both as blank everywhere) as no value."""
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    rows = [
        [(v.strip() or None) if isinstance(v, str) else v for v in row]
        for row in workbook.active.iter_rows(values_only=True)
    ]
    workbook.close()
    return rows


def _typed(rows: list[list]) -> list[list]:
    return [[(type(v).__name__, v) for v in row] for row in rows]


CELLS = [
    "  Ada ",
    5,
    5.5,
    123456789012,
    1e20,
    dt.datetime(2015, 3, 1),
    dt.datetime(2015, 3, 1, 10, 30),
    dt.time(9, 30),
    dt.timedelta(hours=30),
    True,
    44000,
    "=1/0",
    "",
    "   ",
    -3,
]


def test_every_kind_of_cell_reads_as_openpyxl_reads_it_wherever_the_data_starts():
    def build(sheet):
        sheet["C3"] = "Heading"
        for offset, value in enumerate(CELLS):
            sheet.cell(5, 3 + offset, value)
        sheet["D5"].number_format = "dd/mm/yyyy"
        sheet.cell(5, 13).number_format = "dd/mm/yyyy"  # a serial date
        sheet["E9"] = "after blank rows"

    content = _workbook(build)
    ours = [values for _, values in iter_rows(content, "xlsx")]
    assert _typed(ours) == _typed(_openpyxl_values(content))
    assert [number for number, _ in iter_rows(content, "xlsx")] == list(range(1, 10))


def test_a_heading_merged_across_columns_is_given_to_every_column_it_spans():
    def build(sheet):
        sheet["B1"] = "Roll for spring"
        sheet.merge_cells("B1:D1")
        sheet.append([None, "UPN", "Date of birth", None])
        sheet.merge_cells("C2:D2")
        sheet.append([None, "A123", "1/3/2015", "x"])

    content = _workbook(build)
    rows = dict(iter_rows(content, "xlsx", merged=True))
    assert rows[1] == [None, "Roll for spring", "Roll for spring", "Roll for spring"]
    assert rows[2] == [None, "UPN", "Date of birth", "Date of birth"]
    assert rows[3] == [None, "A123", "1/3/2015", "x"]
    header = find_header(content, "xlsx", "", lambda cells: sum(c == "UPN" for c in cells))
    assert header.row_number == 2
    assert header.headings == ["Column A", "UPN", "Date of birth", "Date of birth (2)"]


def test_error_cells_are_read_as_their_text_so_the_checks_refuse_them():
    def build(sheet):
        sheet.append(["UPN", "Date of birth"])
        sheet.append(["A123", "#N/A"])

    content = _workbook(build)
    assert dict(iter_rows(content, "xlsx"))[2] == ["A123", "#N/A"]


def test_sheets_are_listed_in_order_and_an_empty_sheet_has_no_rows():
    workbook = Workbook()
    workbook.active.title = "Children"
    workbook.active.append(["UPN"])
    workbook.create_sheet("Empty")
    out = io.BytesIO()
    workbook.save(out)
    content = out.getvalue()
    assert sheet_names(content, "xlsx") == ["Children", "Empty"]
    assert list(iter_rows(content, "xlsx", "Empty")) == []


def test_a_damaged_workbook_is_refused_with_a_message_to_act_on():
    content = _workbook(lambda sheet: sheet.append(["UPN"] * 50))
    with pytest.raises(ImportFileError, match="open it, save it again, and upload it"):
        list(iter_rows(content[: len(content) // 2], "xlsx"))
