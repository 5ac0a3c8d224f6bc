"""Delivery status from the provider, after a message was accepted."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .backends import Backend, SendError, get_backend
from .models import Channel, OutboxMessage, Status

DELIVERED = {"delivered", "received", "accepted"}  # letters are 'accepted' then 'received' by the printer
FAILED = {
    "permanent-failure",
    "temporary-failure",
    "technical-failure",
    "validation-failed",
    "virus-scan-failed",
}


def status_refresh(*, days: int = 7, limit: int = 5000, backend: Backend | None = None) -> dict[str, int]:
    backend = backend or get_backend()
    since = timezone.now() - dt.timedelta(days=days)
    counts = {"checked": 0, "delivered": 0, "failed": 0, "pending": 0, "errors": 0}
    messages = (
        OutboxMessage.objects.filter(status=Status.SENT, sent_at__gte=since)
        .exclude(provider_id="")
        .exclude(channel=Channel.LETTER, printed_at__isnull=False)
        .order_by("sent_at")[:limit]
    )
    for message in messages:
        counts["checked"] += 1
        try:
            provider_status = backend.status(message.provider_id) or ""
        except SendError:
            counts["errors"] += 1
            continue
        changes: dict = {"provider_status": provider_status[:40]}
        if provider_status in DELIVERED:
            changes["status"] = Status.DELIVERED
            counts["delivered"] += 1
        elif provider_status in FAILED:
            changes["status"] = Status.PERMANENTLY_FAILED
            changes["last_error"] = f"Not delivered: {provider_status.replace('-', ' ')}"
            counts["failed"] += 1
        else:
            counts["pending"] += 1
        # Only a message still marked sent is changed: an officer's retry in between is not undone.
        OutboxMessage.objects.filter(pk=message.pk, status=Status.SENT).update(**changes)
    return counts
