"""Pages for a plan's annual reviews, cessation and phase transfers, a child's placements, and bulk
scheduling of reviews at one school.

As in `assessments.views`, each step is declared once in a registry (title, form, the states that show
it, and the service call), and one view per registry handles them all: show the form, call the service,
show its refusal against the right field. Outsiders get 404 (through the selectors); people who may
read but not edit get 403 on every step page; every page view is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendcase.core import permissions
from sendcase.core.audit import audit_record, audit_view
from sendcase.core.errors import ServiceError
from sendcase.core.models import AuditAction
from sendcase.people.selectors import child_for_user
from sendcase.plans.forms import reviews as f
from sendcase.plans.models import CessationStatus, PlanStatus, ReviewStatus
from sendcase.plans.selectors_reviews import (
    bulk_candidates,
    cessation_page,
    establishment_for_user,
    phase_rows,
    placements_for_child,
    plan_for_user,
    reviews_page,
)
from sendcase.plans.services import cessation as cs
from sendcase.plans.services import placements as ps
from sendcase.plans.services import reviews as rs
from sendcase.plans.services import transfers as ts

NONE = "none"  # the state when there is no open review or cessation
R = ReviewStatus
C = CessationStatus


@dataclass(frozen=True)
class StepPage:
    slug: str
    title: str
    form: type[forms.Form]
    states: frozenset[str]
    perform: Callable[..., object]
    done_message: str
    warning: str = ""
    item: bool = False  # acts on one item (a phase transfer, a placement) named in the URL


def _steps(*pages: StepPage) -> dict[str, StepPage]:
    return {page.slug: page for page in pages}


def _run_step(
    request: HttpRequest,
    page: StepPage,
    *,
    perform_args: tuple,
    caption: str,
    back_url: str,
    initial: dict | None = None,
) -> HttpResponse:
    form = page.form(request.POST if request.method == "POST" else None, initial=initial or {})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            page.perform(request.user, *perform_args, data)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, page.done_message)
            return redirect(back_url)
    return render(
        request,
        "plans/reviews/step_form.html",
        {
            "page_title": page.title,
            "heading": page.title,
            "caption": caption,
            "form": form,
            "warning": page.warning,
            "back_url": back_url,
        },
    )


def _unavailable(request: HttpRequest, stage: str, back_url: str) -> HttpResponse:
    messages.error(request, f"That step is not available at the stage “{stage}”.")
    return redirect(back_url)


# --- reviews ---------------------------------------------------------------------------------------

_OPEN_REVIEW = frozenset(rs.OPEN_REVIEW_STATUSES)
_NOTICE = (
    "Notice of the meeting must be sent at least 2 weeks before it, and advice circulated at least 2 weeks "
    "before it (Regs 20(3)-(4))."
)
_DECISION = (
    "The decision must be notified within 4 weeks of the meeting (Regs 20(10)). A decision to amend must "
    "be followed by the proposed amendments; a decision to cease starts the consultation on ceasing."
)

REVIEW_STEPS = _steps(
    StepPage(
        "open",
        "Open the next annual review",
        f.ReviewOpenForm,
        frozenset({NONE}),
        lambda user, plan, review, d: rs.review_open(acting_user=user, plan=plan, **d),
        "Review opened.",
    ),
    StepPage(
        "schedule",
        "Arrange the review meeting",
        f.ReviewScheduleForm,
        frozenset({R.DUE, R.SCHEDULED}),
        lambda user, plan, review, d: rs.review_schedule(acting_user=user, review=review, **d),
        "Meeting arranged.",
        warning=_NOTICE,
    ),
    StepPage(
        "meeting-held",
        "Record that the meeting was held",
        f.ReviewHeldForm,
        frozenset({R.SCHEDULED}),
        lambda user, plan, review, d: rs.review_meeting_held(acting_user=user, review=review, **d),
        "Meeting recorded.",
    ),
    StepPage(
        "report",
        "Record the review report",
        f.ReviewReportForm,
        frozenset({R.HELD}),
        lambda user, plan, review, d: rs.review_report_received(acting_user=user, review=review, **d),
        "Report recorded.",
    ),
    StepPage(
        "decision",
        "Record the review decision",
        f.ReviewDecisionForm,
        frozenset({R.HELD, R.REPORT_RECEIVED}),
        lambda user, plan, review, d: rs.review_decide(acting_user=user, review=review, **d),
        "Decision recorded.",
        warning=_DECISION,
    ),
    StepPage(
        "amendment-notice",
        "Send the proposed amendments",
        f.AmendmentNoticeForm,
        frozenset({R.DECIDED}),
        lambda user, plan, review, d: rs.amendment_notice_send(acting_user=user, review=review, **d),
        "Amendment notice recorded. A draft amendment of the plan is ready to edit.",
    ),
    StepPage(
        "amended-plan",
        "Issue the amended plan",
        f.AmendedPlanForm,
        frozenset({R.AMENDMENT_NOTICE}),
        lambda user, plan, review, d: rs.amended_plan_issue(acting_user=user, review=review, **d),
        "Amended plan issued.",
        warning="The amended plan is due within 8 weeks of the amendment notice (Regs 22(3)).",
    ),
    StepPage(
        "cancel",
        "Cancel the review",
        f.ReviewCancelForm,
        _OPEN_REVIEW,
        lambda user, plan, review, d: rs.review_cancel(acting_user=user, review=review, **d),
        "Review cancelled.",
    ),
)


def _reviews_url(plan_pk: int) -> str:
    return reverse("plan_reviews:reviews", kwargs={"plan_pk": plan_pk})


@require_http_methods(["GET"])
def reviews(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, plan_pk)
    audit_view(user=request.user, obj=plan, summary="Annual reviews page")
    page = reviews_page(plan, timezone.localdate())
    state = page.review.status if page.review else NONE
    can_edit = permissions.can_edit_cases(request.user) and plan.status == PlanStatus.ACTIVE
    actions = [step for step in REVIEW_STEPS.values() if state in step.states] if can_edit else []
    return render(
        request,
        "plans/reviews/reviews.html",
        {"page_title": f"{plan.child.full_name}: annual reviews", "page": page, "actions": actions},
    )


@require_http_methods(["GET", "POST"])
def review_step(request: HttpRequest, plan_pk: int, slug: str) -> HttpResponse:
    page = REVIEW_STEPS.get(slug)
    if page is None:
        raise Http404("No such step")
    plan = plan_for_user(request.user, plan_pk)
    permissions.require_case_editor(request)
    review = rs.open_review(plan)
    state = review.status if review else NONE
    if state not in page.states or plan.status != PlanStatus.ACTIVE:
        return _unavailable(
            request, review.get_status_display() if review else "No open review", _reviews_url(plan_pk)
        )
    initial = {"expected_version": review.lock_version} if review else {}
    return _run_step(
        request,
        page,
        perform_args=(plan, review),
        caption=plan.child.full_name,
        back_url=_reviews_url(plan_pk),
        initial=initial,
    )


# --- cessation -------------------------------------------------------------------------------------

_OPEN_CESSATION = frozenset(cs.OPEN_CESSATION_STATUSES)

CESSATION_STEPS = _steps(
    StepPage(
        "propose",
        "Propose to cease the plan",
        f.CessationProposeForm,
        frozenset({NONE}),
        lambda user, plan, c, d: cs.cessation_propose(acting_user=user, plan=plan, **d),
        "Proposal recorded. Consult the family and the school or college before deciding.",
        warning="A plan may cease only if the council is no longer responsible for the child or young "
        "person, or the plan is no longer necessary (CFA s.45).",
    ),
    StepPage(
        "decide",
        "Record the decision to cease",
        f.CessationDecideForm,
        frozenset({C.CONSULTING}),
        lambda user, plan, c, d: cs.cessation_decide(acting_user=user, cessation=c, **d),
        "Decision recorded. The plan stays in force while the family may appeal.",
        warning="The letter must tell the family of their right to appeal to the SEND Tribunal within 2 "
        "months, and about mediation (Regs 31).",
    ),
    StepPage(
        "appeal",
        "Record an appeal",
        f.AppealLodgedForm,
        frozenset({C.NOTICE_SENT}),
        lambda user, plan, c, d: cs.cessation_appeal_lodged(acting_user=user, cessation=c, **d),
        "Appeal recorded. The plan stays in force until it is decided.",
    ),
    StepPage(
        "appeal-outcome",
        "Record the appeal's outcome",
        f.AppealConcludedForm,
        frozenset({C.APPEALED}),
        lambda user, plan, c, d: cs.cessation_appeal_concluded(acting_user=user, cessation=c, **d),
        "Outcome recorded.",
    ),
    StepPage(
        "complete",
        "Cease the plan",
        f.CessationCompleteForm,
        frozenset({C.NOTICE_SENT}),
        lambda user, plan, c, d: cs.cessation_complete(acting_user=user, cessation=c, **d),
        "The plan has ceased.",
    ),
    StepPage(
        "withdraw",
        "Withdraw the proposal to cease",
        f.CessationWithdrawForm,
        _OPEN_CESSATION,
        lambda user, plan, c, d: cs.cessation_withdraw(acting_user=user, cessation=c, **d),
        "Proposal withdrawn. The plan continues.",
    ),
)


def _cessation_url(plan_pk: int) -> str:
    return reverse("plan_reviews:cessation", kwargs={"plan_pk": plan_pk})


@require_http_methods(["GET"])
def cessation(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, plan_pk)
    audit_view(user=request.user, obj=plan, summary="Cessation page")
    page = cessation_page(plan)
    state = page.current.status if page.current else NONE
    can_edit = permissions.can_edit_cases(request.user) and plan.status == PlanStatus.ACTIVE
    actions = [step for step in CESSATION_STEPS.values() if state in step.states] if can_edit else []
    return render(
        request,
        "plans/reviews/cessation.html",
        {
            "page_title": f"{plan.child.full_name}: ceasing the plan",
            "page": page,
            "actions": actions,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def cessation_step(request: HttpRequest, plan_pk: int, slug: str) -> HttpResponse:
    page = CESSATION_STEPS.get(slug)
    if page is None:
        raise Http404("No such step")
    plan = plan_for_user(request.user, plan_pk)
    permissions.require_case_editor(request)
    current = cs.open_cessation(plan)
    state = current.status if current else NONE
    if state not in page.states or plan.status != PlanStatus.ACTIVE:
        stage = current.get_status_display() if current else "No proposal to cease"
        return _unavailable(request, stage, _cessation_url(plan_pk))
    return _run_step(
        request,
        page,
        perform_args=(plan, current),
        caption=plan.child.full_name,
        back_url=_cessation_url(plan_pk),
    )


# --- phase transfers and transfers between authorities ---------------------------------------------

_ACTIVE = frozenset({PlanStatus.ACTIVE})

PHASE_STEPS = _steps(
    StepPage(
        "record",
        "Record a phase transfer",
        f.PhaseTransferForm,
        _ACTIVE,
        lambda user, plan, item, d: ts.phase_transfer_record(acting_user=user, plan=plan, **d),
        "Phase transfer recorded.",
        warning="The new school must be named before 15 February of the year of transfer, or before "
        "31 March for a move from secondary school to post-16 (Regs 18).",
    ),
    StepPage(
        "name-school",
        "Name the school or college",
        f.NameSchoolForm,
        _ACTIVE,
        lambda user, plan, item, d: ts.phase_transfer_name_school(acting_user=user, phase_transfer=item, **d),
        "School or college named.",
        item=True,
    ),
    StepPage(
        "transfer-out",
        "Transfer the plan to another authority",
        f.TransferOutForm,
        _ACTIVE,
        lambda user, plan, item, d: ts.plan_transfer_out(acting_user=user, plan=plan, **d),
        "Plan recorded as transferred.",
    ),
)


def _phase_url(plan_pk: int) -> str:
    return reverse("plan_reviews:phase_transfers", kwargs={"plan_pk": plan_pk})


@require_http_methods(["GET"])
def phase_transfers(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, plan_pk)
    audit_view(user=request.user, obj=plan, summary="Phase transfers page")
    can_edit = permissions.can_edit_cases(request.user) and plan.status == PlanStatus.ACTIVE
    return render(
        request,
        "plans/reviews/phase_transfers.html",
        {
            "page_title": f"{plan.child.full_name}: phase transfers",
            "plan": plan,
            "rows": phase_rows(plan, timezone.localdate()),
            "can_edit": can_edit,
        },
    )


@require_http_methods(["GET", "POST"])
def phase_step(request: HttpRequest, plan_pk: int, slug: str, item_pk: int | None = None) -> HttpResponse:
    page = PHASE_STEPS.get(slug)
    if page is None or page.item != (item_pk is not None):
        raise Http404("No such step")
    plan = plan_for_user(request.user, plan_pk)
    permissions.require_case_editor(request)
    item = get_object_or_404(plan.phase_transfers, pk=item_pk) if item_pk else None
    if plan.status not in page.states:
        return _unavailable(request, plan.get_status_display(), _phase_url(plan_pk))
    caption = f"{plan.child.full_name}: {item}" if item else plan.child.full_name
    return _run_step(request, page, perform_args=(plan, item), caption=caption, back_url=_phase_url(plan_pk))


# --- placements ------------------------------------------------------------------------------------

_ANY = frozenset({"any"})

PLACEMENT_STEPS = _steps(
    StepPage(
        "start",
        "Start a placement",
        f.PlacementStartForm,
        _ANY,
        lambda user, child, item, d: ps.placement_start(acting_user=user, child=child, **d),
        "Placement recorded. Any current placement was ended the day before.",
    ),
    StepPage(
        "no-place",
        "Record that there is no place",
        f.NoPlaceForm,
        _ANY,
        lambda user, child, item, d: ps.no_place_start(acting_user=user, child=child, **d),
        "Recorded. The council must still secure the provision in the plan (CFA s.42).",
    ),
    StepPage(
        "plan-transfer-in",
        "Record a plan transferred in from another council",
        f.TransferInForm,
        _ANY,
        lambda user, child, item, d: ts.plan_transfer_in(acting_user=user, child=child, **d),
        "Plan recorded as transferred in. Its next review date counts from the last review, or from when "
        "it was made.",
    ),
    StepPage(
        "end",
        "End the placement",
        f.PlacementEndForm,
        _ANY,
        lambda user, child, item, d: ps.placement_end(acting_user=user, placement=item, **d),
        "Placement ended.",
        item=True,
    ),
)


def _placements_url(child_pk: int) -> str:
    return reverse("plan_reviews:placements", kwargs={"child_pk": child_pk})


@require_http_methods(["GET"])
def placements(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = child_for_user(request.user, child_pk)
    audit_view(user=request.user, obj=child, summary="Placement history")
    return render(
        request,
        "plans/reviews/placements.html",
        {
            "page_title": f"{child.full_name}: placements",
            "child": child,
            "placements": placements_for_child(child),
            "can_edit": permissions.can_edit_cases(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def placement_step(
    request: HttpRequest, child_pk: int, slug: str, item_pk: int | None = None
) -> HttpResponse:
    page = PLACEMENT_STEPS.get(slug)
    if page is None or page.item != (item_pk is not None):
        raise Http404("No such step")
    child = child_for_user(request.user, child_pk)
    permissions.require_case_editor(request)
    item = get_object_or_404(child.placements, pk=item_pk) if item_pk else None
    caption = f"{child.full_name}: {item}" if item else child.full_name
    return _run_step(
        request, page, perform_args=(child, item), caption=caption, back_url=_placements_url(child_pk)
    )


# --- bulk scheduling -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def bulk_schedule(request: HttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = establishment_for_user(request.user, establishment_pk)
    can_edit = permissions.can_edit_cases(request.user)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    candidates = bulk_candidates(establishment)
    form = f.BulkScheduleForm(request.POST if request.method == "POST" else None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = rs.review_bulk_schedule(
                acting_user=request.user, establishment=establishment, **form.cleaned_data
            )
        except rs.BulkScheduleRefused as error:
            report = error.report
            form.add_error(None, error.message)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"{len(report.rows)} review meetings arranged.")
    else:
        audit_record(
            user=request.user,
            action=AuditAction.VIEW,
            obj=establishment,
            summary=f"Bulk review scheduling page ({len(candidates)} plans)",
        )
    return render(
        request,
        "plans/reviews/bulk.html",
        {
            "page_title": f"Arrange reviews at {establishment.name}",
            "establishment": establishment,
            "candidates": candidates,
            "form": form if can_edit else None,
            "report": report,
        },
    )
