"""Generating and previewing a case's PDF documents.

GET shows the PDF inline, rendered afresh and not stored, for staff to check (audited as a view).
POST renders it, stores it on the child's record (people.Document) and returns to `next` (or the
child's page). Anyone who may read records may preview; only editors may generate (403 otherwise);
a case the user may not see is 404, so its existence is not revealed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from sendcase.assessments.selectors import request_for_user
from sendcase.core import permissions
from sendcase.core.errors import ServiceError
from sendcase.plans.documents import services
from sendcase.plans.documents.services import GeneratedKind
from sendcase.plans.selectors import plan_for_user, version_of


def _handle(request: HttpRequest, kind: str, subject: models.Model, child_id: int) -> HttpResponse:
    if request.method == "POST":
        if not permissions.can_edit_cases(request.user):
            raise PermissionDenied
        try:
            document = services.document_generate(acting_user=request.user, kind=kind, subject=subject)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Generated and saved to the record: {document.title}")
        return redirect(_next(request, child_id))
    try:
        built, pdf = services.document_preview(user=request.user, kind=kind, subject=subject)
    except ServiceError as error:
        raise Http404(error.message) from None
    response = HttpResponse(pdf, content_type=services.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{services.filename_for(built)}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _next(request: HttpRequest, child_id: int) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("people:child_detail", kwargs={"pk": child_id})


def _review(request: HttpRequest, plan_pk: int, review_pk: int) -> models.Model:
    plan = plan_for_user(request.user, plan_pk)
    review = (
        plan.reviews.select_related("plan__child", "amendment_version__based_on").filter(pk=review_pk).first()
    )
    if review is None:
        raise Http404("No such review")
    return review


@require_http_methods(["GET", "POST"])
def version_plan(request: HttpRequest, plan_pk: int, version_pk: int) -> HttpResponse:
    """The plan version itself: the issued plan, or a draft with its comment-period notice."""
    plan = plan_for_user(request.user, plan_pk)
    version = version_of(plan, version_pk)
    version.plan = plan
    return _handle(request, GeneratedKind.PLAN, version, plan.child_id)


@require_http_methods(["GET", "POST"])
def final_plan_letter(request: HttpRequest, plan_pk: int, version_pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, plan_pk)
    version = version_of(plan, version_pk)
    version.plan = plan
    return _handle(request, GeneratedKind.FINAL_PLAN_LETTER, version, plan.child_id)


@require_http_methods(["GET", "POST"])
def review_outcome(request: HttpRequest, plan_pk: int, review_pk: int) -> HttpResponse:
    review = _review(request, plan_pk, review_pk)
    return _handle(request, GeneratedKind.REVIEW_OUTCOME, review, review.plan.child_id)


@require_http_methods(["GET", "POST"])
def amendment_notice(request: HttpRequest, plan_pk: int, review_pk: int) -> HttpResponse:
    review = _review(request, plan_pk, review_pk)
    return _handle(request, GeneratedKind.AMENDMENT_NOTICE, review, review.plan.child_id)


@require_http_methods(["GET", "POST"])
def cease_notice(request: HttpRequest, plan_pk: int, cessation_pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, plan_pk)
    cessation = plan.cessations.select_related("plan__child").filter(pk=cessation_pk).first()
    if cessation is None:
        raise Http404("No such cessation")
    return _handle(request, GeneratedKind.CEASE_NOTICE, cessation, plan.child_id)


@require_http_methods(["GET", "POST"])
def refusal_letter(request: HttpRequest, request_pk: int) -> HttpResponse:
    """The letter for a decision not to assess or not to issue a plan."""
    case = request_for_user(request.user, request_pk)
    return _handle(request, GeneratedKind.REFUSAL_LETTER, case, case.child_id)
