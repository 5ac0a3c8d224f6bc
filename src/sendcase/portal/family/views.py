"""The family portal: the family's children, each child's case in plain English, and their tasks.

Every page looks the child up through `selectors.child_for_family` (a child the account is not linked to
is a 404), every GET of a child's page is audited as a view, and every download as a download.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from sendcase.core import permissions
from sendcase.core.audit import audit_record, audit_view
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError
from sendcase.core.forms import error_title
from sendcase.core.models import AuditAction
from sendcase.people.models import Child

from . import selectors, services
from .forms import DraftResponseForm, EvidenceForm, QuestionForm, ViewsForm

# Someone who follows a link to a family page before signing in goes to the portal's sign-in page.
family_page = login_required(login_url="portal:account_sign_in")


def _require_family(request: HttpRequest) -> None:
    if not permissions.is_family_user(request.user):
        raise PermissionDenied


def _child(request: HttpRequest, pk: int, summary: str) -> Child:
    _require_family(request)
    child = selectors.child_for_family(request.user, pk)
    if request.method == "GET":
        audit_view(user=request.user, obj=child, summary=f"Family portal: {summary}")
    return child


def _show_error(form, exc: ServiceError) -> None:
    if isinstance(exc, NotPermitted):
        raise PermissionDenied
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _child_url(child: Child, anchor: str = "") -> str:
    return reverse("portal:family_child", kwargs={"pk": child.pk}) + (f"#{anchor}" if anchor else "")


@family_page
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    _require_family(request)
    children = list(selectors.linked_children(request.user).order_by("legal_first_name"))
    if len(children) == 1 and not request.GET.get("all"):
        return redirect(_child_url(children[0]))
    audit_record(user=request.user, action=AuditAction.VIEW, summary="Family portal: list of linked children")
    return render(request, "portal/family/home.html", {"page_title": "Your children", "children": children})


@family_page
@require_GET
def child(request: HttpRequest, pk: int) -> HttpResponse:
    _require_family(request)
    # The user's links, once: they decide whether the child may be seen and what the page says.
    links = selectors.current_links(request.user)
    if pk not in links:
        raise Http404("No such child")
    child = selectors.child_for_family(request.user, pk)
    audit_view(user=request.user, obj=child, summary="Family portal: viewed the child's case")
    page = selectors.child_page(request.user, child, as_of=timezone.localdate(), acts_as=links[pk])
    return render(
        request,
        "portal/family/child.html",
        {
            "page_title": f"{child.full_name}'s case",
            "page": page,
            "child": child,
            "several_children": len(links) > 1,
        },
    )


@family_page
@require_GET
def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    _require_family(request)
    child = selectors.child_for_family(request.user, pk)
    document = selectors.family_document(request.user, child, document_pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    audit_record(
        user=request.user,
        action=AuditAction.DOWNLOAD,
        obj=document,
        summary="Family portal: downloaded a document",
    )
    return FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )


def _task_page(request, *, child: Child, form, template: str, title: str, extra: dict | None = None):
    return render(
        request,
        f"portal/family/{template}",
        {
            "page_title": error_title(form, title),
            "heading": title,
            "form": form,
            "child": child,
            **(extra or {}),
        },
    )


@family_page
@require_http_methods(["GET", "POST"])
def views_give(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child(request, pk, "opened the form to give views")
    form = ViewsForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.views_give(
                acting_user=request.user,
                child=child,
                about_me=data["about_me"],
                what_matters=data["what_matters"],
                hopes=data["hopes"],
                how_to_support=data["how_to_support"],
                uploaded_file=data.get("file"),
            )
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, "Thank you. Your views have been sent to the SEND team.")
            return redirect(_child_url(child))
    who = "your" if _acts_for_self(request, child) else f"{child.full_name}'s"
    return _task_page(
        request, child=child, form=form, template="views_form.html", title=f"Give {who} views for the plan"
    )


def _acts_for_self(request: HttpRequest, child: Child) -> bool:
    link = selectors.current_link(request.user, child)
    return bool(link and link.acts_as == "young_person")


@family_page
@require_http_methods(["GET", "POST"])
def draft_response(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child(request, pk, "opened the draft plan response form")
    awaiting = services.draft_awaiting_response(child)
    if awaiting is None:
        raise Http404("No draft plan is waiting for comments")
    form = DraftResponseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.draft_response_give(
                acting_user=request.user,
                child=child,
                comments=data["comments"],
                preferred_establishment=data["preferred_establishment"],
                preference_notes=data["preference_notes"],
                meeting_requested=data["meeting_requested"],
            )
        except InvalidTransition as exc:
            form.add_error(None, exc.message)
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, "Your response to the draft plan has been sent to the SEND team.")
            return redirect(_child_url(child))
    from sendcase import statutory

    ends = statutory.draft_comment_period_ends(awaiting.draft_served_on)
    drafts = [d for d in selectors.family_documents(request.user, child) if d.kind == "draft_plan"]
    return _task_page(
        request,
        child=child,
        form=form,
        template="draft_response_form.html",
        title="Respond to the draft EHC plan",
        extra={"ends": ends, "drafts": drafts},
    )


@family_page
@require_http_methods(["GET", "POST"])
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child(request, pk, "opened the form to send a document")
    form = EvidenceForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_upload(
                acting_user=request.user,
                child=child,
                uploaded_file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, "Your document has been sent to the SEND team.")
            return redirect(_child_url(child, "documents"))
    return _task_page(
        request, child=child, form=form, template="evidence_form.html", title="Send us a document"
    )


@family_page
@require_http_methods(["GET", "POST"])
def question_ask(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child(request, pk, "opened the form to ask a question")
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_ask(
                acting_user=request.user,
                child=child,
                subject=form.cleaned_data["subject"],
                text=form.cleaned_data["text"],
            )
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request, f"Your question has been sent. We aim to answer by {question.respond_by:%-d %B %Y}."
            )
            return redirect(_child_url(child, "questions"))
    return _task_page(request, child=child, form=form, template="question_form.html", title="Ask a question")


@family_page
@require_GET
def question_detail(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    child = _child(request, pk, "read a question and its answer")
    question = selectors.family_question(request.user, child, question_pk)
    return render(
        request,
        "portal/family/question.html",
        {"page_title": question.subject, "child": child, "question": question},
    )
