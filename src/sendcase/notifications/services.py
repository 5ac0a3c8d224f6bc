"""Staff actions on the outbox: retry a failed message, download a letter, mark a letter printed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sendcase.core.audit import audit_record
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError
from sendcase.core.models import AuditAction, User

from .models import Channel, OutboxMessage, Status
from .permissions import can_manage_outbox
from .recipients import contact_recipient, young_person_recipient

RETRYABLE = (Status.FAILED, Status.PERMANENTLY_FAILED)


def _lock(message: OutboxMessage) -> OutboxMessage:
    return (
        OutboxMessage.objects.select_for_update(of=("self",))
        .select_related("child", "contact")
        .get(pk=message.pk)
    )


def _refresh_address(message: OutboxMessage) -> None:
    """A letter is retried to the address on record now (the officer may just have added it)."""
    if message.contact is not None:
        recipient = contact_recipient(message.contact, message.child)
    elif message.child is not None:
        recipient = young_person_recipient(message.child)
    else:
        return
    lines = recipient.address_lines
    if recipient.channel != Channel.LETTER or len(lines) < 2:
        raise ServiceError(
            "There is still no postal address for this letter. Add the address to the contact, then retry."
        )
    p = {k: v for k, v in message.personalisation.items() if not k.startswith("address_line_")}
    p["address_line_1"] = recipient.name
    for i, line in enumerate(lines[:6], start=2):
        p[f"address_line_{i}"] = line
    message.personalisation = p
    message.letter_pdf = None


@transaction.atomic
def outbox_message_retry(*, acting_user: User, message: OutboxMessage) -> OutboxMessage:
    """Send a failed message again: back in the queue with a fresh set of attempts."""
    if not can_manage_outbox(acting_user):
        raise NotPermitted()
    message = _lock(message)
    if message.status not in RETRYABLE:
        raise InvalidTransition("Only a failed message can be sent again.")
    if message.channel == Channel.LETTER:
        _refresh_address(message)
    previous_error = message.last_error
    message.status = Status.QUEUED
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.last_error = ""
    message.claimed_by = ""
    message.claimed_until = None
    message.save()
    audit_record(
        user=acting_user,
        action=AuditAction.UPDATE,
        obj=message,
        child_id=message.child_id,
        summary=f"Message queued to send again (was: {previous_error})"[:500],
    )
    return message


@transaction.atomic
def letter_mark_printed(*, acting_user: User, message: OutboxMessage) -> OutboxMessage:
    if not can_manage_outbox(acting_user):
        raise NotPermitted()
    message = _lock(message)
    if message.status != Status.PRINT_QUEUED:
        raise InvalidTransition("This letter is not waiting to be printed.")
    now = timezone.now()
    message.status = Status.SENT
    message.printed_at = now
    message.printed_by = acting_user
    message.sent_at = now
    message.save(update_fields=["status", "printed_at", "printed_by", "sent_at"])
    audit_record(
        user=acting_user,
        action=AuditAction.UPDATE,
        obj=message,
        child_id=message.child_id,
        summary=f"Letter printed for posting to {message.recipient_name}",
    )
    return message


def letter_download(*, acting_user: User, message: OutboxMessage) -> bytes:
    """The letter's PDF, with the download written to the audit log (it carries a family's address)."""
    if not can_manage_outbox(acting_user):
        raise NotPermitted()
    if message.channel != Channel.LETTER or not message.letter_pdf:
        raise ServiceError("This letter has not been printed to PDF yet.")
    audit_record(
        user=acting_user,
        action=AuditAction.DOWNLOAD,
        obj=message,
        child_id=message.child_id,
        summary=f"Letter downloaded: {message.subject}"[:500],
    )
    return bytes(message.letter_pdf)
