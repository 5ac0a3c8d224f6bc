"""Budget lines per workstream and financial year, and their monthly actuals."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from sendcase.core.exports import Column

from .. import rules, selectors, services
from ..forms import BudgetActualForm, BudgetLineForm
from ._helpers import can_edit, export, form_page, require_editor, require_reader, submit, today

BUDGET_COLUMNS = [
    Column("Financial year", lambda r: r.line.year_label),
    Column("Workstream", lambda r: r.line.workstream),
    Column("Line", lambda r: r.line.title),
    Column("Planned", lambda r: r.position.planned),
    Column("Planned to date", lambda r: r.position.planned_to_date),
    Column("Actual to date", lambda r: r.position.actual),
    Column("Forecast", lambda r: r.position.forecast),
    Column("Variance (forecast minus planned)", lambda r: r.position.variance),
    Column("Variance %", lambda r: r.position.variance_percent),
]


@require_GET
def budget(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    as_of = today()
    years = selectors.budget_years(request.user)
    current = rules.financial_year_of(as_of)
    chosen = request.GET.get("year", "")
    year = (
        int(chosen)
        if chosen.isdigit() and int(chosen) in years
        else (current if current in years or not years else years[0])
    )
    position = selectors.budget_year(request.user, year, as_of)
    rows = [row for w in position.workstreams for row in w.rows]
    download = export(
        request, rows, BUDGET_COLUMNS, filename=f"improvement-budget-{position.label}", what="Budget"
    )
    if download:
        return download
    return render(
        request,
        "improvement/budget.html",
        {
            "page_title": f"Budget {position.label}",
            "position": position,
            "years": [(y, rules.financial_year_label(y)) for y in years],
            "export_query": f"year={year}",
            "can_edit_plan": can_edit(request),
            "as_of": as_of,
        },
    )


def _line(request: HttpRequest, pk: int):
    return get_object_or_404(selectors.budget_lines(request.user), pk=pk)


@require_GET
def budget_line_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_reader(request)
    line = _line(request, pk)
    actuals = {a.month: a.amount for a in line.actuals.all()}
    months = [(m, actuals.get(m)) for m in rules.financial_year_months(line.financial_year)]
    return render(
        request,
        "improvement/budget_line_detail.html",
        {
            "page_title": str(line),
            "line": line,
            "position": line.position(today(), actuals),
            "months": months,
            "monthly_plan": line.planned / 12,
            "history": selectors.history(request.user, line),
            "can_edit_plan": can_edit(request),
        },
    )


@require_http_methods(["GET", "POST"])
def budget_line_create(request: HttpRequest) -> HttpResponse:
    require_editor(request)
    form = BudgetLineForm(
        request.POST or None, creating=True, initial={"financial_year": rules.financial_year_of(today())}
    )
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.budget_line_create(
                acting_user=request.user,
                workstream=d["workstream"],
                title=d["title"],
                financial_year=d["financial_year"],
                planned=d["planned"],
                forecast=d["forecast"],
                objective=d["objective"],
            ),
            success="Budget line added",
            to=lambda line: reverse("improvement:budget_line_detail", args=[line.pk]),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        heading="Add a budget line",
        back_url=reverse("improvement:budget"),
        button="Add budget line",
    )


@require_http_methods(["GET", "POST"])
def budget_line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    line = _line(request, pk)
    back = reverse("improvement:budget_line_detail", args=[line.pk])
    form = BudgetLineForm(
        request.POST or None,
        initial={
            "version": line.version,
            "workstream": line.workstream,
            "title": line.title,
            "planned": line.planned,
            "forecast": line.forecast,
            "objective": line.objective_id,
        },
    )
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.budget_line_update(
                acting_user=request.user,
                line=line,
                expected_version=d["version"],
                workstream=d["workstream"],
                title=d["title"],
                planned=d["planned"],
                forecast=d["forecast"],
                objective=d["objective"],
                note=d["note"],
            ),
            success="Budget line updated",
            to=lambda x: back,
        )
        if done:
            return done
    return form_page(
        request,
        form,
        heading="Change the budget line",
        caption=str(line),
        back_url=back,
        button="Save changes",
    )


@require_http_methods(["GET", "POST"])
def budget_actual_record(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    line = _line(request, pk)
    back = reverse("improvement:budget_line_detail", args=[line.pk])
    months = rules.financial_year_months(line.financial_year)
    initial = {"version": line.version}
    if request.GET.get("month"):
        initial["month"] = request.GET["month"]
    form = BudgetActualForm(request.POST or None, months=months, initial=initial)
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.budget_actual_record(
                acting_user=request.user,
                line=line,
                expected_version=d["version"],
                month=dt.date.fromisoformat(d["month"]),
                amount=d["amount"],
            ),
            success="Actual recorded",
            to=lambda x: back,
        )
        if done:
            return done
    return form_page(
        request,
        form,
        heading="Record a month's actual",
        caption=str(line),
        back_url=back,
        intro="Recording a month that already has an actual replaces it; the history keeps both.",
        button="Record actual",
    )
