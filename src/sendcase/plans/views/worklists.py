"""The annual review worklists and the phase transfer tracker, with CSV and Excel downloads.

Staff (read-only oversight included) may view and download; everyone else gets 403 before anything is
read. Filters are a plain GET form (works without JavaScript). `?format=csv` or `?format=xlsx` on any
page downloads the list being shown, with the same filters and every row (not just the current page),
through `core.exports`, and records an EXPORT entry in the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from sendcase.caseload.models import Team
from sendcase.caseload.selectors import case_holders
from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.exports import Column, export_csv, export_xlsx
from sendcase.core.models import AuditAction, User
from sendcase.plans import worklists as wl
from sendcase.plans.cohort import phase_transfer_cohort_record
from sendcase.settings_data.models import Establishment, Locality

PAGE_SIZE = 50
FORMATS = ("csv", "xlsx")


class OfficerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class WorklistFilterForm(forms.Form):
    officer = OfficerField(
        label="Officer", required=False, queryset=User.objects.none(), empty_label="All officers"
    )
    team = forms.ModelChoiceField(
        label="Team", required=False, queryset=Team.objects.order_by("name"), empty_label="All teams"
    )
    locality = forms.ModelChoiceField(
        label="Locality",
        required=False,
        queryset=Locality.objects.order_by("name"),
        empty_label="All localities",
    )
    school = forms.ModelChoiceField(
        label="School or setting",
        required=False,
        queryset=Establishment.objects.order_by("name"),
        empty_label="All schools and settings",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = case_holders().order_by("last_name", "first_name", "username")

    def filters(self) -> wl.WorklistFilters:
        """The filters chosen; an invalid choice (a stale link) is ignored rather than failing."""
        if not self.is_bound:
            return wl.WorklistFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})

        def pk(name: str) -> int | None:
            value = data.get(name)
            return value.pk if value is not None else None

        return wl.WorklistFilters(
            officer_id=pk("officer"), team_id=pk("team"), locality_id=pk("locality"), school_id=pk("school")
        )


class YearForm(forms.Form):
    year = forms.IntegerField(label="Year of transfer", min_value=2000, max_value=2100, required=False)


@dataclass(frozen=True)
class Col:
    """A column shown on the page and written to the download. `kind` says how the page draws it:
    child (name linked to the plan's reviews, with reference), date, days (a coloured tag), text."""

    header: str
    attr: str
    kind: str = "text"


COMMON = (
    Col("Child", "child_name", "child"),
    Col("Officer", "officer"),
    Col("Team", "team"),
    Col("Locality", "locality"),
    Col("School or setting", "school"),
)
COLUMNS: dict[str, tuple[Col, ...]] = {
    wl.LIST_DUE: (
        *COMMON,
        Col("Review due", "due_on", "date"),
        Col("Time left", "days_left", "days"),
        Col("Last review", "last_review_on", "date"),
        Col("Review stage", "review_status"),
        Col("Meeting", "meeting_on", "date"),
    ),
    wl.LIST_OVERDUE: (
        *COMMON,
        Col("Review due", "due_on", "date"),
        Col("Time left", "days_left", "days"),
        Col("Last review", "last_review_on", "date"),
        Col("Review stage", "review_status"),
        Col("Meeting", "meeting_on", "date"),
    ),
    wl.LIST_DECISIONS: (
        *COMMON,
        Col("Meeting held", "meeting_on", "date"),
        Col("Decision due", "due_on", "date"),
        Col("Time left", "days_left", "days"),
        Col("Review stage", "review_status"),
    ),
    wl.LIST_AMENDMENTS: (
        *COMMON,
        Col("Amendment notice sent", "amendment_notice_on", "date"),
        Col("Amended plan due", "due_on", "date"),
        Col("Time left", "days_left", "days"),
    ),
}
PHASE_COLUMNS = (
    Col("Child", "child_name", "child"),
    Col("Transfer", "transfer"),
    Col("Deadline", "deadline", "date"),
    Col("Status", "status_label", "phase_status"),
    Col("Current school or setting", "current_school"),
    Col("School named", "named_school"),
    Col("Named on", "named_on", "date"),
    Col("Reviewed", "reviewed", "yesno"),
    Col("Officer", "officer"),
    Col("Team", "team"),
)
SCHOOL_COLUMNS = (
    Column("School or setting", "school"),
    Column("Transfers", "total"),
    Column("Reviewed", "reviewed"),
    Column("Named", "named"),
    Column("Not yet named", "outstanding"),
)


def _require_staff(user: User) -> None:
    if not permissions.is_staff_member(user):
        raise PermissionDenied


def _export_columns(cols: Sequence[Col]) -> list[Column]:
    """The download's columns: the page's, with the child's reference in a column of its own and the
    time left as a number of days (negative: overdue)."""
    columns: list[Column] = []
    for col in cols:
        if col.kind == "child":
            columns += [Column("Child", "child_name"), Column("Reference", "reference")]
        elif col.kind == "days":
            columns.append(Column("Days left (negative: overdue)", col.attr))
        elif col.kind == "yesno":
            columns.append(
                Column(col.header, lambda row, attr=col.attr: "Yes" if getattr(row, attr) else "No")
            )
        else:
            columns.append(Column(col.header, col.attr))
    return columns


def _export(
    request: HttpRequest,
    *,
    fmt: str,
    rows: list,
    columns: Sequence[Column],
    filename: str,
    what: str,
    filters: wl.WorklistFilters,
) -> HttpResponse:
    writer = export_csv if fmt == "csv" else export_xlsx
    response = writer(rows, columns, filename)
    audit_record(
        user=request.user,
        action=AuditAction.EXPORT,
        summary=f"Downloaded {what} ({len(rows)} rows, {fmt.upper()}; {filters.describe()})",
    )
    return response


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _table(rows: list, cols: Sequence[Col]) -> list[dict]:
    return [{"row": row, "cells": [(col.kind, getattr(row, col.attr)) for col in cols]} for row in rows]


@require_GET
def reviews(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_staff(user)
    as_of = timezone.localdate()
    filter_form = WorklistFilterForm(request.GET or None)
    filters = filter_form.filters()
    current = request.GET.get("list", wl.LIST_DUE)
    if current not in wl.LISTS:
        current = wl.LIST_DUE
    queryset = wl.worklist_queryset(current, user, as_of=as_of, filters=filters)
    cols = COLUMNS[current]
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        rows = wl.worklist_rows(queryset, as_of=as_of)
        return _export(
            request,
            fmt=fmt,
            rows=rows,
            columns=_export_columns(cols),
            filename=f"{current}-reviews-{as_of.isoformat()}",
            what=wl.LIST_TITLES[current].lower(),
            filters=filters,
        )
    counts = wl.worklist_counts(user, as_of=as_of, filters=filters)
    paginator = Paginator(queryset, PAGE_SIZE)
    paginator.count = counts[current]  # already counted: no second count query
    page = paginator.get_page(request.GET.get("page"))
    rows = wl.worklist_rows(page.object_list, as_of=as_of)
    base_query = _query_without(request, "list", "page", "format")
    tabs = [
        {
            "name": name,
            "title": wl.LIST_TITLES[name],
            "count": counts[name],
            "query": f"{base_query}&list={name}" if base_query else f"list={name}",
            "current": name == current,
        }
        for name in wl.LISTS
    ]
    export_query = _query_without(request, "page", "format", "list")
    export_query = f"{export_query}&list={current}" if export_query else f"list={current}"
    return render(
        request,
        "plans/worklists/reviews.html",
        {
            "page_title": wl.LIST_TITLES[current],
            "as_of": as_of,
            "filter_form": filter_form,
            "current": current,
            "title": wl.LIST_TITLES[current],
            "tabs": tabs,
            "cols": cols,
            "table": _table(rows, cols),
            "page": page,
            "export_query": export_query,
            "hidden": [("list", current)],
            # With one school chosen, its reviews can be arranged together (bulk scheduling).
            "school_id": filters.school_id,
        },
    )


def default_transfer_year(as_of: dt.date) -> int:
    """The transfer year officers are working on: this year until the September move, then next year."""
    return as_of.year if as_of.month < 9 else as_of.year + 1


@require_GET
def phase_transfers(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_staff(user)
    as_of = timezone.localdate()
    year_form = YearForm(request.GET or None, initial={"year": default_transfer_year(as_of)})
    year = None
    if year_form.is_bound and year_form.is_valid():
        year = year_form.cleaned_data["year"]
    year = year or default_transfer_year(as_of)
    filter_form = WorklistFilterForm(request.GET or None)
    filters = filter_form.filters()
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        if request.GET.get("table") == "schools":
            rows = wl.phase_progress_by_school(user, year=year, filters=filters)
            return _export(
                request,
                fmt=fmt,
                rows=rows,
                columns=SCHOOL_COLUMNS,
                filename=f"phase-transfers-{year}-by-school",
                what=f"phase transfer progress by school for {year}",
                filters=filters,
            )
        rows = wl.phase_rows(wl.phase_transfers(user, year=year, filters=filters), as_of=as_of)
        return _export(
            request,
            fmt=fmt,
            rows=rows,
            columns=_export_columns(PHASE_COLUMNS),
            filename=f"phase-transfers-{year}",
            what=f"phase transfers for {year}",
            filters=filters,
        )
    counts = wl.phase_status_counts(user, year=year, as_of=as_of, filters=filters)
    paginator = Paginator(wl.phase_transfers(user, year=year, filters=filters), PAGE_SIZE)
    paginator.count = counts["total"]
    page = paginator.get_page(request.GET.get("page"))
    rows = wl.phase_rows(page.object_list, as_of=as_of)
    base = _query_without(request, "page", "format", "table", "year")
    export_query = f"{base}&year={year}" if base else f"year={year}"
    return render(
        request,
        "plans/worklists/phase_transfers.html",
        {
            "page_title": f"Phase transfers in {year}",
            "as_of": as_of,
            "year": year,
            "year_form": year_form,
            "filter_form": filter_form,
            "counts": counts,
            "labels": wl.PHASE_STATUS_LABELS,
            "by_school": wl.phase_progress_by_school(user, year=year, filters=filters),
            "cols": PHASE_COLUMNS,
            "table": _table(rows, PHASE_COLUMNS),
            "page": page,
            "export_query": export_query,
            "at_risk_days": wl.AT_RISK_DAYS,
            "hidden": [],
        },
    )


@require_POST
def record_cohort(request: HttpRequest) -> HttpResponse:
    """Record the year's phase-transfer cohort (found from date of birth and current phase)."""
    if not permissions.can_edit_cases(request.user):
        raise PermissionDenied
    year_form = YearForm(request.POST)
    if not year_form.is_valid() or not year_form.cleaned_data["year"]:
        messages.error(request, "Enter a real year, like 2027.")
        return redirect("plan_worklists:phase_transfers")
    year = year_form.cleaned_data["year"]
    result = phase_transfer_cohort_record(acting_user=request.user, transfer_year=year)
    text = (
        f"{result.recorded} phase transfers recorded for {year}; "
        f"{result.already_recorded} were already recorded."
    )
    if result.refused:
        text += f" {len(result.refused)} could not be recorded: " + "; ".join(
            f"{plan.child.full_name} ({reason})" for plan, reason in result.refused[:10]
        )
    messages.success(request, text)
    return redirect(f"{reverse('plan_worklists:phase_transfers')}?year={year}")
