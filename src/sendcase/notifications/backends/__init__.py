"""Sending a message: one small interface, two implementations.

    backend = get_backend()
    result = backend.send(OutgoingMessage(...))     # SendResult(provider_id=...)
    backend.find_sent(reference)                    # provider id of an earlier send with this reference
    backend.status(provider_id)                     # Notify's status word, for delivery refresh

`RecordingBackend` (the default) stores each message in the database; `NotifyBackend` sends through
GOV.UK Notify. Errors are `TransientSendError` (try again later: 429, 5xx, network) or
`PermanentSendError` (Notify refused the message itself: a bad number, a missing template field).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings


@dataclass(frozen=True)
class OutgoingMessage:
    channel: str  # Channel value
    recipient: str  # email address, phone number, or (letters) the addressee's name
    kind: str
    personalisation: dict[str, Any]
    reference: str  # the outbox message's idempotency key
    pdf: bytes | None = field(default=None, repr=False)  # letters only


@dataclass(frozen=True)
class SendResult:
    provider_id: str


class SendError(Exception):
    retryable = True


class TransientSendError(SendError):
    retryable = True


class PermanentSendError(SendError):
    retryable = False


class Backend(Protocol):
    sends_letters: bool

    def send(self, message: OutgoingMessage) -> SendResult: ...

    def find_sent(self, reference: str) -> str | None: ...

    def status(self, provider_id: str) -> str | None: ...


def get_backend(conf: dict[str, Any] | None = None) -> Backend:
    """The backend the NOTIFICATIONS setting names (read at call time, so tests can override it)."""
    conf = conf if conf is not None else settings.NOTIFICATIONS
    if conf["backend"] == "notify":
        from .notify import NotifyBackend

        return NotifyBackend(conf)
    from .recording import RecordingBackend

    return RecordingBackend(conf)
