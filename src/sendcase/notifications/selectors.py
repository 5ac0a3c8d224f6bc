"""Reads of the outbox, with the permission filter applied inside."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from sendcase.core.models import User

from .models import Channel, OutboxMessage, Status
from .permissions import can_manage_outbox


def outbox_messages(
    viewer: User | None, *, status: str = "", interpreter: bool = False
) -> QuerySet[OutboxMessage]:
    if not can_manage_outbox(viewer):
        return OutboxMessage.objects.none()
    messages = OutboxMessage.objects.select_related("child").defer("letter_pdf")
    if status in Status.values:
        messages = messages.filter(status=status)
    if interpreter:
        messages = messages.exclude(interpreter_language="")
    return messages.order_by("-created_at", "-id")


def status_counts(viewer: User | None) -> dict[str, int]:
    if not can_manage_outbox(viewer):
        return {}
    rows = OutboxMessage.objects.order_by().values("status").annotate(n=Count("id"))
    counts = {row["status"]: row["n"] for row in rows}
    return {value: counts.get(value, 0) for value in Status.values}


def print_queue(viewer: User | None) -> QuerySet[OutboxMessage]:
    if not can_manage_outbox(viewer):
        return OutboxMessage.objects.none()
    return (
        OutboxMessage.objects.filter(channel=Channel.LETTER, status=Status.PRINT_QUEUED)
        .select_related("child")
        .defer("letter_pdf")
        .order_by("created_at", "id")
    )
