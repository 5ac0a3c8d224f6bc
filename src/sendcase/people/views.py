"""Pages for children's records: the list and search, adding a child, the record itself, and changing
details, contacts, documents and notes.

Every page looks the child up through the selectors (a child the user may not see is a 404), and every
page that changes something refuses users who may not edit cases (403) before reading the form. Every
GET of a page that shows a child's record is written to the audit log.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from sendcase.core import permissions
from sendcase.core.audit import audit_record, audit_view
from sendcase.core.errors import NotPermitted, ServiceError, StaleEdit
from sendcase.core.forms import error_title
from sendcase.core.identifiers import format_nhs_number
from sendcase.core.models import AuditAction

from . import selectors, services
from .forms import ChildEditForm, ChildForm, ContactForm, DocumentForm, DuplicateConfirmForm, NoteForm
from .models import Child

CHILDREN_PER_PAGE = 25
# Fields of the create form that are not carried to the duplicate warning page as hidden inputs.
_NOT_CARRIED = {"csrfmiddlewaretoken", "step", "action", "confirmed_not_duplicate"}


def _require_reader(request: HttpRequest) -> None:
    if not permissions.can_read_records(request.user):
        raise PermissionDenied


def _show_error(form, exc: ServiceError) -> None:
    """Put a service's refusal on the form, against the field it names when the form has that field."""
    if isinstance(exc, NotPermitted):
        raise PermissionDenied
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _child_page(request: HttpRequest, pk: int, summary: str, *, editing: bool = False) -> Child:
    """The child for a page about them, checked in this order: may the user see the child (else 404),
    may they change things (else 403, for pages that change something); then a GET, which shows the
    child's details, is recorded as a view."""
    child = selectors.child_for_user(request.user, pk)
    if editing:
        permissions.require_case_editor(request)
    if request.method == "GET":
        audit_view(user=request.user, obj=child, summary=summary)
    return child


def _detail_url(child: Child, anchor: str = "") -> str:
    return reverse("people:child_detail", kwargs={"pk": child.pk}) + (f"#{anchor}" if anchor else "")


# --- The list --------------------------------------------------------------------------------------


@require_GET
def child_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    query = " ".join(request.GET.get("q", "").split())[:100]
    children = selectors.child_search(request.user, query)
    page = Paginator(children, CHILDREN_PER_PAGE).get_page(request.GET.get("page"))
    if query:
        # What was searched for is itself a record of interest in someone's data.
        audit_record(user=request.user, action=AuditAction.VIEW, summary=f'Searched children for "{query}"')
    return render(
        request,
        "people/child_list.html",
        {"page_title": "Children", "page": page, "query": query},
    )


# --- Adding a child --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def child_create(request: HttpRequest) -> HttpResponse:
    permissions.require_case_editor(request)
    if request.method == "GET":
        form = ChildForm()
        return _render_child_form(request, form, title="Add a child")
    form = ChildForm(request.POST)
    on_duplicate_page = request.POST.get("step") == "duplicates"
    if request.POST.get("action") == "change" or not form.is_valid():
        return _render_child_form(request, form, title="Add a child")
    confirm_form = DuplicateConfirmForm(request.POST if on_duplicate_page else None)
    confirmed = on_duplicate_page and confirm_form.is_valid()
    try:
        child = services.child_create(
            acting_user=request.user, data=form.service_data(), confirmed_not_duplicate=confirmed
        )
    except services.PossibleDuplicate as duplicate:
        carried = [
            (name, value)
            for name, values in request.POST.lists()
            if name not in _NOT_CARRIED
            for value in values
        ]
        return render(
            request,
            "people/child_duplicates.html",
            {
                "page_title": error_title(confirm_form, "This child may already have a record"),
                "matches": duplicate.matches,
                "carried": carried,
                "confirm_form": confirm_form,
                "child_name": "{legal_first_name} {legal_last_name}".format(**form.cleaned_data),
            },
        )
    except ServiceError as exc:
        _show_error(form, exc)
        return _render_child_form(request, form, title="Add a child")
    messages.success(request, f"{child.full_name}'s record has been created ({child.reference}).")
    return redirect(_detail_url(child))


def _render_child_form(
    request: HttpRequest, form, *, title: str, child: Child | None = None, status: int = 200
):
    return render(
        request,
        "people/child_form.html",
        {"page_title": error_title(form, title), "heading": title, "form": form, "child": child},
        status=status,
    )


# --- The record ------------------------------------------------------------------------------------


@require_GET
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child_page(request, pk, "Viewed the child's record")
    user = request.user
    return render(
        request,
        "people/child_detail.html",
        {
            "page_title": child.full_name,
            "child": child,
            "nhs_number": format_nhs_number(child.nhs_number),
            "contacts": child.contacts.all(),
            "requests": child.assessment_requests.all(),
            "documents": selectors.documents_for_child(user, child),
            "notes": selectors.notes_for_child(user, child),
            "note_form": NoteForm() if permissions.can_edit_cases(user) else None,
            "merged_into": selectors.merged_into(child),
        },
    )


@require_http_methods(["GET", "POST"])
def child_edit(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child_page(request, pk, "Opened the child's details to change them", editing=True)
    title = f"Change {child.full_name}'s details"
    if request.method == "GET":
        initial = {name: getattr(child, name) for name in ChildForm.base_fields}
        form = ChildEditForm(initial={**initial, "version": child.version})
        return _render_child_form(request, form, title=title, child=child)
    form = ChildEditForm(request.POST)
    if not form.is_valid():
        return _render_child_form(request, form, title=title, child=child)
    try:
        services.child_update(
            acting_user=request.user,
            child=child,
            expected_version=form.cleaned_data["version"],
            data=form.service_data(),
        )
    except StaleEdit as exc:
        _show_error(form, exc)
        return _render_child_form(request, form, title=title, child=child, status=409)
    except ServiceError as exc:
        _show_error(form, exc)
        return _render_child_form(request, form, title=title, child=child)
    messages.success(request, "The child's details have been saved.")
    return redirect(_detail_url(child))


# --- Contacts --------------------------------------------------------------------------------------


def _render_contact_form(request: HttpRequest, form, *, child: Child, title: str) -> HttpResponse:
    return render(
        request,
        "people/contact_form.html",
        {"page_title": error_title(form, title), "heading": title, "form": form, "child": child},
    )


@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child_page(request, pk, "Opened the form to add a contact", editing=True)
    title = f"Add a contact for {child.full_name}"
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_add(acting_user=request.user, child=child, data=form.cleaned_data)
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, "The contact has been added.")
            return redirect(_detail_url(child, "contacts"))
    return _render_contact_form(request, form, child=child, title=title)


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    child = selectors.child_for_user(request.user, pk)
    contact = selectors.contact_for_user(request.user, child, contact_pk)
    permissions.require_case_editor(request)
    if request.method == "GET":
        audit_view(user=request.user, obj=contact, summary="Opened a contact's details to change them")
    title = f"Change {contact.first_name} {contact.last_name}'s details"
    if request.method == "GET":
        form = ContactForm(initial={name: getattr(contact, name) for name in ContactForm.base_fields})
    else:
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                services.contact_update(acting_user=request.user, contact=contact, data=form.cleaned_data)
            except ServiceError as exc:
                _show_error(form, exc)
            else:
                messages.success(request, "The contact's details have been saved.")
                return redirect(_detail_url(child, "contacts"))
    return _render_contact_form(request, form, child=child, title=title)


# --- Documents -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child_page(request, pk, "Opened the form to upload a document", editing=True)
    form = DocumentForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.document_upload(
                acting_user=request.user,
                child=child,
                uploaded_file=data["file"],
                title=data["title"],
                kind=data["kind"],
                visible_to_family=data["visible_to_family"],
            )
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, "The document has been uploaded.")
            return redirect(_detail_url(child, "documents"))
    title = f"Upload a document for {child.full_name}"
    return render(
        request,
        "people/document_form.html",
        {"page_title": error_title(form, title), "heading": title, "form": form, "child": child},
    )


@require_GET
def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    child = selectors.child_for_user(request.user, pk)
    document = selectors.document_for_user(request.user, child, document_pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    audit_record(
        user=request.user, action=AuditAction.DOWNLOAD, obj=document, summary="Downloaded a document"
    )
    return FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )


# --- Notes -----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The add-note form sits on the record page; this page shows it on its own, with any errors."""
    child = _child_page(request, pk, "Opened the form to add a note", editing=True)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_add(acting_user=request.user, child=child, text=form.cleaned_data["text"])
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, "The note has been added.")
            return redirect(_detail_url(child, "notes"))
    title = f"Add a note to {child.full_name}'s record"
    return render(
        request,
        "people/note_form.html",
        {"page_title": error_title(form, title), "heading": title, "form": form, "child": child},
    )
