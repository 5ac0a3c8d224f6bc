"""Hand-built case histories for the indicator tests: records with exactly the dates a test needs,
written directly (the services refuse dates in the future and fill in dates of their own, and these
tests need fixed calendar dates in 2025 whose answers can be worked out by hand).

Where a history comes from the case's events (a review meeting held, a review cancelled, a refusal to
assess), `event` writes the CaseEvent the service would have written.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from sendcase.assessments.models import (
    AdviceRequest,
    AdviserType,
    AssessmentRequest,
    RequestSource,
    RequestStatus,
    Step,
    StepException,
)
from sendcase.caseload.models import Allocation
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Child
from sendcase.performance.models import IndicatorSnapshot
from sendcase.plans.models import AnnualReview, EHCPlan, PhaseTransfer, Placement
from sendcase.settings_data.codes import EstablishmentType
from tests.factories import ChildFactory, EstablishmentFactory, TeamFactory, UserFactory

D = dt.date


def event(child: Child, subject, kind: str, on: dt.date) -> CaseEvent:
    return CaseEvent.objects.create(
        child=child,
        subject_type=subject._meta.model_name,
        subject_id=subject.pk,
        kind=kind,
        occurred_on=on,
        summary=kind,
    )


def request(
    child: Child | None = None,
    *,
    received: dt.date,
    decided: dt.date | None = None,
    refused: bool = False,
    issue_decided: dt.date | None = None,
    served: dt.date | None = None,
    final: dt.date | None = None,
    closed: dt.date | None = None,
    status: str | None = None,
) -> AssessmentRequest:
    """A request with the given step dates; status follows from them unless given."""
    child = child or ChildFactory()
    if status is None:
        status = RequestStatus.RECEIVED
        if decided:
            status = RequestStatus.NOT_ASSESSING if refused else RequestStatus.ASSESSING
        if issue_decided:
            status = RequestStatus.ISSUE_DECIDED
        if served:
            status = RequestStatus.DRAFT_SERVED
        if final:
            status = RequestStatus.FINAL_ISSUED
    if closed is None and (final or refused):
        closed = final or decided
    made = AssessmentRequest.objects.create(
        child=child,
        received_on=received,
        source=RequestSource.PARENT,
        status=status,
        assessment_decided_on=decided,
        issue_decided_on=issue_decided,
        draft_served_on=served,
        final_issued_on=final,
        closed_on=closed,
    )
    if decided:
        kind = EventKind.ASSESSMENT_REFUSED if refused else EventKind.ASSESSMENT_AGREED
        event(child, made, kind, decided)
    return made


def exception(made: AssessmentRequest, *, starts: dt.date, step: str = Step.FINAL_PLAN) -> StepException:
    return StepException.objects.create(
        request=made, step=step, reason="exceptional_personal_circumstances", starts_on=starts
    )


def advice(
    made: AssessmentRequest,
    *,
    requested: dt.date,
    received: dt.date | None,
    adviser: str = AdviserType.HEALTH,
) -> AdviceRequest:
    return AdviceRequest.objects.create(
        request=made, adviser_type=adviser, requested_on=requested, received_on=received
    )


def plan(
    child: Child | None = None,
    *,
    issued: dt.date,
    need: str = "ASD",
    ceased: dt.date | None = None,
    transferred_out: dt.date | None = None,
) -> EHCPlan:
    child = child or ChildFactory()
    status = "ceased" if ceased else ("transferred_out" if transferred_out else "active")
    return EHCPlan.objects.create(
        child=child,
        issued_on=issued,
        primary_need=need,
        status=status,
        ceased_on=ceased,
        transferred_out_on=transferred_out,
    )


def review(
    made: EHCPlan,
    *,
    due: dt.date,
    held: dt.date | None = None,
    decided: dt.date | None = None,
    amendment_notice: dt.date | None = None,
    amended: dt.date | None = None,
    cancelled: dt.date | None = None,
) -> AnnualReview:
    status = "due"
    if held:
        status = "held"
    if decided:
        status = "decided"
    if amended:
        status = "completed"
    if cancelled:
        status = "cancelled"
    made_review = AnnualReview.objects.create(
        plan=made,
        due_on=due,
        status=status,
        meeting_on=held,
        decision="amend" if amendment_notice else ("maintain" if decided else ""),
        decision_on=decided,
        amendment_notice_on=amendment_notice,
        amended_plan_issued_on=amended,
    )
    if held:
        event(made.child, made_review, EventKind.REVIEW_MEETING_HELD, held)
    if cancelled:
        event(made.child, made_review, EventKind.REVIEW_CANCELLED, cancelled)
    return made_review


def phase_transfer(made: EHCPlan, *, deadline: dt.date, named: dt.date | None) -> PhaseTransfer:
    return PhaseTransfer.objects.create(
        plan=made,
        transfer="secondary",
        transfer_year=deadline.year,
        deadline=deadline,
        named_on=named,
        named_establishment=EstablishmentFactory() if named else None,
    )


def placement(
    child: Child,
    *,
    entry: dt.date,
    leaving: dt.date | None = None,
    kind: str | None = EstablishmentType.MAINSTREAM,
    no_place_reason: str = "",
    setting_code: str = "",
) -> Placement:
    establishment = (
        EstablishmentFactory(kind=kind) if kind and not no_place_reason and not setting_code else None
    )
    return Placement.objects.create(
        child=child,
        establishment=establishment,
        setting_code=setting_code,
        no_place_reason=no_place_reason,
        entry_on=entry,
        leaving_on=leaving,
    )


def at_noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def allocation(
    child: Child, *, officer=None, team=None, started: dt.date, ended: dt.date | None = None
) -> Allocation:
    return Allocation.objects.create(
        child=child,
        officer=officer or UserFactory(),
        team=team or TeamFactory(),
        started_at=at_noon(started),
        ended_at=at_noon(ended) if ended else None,
    )


class SnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorSnapshot

    indicator = "plans_20_weeks_incl_year"
    period_end = D(2025, 6, 30)
    breakdown = "all"
    breakdown_value = "all"
    computed_at = factory.LazyFunction(timezone.now)
