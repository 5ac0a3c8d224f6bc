"""Factories for the SEN2 tests: plans, placements, reviews, exceptions, phase transfers.

Rows are made directly (not through the services) so each test can set up exactly the dates a rule or
a scope boundary needs, including records a service would refuse, which is what validation must catch.
"""

from __future__ import annotations

import datetime as dt

import factory

from sendcase.assessments.models import RequestStatus, Step, StepException
from sendcase.core.identifiers import make_upn
from sendcase.plans.models import AnnualReview, EHCPlan, PhaseTransfer, Placement, ReviewStatus

from ..factories import AssessmentRequestFactory, ChildFactory, EstablishmentFactory

CENSUS = dt.date(2026, 1, 15)  # the 2026 return: activity in 2025


class Sen2ChildFactory(ChildFactory):
    date_of_birth = dt.date(2014, 5, 1)
    upn = factory.Sequence(lambda n: make_upn(330, 2000, 14, n % 1000))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EHCPlan

    child = factory.SubFactory(Sen2ChildFactory)
    issued_on = dt.date(2024, 6, 3)
    primary_need = "ASD"
    named_establishment = factory.SubFactory(EstablishmentFactory)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    child = factory.SelfAttribute("plan.child")
    plan = factory.SubFactory(PlanFactory)
    establishment = factory.SelfAttribute("plan.named_establishment")
    entry_on = dt.date(2024, 9, 1)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReview

    plan = factory.SubFactory(PlanFactory)
    due_on = dt.date(2025, 6, 2)
    status = ReviewStatus.COMPLETED


class PhaseTransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhaseTransfer

    plan = factory.SubFactory(PlanFactory)
    transfer = "secondary"
    transfer_year = 2025
    deadline = dt.date(2025, 2, 15)


class FinalPlanExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StepException

    step = Step.FINAL_PLAN
    reason = "absence_from_area"
    starts_on = dt.date(2025, 3, 1)


def issued_request(
    child, received: dt.date, *, decided: int = 35, issue: int = 90, final: int = 130, **kwargs
):
    """A request that went all the way to a final plan; offsets are days after receipt."""
    return AssessmentRequestFactory(
        child=child,
        received_on=received,
        status=RequestStatus.FINAL_ISSUED,
        assessment_decided_on=received + dt.timedelta(days=decided),
        issue_decided_on=received + dt.timedelta(days=issue),
        final_issued_on=received + dt.timedelta(days=final),
        closed_on=received + dt.timedelta(days=final),
        **kwargs,
    )


def plan_from_request(request, **kwargs) -> EHCPlan:
    return PlanFactory(child=request.child, request=request, issued_on=request.final_issued_on, **kwargs)
