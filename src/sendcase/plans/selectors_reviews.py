"""Reads for the review, cessation, phase transfer, placement and bulk scheduling pages, with the
permission filter applied here (through `people.selectors.children_visible_to`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from sendcase.core import permissions
from sendcase.core.models import User
from sendcase.people.models import Child
from sendcase.people.selectors import children_visible_to
from sendcase.settings_data.models import Establishment

from .models import AnnualReview, Cessation, EHCPlan, PhaseTransfer, Placement
from .services.cessation import open_cessation
from .services.reviews import (
    IntervalHint,
    ReviewDeadline,
    open_review,
    plans_at_establishment,
    review_deadlines,
    review_interval_hint,
)
from .services.transfers import phase_transfer_status


def plan_for_user(user: User, pk: int) -> EHCPlan:
    """The plan if the user may see its child; otherwise 404, so its existence is not revealed."""
    return get_object_or_404(
        EHCPlan.objects.filter(child__in=children_visible_to(user)).select_related(
            "child", "named_establishment"
        ),
        pk=pk,
    )


def establishment_for_user(user: User, pk: int) -> Establishment:
    if not permissions.can_read_records(user):
        raise Http404("No such establishment")
    return get_object_or_404(Establishment, pk=pk)


@dataclass(frozen=True)
class ReviewsPage:
    plan: EHCPlan
    child: Child
    review: AnnualReview | None
    deadlines: list[ReviewDeadline]
    past: list[AnnualReview]
    hint: IntervalHint | None


def reviews_page(plan: EHCPlan, as_of: dt.date) -> ReviewsPage:
    review = open_review(plan)
    past = list(plan.reviews.exclude(pk=getattr(review, "pk", None)).order_by("-due_on", "-pk"))
    return ReviewsPage(
        plan=plan,
        child=plan.child,
        review=review,
        deadlines=review_deadlines(review, as_of) if review else [],
        past=past,
        hint=review_interval_hint(plan.child, as_of, plan.last_review_on or plan.issued_on),
    )


@dataclass(frozen=True)
class CessationPage:
    plan: EHCPlan
    current: Cessation | None
    history: list[Cessation]


def cessation_page(plan: EHCPlan) -> CessationPage:
    current = open_cessation(plan)
    history = list(
        plan.cessations.exclude(pk=getattr(current, "pk", None)).order_by("-consultation_started_on")
    )
    return CessationPage(plan=plan, current=current, history=history)


@dataclass(frozen=True)
class PhaseRow:
    phase: PhaseTransfer
    status: str


def phase_rows(plan: EHCPlan, as_of: dt.date) -> list[PhaseRow]:
    phases = plan.phase_transfers.select_related("named_establishment").order_by("deadline")
    return [PhaseRow(phase, phase_transfer_status(phase, as_of)) for phase in phases]


def placements_for_child(child: Child) -> list[Placement]:
    return list(
        Placement.objects.filter(child=child).select_related("establishment").order_by("-entry_on", "-pk")
    )


def bulk_candidates(establishment: Establishment) -> list[EHCPlan]:
    return plans_at_establishment(establishment)
