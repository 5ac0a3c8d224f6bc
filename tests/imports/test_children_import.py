"""A messy children list: every row is imported, quarantined with a reason, or skipped as unchanged."""

from __future__ import annotations

import datetime as dt

from sendcase.imports.models import ImportedRecord, QuarantinedRow
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Child, Contact

from .factories import assert_nothing_lost, csv_bytes, run_import, upn, xlsx_bytes

HEADER = [
    "UPN",
    "Forename",
    "Surname",
    "DOB",
    "Gender",
    "Ethnicity",
    "Postcode",
    "Parent first name",
    "Parent surname",
    "Relationship",
]


def messy_rows():
    return [
        HEADER,
        [upn(1), "Ada", "Okafor", "01/03/2015", "F", "WBRI", "B1 1AA", "Grace", "Okafor", "Mum"],
        [upn(2), "Ben", "Ahmed", "2/4/16", "m", "Pakistani", "b11aa", "", "", ""],
        ["", "Cara", "Lewis", "1 Mar 2014", "Girl", "", "", "", "", ""],
        [None, None, None, None, None, None, None, None, None, None],
        [upn(4), "Dev", "Patel", "2016-05-09", "M", "AIND", "", "", "", ""],
        [
            upn(1),
            "Ada",
            "Okafor",
            "01/03/2015",
            "F",
            "WBRI",
            "B1 1AA",
            "Grace",
            "Okafor",
            "Mum",
        ],  # exact duplicate
        [
            upn(2),
            "Benjamin",
            "Ahmed",
            "02/04/2016",
            "M",
            "APKN",
            "",
            "",
            "",
            "",
        ],  # same UPN, different details
        ["XYZ", "", "Bad", "31/02/2015", "Q", "Martian", "NOT A CODE", "Solo", "", ""],  # breaks every rule
        [upn(9), "Eve", "Stone", "15/13/2015", "F", "WBRI", "", "", "", ""],  # US date order
        [upn(10), "Finn", "Hart", "01/01/2099", "M", "WBRI", "", "", "", ""],  # born in the future
    ]


def test_messy_csv_every_row_accounted_for(data_officer):
    batch = run_import(data_officer, "children", "children.csv", csv_bytes(messy_rows()))
    counts = batch.counts
    assert counts["rows"] == 9
    assert counts["blank"] == 1
    assert counts["created"] == 4
    assert counts["unchanged"] == 1
    assert counts["quarantined"] == 4
    assert_nothing_lost(batch)
    assert Child.objects.count() == 4
    ada = Child.objects.get(upn=upn(1))
    assert ada.date_of_birth == dt.date(2015, 3, 1)
    ben = Child.objects.get(upn=upn(2))
    assert (ben.date_of_birth, ben.sex, ben.ethnicity, ben.postcode) == (
        dt.date(2016, 4, 2),
        "M",
        "APKN",
        "B1 1AA",
    )
    assert Child.objects.get(legal_first_name="Cara").date_of_birth == dt.date(2014, 3, 1)
    assert Contact.objects.get(child=ada).relationship == "mother"
    rows = {q.row_number: q for q in QuarantinedRow.objects.all()}
    assert set(rows) == {8, 9, 10, 11}
    assert "same child with different details" in rows[8].reasons["row"][0]
    worst = rows[9].reasons
    assert set(worst) >= {
        "upn",
        "legal_first_name",
        "date_of_birth",
        "sex",
        "ethnicity",
        "postcode",
        "contact_last_name",
    }
    assert "not a real date" in worst["date_of_birth"][0]
    assert "15/13/2015" in rows[10].reasons["date_of_birth"][0]
    assert "in the future" in rows[11].reasons["date_of_birth"][0]
    assert rows[9].raw["Forename"] == "" and rows[9].raw["Surname"] == "Bad"


def test_every_created_record_has_provenance_and_an_event(data_officer):
    batch = run_import(data_officer, "children", "children.csv", csv_bytes(messy_rows()))
    for child in Child.objects.all():
        record = ImportedRecord.objects.get(batch=batch, content_type__model="child", object_id=child.pk)
        assert record.action == "created" and record.row >= 2
        event = CaseEvent.objects.get(child=child, kind=EventKind.RECORD_IMPORTED)
        assert event.data["import_batch"] == batch.pk and event.data["row"] == record.row
        assert event.data["file"] == "children.csv"


def test_xlsx_with_title_row_merged_headings_and_excel_dates(data_officer):
    rows = [
        ["Pupils with EHC plans - autumn", None, None, None, None],
        ["UPN", "First name", "Last name", "Date of birth", None],
        [upn(20), "Gus", "Mead", dt.datetime(2014, 6, 1), "age 11"],
        [upn(21), "Hana", "Ito", 42156, "age 10"],  # an Excel serial: 1 June 2015
        [upn(22), "Ivo", "Ras", "1st June 2013", ""],
    ]
    content = xlsx_bytes({"Roll": rows}, merges={"Roll": ["A1:E1", "D2:E2"]})
    batch = run_import(data_officer, "children", "roll.xlsx", content)
    assert batch.header_row == 2
    assert batch.counts["created"] == 3 and batch.counts["rows"] == 3
    assert Child.objects.get(upn=upn(21)).date_of_birth == dt.date(2015, 6, 1)
    assert Child.objects.get(upn=upn(22)).date_of_birth == dt.date(2013, 6, 1)
