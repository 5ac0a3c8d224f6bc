"""Changing children's records: the only place that writes Child, Contact, Document and Note rows.

Every function takes keyword arguments with the acting user first, runs in one transaction, refuses
users who may not edit cases, and writes an audit entry and a case event with the change, so the
record's history and the audit log can never disagree with the data.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from sendcase.core.audit import audit_record
from sendcase.core.errors import ServiceError, StaleEdit
from sendcase.core.identifiers import validate_nhs_number, validate_postcode, validate_uln, validate_upn
from sendcase.core.models import AuditAction, User
from sendcase.core.service_checks import actor as _actor
from sendcase.core.service_checks import require_editor as _require_editor

from .events import EventKind, case_event_record
from .models import Child, Contact, Document, DocumentKind, Note
from .selectors import possible_duplicates
from .uploads import check_upload, original_name


class PossibleDuplicate(ServiceError):
    """The child may already have a record. `matches` are the children who may be the same person."""

    def __init__(self, matches: Iterable[Child]) -> None:
        super().__init__(
            "This child may already have a record: a child with the same date of birth and a similar name, "
            "or the same UPN, is recorded. Check the matching records before adding a new one.",
            code="possible_duplicate",
        )
        self.matches = list(matches)


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _first_model_error(error: ValidationError, messages: dict[tuple[str, str], str]) -> ServiceError:
    """Turn a model's `full_clean` error into a ServiceError naming the first field at fault."""
    field, errors = next(iter(error.error_dict.items()))
    first = errors[0]
    text = messages.get((field, first.code or ""), " ".join(first.messages))
    return ServiceError(text, field=None if field == "__all__" else field)


def _check_identifiers(values: dict[str, Any], validators: dict[str, Any]) -> None:
    """Normalise identifiers in place (upper case, spacing) or refuse with the validator's message."""
    for field, validator in validators.items():
        if values.get(field):
            try:
                values[field] = validator(values[field])
            except ValidationError as exc:
                raise ServiceError(exc.messages[0], field=field) from None


def _check_required(values: dict[str, Any], required: dict[str, str], *, partial: bool) -> None:
    for field, message in required.items():
        if (field in values or not partial) and values.get(field) in (None, ""):
            raise ServiceError(message, field=field)


def _check_known(data: dict[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ServiceError(f"These details cannot be set here: {', '.join(unknown)}.", field=unknown[0])
    return {key: _strip(value) for key, value in data.items()}


def _changed_fields(instance: models.Model, values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if getattr(instance, key) != value}


def _labels(model: type[models.Model], fields: Iterable[str]) -> str:
    return ", ".join(str(model._meta.get_field(name).verbose_name) for name in fields)


# --- Children ------------------------------------------------------------------------------------

CHILD_FIELDS = frozenset(
    {
        "legal_first_name",
        "legal_middle_names",
        "legal_last_name",
        "preferred_name",
        "date_of_birth",
        "sex",
        "ethnicity",
        "upn",
        "uln",
        "nhs_number",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "locality",
        "first_language",
        "interpreter_needed",
        "acts_for_self",
    }
)
_CHILD_REQUIRED = {
    "legal_first_name": "Enter the child's first name",
    "legal_last_name": "Enter the child's last name",
    "date_of_birth": "Enter the child's date of birth",
}
_CHILD_IDENTIFIERS = {
    "upn": validate_upn,
    "uln": validate_uln,
    "nhs_number": validate_nhs_number,
    "postcode": validate_postcode,
}
_CHILD_MODEL_MESSAGES = {
    ("sex", "invalid_choice"): "Select the child's sex",
    ("ethnicity", "invalid_choice"): "Select the child's ethnicity",
}
# Never compared or copied when cleaning a candidate record: they are set by the services themselves.
_TRACKING_FIELDS = ["created_by", "updated_by", "version"]


def _clean_child_values(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    values = _check_known(data, CHILD_FIELDS)
    _check_required(values, _CHILD_REQUIRED, partial=partial)
    born = values.get("date_of_birth")
    if born is not None:
        if not isinstance(born, dt.date) or isinstance(born, dt.datetime):
            raise ServiceError("Date of birth must be a real date", field="date_of_birth")
        if born > timezone.localdate():
            raise ServiceError("Date of birth must be today or in the past", field="date_of_birth")
    _check_identifiers(values, _CHILD_IDENTIFIERS)
    return values


def _full_clean_child(child: Child) -> None:
    try:
        child.full_clean(exclude=_TRACKING_FIELDS, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise _first_model_error(exc, _CHILD_MODEL_MESSAGES) from None


def child_create(*, acting_user: User, data: dict[str, Any], confirmed_not_duplicate: bool = False) -> Child:
    """Record a new child.

    Refused with PossibleDuplicate when a child with the same date of birth and a similar name, or the
    same UPN, is already recorded, unless the officer has confirmed that this is a different child; the
    records they confirmed it against are kept in the audit entry and the event, for data-quality review.
    """
    _require_editor(acting_user)
    values = _clean_child_values(data, partial=False)
    actor = _actor(acting_user)
    child = Child(**values, created_by=actor, updated_by=actor)
    _full_clean_child(child)
    with transaction.atomic():
        matches = possible_duplicates(
            acting_user,
            first_name=child.legal_first_name,
            last_name=child.legal_last_name,
            preferred_name=child.preferred_name,
            date_of_birth=child.date_of_birth,
            upn=child.upn,
        )
        if matches and not confirmed_not_duplicate:
            raise PossibleDuplicate(matches)
        child.save()
        summary = "Created the child's record"
        if matches:
            summary += "; confirmed a different child from " + ", ".join(m.reference for m in matches)
        audit_record(user=acting_user, action=AuditAction.CREATE, obj=child, summary=summary)
        case_event_record(
            actor=actor,
            child=child,
            subject=child,
            kind=EventKind.CHILD_CREATED,
            occurred_on=timezone.localdate(),
            summary="Record created",
            data={"confirmed_not_duplicate_of": [m.pk for m in matches]} if matches else None,
        )
    return child


def child_update(*, acting_user: User, child: Child, expected_version: int, data: dict[str, Any]) -> Child:
    """Change a child's details, provided nobody has saved the record since `expected_version` was read.

    The write is a compare-and-set on `version` (UPDATE ... WHERE version = expected), so two officers
    editing at once cannot silently overwrite each other: the second gets StaleEdit and nothing changes.
    Returns the child as saved (the `child` passed in is refreshed too).
    """
    _require_editor(acting_user)
    values = _clean_child_values(data, partial=True)
    with transaction.atomic():
        child.refresh_from_db()
        if child.version != expected_version:
            raise StaleEdit()
        locality_before = child.locality_id
        changes = _changed_fields(child, values)
        if not changes:
            return child
        candidate = copy.copy(child)
        for key, value in changes.items():
            setattr(candidate, key, value)
        _full_clean_child(candidate)
        saved = Child.objects.filter(pk=child.pk, version=expected_version).update(
            **changes, version=F("version") + 1, updated_by=_actor(acting_user), updated_at=timezone.now()
        )
        if saved != 1:
            raise StaleEdit()
        child.refresh_from_db()
        changed_labels = _labels(Child, changes)
        audit_record(
            user=acting_user, action=AuditAction.UPDATE, obj=child, summary=f"Changed {changed_labels}"
        )
        event_data: dict[str, Any] = {"fields": sorted(changes)}
        if "locality" in changes:
            # Where from and to, so a past month's figures by locality still count the child where they
            # lived then (performance/indicators/context.py).
            event_data["locality"] = {"from": locality_before, "to": child.locality_id}
        case_event_record(
            actor=_actor(acting_user),
            child=child,
            subject=child,
            kind=EventKind.CHILD_UPDATED,
            occurred_on=timezone.localdate(),
            summary="Details changed",
            data=event_data,
        )
    return child


# --- Contacts ------------------------------------------------------------------------------------

CONTACT_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "relationship",
        "parental_responsibility",
        "email",
        "phone",
        "address",
        "postcode",
        "preferred_contact",
        "communication_needs",
        "language",
        "interpreter_needed",
        "is_main_contact",
    }
)
_CONTACT_REQUIRED = {
    "first_name": "Enter the contact's first name",
    "last_name": "Enter the contact's last name",
    "relationship": "Select the contact's relationship to the child",
}
_CONTACT_MODEL_MESSAGES = {
    ("email", "invalid"): "Enter an email address in the correct format, like name@example.com",
    ("relationship", "invalid_choice"): "Select the contact's relationship to the child",
    ("preferred_contact", "invalid_choice"): "Select how the contact prefers to be contacted",
}


def _save_contact(contact: Contact) -> None:
    try:
        contact.full_clean(exclude=["child", "created_by", "updated_by"], validate_unique=False)
    except ValidationError as exc:
        raise _first_model_error(exc, _CONTACT_MODEL_MESSAGES) from None
    contact.save()
    if contact.is_main_contact:
        # One main contact per child: choosing a new one demotes the others.
        Contact.objects.filter(child_id=contact.child_id, is_main_contact=True).exclude(pk=contact.pk).update(
            is_main_contact=False
        )


def contact_add(*, acting_user: User, child: Child, data: dict[str, Any]) -> Contact:
    _require_editor(acting_user)
    values = _check_known(data, CONTACT_FIELDS)
    _check_required(values, _CONTACT_REQUIRED, partial=False)
    _check_identifiers(values, {"postcode": validate_postcode})
    actor = _actor(acting_user)
    with transaction.atomic():
        contact = Contact(child=child, **values, created_by=actor, updated_by=actor)
        _save_contact(contact)
        audit_record(user=acting_user, action=AuditAction.CREATE, obj=contact, summary="Added a contact")
        case_event_record(
            actor=actor,
            child=child,
            subject=contact,
            kind=EventKind.CONTACT_ADDED,
            occurred_on=timezone.localdate(),
            summary=f"Contact added: {contact.get_relationship_display().lower()}",
            visible_to_family=False,
        )
    return contact


def contact_update(*, acting_user: User, contact: Contact, data: dict[str, Any]) -> Contact:
    """Change a contact's details. Contacts carry no version: the last save wins, which is acceptable
    for a phone number or address that is rarely edited by two people at once."""
    _require_editor(acting_user)
    values = _check_known(data, CONTACT_FIELDS)
    _check_required(values, _CONTACT_REQUIRED, partial=True)
    _check_identifiers(values, {"postcode": validate_postcode})
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        changes = _changed_fields(contact, values)
        if not changes:
            return contact
        for key, value in changes.items():
            setattr(contact, key, value)
        contact.updated_by = _actor(acting_user)
        _save_contact(contact)
        audit_record(
            user=acting_user,
            action=AuditAction.UPDATE,
            obj=contact,
            summary=f"Changed contact's {_labels(Contact, changes)}",
        )
        case_event_record(
            actor=_actor(acting_user),
            child=contact.child,
            subject=contact,
            kind=EventKind.CONTACT_UPDATED,
            occurred_on=timezone.localdate(),
            summary="Contact changed",
            visible_to_family=False,
            data={"fields": sorted(changes)},
        )
    return contact


# --- Documents -----------------------------------------------------------------------------------


def document_upload(
    *,
    acting_user: User,
    child: Child,
    uploaded_file: UploadedFile | None,
    title: str,
    kind: str,
    subject: models.Model | None = None,
    visible_to_family: bool = False,
) -> Document:
    """Store a document on a child's record.

    Accepts PDF, Word (.doc, .docx), JPEG and PNG files, checked by extension and by the file's first
    bytes, no larger than settings.DOCUMENT_MAX_BYTES and not empty. `subject` ties the document to part
    of the case (an assessment request, say) that belongs to the same child.
    """
    _require_editor(acting_user)
    title = (title or "").strip()
    if not title:
        raise ServiceError("Enter a title for the document", field="title")
    if len(title) > 200:
        raise ServiceError("Title must be 200 characters or fewer", field="title")
    if kind not in DocumentKind.values:
        raise ServiceError("Select what kind of document this is", field="kind")
    if subject is not None and getattr(subject, "child_id", None) != child.pk:
        raise ServiceError("The document must belong to part of this child's case", field="subject")
    content_type = check_upload(uploaded_file)
    actor = _actor(acting_user)
    document = Document(
        child=child,
        title=title,
        kind=kind,
        file=uploaded_file,
        original_name=original_name(uploaded_file.name),
        content_type=content_type,
        size=uploaded_file.size,
        subject_type=subject._meta.model_name if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
        visible_to_family=visible_to_family,
        created_by=actor,
        updated_by=actor,
    )
    try:
        with transaction.atomic():
            document.save()
            audit_record(
                user=acting_user, action=AuditAction.CREATE, obj=document, summary="Uploaded a document"
            )
            case_event_record(
                actor=actor,
                child=child,
                subject=document,
                kind=EventKind.DOCUMENT_UPLOADED,
                occurred_on=timezone.localdate(),
                summary=f"Document added: {title}",
                visible_to_family=visible_to_family,
            )
    except Exception:
        # The file reached storage before the rows failed: remove it so no orphan is left behind. (Only a
        # committed file is ours to delete; before that its name is just the name the browser sent.)
        if document.file._committed:
            document.file.delete(save=False)
        raise
    return document


# --- Notes ---------------------------------------------------------------------------------------

NOTE_MAX_CHARS = 10_000


def note_add(*, acting_user: User, child: Child, text: str) -> Note:
    """Add a case note. Notes are for staff: their events are not shown on the family's timeline."""
    _require_editor(acting_user)
    text = (text or "").strip()
    if not text:
        raise ServiceError("Enter the note", field="text")
    if len(text) > NOTE_MAX_CHARS:
        raise ServiceError(f"The note must be {NOTE_MAX_CHARS:,} characters or fewer", field="text")
    actor = _actor(acting_user)
    with transaction.atomic():
        note = Note.objects.create(child=child, text=text, created_by=actor, updated_by=actor)
        audit_record(user=acting_user, action=AuditAction.CREATE, obj=note, summary="Added a note")
        case_event_record(
            actor=actor,
            child=child,
            subject=note,
            kind=EventKind.NOTE_ADDED,
            occurred_on=timezone.localdate(),
            summary="Note added",
            visible_to_family=False,
        )
    return note
