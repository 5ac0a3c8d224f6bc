"""What the improvement views share: permission gates, running a form through a service, downloads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.exports import Column, export_csv, export_xlsx
from sendcase.core.forms import error_title
from sendcase.core.models import AuditAction
from sendcase.core.service_checks import today

from .. import selectors

__all__ = ["today"]


def require_reader(request: HttpRequest) -> None:
    selectors.require_reader(request.user)


def require_editor(request: HttpRequest) -> None:
    if not permissions.can_edit_improvement_plan(request.user):
        raise PermissionDenied


def can_edit(request: HttpRequest) -> bool:
    return permissions.can_edit_improvement_plan(request.user)


def submit(
    request: HttpRequest,
    form: forms.Form,
    call: Callable[[dict[str, Any]], Any],
    *,
    success: str,
    to: Callable[[Any], str],
) -> HttpResponse | None:
    """Validate the form and call the service; on success, a message and a redirect. A refusal from the
    service is shown against the field it names (or at the top of the form) and the input is kept."""
    if not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except NotPermitted:
        raise PermissionDenied from None
    except ServiceError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None
    messages.success(request, success)
    return redirect(to(result))


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    heading: str,
    back_url: str,
    button: str,
    caption: str = "",
    intro: str = "",
    multipart: bool = False,
) -> HttpResponse:
    return render(
        request,
        "improvement/form.html",
        {
            "form": form,
            "heading": heading,
            "page_title": error_title(form, heading),
            "back_url": back_url,
            "button": button,
            "caption": caption,
            "intro": intro,
            "multipart": multipart,
        },
    )


def export(
    request: HttpRequest, rows: Sequence[Any], columns: Sequence[Column], *, filename: str, what: str
) -> HttpResponse | None:
    """The rows as CSV or Excel when `?format=` asks for one (audited), else None."""
    fmt = request.GET.get("format")
    if fmt not in ("csv", "xlsx"):
        return None
    writer = export_csv if fmt == "csv" else export_xlsx
    response = (
        writer(rows, columns, filename) if fmt == "csv" else writer(rows, columns, filename, sheet_title=what)
    )
    audit_record(
        user=request.user,
        action=AuditAction.EXPORT,
        summary=f"Downloaded {what} ({len(rows)} rows, {fmt.upper()})",
    )
    return response
