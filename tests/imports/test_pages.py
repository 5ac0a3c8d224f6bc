"""The import pages end to end through the test client: upload, sheet, columns, check, import, correct."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sendcase.imports.models import (
    BatchStatus,
    CodeMapping,
    ColumnMapping,
    ImportBatch,
    QuarantinedRow,
    QuarantineStatus,
)
from sendcase.people.models import Child

from .factories import csv_bytes, upn, xlsx_bytes

ROWS = [
    ["Pupil UPN", "Forename", "Surname", "Birthday", "Need"],
    [upn(1), "Ada", "Okafor", "01/03/2015", "x"],
    [upn(2), "Ben", "Ahmed", "31/02/2016", "x"],
]


def _upload(client, content: bytes, name: str = "list.csv", kind: str = "children"):
    return client.post(reverse("imports:upload"), {"kind": kind, "file": SimpleUploadedFile(name, content)})


def test_upload_map_check_import_and_correct(data_client):
    response = _upload(data_client, csv_bytes(ROWS))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:columns", args=[batch.pk])
    page = data_client.get(response.url)
    assert page.status_code == 200
    # "Forename" and "Surname" are suggested; "Pupil UPN" and "Birthday" are not known headings.
    assert batch.mapping == {"1": "legal_first_name", "2": "legal_last_name"}
    response = data_client.post(
        response.url,
        {
            "column_0": "upn",
            "column_1": "legal_first_name",
            "column_2": "legal_last_name",
            "column_3": "date_of_birth",
            "column_4": "",
        },
    )
    assert response.status_code == 302
    check = data_client.get(response.url)
    assert check.status_code == 200
    assert check.context["counts"]["created"] == 1 and check.context["counts"]["quarantined"] == 1
    assert Child.objects.count() == 0  # the dry run kept nothing
    assert b"31/02/2016" in check.content
    response = data_client.post(reverse("imports:check", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED and Child.objects.count() == 1
    assert ColumnMapping.objects.get(kind="children").headings["birthday"] == "date_of_birth"

    row = QuarantinedRow.objects.get()
    form_page = data_client.get(reverse("imports:quarantine_row", args=[row.pk]))
    assert form_page.status_code == 200 and "is not a real date" in form_page.content.decode()
    values = {**row.values, "date_of_birth": "28/02/2016"}
    still_bad = data_client.post(
        reverse("imports:quarantine_row", args=[row.pk]), {**values, "upn": "NOT-A-UPN"}
    )
    assert still_bad.status_code == 200 and "There is a problem" in still_bad.content.decode()
    row.refresh_from_db()
    assert row.status == QuarantineStatus.OPEN and "upn" in row.reasons
    fixed = data_client.post(reverse("imports:quarantine_row", args=[row.pk]), values)
    assert fixed.status_code == 302
    row.refresh_from_db()
    assert row.status == QuarantineStatus.IMPORTED and Child.objects.count() == 2
    assert batch.records.filter(row=3).exists()

    # A second file with the same headings is mapped from what was saved.
    _upload(data_client, csv_bytes(ROWS[:1] + [[upn(3), "Cy", "Lo", "02/02/2016", ""]]), name="more.csv")
    assert ImportBatch.objects.latest("id").mapping == {
        "0": "upn",
        "1": "legal_first_name",
        "2": "legal_last_name",
        "3": "date_of_birth",
    }

    undo_page = data_client.get(reverse("imports:undo", args=[batch.pk]))
    assert undo_page.status_code == 200
    assert data_client.post(reverse("imports:undo", args=[batch.pk])).status_code == 302
    assert Child.objects.count() == 0


def test_workbook_with_two_sheets_asks_which(data_client):
    content = xlsx_bytes({"Notes": [["read me"]], "Children": ROWS})
    response = _upload(data_client, content, name="book.xlsx")
    batch = ImportBatch.objects.get()
    assert response.url == reverse("imports:sheet", args=[batch.pk])
    response = data_client.post(response.url, {"sheet": "Children"})
    assert response.url == reverse("imports:columns", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.sheet_name == "Children" and batch.header_row == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "The selected file is empty"),
        ("blank.csv", b"\r\n \r\n", "The selected file is empty"),
        ("scan.pdf", b"%PDF-1.7 binary", "must be a CSV or an Excel workbook"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "password-protected"),
        ("odd.csv", b"name\r\n\x81\x8d\x8f\x90\x9d\r\n", "character encoding"),
        ("broken.xlsx", b"not really a workbook", "not a working Excel workbook"),
    ],
)
def test_bad_files_get_a_clear_message(data_client, name, content, message):
    response = _upload(data_client, content, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_too_large_file_is_refused(data_client, settings, monkeypatch):
    from sendcase.imports import reading

    monkeypatch.setattr(reading, "MAX_BYTES", 10)
    response = _upload(data_client, csv_bytes(ROWS))
    assert "must be smaller than" in response.content.decode()


def test_windows_1252_csv_is_read(data_client):
    rows = [["UPN", "First name", "Last name", "Date of birth"], [upn(5), "Zoë", "Brontë", "01/03/2015"]]
    _upload(data_client, csv_bytes(rows, encoding="cp1252"))
    batch = ImportBatch.objects.get()
    data_client.post(reverse("imports:check", args=[batch.pk]))
    assert Child.objects.get().legal_first_name == "Zoë"


def test_local_code_value_mapped_then_taken(data_client):
    rows = [
        ["UPN", "First name", "Last name", "Date of birth", "Gender"],
        [upn(6), "Al", "Bo", "01/03/2015", "Chap"],
    ]
    _upload(data_client, csv_bytes(rows))
    batch = ImportBatch.objects.get()
    check = data_client.get(reverse("imports:check", args=[batch.pk]))
    assert check.context["counts"]["quarantined"] == 1
    assert "map ‘Chap’" in check.content.decode()
    url = reverse("imports:codes") + f"?code_set=Sex&value=Chap&batch={batch.pk}"
    response = data_client.post(url, {"local_value": "Chap", "code": "M"})
    assert response.url == reverse("imports:check", args=[batch.pk])
    assert CodeMapping.objects.get().local_value == "chap"
    assert data_client.get(response.url).context["counts"]["created"] == 1


def test_legacy_export_through_the_pages(data_client):
    from .factories import zip_bytes
    from .test_legacy_import import export

    response = data_client.post(
        reverse("imports:legacy_upload"), {"file": SimpleUploadedFile("export.zip", zip_bytes(export()))}
    )
    batch = ImportBatch.objects.get()
    assert response.url == reverse("imports:check", args=[batch.pk])
    assert data_client.get(response.url).context["counts"]["quarantined"] == 4
    data_client.post(response.url)
    assert Child.objects.count() == 2
    assert data_client.get(reverse("imports:batch", args=[batch.pk])).status_code == 200
    not_zip = data_client.post(
        reverse("imports:legacy_upload"), {"file": SimpleUploadedFile("x.zip", b"hello")}
    )
    assert "ZIP" in not_zip.content.decode()
