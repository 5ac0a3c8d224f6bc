"""A list of children (and their main contact): created in bulk, or updated where already recorded.

Matched on UPN, else legal name and date of birth. A blank cell never clears a recorded value; a value
that differs replaces it, with the old value kept in the provenance record so an undo can restore it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import F
from django.utils import timezone

from sendcase.people.events import EventKind
from sendcase.people.models import Child, Contact

from ..bulk import insert
from ..parsing import normalise
from .base import DatasetKind, FieldSpec, ImportContext, Outcome, RecordAction, RowRef, json_value, refuse

CHUNK = 2000

CHILD_FIELDS = (
    FieldSpec("upn", "UPN", "upn", aliases=("upn", "unique pupil number", "pupil number")),
    FieldSpec(
        "legal_first_name",
        "First name",
        required=True,
        aliases=("first name", "forename", "given name", "legal first name", "child first name"),
    ),
    FieldSpec("legal_middle_names", "Middle names", aliases=("middle name", "middle names")),
    FieldSpec(
        "legal_last_name",
        "Last name",
        required=True,
        aliases=("last name", "surname", "family name", "legal last name"),
    ),
    FieldSpec("preferred_name", "Preferred name", aliases=("preferred name", "known as")),
    FieldSpec(
        "date_of_birth",
        "Date of birth",
        "date",
        required=True,
        aliases=("date of birth", "dob", "birth date", "d o b"),
    ),
    FieldSpec("sex", "Sex", "code", code_set="Sex", aliases=("sex", "gender")),
    FieldSpec(
        "ethnicity",
        "Ethnicity",
        "code",
        code_set="Ethnicity",
        aliases=("ethnicity", "ethnic group", "ethnic code"),
    ),
    FieldSpec("uln", "ULN", "uln", aliases=("uln", "unique learner number")),
    FieldSpec("nhs_number", "NHS number", "nhs", aliases=("nhs number", "nhs no", "nhs")),
    FieldSpec(
        "address_line_1",
        "Address line 1",
        max_length=200,
        aliases=("address", "address line 1", "address 1", "street"),
    ),
    FieldSpec("address_line_2", "Address line 2", max_length=200, aliases=("address line 2", "address 2")),
    FieldSpec("town", "Town", aliases=("town", "city", "town or city")),
    FieldSpec("postcode", "Postcode", "postcode", aliases=("postcode", "post code")),
    FieldSpec("first_language", "First language", max_length=60, aliases=("first language", "language")),
)
CONTACT_FIELDS = (
    FieldSpec(
        "contact_first_name",
        "Contact's first name",
        aliases=("parent first name", "contact first name", "carer first name"),
    ),
    FieldSpec(
        "contact_last_name",
        "Contact's last name",
        aliases=("parent last name", "contact last name", "carer surname", "parent surname"),
    ),
    FieldSpec(
        "contact_relationship",
        "Contact's relationship",
        "code",
        code_set="Relationship",
        aliases=("relationship", "contact relationship"),
    ),
    FieldSpec(
        "contact_phone",
        "Contact's phone",
        max_length=30,
        aliases=("phone", "telephone", "contact phone", "parent phone"),
    ),
    FieldSpec(
        "contact_email", "Contact's email", max_length=254, aliases=("email", "contact email", "parent email")
    ),
)
_CHILD_NAMES = [f.name for f in CHILD_FIELDS]
_DEFAULTS = {"sex": "U", "ethnicity": "NOBT", "first_language": "English"}


class ChildrenKind(DatasetKind):
    name = "children"
    label = "List of children"
    description = "One row per child or young person, with their main contact if you keep one."
    fields = CHILD_FIELDS + CONTACT_FIELDS
    finds_child = False

    def __init__(self) -> None:
        self.buffer: list[tuple[RowRef, dict[str, Any], dict[str, Any]]] = []

    def check(self, ctx: ImportContext, values: dict[str, Any]) -> dict[str, list[str]]:
        reasons: dict[str, list[str]] = {}
        contact = [values.get(n) for n in ("contact_first_name", "contact_last_name")]
        if any(contact) and not all(contact):
            reasons["contact_last_name" if contact[0] else "contact_first_name"] = [
                "Enter both the contact's first and last name, or neither"
            ]
        if all(contact) and not values.get("contact_relationship"):
            reasons["contact_relationship"] = ["Enter the contact's relationship to the child"]
        email = values.get("contact_email") or ""
        if email and ("@" not in email or "." not in email.split("@")[-1]):
            reasons["contact_email"] = [f"‘{email}’ is not an email address"]
        return reasons

    def key(self, values: dict[str, Any]) -> tuple:
        if values.get("upn"):
            return ("upn", values["upn"])
        return (
            "name",
            normalise(values["legal_first_name"]),
            normalise(values["legal_last_name"]),
            values["date_of_birth"],
        )

    def source_key(self, values: dict[str, Any]) -> str:
        return ""

    def write(
        self, ctx: ImportContext, ref: RowRef, values: dict[str, Any], raw: dict[str, Any]
    ) -> str | None:
        key = self.key(values)
        earlier = ctx.seen_keys.get(key)
        if earlier is not None:
            if earlier[1] == values:
                return Outcome.UNCHANGED
            raise refuse(
                "row",
                f"Row {earlier[0]} of this file is the same child with different details: keep one row per "
                "child",
            )
        ctx.seen_keys[key] = (ref.row, values)
        self.buffer.append((ref, values, raw))
        if len(self.buffer) >= CHUNK:
            self.flush_buffer(ctx)
        return None  # counted when the chunk is written

    def finish(self, ctx: ImportContext) -> None:
        self.flush_buffer(ctx)
        ctx.flush()

    def flush_buffer(self, ctx: ImportContext) -> None:
        rows, self.buffer = self.buffer, []
        if not rows:
            return
        found = {}
        for ref, values, _raw in rows:
            source_key = self.source_key(values)
            pk = ctx.keyed(Child, source_key) if source_key else None
            if pk is None:
                pk = ctx.children.find(
                    upn=values["upn"],
                    first=values["legal_first_name"],
                    last=values["legal_last_name"],
                    born=values["date_of_birth"],
                )
            found[ref] = pk
        existing = Child.objects.in_bulk([pk for pk in found.values() if pk is not None])
        # The recorded children's contacts, read once for the chunk (not a query per row).
        known: dict[int, list[tuple[str, str, bool]]] = defaultdict(list)
        contact_rows = Contact.objects.filter(child_id__in=list(existing)).values_list(
            "child_id", "first_name", "last_name", "is_main_contact"
        )
        for child_id, first, last, main in contact_rows:
            known[child_id].append((first.lower(), last.lower(), main))
        new_children: list[tuple[RowRef, dict, Child]] = []
        contacts: list[tuple[RowRef, Contact]] = []
        actor = ctx.user
        for ref, values, _raw in rows:
            child_values = {n: values[n] for n in _CHILD_NAMES if values.get(n) not in (None, "")}
            child = existing.get(found[ref])
            if child is None:
                child = Child(**{**_DEFAULTS, **child_values}, created_by=actor, updated_by=actor)
                new_children.append((ref, values, child))
                ctx.tally(Outcome.CREATED)
            else:
                changes = {n: v for n, v in child_values.items() if getattr(child, n) != v}
                if changes:
                    before = {n: json_value(getattr(child, n)) for n in changes}
                    Child.objects.filter(pk=child.pk).update(
                        **changes, version=F("version") + 1, updated_by=actor, updated_at=timezone.now()
                    )
                    ctx.record(ref, child, RecordAction.UPDATED, before=before, key=self.source_key(values))
                    ctx.event(
                        ref,
                        child_id=child.pk,
                        subject=child,
                        kind=EventKind.CHILD_UPDATED,
                        occurred_on=ctx.today,
                        summary="Details changed by an import",
                        data={"fields": sorted(changes)},
                    )
                    if changes.get("upn"):
                        ctx.children.add(
                            child.pk,
                            changes["upn"],
                            child.legal_first_name,
                            child.legal_last_name,
                            child.date_of_birth,
                        )
                contact = self._new_contact(values, child, known.get(child.pk, []))
                if contact is not None:
                    contacts.append((ref, contact))
                ctx.tally(Outcome.UPDATED if changes or contact is not None else Outcome.UNCHANGED)
        insert(Child, [c for _, _, c in new_children])
        for ref, values, child in new_children:
            ctx.children.add(
                child.pk, child.upn, child.legal_first_name, child.legal_last_name, child.date_of_birth
            )
            ctx.record(ref, child, RecordAction.CREATED, key=self.source_key(values))
            ctx.imported_event(ref, child_id=child.pk, subject=child, action="created", what="Record")
            contact = self._new_contact(values, child, [])
            if contact is not None:
                contacts.append((ref, contact))
        insert(Contact, [c for _, c in contacts])
        for ref, contact in contacts:
            ctx.record(ref, contact, RecordAction.CREATED)
        ctx.flush()

    def _new_contact(
        self, values: dict[str, Any], child: Child, known: list[tuple[str, str, bool]]
    ) -> Contact | None:
        """The row's contact, unless the child already has one of that name (`known`: their contacts)."""
        first, last = values.get("contact_first_name"), values.get("contact_last_name")
        if not (first and last):
            return None
        if any(f == first.lower() and surname == last.lower() for f, surname, _ in known):
            return None
        return Contact(
            child=child,
            first_name=first,
            last_name=last,
            relationship=values["contact_relationship"],
            phone=values.get("contact_phone") or "",
            email=values.get("contact_email") or "",
            is_main_contact=not any(main for _, _, main in known),
            created_by=child.updated_by,
            updated_by=child.updated_by,
        )
