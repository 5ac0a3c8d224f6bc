"""The case page and one form page per workflow step.

Each step is declared once in STEPS (title, form, which states show it, and the service call), and a
single view handles them all: show the form, call the service, show its refusal against the right field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendcase.core import permissions
from sendcase.core.audit import audit_view
from sendcase.core.errors import ServiceError
from sendcase.core.forms import error_title
from sendcase.people.selectors import child_for_user

from . import forms as f
from . import services
from .letters import LETTER_STATES, decision_letter
from .models import OPEN_STATUSES, RequestStatus
from .selectors import case_page, request_for_user

S = RequestStatus


@require_http_methods(["GET"])
def case(request: HttpRequest, pk: int) -> HttpResponse:
    request_obj = request_for_user(request.user, pk)
    audit_view(user=request.user, obj=request_obj, summary="Case page")
    page = case_page(request_obj, as_of=timezone.localdate())
    actions = [step for step in STEPS.values() if step.top_level and request_obj.status in step.states]
    return render(
        request,
        "assessments/case.html",
        {
            "page_title": f"{page.child.full_name}: EHC needs assessment",
            "page": page,
            "actions": actions if permissions.can_edit_cases(request.user) else [],
            "can_allocate": permissions.can_manage_caseload(request.user),
            "today": timezone.localdate(),
            "open_statuses": OPEN_STATUSES,
        },
    )


@require_http_methods(["GET"])
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The refusal letter, printable, with the family's rights and the dates that apply."""
    request_obj = request_for_user(request.user, pk)
    if request_obj.status not in LETTER_STATES:
        raise Http404("This case has no refusal letter")
    audit_view(user=request.user, obj=request_obj, summary="Decision letter")
    content = decision_letter(request_obj)
    return render(
        request,
        "assessments/letter.html",
        {"page_title": content.decision_heading, "letter": content},
    )


@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = child_for_user(request.user, child_pk)
    if not permissions.can_edit_cases(request.user):
        raise PermissionDenied
    form = f.RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_record(acting_user=request.user, child=child, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Request recorded. The 6-week decision deadline has started.")
            return redirect("assessments:case", pk=created.pk)
    return render(
        request,
        "assessments/step_form.html",
        {
            "page_title": error_title(form, "Record a request for an EHC needs assessment"),
            "heading": "Record a request for an EHC needs assessment",
            "caption": child.full_name,
            "form": form,
            "submit": "Record the request",
            "back_url": child_url(child.pk),
        },
    )


def child_url(child_pk: int) -> str:
    from django.urls import reverse

    return reverse("people:child_detail", kwargs={"pk": child_pk})


# --- steps -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepPage:
    slug: str
    title: str
    form: type[forms.Form]
    states: frozenset[str]
    perform: Callable[..., object]
    done_message: str
    top_level: bool = True  # shown as an action on the case page (others act on one advice/consultation)
    warning: str = ""


def _decision(user, req, data, item):
    return services.assessment_decision_record(
        acting_user=user,
        request=req,
        assess=data["decision"] == "yes",
        decided_on=data["decided_on"],
        reason=data["reason"],
        expected_version=data.get("version"),
    )


def _issue(user, req, data, item):
    return services.issue_decision_record(
        acting_user=user,
        request=req,
        issue=data["decision"] == "yes",
        decided_on=data["decided_on"],
        reason=data["reason"],
        expected_version=data.get("version"),
    )


def _advice(user, req, data, item):
    return services.advice_request_record(acting_user=user, request=req, **data)


def _advice_receipt(user, req, data, item):
    return services.advice_receipt_record(acting_user=user, advice=item, **data)


def _advice_chase(user, req, data, item):
    return services.advice_chase_record(acting_user=user, advice=item, **data)


def _advice_exception(user, req, data, item):
    return services.advice_exception_record(acting_user=user, advice=item, **data)


def _draft(user, req, data, item):
    return services.draft_plan_serve(
        acting_user=user, request=req, served_on=data["served_on"], expected_version=data.get("version")
    )


def _draft_response(user, req, data, item):
    return services.draft_response_record(acting_user=user, request=req, **data)


def _consult(user, req, data, item):
    return services.consultation_send(acting_user=user, request=req, **data)


def _consult_answer(user, req, data, item):
    return services.consultation_answer_record(acting_user=user, consultation=item, **data)


def _final(user, req, data, item):
    return services.final_plan_issue(
        acting_user=user,
        request=req,
        issued_on=data["issued_on"],
        named_establishment=data["named_establishment"],
        expected_version=data.get("version"),
    )


def _withdraw(user, req, data, item):
    return services.request_withdraw(
        acting_user=user,
        request=req,
        withdrawn_on=data["withdrawn_on"],
        reason=data["reason"],
        expected_version=data.get("version"),
    )


def _move_out(user, req, data, item):
    return services.request_move_out(
        acting_user=user,
        request=req,
        moved_on=data["moved_on"],
        reason=data["reason"],
        expected_version=data.get("version"),
    )


def _exception(user, req, data, item):
    return services.exception_record(acting_user=user, request=req, **data)


_OPEN = frozenset(OPEN_STATUSES)
_RIGHTS = (
    "If the answer is no, the letter to the family must tell them about their right to appeal to the "
    "SEND Tribunal within 2 months, mediation, disagreement resolution, and information, advice and "
    "support services."
)

STEPS: dict[str, StepPage] = {
    step.slug: step
    for step in [
        StepPage(
            "decision",
            "Record the decision whether to assess",
            f.AssessmentDecisionForm,
            frozenset({S.RECEIVED}),
            _decision,
            "Decision recorded.",
            warning=_RIGHTS,
        ),
        StepPage(
            "advice",
            "Request advice",
            f.AdviceRequestForm,
            frozenset({S.ASSESSING}),
            _advice,
            "Advice request recorded. The adviser has 6 weeks.",
        ),
        StepPage(
            "issue-decision",
            "Record the decision whether to issue a plan",
            f.IssueDecisionForm,
            frozenset({S.ASSESSING}),
            _issue,
            "Decision recorded.",
            warning=_RIGHTS,
        ),
        StepPage(
            "draft",
            "Record that the draft plan was sent",
            f.DraftServeForm,
            frozenset({S.ISSUE_DECIDED}),
            _draft,
            "Draft plan recorded as sent. The family's 15 days to comment have started.",
        ),
        StepPage(
            "consultation",
            "Consult a school or setting",
            f.ConsultationForm,
            frozenset({S.ISSUE_DECIDED, S.DRAFT_SERVED}),
            _consult,
            "Consultation recorded.",
        ),
        StepPage(
            "draft-response",
            "Record the family's response to the draft plan",
            f.DraftResponseForm,
            frozenset({S.DRAFT_SERVED}),
            _draft_response,
            "Family's response recorded.",
        ),
        StepPage(
            "final-plan",
            "Issue the final EHC plan",
            f.FinalPlanForm,
            frozenset({S.DRAFT_SERVED}),
            _final,
            "Final EHC plan issued.",
        ),
        StepPage(
            "exception",
            "Record an exception to a time limit",
            f.ExceptionForm,
            _OPEN,
            _exception,
            "Exception recorded. The original due date is kept.",
        ),
        StepPage(
            "withdraw",
            "Record that the request was withdrawn",
            f.WithdrawForm,
            _OPEN,
            _withdraw,
            "Request recorded as withdrawn.",
        ),
        StepPage(
            "move-out",
            "Record a move out of the area",
            f.MoveOutForm,
            _OPEN,
            _move_out,
            "Move out of the area recorded.",
        ),
        StepPage(
            "advice-receipt",
            "Record advice received",
            f.AdviceReceiptForm,
            _OPEN,
            _advice_receipt,
            "Advice recorded as received.",
            top_level=False,
        ),
        StepPage(
            "advice-chase",
            "Record that you chased advice",
            f.AdviceChaseForm,
            _OPEN,
            _advice_chase,
            "Chase recorded.",
            top_level=False,
        ),
        StepPage(
            "advice-exception",
            "Record an exception to the advice deadline",
            f.AdviceExceptionForm,
            _OPEN,
            _advice_exception,
            "Exception recorded.",
            top_level=False,
        ),
        StepPage(
            "consultation-answer",
            "Record the school or setting's answer",
            f.ConsultationAnswerForm,
            _OPEN,
            _consult_answer,
            "Answer recorded.",
            top_level=False,
        ),
    ]
}

_ITEM_STEPS = {
    "advice-receipt": "advice_requests",
    "advice-chase": "advice_requests",
    "advice-exception": "advice_requests",
    "consultation-answer": "consultations",
}


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: int, slug: str, item_pk: int | None = None) -> HttpResponse:
    page = STEPS.get(slug)
    if page is None or (slug in _ITEM_STEPS) != (item_pk is not None):
        raise Http404("No such step")
    request_obj = request_for_user(request.user, pk)
    if not permissions.can_edit_cases(request.user):
        raise PermissionDenied
    item = get_object_or_404(getattr(request_obj, _ITEM_STEPS[slug]), pk=item_pk) if item_pk else None
    if request_obj.status not in page.states:
        messages.error(
            request, f"That step is not available at the stage “{request_obj.get_status_display()}”."
        )
        return redirect("assessments:case", pk=pk)
    initial = {"version": request_obj.version}
    form = page.form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if "version" not in form.fields:
            data.pop("version", None)
        try:
            page.perform(request.user, request_obj, data, item)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, page.done_message)
            return redirect("assessments:case", pk=pk)
    return render(
        request,
        "assessments/step_form.html",
        {
            "page_title": error_title(form, page.title),
            "heading": page.title,
            "caption": f"{request_obj.child.full_name}: {item}" if item else request_obj.child.full_name,
            "form": form,
            "submit": "Save",
            "warning": page.warning,
            "back_url": _case_url(pk),
        },
    )


def _case_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("assessments:case", kwargs={"pk": pk})
