"""The performance dashboards: the overview, a page per indicator, the cases behind a figure, exports,
and recomputing a month.

Every page needs `can_read_performance` (staff and board members; never families, schools or advisers);
recomputing needs `can_produce_returns`; setting a target needs `can_edit_improvement_plan` (programme
staff). The list of cases behind a figure shows children's names, so each
child listed is recorded in the audit log as viewed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.errors import ServiceError
from sendcase.core.exports import Column, export_csv, export_xlsx
from sendcase.core.forms import error_title
from sendcase.core.models import AuditAction, User

from . import analysis, selectors
from .compute import month_end, previous_month_end, snapshot_month
from .forms import IndicatorForm, PeriodForm, TargetForm, parse_month
from .indicators.base import BREAKDOWN_LABELS, WINDOW_LABELS, Indicator
from .indicators.registry import INDICATORS
from .models import IndicatorSnapshot
from .services import target_set
from .sparkline import chart
from .summary import headline, headlines
from .targets import target_history, target_record, timeline

CASES_PAGE_SIZE = 50


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _indicator(indicator_id: str) -> Indicator:
    """The indicator's definition (`targets.timeline` gives the target it is measured against in a month)."""
    indicator = INDICATORS.get(indicator_id)
    if indicator is None:
        raise Http404("No such indicator")
    return indicator


def _default_month() -> dt.date:
    return previous_month_end(timezone.localdate())


def _period(request: HttpRequest, months: list[dt.date]) -> dt.date:
    """The month asked for (?period=YYYY-MM), else the latest computed, else last month."""
    asked = parse_month(request.GET.get("period", ""))
    if asked is not None:
        return month_end(asked)
    return months[0] if months else _default_month()


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(permissions.can_read_performance(user))
    months = selectors.computed_months(user)
    period_end = _period(request, months)
    form = PeriodForm(initial={"period": f"{period_end:%Y-%m}"}, months=months or [period_end])
    tiles = headlines(period_end)
    groups = [(name, list(items)) for name, items in groupby(tiles, key=lambda h: h.indicator.group)]
    return render(
        request,
        "performance/overview.html",
        {
            "page_title": "Service performance",
            "period_end": period_end,
            "form": form,
            "groups": groups,
            "computed": any(t.computed for t in tiles),
            "last_computed_at": _computed_at(period_end),
            "can_recompute": permissions.can_produce_returns(user),
        },
    )


def _computed_at(period_end: dt.date) -> dt.datetime | None:
    return (
        IndicatorSnapshot.objects.filter(period_end=period_end)
        .order_by("-computed_at")
        .values_list("computed_at", flat=True)
        .first()
    )


def _series_row(then: Indicator, point: analysis.Point) -> dict:
    """A month in the indicator's table, with the target it had then and how it stood against it."""
    rag = analysis.rag(then, point.value)
    return {
        "point": point,
        "display": analysis.display(then, point.value),
        "target_display": analysis.display(then, then.target) if then.target is not None else "No target",
        "rag_label": analysis.RAG_LABELS[rag],
        "rag_class": analysis.RAG_TAG_CLASSES.get(rag, "govuk-tag--grey"),
    }


@require_GET
def indicator_detail(request: HttpRequest, indicator_id: str) -> HttpResponse:
    user = request.user
    _require(permissions.can_read_performance(user))
    targets = timeline(_indicator(indicator_id))
    months = selectors.computed_months(user)
    period_end = _period(request, months)
    indicator = targets.at(period_end)  # with the target in force that month
    breakdown = request.GET.get("breakdown", "")
    if breakdown not in indicator.breakdowns:
        breakdown = ""
    form = IndicatorForm(
        initial={"period": f"{period_end:%Y-%m}", "breakdown": breakdown},
        months=months or [period_end],
        breakdowns=indicator.breakdowns,
    )
    head = headline(targets, period_end)
    by_breakdown = []
    if breakdown:
        by_breakdown = [
            {
                "value": s.breakdown_value,
                "numerator": s.numerator,
                "denominator": s.denominator,
                "display": analysis.display(indicator, s.value),
                "rag": analysis.rag(indicator, s.value),
                "rag_label": analysis.RAG_LABELS[analysis.rag(indicator, s.value)],
                "rag_class": analysis.RAG_TAG_CLASSES.get(
                    analysis.rag(indicator, s.value), "govuk-tag--grey"
                ),
            }
            for s in selectors.breakdown_figures(user, indicator, period_end, breakdown)
        ]
    return render(
        request,
        "performance/indicator.html",
        {
            "page_title": indicator.title,
            "indicator": indicator,
            "head": head,
            "chart": chart(indicator, head.points, target_at=targets.at),
            "series_rows": [_series_row(targets.at(p.period_end), p) for p in reversed(head.points)],
            "form": form,
            "breakdown": breakdown,
            "breakdown_label": BREAKDOWN_LABELS.get(breakdown, ""),
            "by_breakdown": by_breakdown,
            "window_label": WINDOW_LABELS[indicator.window],
            "comparison": head.comparison,
            "period_param": f"{period_end:%Y-%m}",
            "can_set_target": permissions.can_edit_improvement_plan(user),
            "target_changes": [
                {
                    "change": c,
                    "applies_from": f"{c.applies_from:%B %Y}",
                    "before": analysis.display(indicator, c.target_before)
                    if c.target_before is not None
                    else "none",
                    "after": analysis.display(indicator, c.target_after)
                    if c.target_after is not None
                    else "none",
                }
                for c in target_history(indicator)
            ],
        },
    )


TARGET_MONTHS_OFFERED = 120  # the most months "applies from" lists, this month and back


def _target_months(user: User) -> list[dt.date]:
    """The months a target can be made to apply from: this month back to the earliest month with figures
    (or a year back when none have been computed), first days of months, newest first."""
    this_month = timezone.localdate().replace(day=1)
    computed = selectors.computed_months(user)
    earliest = min(computed).replace(day=1) if computed else this_month.replace(year=this_month.year - 1)
    months = [this_month]
    while months[-1] > earliest and len(months) < TARGET_MONTHS_OFFERED:
        months.append(previous_month_end(months[-1]).replace(day=1))
    return months


def target_change(request: HttpRequest, indicator_id: str) -> HttpResponse:
    """Set or change the target an indicator is measured against (programme staff), from a month on."""
    user = request.user
    _require(permissions.can_edit_improvement_plan(user))
    indicator = _indicator(indicator_id)
    months = _target_months(user)
    asked = parse_month(request.GET.get("period", ""))
    from_month = asked if asked in months else months[0]
    now = timeline(indicator).at(from_month)
    record = target_record(indicator)
    back = reverse("performance:indicator", args=[indicator.id])
    if asked is not None:
        back += f"?period={asked:%Y-%m}"
    if request.method == "POST":
        form = TargetForm(request.POST, months=months)
        if form.is_valid():
            data = form.cleaned_data
            try:
                target_set(
                    acting_user=user,
                    indicator=indicator,
                    expected_version=data["version"],
                    target=data["target"],
                    amber_within=data["amber_within"],
                    reason=data["reason"],
                    applies_from=data["applies_from"],
                )
            except ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request, f"Target for '{indicator.title}' saved, from {data['applies_from']:%B %Y}"
                )
                return redirect(back)
    else:
        form = TargetForm(
            months=months,
            initial={
                "target": now.target,
                "amber_within": now.amber_within,
                "applies_from": f"{from_month:%Y-%m}",
                "version": record.version if record else 0,
            },
        )
    return render(
        request,
        "performance/target_form.html",
        {
            "page_title": error_title(form, f"Target: {indicator.title}"),
            "indicator": indicator,
            "form": form,
            "back_url": back,
        },
    )


def _case_rows(request: HttpRequest, indicator: Indicator, period_end: dt.date, *, with_breakdowns: bool):
    breakdown = request.GET.get("breakdown", "")
    value = request.GET.get("value", "")
    if breakdown and breakdown not in indicator.breakdowns:
        raise Http404("No such breakdown")
    rows = selectors.cases_behind(
        request.user, indicator, period_end, breakdown=breakdown, value=value, with_breakdowns=with_breakdowns
    )
    return rows, breakdown, value


def _scope_text(indicator: Indicator, period_end: dt.date, breakdown: str, value: str) -> str:
    text = f"{indicator.title}, {period_end:%B %Y}"
    if breakdown:
        text += f", {BREAKDOWN_LABELS[breakdown].lower()}: {value}"
    return text


@require_GET
def indicator_cases(request: HttpRequest, indicator_id: str) -> HttpResponse:
    user = request.user
    _require(permissions.can_read_performance(user))
    indicator = _indicator(indicator_id)
    period_end = _period(request, selectors.computed_months(user))
    rows, breakdown, value = _case_rows(request, indicator, period_end, with_breakdowns=False)
    page = Paginator(rows, CASES_PAGE_SIZE).get_page(request.GET.get("page"))
    children = selectors.children_by_id(user, {r.child_id for r in page if r.child_id})
    scope = _scope_text(indicator, period_end, breakdown, value)
    # Names of children are on this page: each one listed is recorded as viewed.
    for child in children.values():
        audit_record(
            user=user, action=AuditAction.VIEW, obj=child, summary=f"Listed behind a figure: {scope}"
        )
    audit_record(
        user=user, action=AuditAction.VIEW, summary=f"Cases behind a figure: {scope} (page {page.number})"
    )
    return render(
        request,
        "performance/cases.html",
        {
            "page_title": f"Cases behind: {indicator.title}",
            "indicator": indicator,
            "period_end": period_end,
            "scope": scope,
            "breakdown": breakdown,
            "value": value,
            "page": page,
            "rows": [{"row": r, "child": children.get(r.child_id)} for r in page],
            "total": len(rows),
            "hits": sum(1 for r in rows if r.hit),
            "query": request.GET.urlencode(),
        },
    )


def _export(kind: str, rows, columns, filename: str, title: str) -> HttpResponse:
    if kind == "xlsx":
        return export_xlsx(rows, columns, filename, sheet_title=title)
    if kind == "csv":
        return export_csv(rows, columns, filename)
    raise Http404("No such format")


def _against_target(then: Indicator, value: Decimal | None) -> dict:
    target = then.target.quantize(Decimal("0.01")) if then.target is not None else None  # as figures are
    return {"target": target, "rag": analysis.RAG_LABELS[analysis.rag(then, value)]}


@require_GET
def indicator_export(request: HttpRequest, indicator_id: str, kind: str) -> HttpResponse:
    """The indicator's monthly figures and, for the month, every breakdown, each with the target it was
    measured against."""
    user = request.user
    _require(permissions.can_read_performance(user))
    indicator = _indicator(indicator_id)
    targets = timeline(indicator)
    period_end = _period(request, selectors.computed_months(user))
    series = analysis.series(indicator, end=period_end, months=24)
    rows = [
        {
            "period": p.period_end,
            "breakdown": "Overall",
            "value_name": "All",
            "n": p.numerator,
            "d": p.denominator,
            "v": p.value,
            **_against_target(targets.at(p.period_end), p.value),
        }
        for p in series
    ]
    then = targets.at(period_end)
    for name in indicator.breakdowns:
        for s in selectors.breakdown_figures(user, indicator, period_end, name):
            rows.append(
                {
                    "period": s.period_end,
                    "breakdown": BREAKDOWN_LABELS[name],
                    "value_name": s.breakdown_value,
                    "n": s.numerator,
                    "d": s.denominator,
                    "v": s.value,
                    **_against_target(then, s.value),
                }
            )
    columns = [
        Column("Month ending", "period"),
        Column("Breakdown", "breakdown"),
        Column("Group", "value_name"),
        Column("Numerator", "n"),
        Column("Denominator", "d"),
        Column(f"Value ({indicator.unit})", "v"),
        Column("Target that month", "target"),
        Column("Against target", "rag"),
    ]
    audit_record(
        user=user, action=AuditAction.EXPORT, summary=f"Indicator figures: {indicator.title} to {period_end}"
    )
    return _export(
        kind, rows, columns, f"{indicator.id}-{period_end:%Y-%m}", indicator.short_title or indicator.id
    )


@require_GET
def cases_export(request: HttpRequest, indicator_id: str, kind: str) -> HttpResponse:
    user = request.user
    _require(permissions.can_read_performance(user))
    indicator = _indicator(indicator_id)
    period_end = _period(request, selectors.computed_months(user))
    rows, breakdown, value = _case_rows(request, indicator, period_end, with_breakdowns=True)
    children = selectors.children_by_id(user, {r.child_id for r in rows if r.child_id})
    scope = _scope_text(indicator, period_end, breakdown, value)
    columns = [
        Column("Reference", lambda r: children[r.child_id].reference if r.child_id in children else ""),
        Column("Name", lambda r: children[r.child_id].full_name if r.child_id in children else r.label),
        Column("What was counted", "label"),
        Column("Detail", "detail"),
    ]
    if indicator.aggregate == "rate":
        columns.append(Column(indicator.hit_label, lambda r: r.hit))
    if indicator.aggregate in ("mean", "max"):
        columns.append(Column("Amount", "amount"))
    columns += [Column(BREAKDOWN_LABELS[b], lambda r, b=b: r.attrs.get(b, "")) for b in indicator.breakdowns]
    audit_record(
        user=user, action=AuditAction.EXPORT, summary=f"Cases behind a figure: {scope} ({len(rows)} rows)"
    )
    return _export(kind, rows, columns, f"{indicator.id}-cases-{period_end:%Y-%m}", "Cases")


@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(permissions.can_produce_returns(user))
    period_end = month_end(parse_month(request.POST.get("period", "")) or _default_month())
    if period_end > month_end(timezone.localdate()):
        messages.error(request, "You cannot compute figures for a month that has not started")
        return redirect("performance:overview")
    written = snapshot_month(period_end)
    audit_record(
        user=user, action=AuditAction.UPDATE, summary=f"Recomputed indicators for {period_end:%B %Y}"
    )
    messages.success(request, f"Figures for {period_end:%B %Y} recomputed ({written} figures)")
    return redirect(reverse("performance:overview") + f"?period={period_end:%Y-%m}")
