"""The improvement plan at a glance."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import rules, selectors
from ._helpers import can_edit, require_reader, today


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    as_of = today()
    budget = selectors.budget_year(request.user, rules.financial_year_of(as_of), as_of)
    return render(
        request,
        "improvement/overview.html",
        {
            "page_title": "Improvement plan",
            "objectives": selectors.objective_summaries(request.user, as_of),
            "overdue": selectors.overdue_actions(request.user, as_of),
            "risks": selectors.top_risks(request.user),
            "overdue_reviews": selectors.risks(request.user)
            .filter(status="open", review_on__lt=as_of)
            .count(),
            "budget": budget,
            "as_of": as_of,
            "this_month": f"{as_of:%Y-%m}",
            "can_edit_plan": can_edit(request),
        },
    )
