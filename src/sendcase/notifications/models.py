"""The outbox: every message the service sends, written in the same transaction as the event that causes
it, then sent by the worker (`manage.py notifications_worker`) through the configured backend.

A message's `idempotency_key` is unique and stable (the event, the recipient and the kind), so routing an
event twice, or a reminder job running twice on the same day, never queues a second copy. The key is also
the reference given to GOV.UK Notify, which is how a worker that died mid-send is detected on retry.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sendcase.people.models import Child, Contact


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    LETTER = "letter", "Letter"


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed, will retry"
    PERMANENTLY_FAILED = "permanently_failed", "Failed, not sent"
    # A letter rendered and waiting for staff to print and post it (when letters are not sent by Notify).
    PRINT_QUEUED = "print_queued", "Waiting to be printed"


# Statuses the worker picks up when `next_attempt_at` has come.
DUE_STATUSES = (Status.QUEUED, Status.FAILED)
FINISHED_STATUSES = (Status.SENT, Status.DELIVERED, Status.PERMANENTLY_FAILED)


class OutboxMessage(models.Model):
    kind = models.CharField(max_length=60)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # The address, phone number or (for a letter) the addressee's name; who it is for is in the FKs.
    recipient = models.CharField(max_length=320)
    recipient_name = models.CharField(max_length=200, blank=True)
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.PROTECT, related_name="outbox_messages"
    )
    event_id = models.BigIntegerField(null=True, blank=True)
    personalisation = models.JSONField(default=dict, blank=True)
    # The family's language when they asked for an interpreter: officers see these flagged.
    interpreter_language = models.CharField(max_length=60, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.CharField(max_length=500, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    provider_status = models.CharField(max_length=40, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    letter_pdf = models.BinaryField(null=True, blank=True, editable=False)
    printed_at = models.DateTimeField(null=True, blank=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["status", "claimed_until"]),
            models.Index(fields=["child", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} by {self.channel} to {self.recipient_name or self.recipient}"

    @property
    def subject(self) -> str:
        return str(self.personalisation.get("subject", ""))

    @property
    def body(self) -> str:
        return str(self.personalisation.get("body", ""))

    @property
    def address_lines(self) -> list[str]:
        """A letter's postal address after the addressee's name (Notify's address_line_2 to _7)."""
        p = self.personalisation
        return [str(p[f"address_line_{i}"]) for i in range(2, 8) if p.get(f"address_line_{i}")]


class RecordedMessage(models.Model):
    """What the recording backend 'sent': for development and tests, in place of GOV.UK Notify."""

    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient = models.CharField(max_length=320)
    template = models.CharField(max_length=100)
    personalisation = models.JSONField(default=dict, blank=True)
    reference = models.CharField(max_length=200, db_index=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.template} to {self.recipient}"
