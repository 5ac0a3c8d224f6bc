"""The development and test backend: every message is written to RecordedMessage, nothing leaves."""

from __future__ import annotations

import uuid
from typing import Any

from ..models import RecordedMessage
from . import OutgoingMessage, SendResult


class RecordingBackend:
    # Letters are not 'sent' here: they wait in the print queue, as they would with no postal provider.
    sends_letters = False

    def __init__(self, conf: dict[str, Any] | None = None) -> None:
        self.conf = conf or {}

    def send(self, message: OutgoingMessage) -> SendResult:
        recorded = RecordedMessage.objects.create(
            channel=message.channel,
            recipient=message.recipient,
            template=message.kind,
            personalisation=message.personalisation,
            reference=message.reference,
        )
        return SendResult(provider_id=f"recorded-{recorded.pk}-{uuid.uuid4().hex[:8]}")

    def find_sent(self, reference: str) -> str | None:
        recorded = RecordedMessage.objects.filter(reference=reference).order_by("id").first()
        return f"recorded-{recorded.pk}" if recorded is not None else None

    def status(self, provider_id: str) -> str | None:
        # Recorded messages count as delivered: there is no one further down the line to ask.
        return "delivered" if provider_id.startswith("recorded-") else None
