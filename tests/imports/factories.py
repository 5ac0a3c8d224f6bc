"""Messy synthetic spreadsheets, made in the tests, and a helper to run one through an import."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import Any

import pytest
from django.test import Client

from sendcase.core.identifiers import make_upn
from sendcase.core.models import Role
from sendcase.imports.engine import batch_commit
from sendcase.imports.models import ImportBatch
from sendcase.imports.services import batch_upload
from tests.factories import UserFactory


def upn(serial: int) -> str:
    return make_upn(la=330, estab=4000 + serial // 1000, year=15, serial=serial % 1000)


def csv_bytes(rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(
    sheets: dict[str, Sequence[Sequence[Any]]], *, merges: dict[str, list[str]] | None = None
) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for cell_range in (merges or {}).get(title, []):
            sheet.merge_cells(cell_range)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def run_import(user, kind: str, name: str, content: bytes) -> ImportBatch:
    batch = batch_upload(acting_user=user, kind=kind, file_name=name, content=content)
    return batch_commit(acting_user=user, batch=batch)


def assert_nothing_lost(batch: ImportBatch) -> None:
    counts = batch.counts
    assert (
        counts["rows"] == counts["created"] + counts["updated"] + counts["unchanged"] + counts["quarantined"]
    )


def days_ago(days: int) -> dt.date:
    from django.utils import timezone

    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def data_officer(db):
    return UserFactory(username="data", role=Role.DATA_OFFICER)


@pytest.fixture
def data_client(data_officer) -> Client:
    client = Client()
    client.force_login(data_officer)
    return client
