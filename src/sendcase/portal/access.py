"""Checks every portal view makes first: who may use the school portal and who the advice portal."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from sendcase.core.audit import audit_record
from sendcase.core.models import AuditAction
from sendcase.people.models import Document


def requires(check: Callable[[object], bool]) -> Callable:
    """403 unless `check(request.user)` holds (a current membership of a school, or of an advice service)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def download(request: HttpRequest, document: Document) -> FileResponse:
    """Serve a document the selector let through, and record the download in the audit log."""
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
