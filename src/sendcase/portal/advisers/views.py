"""Pages of the advice givers' portal (/portal/advice/), and the officer's page that sends a request for
advice to an advice service. Reads go through `advisers.selectors` (404 for anything not assigned to the
user's service), writes through `advisers.services`; reads of a child's record are audited."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendcase.assessments.models import AdviceRequest
from sendcase.assessments.selectors import requests_visible_to
from sendcase.core import permissions
from sendcase.core.audit import audit_view
from sendcase.core.errors import ServiceError
from sendcase.core.forms import error_title

from ..access import download, requires
from ..forms_common import show_service_error
from . import forms, selectors, services


def _member(user) -> bool:
    return selectors.services_for(user).exists()


adviser_only = requires(_member)

FILTERS = {
    "": "All requests",
    "open": "Waiting for advice",
    "mine": "Taken by you",
    "overdue": "Overdue in your team",
}


@require_GET
@adviser_only
def home(request: HttpRequest) -> HttpResponse:
    only = request.GET.get("show", "")
    if only not in FILTERS:
        only = ""
    today = timezone.localdate()
    rows = selectors.advice_rows(request.user, today, only=only)
    overdue = sum(1 for row in selectors.advice_rows(request.user, today) if row.status == "overdue")
    return render(
        request,
        "portal/advisers/home.html",
        {
            "page_title": f"Requests for advice: {FILTERS[only].lower()}",
            "services": list(selectors.services_for(request.user)),
            "rows": rows,
            "only": only,
            "filters": [
                (key, label, reverse("portal:advice_home") + (f"?show={key}" if key else ""))
                for key, label in FILTERS.items()
            ],
            "filter_label": FILTERS[only],
            "overdue_count": overdue,
        },
    )


def _detail(request: HttpRequest, advice_pk: int, **extra) -> HttpResponse:
    assignment = selectors.assignment_for_user(request.user, advice_pk)
    row = selectors.advice_row(assignment, timezone.localdate())
    return render(
        request,
        "portal/advisers/detail.html",
        {
            "page_title": error_title(
                extra.get("submit_form") or extra.get("missed_form"), "Request for advice"
            ),
            "row": row,
            "assignment": assignment,
            "child": row.child,
            "documents": selectors.documents_for(request.user, assignment),
            "submit_form": extra.get("submit_form")
            or forms.AdviceSubmitForm(initial={"title": f"{row.advice.get_adviser_type_display()} advice"}),
            "missed_form": extra.get("missed_form") or forms.MissedAppointmentForm(),
        },
    )


@require_GET
@adviser_only
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_for_user(request.user, pk)
    audit_view(
        user=request.user, obj=assignment.advice_request.request, summary="Advice portal: request for advice"
    )
    return _detail(request, pk)


@require_POST
@adviser_only
def take(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_for_user(request.user, pk)
    try:
        services.advice_take(acting_user=request.user, assignment=assignment)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "You have taken this request for advice.")
    return redirect("portal:advice_detail", pk=pk)


@require_POST
@adviser_only
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_for_user(request.user, pk)
    form = forms.AdviceSubmitForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.advice_submit(acting_user=request.user, assignment=assignment, **form.cleaned_data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, "Your advice has been sent to the SEN team.")
            return redirect("portal:advice_home")
    return _detail(request, pk, submit_form=form)


@require_POST
@adviser_only
def missed(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_for_user(request.user, pk)
    form = forms.MissedAppointmentForm(request.POST)
    if form.is_valid():
        try:
            services.advice_appointment_missed(
                acting_user=request.user, assignment=assignment, **form.cleaned_data
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request, "The missed appointment has been recorded. The 6-week limit no longer applies."
            )
            return redirect("portal:advice_detail", pk=pk)
    return _detail(request, pk, missed_form=form)


@require_GET
@adviser_only
def document(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    assignment = selectors.assignment_for_user(request.user, pk)
    return download(request, selectors.document_for_user(request.user, assignment, document_pk))


# --- staff: send a request for advice to an advice service ------------------------------------------------


@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, advice_pk: int) -> HttpResponse:
    if not permissions.can_edit_cases(request.user):
        raise PermissionDenied
    advice = get_object_or_404(
        AdviceRequest.objects.select_related("request__child"),
        pk=advice_pk,
        request__in=requests_visible_to(request.user),
    )
    case_url = reverse("assessments:case", kwargs={"pk": advice.request_id}) + "#advice"
    form = forms.AssignForm(request.POST or None, adviser_type=advice.adviser_type)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.advice_assign(
                acting_user=request.user, advice=advice, service=form.cleaned_data["service"]
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Request for advice sent to {assignment.service.name}.")
            return redirect(case_url)
    return render(
        request,
        "assessments/step_form.html",
        {
            "page_title": error_title(form, "Send the request for advice to an advice service"),
            "heading": "Send the request for advice to an advice service",
            "caption": f"{advice.request.child.full_name}: {advice}",
            "form": form,
            "submit": "Send to the service",
            "back_url": case_url,
        },
    )
