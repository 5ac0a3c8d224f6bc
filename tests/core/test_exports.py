"""core.exports: CSV and XLSX downloads with formula neutralisation (OWASP CSV injection)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from sendcase.core.exports import _XML_ILLEGAL, FORMULA_PREFIXES, Column, export_csv, export_xlsx, neutralise

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def read_xlsx(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(response.content))
    return list(workbook.active.iter_rows(values_only=True))


def test_formula_prefixes_are_the_owasp_six():
    assert set(FORMULA_PREFIXES) == set(DANGEROUS)


def test_neutralise_rule():
    for prefix in DANGEROUS:
        assert neutralise(f"{prefix}SUM(A1)") == f"'{prefix}SUM(A1)"
    assert neutralise("Amira") == "Amira"
    assert neutralise("") == ""
    assert neutralise(" =1") == " =1"  # only the first character counts
    assert neutralise("'=1") == "'=1"  # already quoted: left alone
    assert neutralise(-5) == -5
    assert neutralise(2.5) == 2.5
    assert neutralise(None) is None
    day = dt.date(2026, 2, 14)
    assert neutralise(day) is day


@dataclass
class Thing:
    name: str
    due: dt.date


def test_csv_response_headers_columns_and_values():
    rows = [
        {"name": '=HYPERLINK("http://evil")', "n": -3, "due": dt.date(2026, 2, 14), "ok": True},
        {"name": "Bea", "n": 4, "due": None, "ok": False},
    ]
    columns = [Column("Name", "name"), Column("N", "n"), Column("Due", "due"), Column("Ok", "ok")]
    response = export_csv(rows, columns, "my list.csv")
    assert response["Content-Disposition"] == 'attachment; filename="my-list.csv"'
    assert read_csv(response) == [
        ["Name", "N", "Due", "Ok"],
        ['\'=HYPERLINK("http://evil")', "-3", "2026-02-14", "Yes"],
        ["Bea", "4", "", "No"],
    ]


def test_columns_read_attributes_and_callables():
    rows = [Thing("+44 7700", dt.date(2026, 1, 5))]
    columns = [Column("Name", "name"), Column("Year", lambda r: r.due.year), Column("Due", "due")]
    assert read_csv(export_csv(rows, columns, "x"))[1] == ["'+44 7700", "2026", "2026-01-05"]


def test_xlsx_dates_are_dates_header_bold_widths_set():
    rows = [{"name": "@cmd", "due": dt.date(2026, 2, 14), "n": 7, "amount": Decimal("1.50")}]
    columns = [
        Column("Name", "name"),
        Column("Due", "due"),
        Column("N", "n"),
        Column("Amount", "amount", width=12),
    ]
    response = export_xlsx(rows, columns, "plans")
    assert response["Content-Disposition"] == 'attachment; filename="plans.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert [c.value for c in sheet[1]] == ["Name", "Due", "N", "Amount"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet["A2"].value == "'@cmd"
    assert sheet["A2"].data_type == "s"
    due = sheet["B2"].value
    assert isinstance(due, dt.datetime | dt.date)
    assert (due.date() if isinstance(due, dt.datetime) else due) == dt.date(2026, 2, 14)
    assert sheet["B2"].is_date
    assert sheet["C2"].value == 7
    assert sheet.column_dimensions["D"].width == 14
    assert sheet.column_dimensions["A"].width >= 6


cell_values = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from(list("=+-@\t\r\nabc1 '\"")), max_size=10),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
)
tables = st.lists(st.lists(cell_values, min_size=3, max_size=3), min_size=1, max_size=8)
COLUMNS = [Column(f"C{i}", lambda row, i=i: row[i]) for i in range(3)]


def _expect_text_safe(text: str, original) -> None:
    if isinstance(original, str) and original.startswith(DANGEROUS):
        assert text.startswith("'"), (text, original)
    assert not text.startswith(DANGEROUS), (text, original)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_property_csv_cells_never_start_with_a_formula_character(table):
    read = read_csv(export_csv(table, COLUMNS, "t"))[1:]
    assert len(read) == len(table)
    for got_row, row in zip(read, table, strict=True):
        for got, value in zip(got_row, row, strict=True):
            if isinstance(value, str):
                _expect_text_safe(got, value)
                assert got == (f"'{value}" if value.startswith(DANGEROUS) else value)
            elif isinstance(value, dt.date):
                assert got == value.isoformat()  # dates unaffected
            else:
                assert got == str(value)  # numbers unaffected, negative ones too


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_property_xlsx_text_cells_never_start_with_a_formula_character(table):
    read = read_xlsx(export_xlsx(table, COLUMNS, "t"))[1:]
    assert len(read) == len(table)
    for got_row, row in zip(read, table, strict=True):
        for got, value in zip(got_row, row, strict=True):
            if isinstance(value, str):
                if got is None:
                    assert _XML_ILLEGAL.sub("", value) == ""  # empty text is an empty cell
                    continue
                assert isinstance(got, str)
                _expect_text_safe(got, value)
            elif isinstance(value, dt.date):
                assert got.date() == value  # a real date, read back as a datetime at midnight
            else:
                assert got == value  # numbers unaffected
