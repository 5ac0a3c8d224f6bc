"""Records for data-quality tests: a clean child (passing every rule) and helpers to break one rule."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sendcase.assessments.models import AssessmentRequest, RequestStatus, StepException
from sendcase.core.identifiers import make_nhs_number, make_upn
from sendcase.people.models import CaseEvent
from sendcase.plans.models import AnnualReview, EHCPlan, Placement, PlanStatus
from tests.factories import ChildFactory, EstablishmentFactory

TODAY = timezone.localdate()  # records are judged as at a date after they were created


def clean_child(**values):
    """A child of school age whose details pass every rule."""
    defaults = {
        "date_of_birth": dt.date(2016, 4, 2),
        "sex": "F",
        "ethnicity": "WBRI",
        "postcode": "B23 6QT",
        "upn": make_upn(330, 2001, 16, 7),
        "nhs_number": make_nhs_number(77),
    }
    defaults.update(values)
    return ChildFactory(**defaults)


def request_for(child, **values) -> AssessmentRequest:
    values.setdefault("received_on", TODAY - dt.timedelta(days=60))
    values.setdefault("source", "parent")
    values.setdefault("status", RequestStatus.ASSESSING)
    return AssessmentRequest.objects.create(child=child, **values)


def exception_for(request) -> StepException:
    return StepException.objects.create(request=request, step="final_plan", reason="family", starts_on=TODAY)


def plan_for(child, **values) -> EHCPlan:
    values.setdefault("issued_on", dt.date(2024, 1, 10))
    values.setdefault("primary_need", "ASD")
    values.setdefault("status", PlanStatus.ACTIVE)
    if "named_establishment" not in values:
        values["named_establishment"] = EstablishmentFactory()
    if "request" not in values and "transferred_in_from_la" not in values:
        values["request"] = request_for(
            child, status=RequestStatus.FINAL_ISSUED, received_on=dt.date(2023, 6, 1)
        )
    return EHCPlan.objects.create(child=child, **values)


def placement_for(child, **values) -> Placement:
    values.setdefault("entry_on", dt.date(2024, 1, 10))
    values.setdefault("setting_code", "OTH")
    return Placement.objects.create(child=child, **values)


def review_for(plan, **values) -> AnnualReview:
    values.setdefault("due_on", plan.issued_on + dt.timedelta(days=365))
    return AnnualReview.objects.create(plan=plan, **values)


def event_for(child, *, subject_type: str = "child", occurred_on: dt.date, recorded_on: dt.date) -> CaseEvent:
    event = CaseEvent.objects.create(
        child=child,
        subject_type=subject_type,
        subject_id=child.pk,
        kind="note_added",
        occurred_on=occurred_on,
        summary="Note added",
    )
    recorded = timezone.make_aware(dt.datetime.combine(recorded_on, dt.time(12)))
    CaseEvent.objects.filter(pk=event.pk).update(recorded_at=recorded)
    return event
