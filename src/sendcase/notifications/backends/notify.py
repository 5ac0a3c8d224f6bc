"""GOV.UK Notify, through its official Python client.

Each message goes to the template configured for its kind and channel (a generic template by default,
which shows ((subject)) and ((body))); the outbox message's idempotency key is sent as Notify's
`reference`, so a message whose send outcome is unknown (the worker died after Notify accepted it) is
found with `find_sent` before it would be sent again.
"""

from __future__ import annotations

import io
from typing import Any

import requests
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from .. import conf as conf_module
from ..models import Channel
from . import OutgoingMessage, PermanentSendError, SendResult, TransientSendError

# Notify answers 429 when over its rate limit and 5xx when it is having trouble: both are worth retrying.
# Other 4xx answers say the message itself is wrong (a bad phone number, a missing field): retrying the
# same request would be refused the same way.
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


class NotifyBackend:
    sends_letters = True

    def __init__(self, conf: dict[str, Any]) -> None:
        conf_module.validate({**conf, "backend": "notify"})
        self.conf = conf
        self.sends_letters = bool(conf.get("notify_letters", True))
        self.client = NotificationsAPIClient(
            conf["api_key"], base_url=conf["base_url"], timeout=conf.get("timeout_seconds", 30)
        )

    def template_for(self, kind: str, channel: str) -> str:
        templates = self.conf.get("templates") or {}
        return (
            templates.get(f"{kind}:{channel}")
            or templates.get(kind)
            or self.conf["template_email" if channel == Channel.EMAIL else "template_sms"]
        )

    def _call(self, fn, *args, **kwargs) -> dict:
        try:
            return fn(*args, **kwargs)
        except APIError as exc:
            error = f"Notify answered {exc.status_code}: {exc.message}"
            if exc.status_code in RETRYABLE_STATUS:
                raise TransientSendError(error) from exc
            raise PermanentSendError(error) from exc
        except requests.RequestException as exc:
            raise TransientSendError(f"Could not reach Notify: {exc.__class__.__name__}") from exc

    def send(self, message: OutgoingMessage) -> SendResult:
        # Notify personalisation values are strings (or lists); keep only what templates can show.
        personalisation = {
            k: v for k, v in message.personalisation.items() if isinstance(v, str | int | list)
        }
        if message.channel == Channel.EMAIL:
            answer = self._call(
                self.client.send_email_notification,
                email_address=message.recipient,
                template_id=self.template_for(message.kind, message.channel),
                personalisation=personalisation,
                reference=message.reference,
            )
        elif message.channel == Channel.SMS:
            answer = self._call(
                self.client.send_sms_notification,
                phone_number=message.recipient,
                template_id=self.template_for(message.kind, message.channel),
                personalisation=personalisation,
                reference=message.reference,
            )
        elif message.channel == Channel.LETTER:
            if message.pdf is None:
                raise PermanentSendError("The letter has no PDF to send")
            answer = self._call(
                self.client.send_precompiled_letter_notification,
                reference=message.reference,
                pdf_file=io.BytesIO(message.pdf),
            )
        else:
            raise PermanentSendError(f"Unknown channel {message.channel!r}")
        provider_id = str((answer or {}).get("id") or "")
        if not provider_id:
            raise TransientSendError("Notify's answer had no notification id")
        return SendResult(provider_id=provider_id)

    def find_sent(self, reference: str) -> str | None:
        answer = self._call(self.client.get_all_notifications, reference=reference)
        notifications = (answer or {}).get("notifications") or []
        return str(notifications[0]["id"]) if notifications else None

    def status(self, provider_id: str) -> str | None:
        answer = self._call(self.client.get_notification_by_id, provider_id)
        return (answer or {}).get("status")
