"""Data-quality pages: the overview (scores out of 10 with their trend, per dataset and rule, for the
authority, a team or an officer) and a page per rule listing the records that break it, each one click
from the page that fixes it, with CSV and XLSX export. Every member of staff may read them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.exports import Column, export_csv, export_xlsx
from sendcase.core.models import AuditAction

from . import selectors
from .forms import ScopeForm
from .rules import rule_by_id

PER_PAGE = 50
EXPORT_COLUMNS = [
    Column("Reference", "reference"),
    Column("Child", "child_name"),
    Column("Problem", "problem"),
    Column("Officer", "officer"),
    Column("Team", "team"),
]


def _require(request: HttpRequest) -> None:
    if not permissions.can_read_performance(request.user):
        raise PermissionDenied


def _scope(request: HttpRequest) -> tuple[ScopeForm, object, object]:
    form = ScopeForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data.get("team"), form.cleaned_data.get("officer")
    return form, None, None


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    _require(request)
    form, team, officer = _scope(request)
    summary = selectors.summary(team=team, officer=officer, today=timezone.localdate())
    teams, officers = selectors.breakdown() if team is None and officer is None else ([], [])
    return render(
        request,
        "data_quality/overview.html",
        {
            "page_title": "Data quality",
            "form": form,
            "team": team,
            "officer": officer,
            "summary": summary,
            "trend": selectors.trend(team=team, officer=officer),
            "team_scores": teams,
            "officer_scores": officers,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def rule(request: HttpRequest, rule_id: str) -> HttpResponse:
    _require(request)
    found = rule_by_id(rule_id)
    if found is None:
        raise Http404
    form, team, officer = _scope(request)
    as_of = timezone.localdate()
    rows, checked = selectors.failing_records(found, as_of=as_of, team=team, officer=officer)
    scope = officer.display_name if officer else (team.name if team else "the authority")
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        audit_record(
            user=request.user,
            action=AuditAction.EXPORT,
            summary=f"Exported {len(rows)} records breaking data-quality rule {found.id} ({scope}), {export}",
        )
        filename = f"data-quality-{found.id}-{as_of:%Y-%m-%d}"
        if export == "csv":
            return export_csv(rows, EXPORT_COLUMNS, filename)
        return export_xlsx(rows, EXPORT_COLUMNS, filename, sheet_title=found.id)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    # The list names children: reading it is recorded like a search.
    audit_record(
        user=request.user,
        action=AuditAction.VIEW,
        summary=f"Viewed records breaking data-quality rule {found.id} ({scope})",
    )
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    return render(
        request,
        "data_quality/rule.html",
        {
            "page_title": f"{found.title} – data quality",
            "rule": found,
            "form": form,
            "page": page,
            "checked": checked,
            "failing": len(rows),
            "as_of": as_of,
            "scope": scope,
            "query": params.urlencode(),
        },
    )
