"""The outbox and the print queue, for team managers, heads of service and administrators.

Everyone else gets 403 before anything is looked up. Retrying and marking printed are POSTs to
services; downloading a letter is audited (it carries a family's name and address).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from sendcase.core.errors import NotPermitted, ServiceError

from . import services
from .content import kind_label
from .models import Channel, OutboxMessage, Status
from .permissions import can_manage_outbox
from .selectors import outbox_messages, print_queue, status_counts

PAGE_SIZE = 50


def _require(request: HttpRequest) -> None:
    if not can_manage_outbox(request.user):
        raise PermissionDenied


def _rows(page) -> list[dict]:
    return [
        {"message": m, "label": kind_label(m.kind), "can_retry": m.status in services.RETRYABLE} for m in page
    ]


@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    _require(request)
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    interpreter = request.GET.get("interpreter") == "1"
    page = Paginator(
        outbox_messages(request.user, status=status, interpreter=interpreter), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    counts = status_counts(request.user)
    return render(
        request,
        "notifications/outbox.html",
        {
            "page_title": "Messages",
            "page": page,
            "rows": _rows(page),
            "status": status,
            "interpreter": interpreter,
            "status_options": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
            "print_waiting": counts.get(Status.PRINT_QUEUED, 0),
            "failed_count": counts.get(Status.PERMANENTLY_FAILED, 0),
        },
    )


@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    message = get_object_or_404(OutboxMessage.objects.defer("letter_pdf"), pk=pk)
    try:
        services.outbox_message_retry(acting_user=request.user, message=message)
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"The message to {message.recipient_name or message.recipient} will be sent again"
        )
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/notifications/")
        else "notifications:outbox"
    )


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    _require(request)
    page = Paginator(print_queue(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/print_queue.html",
        {"page_title": "Letters to print", "page": page, "rows": _rows(page)},
    )


@require_GET
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    message = get_object_or_404(OutboxMessage, pk=pk, channel=Channel.LETTER)
    try:
        pdf = services.letter_download(acting_user=request.user, message=message)
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("notifications:print_queue")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letter-{message.pk}.pdf"'
    return response


@require_POST
def printed(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    message = get_object_or_404(OutboxMessage.objects.defer("letter_pdf"), pk=pk, channel=Channel.LETTER)
    try:
        services.letter_mark_printed(acting_user=request.user, message=message)
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Letter to {message.recipient_name} marked as printed")
    return redirect("notifications:print_queue")
