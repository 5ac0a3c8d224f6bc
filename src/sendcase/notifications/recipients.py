"""Who a message about a child goes to, and by which channel.

A family is the child's contacts with parental responsibility, or the young person when they act for
themselves. Each is written to the way they asked: email when they prefer email and we have an address,
a text message when they prefer texts and we have a number, and otherwise (a phone-call preference, a
missing address or number) a letter, so nobody is left uninformed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sendcase.core.models import User
from sendcase.people.models import Child, Contact, ContactMethod

from .content import interpreter_line
from .models import Channel


@dataclass(frozen=True)
class Recipient:
    key: str  # stable: part of the idempotency key
    channel: str
    address: str  # email address, phone number, or the addressee's name for a letter
    name: str
    contact: Contact | None = None
    user: User | None = None
    address_lines: tuple[str, ...] = ()
    interpreter_language: str = ""
    fields: dict = field(default_factory=dict)


def _letter_lines(contact: Contact | None, child: Child) -> tuple[str, ...]:
    if contact is not None and contact.address.strip():
        lines = [*contact.address.splitlines(), contact.postcode]
    else:
        lines = [child.address_line_1, child.address_line_2, child.town, child.postcode]
    return tuple(line.strip() for line in lines if line and line.strip())


def _language(needed: bool, language: str) -> str:
    return (language or "your language") if needed else ""


def contact_recipient(contact: Contact, child: Child) -> Recipient:
    name = f"{contact.first_name} {contact.last_name}".strip()
    language = _language(contact.interpreter_needed, contact.language)
    common = {
        "key": f"contact{contact.pk}",
        "name": name,
        "contact": contact,
        "interpreter_language": language,
    }
    if contact.preferred_contact == ContactMethod.EMAIL and contact.email:
        return Recipient(channel=Channel.EMAIL, address=contact.email, **common)
    if contact.preferred_contact == ContactMethod.TEXT and contact.phone:
        return Recipient(channel=Channel.SMS, address=contact.phone, **common)
    return Recipient(
        channel=Channel.LETTER, address=name, address_lines=_letter_lines(contact, child), **common
    )


def young_person_recipient(child: Child) -> Recipient:
    from sendcase.portal.models import FamilyLink, FamilyRole

    language = _language(child.interpreter_needed, child.first_language)
    link = (
        FamilyLink.objects.select_related("user")
        .filter(child_id=child.pk, ended_at__isnull=True, acts_as=FamilyRole.YOUNG_PERSON)
        .order_by("id")
        .first()
    )
    if link is not None and link.user.email:
        return Recipient(
            key=f"child{child.pk}",
            channel=Channel.EMAIL,
            address=link.user.email,
            name=child.legal_name,
            user=link.user,
            interpreter_language=language,
        )
    return Recipient(
        key=f"child{child.pk}",
        channel=Channel.LETTER,
        address=child.legal_name,
        name=child.legal_name,
        address_lines=_letter_lines(None, child),
        interpreter_language=language,
    )


def family_recipients(child: Child) -> list[Recipient]:
    """Everyone a message to the family goes to (empty when there is nobody we may write to)."""
    if child.acts_for_self:
        return [young_person_recipient(child)]
    contacts = Contact.objects.filter(child_id=child.pk, parental_responsibility=True).order_by(
        "-is_main_contact", "id"
    )
    return [contact_recipient(contact, child) for contact in contacts]


def user_recipient(user: User, *, key_prefix: str = "user") -> Recipient | None:
    if not user.email or not user.is_active:
        return None
    return Recipient(
        key=f"{key_prefix}{user.pk}",
        channel=Channel.EMAIL,
        address=user.email,
        name=user.display_name,
        user=user,
    )


def with_interpreter(recipient: Recipient) -> dict:
    return {"interpreter_line": interpreter_line(recipient.interpreter_language)}
