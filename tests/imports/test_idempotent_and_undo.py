"""Importing the same data twice changes nothing; a batch can be undone while nothing depends on it."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase.core.errors import ServiceError
from sendcase.imports.models import BatchStatus, QuarantinedRow, QuarantineStatus
from sendcase.imports.undo import batch_undo, undo_blockers
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Child
from sendcase.people.services import child_update
from tests.factories import ChildFactory

from .factories import assert_nothing_lost, csv_bytes, run_import, upn

ROWS = [
    ["UPN", "First name", "Last name", "Date of birth", "Postcode"],
    [upn(1), "Ada", "Okafor", "01/03/2015", "B1 1AA"],
    [upn(2), "Ben", "Ahmed", "02/04/2016", ""],
    ["", "Bad", "Row", "not a date", ""],
]


def test_same_file_twice_changes_nothing(data_officer):
    first = run_import(data_officer, "children", "a.csv", csv_bytes(ROWS))
    events = CaseEvent.objects.count()
    second = run_import(data_officer, "children", "a.csv", csv_bytes(ROWS))
    assert second.counts["rows"] == 3 and second.counts["unchanged"] == 3
    assert second.counts["same_file_as"] == first.pk
    assert Child.objects.count() == 2 and CaseEvent.objects.count() == events
    assert QuarantinedRow.objects.count() == 1
    assert second.records.count() == 0


def test_same_rows_in_a_different_file_are_unchanged_and_not_quarantined_twice(data_officer):
    run_import(data_officer, "children", "a.csv", csv_bytes(ROWS))
    # Same rows, saved again as Windows-1252 with semicolons: a different file, the same data.
    again = run_import(data_officer, "children", "b.csv", csv_bytes(ROWS, encoding="cp1252", delimiter=";"))
    assert again.counts["unchanged"] == 2 and again.counts["quarantined"] == 1
    assert again.counts["already_quarantined"] == 1
    assert_nothing_lost(again)
    assert QuarantinedRow.objects.count() == 1 and Child.objects.count() == 2


def test_changed_details_update_the_child_and_undo_restores_them(data_officer):
    run_import(data_officer, "children", "a.csv", csv_bytes(ROWS))
    changed = [ROWS[0], [upn(1), "Ada", "Okafor", "01/03/2015", "B2 2BB"]]
    update = run_import(data_officer, "children", "new-address.csv", csv_bytes(changed))
    assert update.counts["updated"] == 1
    ada = Child.objects.get(upn=upn(1))
    assert ada.postcode == "B2 2BB" and ada.version == 2
    record = update.records.get()
    assert record.action == "updated" and record.before == {"postcode": "B1 1AA"}
    batch_undo(acting_user=data_officer, batch=update)
    ada.refresh_from_db()
    assert ada.postcode == "B1 1AA"
    assert CaseEvent.objects.filter(child=ada, kind=EventKind.IMPORT_UNDONE).count() == 1
    assert not CaseEvent.objects.filter(data__import_batch=update.pk).exists()


def test_undo_removes_created_records_and_closes_its_quarantine(data_officer):
    existing = ChildFactory()
    batch = run_import(data_officer, "children", "a.csv", csv_bytes(ROWS))
    assert undo_blockers(batch) == []
    batch_undo(acting_user=data_officer, batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE
    assert list(Child.objects.all()) == [existing]
    assert QuarantinedRow.objects.get().status == QuarantineStatus.UNDONE
    # Undone, the same file can be imported again and is taken afresh.
    again = run_import(data_officer, "children", "a.csv", csv_bytes(ROWS))
    assert again.counts["created"] == 2


def test_undo_refused_once_a_record_has_been_changed_since(data_officer, officer):
    batch = run_import(data_officer, "children", "a.csv", csv_bytes(ROWS))
    ada = Child.objects.get(upn=upn(1))
    child_update(acting_user=officer, child=ada, expected_version=ada.version, data={"town": "Leeds"})
    reasons = undo_blockers(batch)
    assert any("changed since" in r for r in reasons)
    with pytest.raises(ServiceError):
        batch_undo(acting_user=data_officer, batch=batch)
    assert Child.objects.count() == 2


def test_undo_refused_while_a_later_batch_changed_its_records(data_officer):
    first = run_import(data_officer, "children", "a.csv", csv_bytes(ROWS))
    run_import(
        data_officer,
        "children",
        "b.csv",
        csv_bytes([ROWS[0], [upn(2), "Ben", "Ahmed", "02/04/2016", "B3 3DD"]]),
    )
    assert any("made later" in r or "changed since" in r for r in undo_blockers(first))


def test_a_row_matched_by_name_and_birth_date_gains_its_upn(data_officer):
    child = ChildFactory(
        legal_first_name="Cara", legal_last_name="Lewis", date_of_birth=dt.date(2014, 3, 1), upn=""
    )
    batch = run_import(
        data_officer, "children", "c.csv", csv_bytes([ROWS[0], [upn(7), "cara", "LEWIS", "1/3/14", ""]])
    )
    assert batch.counts["updated"] == 1
    child.refresh_from_db()
    assert child.upn == upn(7)


def test_undo_keeps_a_waiting_row_that_a_later_import_met_again(data_officer):
    first = run_import(data_officer, "children", "a.csv", csv_bytes(ROWS))
    second = run_import(data_officer, "children", "b.csv", csv_bytes(ROWS, encoding="cp1252", delimiter=";"))
    assert second.counts["already_quarantined"] == 1
    batch_undo(acting_user=data_officer, batch=first)
    row = QuarantinedRow.objects.get()
    assert row.status == QuarantineStatus.OPEN and row.batch == second
