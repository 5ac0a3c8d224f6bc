"""A legacy system's relational export: tables linked by old ids, history as dated case events."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command

from sendcase import statutory
from sendcase.assessments.deadlines import request_deadlines
from sendcase.assessments.models import AdviceRequest, AssessmentRequest, RequestStatus
from sendcase.imports.models import ImportBatch, QuarantinedRow
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Child
from sendcase.plans.models import AnnualReview, EHCPlan, Placement

from .factories import csv_bytes, days_ago, run_import, upn, zip_bytes

D = "%Y-%m-%d"


def export(tmp_path=None) -> dict[str, bytes]:
    received = days_ago(40)
    tables = {
        "people.csv": [
            ["id", "upn", "legal_first_name", "legal_last_name", "date_of_birth", "sex", "ethnicity"],
            ["P1", upn(1), "Ada", "Okafor", "2015-03-01", "F", "WBRI"],
            ["P2", upn(2), "Ben", "Ahmed", "2016-04-02", "M", "APKN"],
            ["P3", "", "", "Nameless", "2016-04-02", "M", ""],
        ],
        "requests.csv": [
            [
                "id",
                "person_id",
                "received_on",
                "source",
                "assessment_agreed",
                "assessment_decided_on",
                "issue_agreed",
                "issue_decided_on",
                "draft_served_on",
                "final_issued_on",
            ],
            ["R1", "P1", received.strftime(D), "1", "yes", days_ago(5).strftime(D), "", "", "", ""],
            [
                "R2",
                "P2",
                "2023-01-09",
                "2",
                "yes",
                "2023-02-13",
                "yes",
                "2023-04-24",
                "2023-05-02",
                "2023-05-26",
            ],
            ["R3", "P404", "2023-01-09", "2", "", "", "", "", "", ""],
        ],
        "advice.csv": [
            ["id", "request_id", "adviser_type", "requested_on", "received_on"],
            ["A1", "R1", "EP", days_ago(4).strftime(D), ""],
            ["A2", "R9", "health", "2023-02-20", ""],
        ],
        "plans.csv": [["id", "person_id", "issued_on", "primary_need"], ["PL1", "P2", "2023-05-26", "SLCN"]],
        "reviews.csv": [
            ["id", "plan_id", "due_on", "meeting_on", "decision", "decision_on"],
            ["V1", "PL1", "2024-05-26", "2024-05-10", "amend", "2024-05-20"],
            ["V2", "PLX", "2024-05-26", "", "", ""],
        ],
        "placements.csv": [
            ["id", "person_id", "setting_code", "entry_on"],
            ["S1", "P2", "OLA", "2023-09-01"],
        ],
        "events.csv": [
            ["id", "person_id", "occurred_on", "kind", "summary"],
            ["E1", "P1", "2024-11-01", "phone", "Parent rang about the request"],
        ],
    }
    return {name: csv_bytes(rows) for name, rows in tables.items()}


def test_legacy_export_through_the_batch(data_officer):
    batch = run_import(data_officer, "legacy", "export.zip", zip_bytes(export()))
    counts = batch.counts
    assert (
        counts["rows"] == counts["created"] + counts["updated"] + counts["unchanged"] + counts["quarantined"]
    )
    assert counts["quarantined"] == 4  # P3 (no first name), R3 (P404), A2 (R9), V2 (PLX)
    reasons = {(q.sheet, q.row_number): q.reasons for q in QuarantinedRow.objects.all()}
    assert "P404" in reasons[("requests.csv", 4)]["person_legacy_id"][0]
    assert "R9" in reasons[("advice.csv", 3)]["request_legacy_id"][0]
    assert "PLX" in reasons[("reviews.csv", 3)]["plan_legacy_id"][0]
    assert "legal_first_name" in reasons[("people.csv", 4)]

    ada = Child.objects.get(upn=upn(1))
    request = AssessmentRequest.objects.get(child=ada)
    assert request.status == RequestStatus.ASSESSING
    # The statutory clock on the imported open request counts from its real received date.
    limits = statutory.assessment_deadlines(days_ago(40))
    due = {
        d.key: d.due
        for d in request_deadlines(request, list(request.advice_requests.all()), [], [], days_ago(0))
    }
    assert limits.final_plan_due in due.values()
    assert statutory.advice_due(days_ago(4)) in due.values()
    assert AdviceRequest.objects.get().adviser_type == "educational_psychology"
    assert request.next_due == min(
        limits.final_plan_due, statutory.advice_due(days_ago(4)), limits.not_issue_due
    )

    ben = Child.objects.get(upn=upn(2))
    plan = EHCPlan.objects.get(child=ben)
    assert plan.request.final_issued_on == dt.date(2023, 5, 26) and plan.primary_need == "SLCN"
    assert AnnualReview.objects.get(plan=plan).decision == "amend"
    assert Placement.objects.get(child=ben).setting_code == "OLA"
    history = CaseEvent.objects.filter(child=ben).exclude(kind=EventKind.RECORD_IMPORTED)
    assert set(history.values_list("kind", flat=True)) >= {
        EventKind.REQUEST_RECEIVED,
        EventKind.FINAL_PLAN_ISSUED,
        EventKind.REVIEW_MEETING_HELD,
        EventKind.REVIEW_DECIDED,
        EventKind.PLACEMENT_STARTED,
    }
    note = CaseEvent.objects.get(child=ada, data__legacy_id="E1")
    assert note.occurred_on == dt.date(2024, 11, 1) and "Parent rang" in note.summary

    again = run_import(data_officer, "legacy", "export-again.zip", zip_bytes({**export(), "extra.txt": b"x"}))
    assert again.counts["created"] == 0 and again.counts["updated"] == 0


def test_import_legacy_command_dry_run_then_commit(tmp_path, data_officer):
    for name, data in export().items():
        (tmp_path / name).write_bytes(data)
    out = StringIO()
    call_command("import_legacy", str(tmp_path), "--dry-run", stdout=out)
    assert "Would import" in out.getvalue() and "quarantined: 4" in out.getvalue()
    assert Child.objects.count() == 0 and ImportBatch.objects.count() == 0
    out = StringIO()
    call_command("import_legacy", str(tmp_path), "--user", data_officer.username, stdout=out)
    assert "Imported as batch" in out.getvalue()
    assert Child.objects.count() == 2 and QuarantinedRow.objects.count() == 4
