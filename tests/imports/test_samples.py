"""The sample files in docs/samples, which people try the import with, import as the guide says."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from sendcase.imports.engine import batch_commit
from sendcase.imports.models import QuarantinedRow
from sendcase.imports.services import batch_sheet_choose, batch_upload
from sendcase.people.models import Child

from .factories import assert_nothing_lost, run_import

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


def test_messy_workbook(data_officer):
    content = (SAMPLES / "children-messy.xlsx").read_bytes()
    batch = batch_upload(
        acting_user=data_officer, kind="children", file_name="children-messy.xlsx", content=content
    )
    batch = batch_sheet_choose(acting_user=data_officer, batch=batch, sheet="Children on roll")
    assert batch.header_row == 2
    assert set(batch.mapping.values()) >= {
        "upn",
        "legal_first_name",
        "legal_last_name",
        "date_of_birth",
        "sex",
    }
    batch = batch_commit(acting_user=data_officer, batch=batch)
    assert_nothing_lost(batch)
    assert (
        batch.counts["created"],
        batch.counts["unchanged"],
        batch.counts["quarantined"],
        batch.counts["blank"],
    ) == (6, 1, 3, 1)
    assert QuarantinedRow.objects.count() == 3


def test_windows_csv_and_requests_tracker(data_officer):
    run_import(
        data_officer, "children", "children-messy.xlsx", (SAMPLES / "children-messy.xlsx").read_bytes()
    )
    windows = run_import(
        data_officer, "children", "children-windows.csv", (SAMPLES / "children-windows.csv").read_bytes()
    )
    assert windows.counts["created"] == 2 and Child.objects.filter(legal_first_name="Zoë").exists()
    tracker = run_import(
        data_officer, "requests", "requests-tracker.csv", (SAMPLES / "requests-tracker.csv").read_bytes()
    )
    assert_nothing_lost(tracker)
    assert (tracker.counts["created"], tracker.counts["quarantined"]) == (3, 1)


def test_legacy_export_folder(data_officer):
    out = StringIO()
    call_command("import_legacy", str(SAMPLES / "legacy-export"), stdout=out)
    assert "created: 8" in out.getvalue() and "quarantined: 2" in out.getvalue()
