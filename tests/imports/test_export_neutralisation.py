"""Every spreadsheet the service writes neutralises formulas: a text cell starting with = + - or @ gets
an apostrophe in front, so it shows as text instead of running. One test per export in the codebase
(found by looking for csv and openpyxl use): the review worklists (due, overdue, decisions, amendments),
the phase-transfer lists (pupils and schools), the quarantine download, and the GIAS rejects file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sendcase.core.exports import FORMULA_PREFIXES
from sendcase.plans.models import ReviewStatus
from sendcase.plans.views.worklists import default_transfer_year
from sendcase.settings_data.gias import LoadReport
from tests.factories import EstablishmentFactory
from tests.plans_worklists.helpers import DAY, make_plan, review, transfer

from .factories import csv_bytes, run_import

NASTY = {"=": '=HYPERLINK("http://x")', "+": "+1+2", "-": "-2+3", "@": "@SUM(A1)"}


def _today() -> dt.date:
    return timezone.localdate()


def _csv_cells(response) -> list[str]:
    return [c for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for c in row]


def _xlsx_cells(response) -> list:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [c for row in sheet.iter_rows(values_only=True) for c in row]


def _is_number(text: str) -> bool:
    # A negative number in a CSV is a number, not a formula: exports write numbers as themselves.
    return re.fullmatch(r"-?\d+(\.\d+)?", text) is not None


def assert_neutralised(cells: list, expected: list[str]) -> None:
    text = [c for c in cells if isinstance(c, str) and not _is_number(c)]
    assert not [c for c in text if c.startswith(FORMULA_PREFIXES)], "a cell would run as a formula"
    for value in expected:
        assert any(c == "'" + value or c.startswith("'" + value) for c in text), value


def _plan(prefix: str, **kwargs):
    school = EstablishmentFactory(name=NASTY[prefix] + " School")
    return make_plan(
        named_establishment=school, legal_first_name=NASTY[prefix], legal_last_name="Child", **kwargs
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("prefix", list(NASTY))
def test_review_worklists(officer_client, fmt, prefix):
    reader = _csv_cells if fmt == "csv" else _xlsx_cells
    _plan(prefix, review_due=_today() - 2 * DAY)
    _plan(prefix, review_due=_today() + 10 * DAY)
    held = _plan(prefix, review_due=_today() + 300 * DAY)
    review(held, ReviewStatus.HELD, meeting_on=_today() - 40 * DAY)
    amended = _plan(prefix, review_due=_today() + 300 * DAY)
    review(
        amended,
        ReviewStatus.AMENDMENT_NOTICE,
        meeting_on=_today() - 120 * DAY,
        amendment_notice_on=_today() - 100 * DAY,
    )
    for name in ("overdue", "due", "decisions", "amendments"):
        response = officer_client.get("/reviews/", {"list": name, "format": fmt})
        assert response.status_code == 200
        assert_neutralised(reader(response), [NASTY[prefix] + " Child", NASTY[prefix] + " School"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("prefix", list(NASTY))
def test_phase_transfer_lists(officer_client, fmt, prefix):
    reader = _csv_cells if fmt == "csv" else _xlsx_cells
    year = default_transfer_year(_today())
    plan = _plan(prefix, review_due=_today() + 100 * DAY)
    transfer(plan, year=year, deadline=dt.date(year, 2, 14))
    pupils = officer_client.get("/reviews/phase-transfers/", {"year": year, "format": fmt})
    assert_neutralised(reader(pupils), [NASTY[prefix] + " Child"])
    schools = officer_client.get(
        "/reviews/phase-transfers/", {"year": year, "format": fmt, "table": "schools"}
    )
    assert_neutralised(reader(schools), [])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("prefix", list(NASTY))
def test_quarantine_download(data_officer, data_client, fmt, prefix):
    rows = [["UPN", "First name", "Last name", "Date of birth"], ["", NASTY[prefix], "Child", "not a date"]]
    run_import(data_officer, "children", "a.csv", csv_bytes(rows))
    response = data_client.get(reverse("imports:quarantine_export", args=[fmt]))
    reader = _csv_cells if fmt == "csv" else _xlsx_cells
    cells = reader(response)
    text = [c for c in cells if isinstance(c, str)]
    assert not [c for c in text if c.startswith(FORMULA_PREFIXES)]
    assert any(NASTY[prefix] in c for c in text)


@pytest.mark.parametrize("prefix", list(NASTY))
def test_gias_rejects_file(tmp_path, prefix):
    report = LoadReport(header=["URN", "EstablishmentName"])
    report.reject(
        7,
        {"URN": NASTY[prefix], "EstablishmentName": NASTY[prefix] + " School"},
        NASTY[prefix] + " is not a URN",
    )
    path = tmp_path / "rejects.csv"
    report.write_rejects(path)
    cells = [c for row in csv.reader(path.open(encoding="utf-8")) for c in row]
    assert_neutralised(cells, [NASTY[prefix], NASTY[prefix] + " School", NASTY[prefix] + " is not a URN"])
