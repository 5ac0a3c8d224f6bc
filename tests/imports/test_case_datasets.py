"""Requests tracker, plan register, review tracker and placements: records with the statutory events
dated when the steps happened, so the clock and the indicators work on imported cases."""

from __future__ import annotations

import datetime as dt

from sendcase import statutory
from sendcase.assessments.deadlines import request_deadlines
from sendcase.assessments.models import AssessmentRequest, RequestStatus
from sendcase.imports.models import QuarantinedRow
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent
from sendcase.plans.models import AnnualReview, EHCPlan, Placement, PlanStatus
from tests.factories import ChildFactory, EstablishmentFactory

from .factories import assert_nothing_lost, csv_bytes, days_ago, run_import, upn

D = "%d/%m/%Y"


def test_requests_tracker_open_and_closed_requests(data_officer):
    ada = ChildFactory(upn=upn(1), date_of_birth=dt.date(2015, 3, 1))
    ben = ChildFactory(
        legal_first_name="Ben", legal_last_name="Ahmed", date_of_birth=dt.date(2016, 4, 2), upn=""
    )
    received = days_ago(30)
    old = dt.date(2024, 1, 8)
    rows = [
        [
            "UPN",
            "First name",
            "Surname",
            "DOB",
            "Date received",
            "Source",
            "Decision to assess",
            "Decision date",
            "Decision to issue",
            "Date of decision to issue",
            "Draft sent",
            "Final plan issued",
        ],
        [upn(1), "", "", "", received.strftime(D), "Parent", "", "", "", "", "", ""],
        [
            "",
            "Ben",
            "Ahmed",
            "2/4/16",
            old.strftime(D),
            "2",
            "yes",
            "15/02/2024",
            "Y",
            "2024-04-01",
            "10 Apr 2024",
            "20/05/2024",
        ],
        [upn(99), "", "", "", "01/02/2024", "School", "", "", "", "", "", ""],  # no such child
        [
            upn(1),
            "",
            "",
            "",
            "01/02/2024",
            "Martians",
            "",
            "20/01/2024",
            "",
            "",
            "",
            "",
        ],  # bad source, decision first
    ]
    batch = run_import(data_officer, "requests", "tracker.csv", csv_bytes(rows))
    assert (batch.counts["created"], batch.counts["quarantined"]) == (2, 2)
    assert_nothing_lost(batch)

    open_request = AssessmentRequest.objects.get(child=ada)
    assert open_request.status == RequestStatus.RECEIVED
    deadlines = {d.key: d.due for d in request_deadlines(open_request, [], [], [], days_ago(0))}
    limits = statutory.assessment_deadlines(received)
    assert limits.decision_due in deadlines.values() and limits.final_plan_due in deadlines.values()
    assert open_request.next_due == limits.decision_due

    closed = AssessmentRequest.objects.get(child=ben)
    assert closed.status == RequestStatus.FINAL_ISSUED and closed.closed_on == dt.date(2024, 5, 20)
    kinds = list(
        CaseEvent.objects.filter(child=ben)
        .exclude(kind=EventKind.RECORD_IMPORTED)
        .order_by("occurred_on")
        .values_list("kind", "occurred_on")
    )
    assert kinds == [
        (EventKind.REQUEST_RECEIVED, old),
        (EventKind.ASSESSMENT_AGREED, dt.date(2024, 2, 15)),
        (EventKind.ISSUE_AGREED, dt.date(2024, 4, 1)),
        (EventKind.DRAFT_SERVED, dt.date(2024, 4, 10)),
        (EventKind.FINAL_PLAN_ISSUED, dt.date(2024, 5, 20)),
    ]
    final = CaseEvent.objects.get(child=ben, kind=EventKind.FINAL_PLAN_ISSUED)
    plan = EHCPlan.objects.get(child=ben)
    assert final.data["within_20_weeks"] is True and final.data["plan_id"] == plan.pk
    assert plan.request == closed and plan.review_due == statutory.review_due(dt.date(2024, 5, 20))

    reasons = {q.row_number: q.reasons for q in QuarantinedRow.objects.all()}
    assert "No child with UPN" in reasons[4]["upn"][0]
    assert "source" in reasons[5] and "assessment_decided_on" in reasons[5]

    again = run_import(
        data_officer,
        "requests",
        "tracker-again.csv",
        csv_bytes(rows + [["", "", "", "", "", "", "", "", "", "", "", ""]]),
    )
    assert again.counts["unchanged"] == 2 and again.counts["created"] == 0


def test_a_later_tracker_fills_in_steps_taken_since(data_officer):
    ChildFactory(upn=upn(1), date_of_birth=dt.date(2015, 3, 1))
    head = ["UPN", "Date received", "Source", "Decision to assess", "Decision date"]
    run_import(
        data_officer,
        "requests",
        "t1.csv",
        csv_bytes([head, [upn(1), days_ago(50).strftime(D), "parent", "", ""]]),
    )
    later = run_import(
        data_officer,
        "requests",
        "t2.csv",
        csv_bytes([head, [upn(1), days_ago(50).strftime(D), "parent", "yes", days_ago(10).strftime(D)]]),
    )
    assert later.counts["updated"] == 1
    request = AssessmentRequest.objects.get()
    assert request.status == RequestStatus.ASSESSING and request.assessment_decided_on == days_ago(10)
    assert CaseEvent.objects.filter(kind=EventKind.ASSESSMENT_AGREED, occurred_on=days_ago(10)).count() == 1
    conflicting = run_import(
        data_officer,
        "requests",
        "t3.csv",
        csv_bytes([head, [upn(1), days_ago(50).strftime(D), "parent", "yes", days_ago(12).strftime(D)]]),
    )
    assert conflicting.counts["quarantined"] == 1
    assert (
        "already records" in QuarantinedRow.objects.get(batch=conflicting).reasons["assessment_decided_on"][0]
    )


def test_plan_register_reviews_and_placements(data_officer):
    school = EstablishmentFactory(urn=123456)
    ada = ChildFactory(upn=upn(1), date_of_birth=dt.date(2015, 3, 1))
    plans = [
        ["UPN", "Date issued", "Primary need", "URN", "Ceased"],
        [upn(1), "01/09/2023", "Autism", "123456", ""],
        [upn(1), "01/09/2020", "SLCN", "", "31/08/2023"],
        [upn(1), "01/09/2019", "Telepathy", "999", ""],
    ]
    batch = run_import(data_officer, "plans", "register.csv", csv_bytes(plans))
    assert (batch.counts["created"], batch.counts["quarantined"]) == (2, 1)
    active = EHCPlan.objects.get(child=ada, status=PlanStatus.ACTIVE)
    assert active.primary_need == "ASD" and active.named_establishment == school
    assert active.review_due == statutory.review_due(dt.date(2023, 9, 1))
    reasons = QuarantinedRow.objects.get(batch=batch).reasons
    assert set(reasons) == {"primary_need", "named_establishment_urn"}
    assert CaseEvent.objects.filter(
        child=ada, kind=EventKind.PLAN_CEASED, occurred_on=dt.date(2023, 8, 31)
    ).exists()

    reviews = [
        ["UPN", "Review due", "Meeting date", "Outcome", "Decision date"],
        [upn(1), "01/09/2024", "20/08/2024", "Maintained", "27/08/2024"],
    ]
    run_import(data_officer, "reviews", "reviews.csv", csv_bytes(reviews))
    review = AnnualReview.objects.get()
    assert review.plan == active and review.decision == "maintain"
    active.refresh_from_db()
    assert active.last_review_on == dt.date(2024, 8, 20) and active.review_due == statutory.review_due(
        dt.date(2024, 8, 20)
    )

    placements = [
        ["UPN", "URN", "Setting code", "Start date", "End date"],
        [upn(1), "123456", "", "01/09/2023", ""],
        [upn(1), "", "EHE", "01/09/2021", "31/08/2023"],
        [upn(1), "123456", "OTH", "01/01/2020", ""],
    ]
    result = run_import(data_officer, "placements", "placements.csv", csv_bytes(placements))
    assert (result.counts["created"], result.counts["quarantined"]) == (2, 1)
    assert Placement.objects.get(child=ada, leaving_on__isnull=True).establishment == school
    assert CaseEvent.objects.filter(
        child=ada, kind=EventKind.PLACEMENT_ENDED, occurred_on=dt.date(2023, 8, 31)
    ).exists()
