"""Worklists, the manager's caseload view, allocation and "Take this case".

Who may see what: staff see their own worklist and the unallocated cases; managers and read-only
oversight see every officer's caseload; only managers allocate; case officers (and team managers) take
unallocated cases. Everyone else gets 403 on every page, before any record is looked up.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendcase.core import permissions
from sendcase.core.audit import audit_view
from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.models import User
from sendcase.people.models import Child

from .forms import AllocateForm, TeamFilterForm, WorklistFilterForm
from .selectors import (
    case_holders,
    caseloads,
    current_allocation,
    overdue_by_team,
    unallocated_cases,
    worklist_for_officer,
    worklist_rows,
    worklist_summary,
)
from .services import allocation_assign, allocation_take, can_take_cases, officer_label

WORKLIST_PAGE_SIZE = 50
UNALLOCATED_PANEL_SIZE = 25
UNALLOCATED_PAGE_SIZE = 25


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _action_flags(user: User) -> dict[str, bool]:
    return {"can_allocate": permissions.can_manage_caseload(user), "can_take": can_take_cases(user)}


def _render_worklist(request: HttpRequest, *, officer: User) -> HttpResponse:
    as_of = timezone.localdate()
    own = officer.pk == request.user.pk
    filter_form = WorklistFilterForm(request.GET or None)
    stage = filter_form.cleaned_data["stage"] if filter_form.is_valid() else ""
    rows = worklist_for_officer(officer, as_of=as_of, viewer=request.user, stage=stage or None)
    heading = "My worklist" if own else f"{officer.display_name}'s worklist"
    context = {
        "page_title": heading,
        "heading": heading,
        "officer": officer,
        "own": own,
        "as_of": as_of,
        "filter_form": filter_form,
        "stage": stage,
        "summary": worklist_summary(rows),
        "page": Paginator(rows, WORKLIST_PAGE_SIZE).get_page(request.GET.get("page")),
        **_action_flags(request.user),
    }
    if own:
        # The officer's own page also offers the most urgent unallocated cases, so work nobody holds is
        # seen by the people who could take it.
        unallocated = unallocated_cases(request.user)
        context["unallocated_total"] = unallocated.count()
        context["unallocated_rows"] = worklist_rows(unallocated[:UNALLOCATED_PANEL_SIZE], as_of=as_of)
    return render(request, "caseload/worklist.html", context)


@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    _require(permissions.is_staff_member(request.user))
    return _render_worklist(request, officer=request.user)


@require_GET
def officer_worklist(request: HttpRequest, user_id: int) -> HttpResponse:
    _require(permissions.can_view_caseloads(request.user))
    officer = get_object_or_404(case_holders(), pk=user_id)
    return _render_worklist(request, officer=officer)


@require_GET
def manager(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(permissions.can_view_caseloads(user))
    as_of = timezone.localdate()
    team_form = TeamFilterForm(request.GET or None)
    team = team_form.cleaned_data["team"] if team_form.is_valid() else None
    unallocated_page = Paginator(unallocated_cases(user), UNALLOCATED_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    loads = caseloads(user, team=team)
    return render(
        request,
        "caseload/manager.html",
        {
            "page_title": "Team caseloads",
            "as_of": as_of,
            "team_form": team_form,
            "team": team,
            "caseloads": loads,
            "over_threshold_count": sum(1 for c in loads if c.over_threshold),
            "unallocated_page": unallocated_page,
            "unallocated_rows": worklist_rows(unallocated_page, as_of=as_of),
            "overdue_teams": overdue_by_team(user, as_of=as_of),
            **_action_flags(user),
        },
    )


@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, child_pk: int) -> HttpResponse:
    user = request.user
    _require(permissions.can_manage_caseload(user))
    child = get_object_or_404(Child, pk=child_pk)
    current = current_allocation(child)
    form = AllocateForm(request.POST if request.method == "POST" else None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            allocation = allocation_assign(
                acting_user=user,
                child=child,
                officer=form.cleaned_data["officer"],
                reason=form.cleaned_data["reason"],
            )
        except NotPermitted as exc:
            raise PermissionDenied from exc
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, f"Case allocated to {officer_label(allocation.officer, allocation.team)}"
            )
            return redirect("people:child_detail", pk=child.pk)
    if request.method == "GET":
        audit_view(user=user, obj=child, summary="Allocation page")
    verb = "Reallocate" if current is not None else "Allocate"
    return render(
        request,
        "caseload/allocate.html",
        {
            "page_title": f"{'Error: ' if form.errors else ''}{verb} {child.full_name}'s case",
            "verb": verb,
            "child": child,
            "current": current,
            "form": form,
        },
    )


@require_POST
def take(request: HttpRequest, child_pk: int) -> HttpResponse:
    user = request.user
    _require(can_take_cases(user))
    child = get_object_or_404(Child, pk=child_pk)
    try:
        allocation_take(acting_user=user, child=child)
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{child.full_name}'s case is now on your worklist")
    return redirect("caseload:worklist")
