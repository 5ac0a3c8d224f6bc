"""Putting messages in the outbox, in the caller's transaction.

`message_queue` never duplicates: the idempotency key is unique and a second insert with the same key is
skipped by the database (INSERT ... ON CONFLICT DO NOTHING), so routing an event twice, or the daily
reminders running twice, leaves one message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from sendcase.people.models import Child

from . import content
from .models import Channel, OutboxMessage, Status
from .recipients import Recipient, with_interpreter


@dataclass(frozen=True)
class Draft:
    kind: str
    recipient: Recipient
    key: str
    fields: dict[str, Any]
    child: Child | None = None
    event_id: int | None = None


def build(draft: Draft) -> OutboxMessage:
    r = draft.recipient
    fields = {"recipient_name": r.name, **draft.fields, **with_interpreter(r)}
    if r.channel == Channel.LETTER:
        for i, line in enumerate(r.address_lines[:6], start=2):
            fields[f"address_line_{i}"] = line
        fields["address_line_1"] = r.name
    now = timezone.now()
    message = OutboxMessage(
        kind=draft.kind,
        channel=r.channel,
        recipient=r.address[:320],
        recipient_name=r.name[:200],
        contact=r.contact,
        user=r.user,
        child=draft.child,
        event_id=draft.event_id,
        personalisation=content.render(draft.kind, fields),
        interpreter_language=r.interpreter_language[:60],
        idempotency_key=draft.key[:200],
        next_attempt_at=now,
    )
    # A letter with nowhere to go cannot be sent: keep it, failed, where officers will see it.
    if r.channel == Channel.LETTER and len(r.address_lines) < 2:
        message.status = Status.PERMANENTLY_FAILED
        message.last_error = "No postal address on record: add the family's address, then retry."
    return message


def message_queue(drafts: Iterable[Draft]) -> int:
    """Queue the drafted messages; returns how many were drafted (duplicates are skipped silently)."""
    messages = [build(d) for d in drafts]
    if messages:
        OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True)
    return len(messages)
