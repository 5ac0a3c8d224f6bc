"""Pages for finding and merging duplicate children: the review queue, one pair side by side with the
decision, the merge history and undoing a merge. Data officers and administrators only (403 for
anyone else); every page showing a child's details is recorded in the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sendcase.core import permissions
from sendcase.core.audit import audit_view
from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.forms import error_title
from sendcase.core.identifiers import format_nhs_number

from . import merging, runs, selectors
from .forms import DecisionForm, UndoForm
from .matcher import COMPARISON_TITLES
from .models import CandidateStatus

PER_PAGE = 25


def _require(request: HttpRequest) -> None:
    if not permissions.can_import_data(request.user):
        raise PermissionDenied


def queue(request: HttpRequest) -> HttpResponse:
    _require(request)
    status = request.GET.get("status", CandidateStatus.PENDING)
    if status not in CandidateStatus.values:
        status = CandidateStatus.PENDING
    page = Paginator(selectors.candidates_for(request.user, status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "linkage/queue.html",
        {
            "page_title": "Possible duplicate children",
            "page": page,
            "status": status,
            "statuses": CandidateStatus.choices,
            "latest_run": selectors.latest_run(request.user),
        },
    )


@require_POST
def run(request: HttpRequest) -> HttpResponse:
    _require(request)
    result = runs.find_duplicates(acting_user=request.user)
    messages.success(
        request,
        f"Compared {result.records_compared} records: {result.merged_automatically} certain "
        f"duplicate{'s' if result.merged_automatically != 1 else ''} merged, "
        f"{result.queued_for_review} possible match{'es' if result.queued_for_review != 1 else ''} to review",
    )
    return redirect("linkage:queue")


def _rows(a: dict, b: dict) -> list[tuple[str, str, str]]:
    """The compared details, one row each, with both records' values."""

    def values(s: dict) -> dict[str, str]:
        c = s["child"]
        return {
            "Reference": c.reference,
            "Legal name": c.legal_name,
            "Preferred name": c.preferred_name or "None recorded",
            "Date of birth": f"{c.date_of_birth:%-d %B %Y}",
            "Sex": c.get_sex_display(),
            "UPN": c.upn or "Not known",
            "NHS number": format_nhs_number(c.nhs_number) if c.nhs_number else "Not known",
            "Address": ", ".join(p for p in (c.address_line_1, c.town, c.postcode) if p) or "Not known",
            "EHC plan in force": "Yes" if s["active_plan"] else "No",
            "Requests, plans, contacts, documents": (
                f"{s['requests']}, {s['plans']}, {s['contacts']}, {s['documents']}"
            ),
            "Officer": s["officer"].display_name if s["officer"] else "Not allocated",
        }

    left, right = values(a), values(b)
    return [(label, left[label], right[label]) for label in left]


@require_http_methods(["GET", "POST"])
def candidate(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    pair = selectors.candidate_for(request.user, pk)
    children = (pair.child_a, pair.child_b)
    form = DecisionForm(
        request.POST or None,
        children=children,
        initial={"version": pair.version, "survivor": pair.child_a_id},
    )
    if request.method == "POST" and pair.status == CandidateStatus.PENDING and form.is_valid():
        action = request.POST.get("action")
        try:
            if action == "merge":
                record = runs.candidate_merge(
                    acting_user=request.user,
                    candidate=pair,
                    expected_version=form.cleaned_data["version"],
                    survivor_id=form.cleaned_data["survivor"],
                    notes=form.cleaned_data["notes"],
                )
                messages.success(
                    request, f"{record.duplicate.reference} merged into {record.merged_into.reference}"
                )
                return redirect("linkage:merges")
            runs.candidate_reject(
                acting_user=request.user,
                candidate=pair,
                expected_version=form.cleaned_data["version"],
                notes=form.cleaned_data["notes"],
            )
            messages.success(
                request,
                f"Recorded {pair.child_a.reference} and {pair.child_b.reference} as different children",
            )
            return redirect("linkage:queue")
        except NotPermitted as exc:
            raise PermissionDenied from exc
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    if request.method == "GET":
        for child in children:
            audit_view(
                user=request.user, obj=child, summary=f"Compared as a possible duplicate (pair {pair.pk})"
            )
    summaries = [selectors.child_summary(c) for c in children]
    details = [
        (COMPARISON_TITLES.get(name, name), item.get("level", ""), item.get("weight", 0))
        for name, item in pair.comparison.items()
    ]
    refusal = merging.merge_refusal(*children) if pair.status == CandidateStatus.PENDING else None
    return render(
        request,
        "linkage/candidate.html",
        {
            "page_title": error_title(form, f"Compare {pair.child_a.reference} and {pair.child_b.reference}"),
            "pair": pair,
            "form": form,
            "rows": _rows(*summaries),
            "details": details,
            "refusal": refusal,
        },
    )


def merges(request: HttpRequest) -> HttpResponse:
    _require(request)
    page = Paginator(selectors.merges_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "linkage/merges.html", {"page_title": "Merged records", "page": page})


@require_http_methods(["GET", "POST"])
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    record = selectors.merge_for(request.user, pk)
    form = UndoForm(request.POST or None)
    refusal = merging.undo_refusal(record)
    if request.method == "POST" and form.is_valid():
        try:
            merging.merge_undo(acting_user=request.user, merged=record, reason=form.cleaned_data["reason"])
        except NotPermitted as exc:
            raise PermissionDenied from exc
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"Merge undone: {record.duplicate.reference} is a separate record again"
            )
            return redirect("linkage:merges")
    return render(
        request,
        "linkage/undo.html",
        {
            "page_title": error_title(form, f"Undo the merge of {record.duplicate.reference}"),
            "record": record,
            "form": form,
            "refusal": refusal,
            "moved": [
                (item.label, len(record.snapshot.get("moved", {}).get(item.key, [])))
                for item in merging.MOVED
            ],
        },
    )
