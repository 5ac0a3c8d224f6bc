"""Pages of the school and setting portal (/portal/school/). Every page reads through
`schools.selectors` (404 for anything not linked to the user's school) and writes through
`schools.services`; reads of a child's record are audited."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from sendcase import statutory
from sendcase.assessments.models import OPEN_STATUSES
from sendcase.core.audit import audit_view
from sendcase.core.errors import ServiceError
from sendcase.core.forms import error_title

from ..access import download, requires
from ..forms_common import show_service_error
from . import forms, selectors, services


def _member(user) -> bool:
    return selectors.establishments_for(user).exists()


school_only = requires(_member)
PUPILS_PER_PAGE = 100


@require_GET
@school_only
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    tasks = selectors.school_tasks(request.user, today)
    return render(
        request,
        "portal/schools/home.html",
        {
            "page_title": "Your school's tasks",
            "establishments": list(selectors.establishments_for(request.user)),
            "tasks": tasks,
            "overdue_count": sum(1 for task in tasks if task.overdue),
        },
    )


@require_GET
@school_only
def pupils(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    placements = (
        selectors.current_placements(request.user, today)
        .select_related("child", "establishment")
        .order_by("child__legal_last_name", "child__legal_first_name", "child_id")
    )
    page = Paginator(placements, PUPILS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/schools/pupils.html",
        {"page_title": "Pupils with EHC needs", "placements": page.object_list, "page": page},
    )


@require_GET
@school_only
def pupil(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    child = selectors.child_for_user(request.user, pk, today)
    audit_view(user=request.user, obj=child, summary="School portal: pupil page")
    on_roll = selectors.pupils_on_roll(request.user, today).filter(pk=child.pk).exists()
    open_request = child.assessment_requests.filter(status__in=OPEN_STATUSES).first()
    return render(
        request,
        "portal/schools/pupil.html",
        {
            "page_title": child.full_name,
            "child": child,
            "on_roll": on_roll,
            "open_request": open_request,
            "tasks": [
                task for task in selectors.school_tasks(request.user, today) if task.child.pk == child.pk
            ],
            "documents": selectors.documents_for(request.user, child),
        },
    )


@require_GET
@school_only
def document(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    child = selectors.child_for_user(request.user, pk, timezone.localdate())
    return download(request, selectors.document_for_user(request.user, child, document_pk))


def _form_page(request, template_context: dict, form, heading: str) -> HttpResponse:
    return render(
        request,
        "portal/schools/form.html",
        {"page_title": error_title(form, heading), "heading": heading, "form": form, **template_context},
    )


@require_http_methods(["GET", "POST"])
@school_only
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.consultation_for_user(request.user, pk)
    child = item.request.child
    audit_view(user=request.user, obj=item.request, summary="School portal: consultation")
    is_open = item.answered_on is None and item.request.status in OPEN_STATUSES
    form = forms.ConsultationAnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_consultation_answer(
                acting_user=request.user, consultation=item, **form.cleaned_data
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Your answer about {child.full_name} has been sent to the SEN team.")
            return redirect("portal:school_home")
    due = statutory.consultation_response_due(item.sent_on)
    return _form_page(
        request,
        {
            "child": child,
            "is_open": is_open,
            "closed_text": f"This consultation was answered on {item.answered_on:%-d %B %Y}: "
            f"{item.get_outcome_display().lower()}."
            if item.answered_on
            else "This consultation is closed because the case has moved on.",
            "facts": [
                ("School or setting consulted", item.establishment.name),
                ("Consultation sent", f"{item.sent_on:%-d %B %Y}"),
                ("Answer by", f"{due:%-d %B %Y}"),
            ],
            "due": due,
            "intro": "The council proposes to name your school or setting in this child's EHC plan. Tell us "
            "whether you can meet the child's needs, within 15 days of the consultation.",
            "submit": "Send the answer",
        },
        form,
        "Answer the consultation",
    )


@require_http_methods(["GET", "POST"])
@school_only
def advice(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    item = selectors.education_advice_for_user(request.user, pk, today)
    child = item.request.child
    audit_view(user=request.user, obj=item.request, summary="School portal: request for education advice")
    is_open = item.received_on is None and item.request.status in OPEN_STATUSES
    form = forms.AdviceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_education_advice_submit(
                acting_user=request.user, advice=item, **form.cleaned_data
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Your education advice about {child.full_name} has been sent.")
            return redirect("portal:school_home")
    due = statutory.advice_due(item.requested_on)
    return _form_page(
        request,
        {
            "child": child,
            "is_open": is_open,
            "closed_text": f"Advice was received on {item.received_on:%-d %B %Y}."
            if item.received_on
            else "This request is closed because the case has moved on.",
            "facts": [
                ("Advice requested", f"{item.requested_on:%-d %B %Y}"),
                ("Advice due by", f"{due:%-d %B %Y}"),
            ],
            "due": due,
            "intro": "The council is carrying out an EHC needs assessment and asks the school for education "
            "advice. Advice must reach the council within 6 weeks of the request.",
            "submit": "Send the advice",
        },
        form,
        "Send education advice",
    )


@require_http_methods(["GET", "POST"])
@school_only
def review(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    item = selectors.review_for_user(request.user, pk, today)
    child = item.plan.child
    audit_view(user=request.user, obj=child, summary="School portal: annual review")
    is_open = item.status in selectors.REVIEW_TASK_STATUSES
    form = forms.ReviewPaperworkForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_review_paperwork_submit(
                acting_user=request.user, review=item, **form.cleaned_data
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Your annual review paperwork for {child.full_name} has been sent.")
            return redirect("portal:school_home")
    facts = [("Review due by", f"{item.due_on:%-d %B %Y}"), ("Stage", item.get_status_display())]
    if item.meeting_on:
        facts.append(("Meeting", f"{item.meeting_on:%-d %B %Y}"))
        if item.status == "held":
            facts.append(("Report due by", f"{statutory.review_report_due(item.meeting_on):%-d %B %Y}"))
    return _form_page(
        request,
        {
            "child": child,
            "is_open": is_open,
            "closed_text": "This annual review no longer takes paperwork from the school.",
            "facts": facts,
            "intro": "Send the reports and advice for the annual review before the meeting. After the "
            "meeting, send the review report within 2 weeks.",
            "submit": "Send the document",
        },
        form,
        "Send annual review paperwork",
    )


@require_http_methods(["GET", "POST"])
@school_only
def assessment_request(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.pupil_for_user(request.user, pk, timezone.localdate())
    audit_view(user=request.user, obj=child, summary="School portal: request for an assessment")
    open_request = child.assessment_requests.filter(status__in=OPEN_STATUSES).first()
    form = forms.AssessmentRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_assessment_request(acting_user=request.user, child=child, **form.cleaned_data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                f"Your request for an EHC needs assessment for {child.full_name} has been sent. The council "
                "will decide within 6 weeks whether to assess.",
            )
            return redirect(reverse("portal:school_pupil", kwargs={"pk": child.pk}))
    return _form_page(
        request,
        {
            "child": child,
            "is_open": open_request is None,
            "closed_text": "This pupil already has an open request for an EHC needs assessment, received on "
            f"{open_request.received_on:%-d %B %Y}."
            if open_request
            else "",
            "facts": [],
            "intro": "The council must decide within 6 weeks of receiving the request whether to carry "
            "out an EHC needs assessment. Tell the family before you send it.",
            "submit": "Send the request",
        },
        form,
        "Request an EHC needs assessment",
    )
