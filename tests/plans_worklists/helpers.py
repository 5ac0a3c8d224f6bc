"""Plans, reviews, allocations and placements written directly (no services), so each test can put a
date exactly on a boundary, including in the future, and build many rows quickly."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sendcase.plans.models import AnnualReview, EHCPlan, PhaseTransfer, Placement, PlanStatus
from tests.factories import AllocationFactory, ChildFactory

AS_OF = dt.date(2026, 3, 2)
DAY = dt.timedelta(days=1)


def make_plan(
    *,
    review_due: dt.date | None,
    child=None,
    issued_on: dt.date = dt.date(2024, 1, 10),
    last_review_on: dt.date | None = None,
    named_establishment=None,
    status: str = PlanStatus.ACTIVE,
    **child_fields,
) -> EHCPlan:
    child = child or ChildFactory(**child_fields)
    return EHCPlan.objects.create(
        child=child,
        issued_on=issued_on,
        last_review_on=last_review_on,
        review_due=review_due,
        named_establishment=named_establishment,
        status=status,
    )


def allocate(plan: EHCPlan, officer, team):
    return AllocationFactory(child=plan.child, officer=officer, team=team, started_at=timezone.now())


def place(plan: EHCPlan, establishment, *, entry_on: dt.date = dt.date(2023, 9, 1), leaving_on=None):
    return Placement.objects.create(
        child=plan.child, plan=plan, establishment=establishment, entry_on=entry_on, leaving_on=leaving_on
    )


def review(plan: EHCPlan, status: str, **fields) -> AnnualReview:
    fields.setdefault("due_on", plan.review_due or AS_OF)
    return AnnualReview.objects.create(plan=plan, status=status, **fields)


def transfer(plan: EHCPlan, *, year: int, deadline: dt.date, transfer: str = "secondary", **fields):
    return PhaseTransfer.objects.create(
        plan=plan, transfer=transfer, transfer_year=year, deadline=deadline, **fields
    )
