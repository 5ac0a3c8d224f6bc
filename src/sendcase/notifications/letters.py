"""Letters: a message on the letter channel printed as a PDF with the family's address, laid out by the
same letter template (and print stylesheet) as the service's decision letters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from sendcase.people.models import Child
from sendcase.plans.documents.render import render_pdf

from .models import OutboxMessage


@dataclass(frozen=True)
class Block:
    heading: str = ""
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    changes: tuple = ()


@dataclass(frozen=True)
class LetterDoc:
    title: str
    heading: str
    child: Child | None
    addressee: str
    address_lines: tuple[str, ...]
    dated: dt.date
    opening: tuple[str, ...]
    blocks: tuple[Block, ...] = ()
    reference: str = ""
    version: None = None
    is_draft: bool = False
    authority: str = field(default_factory=lambda: settings.AUTHORITY_NAME)


def letter_document(message: OutboxMessage) -> LetterDoc:
    lines = tuple(message.address_lines)
    paragraphs = tuple(part.strip() for part in message.body.split("\n\n") if part.strip())
    return LetterDoc(
        title=message.subject or "Letter from the SEND service",
        heading=message.subject or "Letter from the SEND service",
        child=message.child,
        addressee=message.recipient_name or message.recipient,
        address_lines=lines,
        dated=timezone.localdate(),
        opening=paragraphs,
        reference=message.child.reference if message.child_id else "",
    )


def letter_pdf(message: OutboxMessage) -> bytes:
    return render_pdf("pdf/letter.html", {"doc": letter_document(message)})
