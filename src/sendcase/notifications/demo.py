"""Demo outbox: the messages the most recent case events would have sent, some sent, a few letters
waiting in the print queue and one failure to put right, so the Messages pages have something to show.

Called at the end of seed_demo (inside its transaction). It routes only the latest events, so it costs
about the same however large the authority.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from sendcase.people.models import CaseEvent

from .letters import letter_pdf
from .models import Channel, OutboxMessage, Status
from .routing import ROUTES, messages_for_event

EVENTS = 80
LETTERS_TO_PRINT = 3


def seed_outbox(*, as_of: dt.date) -> int:
    """Queue the demo's messages; returns how many the outbox then holds."""
    events = CaseEvent.objects.filter(kind__in=list(ROUTES), occurred_on__lte=as_of).select_related("child")
    for event in events.order_by("-occurred_on", "-id")[:EVENTS]:
        messages_for_event(event)
    now = timezone.now()
    letters = OutboxMessage.objects.filter(channel=Channel.LETTER, status=Status.QUEUED)
    for message in letters.order_by("-event_id", "id")[:LETTERS_TO_PRINT]:
        message.letter_pdf = letter_pdf(message)
        message.status = Status.PRINT_QUEUED
        message.attempts = 1
        message.save(update_fields=["letter_pdf", "status", "attempts"])
    # Messages about events more than three days old have been sent (letters printed and posted); the
    # rest wait for the worker.
    old_events = CaseEvent.objects.filter(occurred_on__lt=as_of - dt.timedelta(days=3)).values("id")
    OutboxMessage.objects.filter(event_id__in=old_events, status=Status.QUEUED).update(
        status=Status.SENT, sent_at=now, attempts=1, provider_id="demo"
    )
    electronic = Q(channel=Channel.SMS) | Q(channel=Channel.EMAIL)
    first = OutboxMessage.objects.filter(electronic, status=Status.SENT).order_by("id").first()
    if first is not None:
        reason = (
            "email_address Not a valid email address"
            if first.channel == Channel.EMAIL
            else "phone_number Not a UK mobile number"
        )
        OutboxMessage.objects.filter(pk=first.pk).update(
            status=Status.PERMANENTLY_FAILED,
            sent_at=None,
            provider_id="",
            last_error=f"Notify answered 400: {reason}",
        )
    return OutboxMessage.objects.count()
