"""Board meetings, and the monthly board pack (HTML and PDF)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from sendcase.core.audit import audit_record
from sendcase.core.models import AuditAction

from .. import pack as packs
from .. import selectors, services
from ..forms import BoardItemForm, BoardMeetingForm
from ._helpers import can_edit, form_page, require_editor, require_reader, submit, today

MEETING_FIELDS = ("held_on", "title", "attendees", "apologies", "papers", "notes")


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    return render(
        request,
        "improvement/meeting_list.html",
        {
            "page_title": "Board meetings",
            "meetings": selectors.meetings(request.user),
            "can_edit_plan": can_edit(request),
        },
    )


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_reader(request)
    meeting = get_object_or_404(selectors.meetings(request.user), pk=pk)
    return render(
        request,
        "improvement/meeting_detail.html",
        {
            "page_title": str(meeting),
            "meeting": meeting,
            "items": meeting.items.all(),
            "pack_month": f"{meeting.held_on:%Y-%m}",
            "history": selectors.history(request.user, meeting),
            "can_edit_plan": can_edit(request),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    require_editor(request)
    form = BoardMeetingForm(request.POST or None)
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.board_meeting_create(
                acting_user=request.user, **{f: d[f] for f in MEETING_FIELDS}
            ),
            success="Meeting added",
            to=lambda m: reverse("improvement:meeting_detail", args=[m.pk]),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        heading="Add a board meeting",
        back_url=reverse("improvement:meeting_list"),
        button="Add meeting",
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    meeting = get_object_or_404(selectors.meetings(request.user), pk=pk)
    back = reverse("improvement:meeting_detail", args=[meeting.pk])
    form = BoardMeetingForm(
        request.POST or None, initial={f: getattr(meeting, f) for f in (*MEETING_FIELDS, "version")}
    )
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.board_meeting_update(
                acting_user=request.user,
                meeting=meeting,
                expected_version=d["version"],
                **{f: d[f] for f in MEETING_FIELDS},
            ),
            success="Meeting updated",
            to=lambda m: back,
        )
        if done:
            return done
    return form_page(
        request,
        form,
        heading="Change the meeting",
        caption=str(meeting),
        back_url=back,
        button="Save changes",
    )


@require_http_methods(["GET", "POST"])
def meeting_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    meeting = get_object_or_404(selectors.meetings(request.user), pk=pk)
    back = reverse("improvement:meeting_detail", args=[meeting.pk])
    form = BoardItemForm(request.POST or None, initial={"version": meeting.version})
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.board_item_add(
                acting_user=request.user,
                meeting=meeting,
                expected_version=d["version"],
                kind=d["kind"],
                text=d["text"],
                owner=d["owner"],
                due_on=d["due_on"],
                action=d["action"],
            ),
            success="Added to the meeting's record",
            to=lambda i: back,
        )
        if done:
            return done
    return form_page(
        request,
        form,
        heading="Record a decision or action arising",
        caption=str(meeting),
        back_url=back,
        button="Add",
    )


# --- the board pack --------------------------------------------------------------------------------


def _months(as_of: dt.date, count: int = 12) -> list[dt.date]:
    months, year, month = [], as_of.year, as_of.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


@require_GET
def pack_index(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    return render(
        request, "improvement/pack_index.html", {"page_title": "Board packs", "months": _months(today())}
    )


def _pack(request: HttpRequest, month: str) -> packs.BoardPack:
    require_reader(request)
    try:
        start, end = packs.parse_month(month)
    except ValueError:
        raise Http404("No such month") from None
    if start > today():
        raise Http404("There is no pack for a month that has not started")
    return packs.build_board_pack(
        user=request.user,
        month=month,
        indicator_rows=packs.indicator_rows(min(end, today())),
        today=today(),
    )


@require_GET
def pack_html(request: HttpRequest, month: str) -> HttpResponse:
    pack = _pack(request, month)
    audit_record(user=request.user, action=AuditAction.VIEW, summary=f"Viewed the board pack for {pack.slug}")
    return render(request, "improvement/pack.html", {"page_title": pack.title, "pack": pack})


@require_GET
def pack_pdf(request: HttpRequest, month: str) -> HttpResponse:
    pack = _pack(request, month)
    content = packs.board_pack_pdf(pack, authority=settings.AUTHORITY_NAME)
    audit_record(
        user=request.user,
        action=AuditAction.DOWNLOAD,
        summary=f"Downloaded the board pack PDF for {pack.slug}",
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="board-pack-{pack.slug}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
