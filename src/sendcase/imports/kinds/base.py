"""What every dataset kind shares: its fields, how a row's cells become values (with a reason for each
problem), how the child a row is about is found, and the context one import run writes through."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from sendcase.core.models import User
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Child
from sendcase.settings_data.models import Establishment

from ..bulk import insert_values
from ..models import CodeMapping, ImportBatch, ImportedRecord, RecordAction
from ..parsing import (
    CODE_SETS,
    FieldProblem,
    as_str,
    code_lookup,
    normalise,
    parse_bool,
    parse_code,
    parse_date,
    parse_identifier,
)

Reasons = dict[str, list[str]]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    type: str = "text"  # text, date, bool, code, upn, uln, nhs, postcode, urn, int
    required: bool = False
    code_set: str = ""
    aliases: tuple[str, ...] = ()
    max_length: int = 100
    past_only: bool = True  # dates: refused when after today


@dataclass(frozen=True)
class RowRef:
    """Where a row came from: provenance for every record it touches."""

    sheet: str
    row: int


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


class RowRefused(Exception):
    """A row that is well formed but cannot be taken (no such child, conflicts with what is recorded)."""

    def __init__(self, reasons: Reasons) -> None:
        super().__init__(str(reasons))
        self.reasons = reasons


def refuse(field_name: str, message: str) -> RowRefused:
    return RowRefused({field_name: [message]})


@dataclass
class ImportContext:
    batch: ImportBatch
    user: User | None
    today: dt.date
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    _children: ChildIndex | None = None
    _content_types: dict[type, ContentType] = field(default_factory=dict)
    # Rows waiting for one bulk insert, as field values (no model instances: cheaper by the 100,000).
    pending_events: list[dict[str, Any]] = field(default_factory=list)
    pending_records: list[dict[str, Any]] = field(default_factory=list)
    seen_keys: dict[tuple, tuple[int, dict]] = field(default_factory=dict)
    _establishments: dict[int, int | None] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    # For the check page: the first problems found, and code values no code set knows (to map them).
    problems: list[tuple[str, int, dict[str, list[str]]]] = field(default_factory=list)
    unknown_codes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def tally(self, outcome: str) -> None:
        self.counts[outcome] += 1

    @classmethod
    def start(cls, batch: ImportBatch, user: User | None, today: dt.date) -> ImportContext:
        local: dict[str, dict[str, str]] = defaultdict(dict)
        for mapping in CodeMapping.objects.all():
            local[mapping.code_set][mapping.local_value] = mapping.code
        codes = {name: code_lookup(code_set, local[name]) for name, code_set in CODE_SETS.items()}
        return cls(batch=batch, user=user if user is not None and user.pk else None, today=today, codes=codes)

    @property
    def children(self) -> ChildIndex:
        if self._children is None:
            self._children = ChildIndex.load()
        return self._children

    def content_type(self, model: type[models.Model]) -> ContentType:
        if model not in self._content_types:
            self._content_types[model] = ContentType.objects.get_for_model(model)
        return self._content_types[model]

    def establishment_id(self, urn: int) -> int | None:
        if urn not in self._establishments:
            self._establishments[urn] = (
                Establishment.objects.filter(urn=urn).values_list("pk", flat=True).first()
            )
        return self._establishments[urn]

    # --- provenance and history --------------------------------------------------------------------

    def provenance(self, ref: RowRef) -> dict[str, Any]:
        return {
            "import_batch": self.batch.pk,
            "file": self.batch.file_name,
            "sheet": ref.sheet,
            "row": ref.row,
        }

    def record(
        self,
        ref: RowRef,
        obj: models.Model,
        action: str,
        *,
        before: dict | None = None,
        key: str = "",
    ) -> None:
        self.pending_records.append(
            {
                "batch_id": self.batch.pk,
                "sheet": ref.sheet,
                "row": ref.row,
                "content_type_id": self.content_type(type(obj)).pk,
                "object_id": obj.pk,
                "action": action,
                "before": before,
                "key": key,
            }
        )

    def event(
        self,
        ref: RowRef,
        *,
        child_id: int,
        subject: models.Model,
        kind: str,
        occurred_on: dt.date,
        summary: str,
        old_state: str = "",
        new_state: str = "",
        visible_to_family: bool = True,
        data: dict | None = None,
    ) -> None:
        """A case event with the step's real date, tagged with the batch and row it came from."""
        self.pending_events.append(
            {
                "child_id": child_id,
                "subject_type": subject._meta.model_name,
                "subject_id": subject.pk,
                "kind": kind,
                "old_state": old_state,
                "new_state": new_state,
                "occurred_on": occurred_on,
                "actor_id": self.user.pk if self.user is not None else None,
                "reason": "",
                "summary": summary[:300],
                "visible_to_family": visible_to_family,
                "data": {**(data or {}), **self.provenance(ref)},
            }
        )

    def imported_event(
        self, ref: RowRef, *, child_id: int, subject: models.Model, action: str, what: str
    ) -> None:
        self.event(
            ref,
            child_id=child_id,
            subject=subject,
            kind=EventKind.RECORD_IMPORTED,
            occurred_on=self.today,
            summary=f"{what} {action} from {self.batch.file_name}, row {ref.row}"[:300],
            visible_to_family=False,
            data={"action": action},
        )

    def flush(self) -> None:
        insert_values(CaseEvent, self.pending_events)
        self.pending_events = []
        insert_values(ImportedRecord, self.pending_records)
        self.pending_records = []

    def keyed(self, model: type[models.Model], key: str) -> int | None:
        """The record an earlier import (or this one) brought in under a source key, if still there."""
        for record in self.pending_records:
            if record["key"] == key:
                return record["object_id"]
        object_id = (
            ImportedRecord.objects.filter(key=key, content_type=self.content_type(model))
            .exclude(batch__status="undone")
            .order_by("-id")
            .values_list("object_id", flat=True)
            .first()
        )
        if object_id is not None and model.objects.filter(pk=object_id).exists():
            return object_id
        return None


class ChildIndex:
    """Every child's natural keys (UPN; legal name and date of birth) held in memory for one run, so a
    100,000-row list is matched without a query per row."""

    def __init__(self) -> None:
        self.by_upn: dict[str, int] = {}
        self.by_name: dict[tuple[str, str, dt.date], list[int]] = defaultdict(list)
        self.upn_of: dict[int, str] = {}

    @classmethod
    def load(cls) -> ChildIndex:
        index = cls()
        rows = Child.objects.values_list("pk", "upn", "legal_first_name", "legal_last_name", "date_of_birth")
        for pk, upn, first, last, born in rows.iterator(chunk_size=5000):
            index.add(pk, upn, first, last, born)
        return index

    def add(self, pk: int, upn: str, first: str, last: str, born: dt.date) -> None:
        if upn:
            self.by_upn[upn] = pk
        self.upn_of[pk] = upn
        self.by_name[(normalise(first), normalise(last), born)].append(pk)

    def find(self, *, upn: str, first: str, last: str, born: dt.date | None) -> int | None:
        """By UPN; else by name and date of birth, taking a child with no UPN or the same one."""
        if upn and upn in self.by_upn:
            return self.by_upn[upn]
        if born is None or not first or not last:
            return None
        for pk in self.by_name.get((normalise(first), normalise(last), born), []):
            if not upn or not self.upn_of.get(pk):
                return pk
        return None


# --- fields -------------------------------------------------------------------------------------------

CHILD_REF_FIELDS = (
    FieldSpec("upn", "Child's UPN", "upn", aliases=("upn", "unique pupil number", "pupil number")),
    FieldSpec(
        "legal_first_name",
        "Child's first name",
        aliases=("first name", "forename", "child first name", "given name"),
    ),
    FieldSpec(
        "legal_last_name",
        "Child's last name",
        aliases=("last name", "surname", "family name", "child surname"),
    ),
    FieldSpec(
        "date_of_birth",
        "Child's date of birth",
        "date",
        aliases=("date of birth", "dob", "birth date", "d o b"),
    ),
)


class DatasetKind(ABC):
    name = ""
    label = ""
    description = ""
    fields: tuple[FieldSpec, ...] = ()
    # Fields checked as one group when a row has no UPN: enough to find the child by name and birth date.
    finds_child = True

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    def parse(self, ctx: ImportContext, raw: dict[str, Any]) -> tuple[dict[str, Any], Reasons]:
        """Every field's value, and every problem: all of them, not just the first."""
        values: dict[str, Any] = {}
        reasons: Reasons = {}
        for spec in self.fields:
            cell = raw.get(spec.name)
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                if spec.required:
                    reasons.setdefault(spec.name, []).append(
                        f"Enter the {spec.label.lower()}: it is required"
                    )
                values[spec.name] = None if spec.type in ("date", "bool", "urn", "int") else ""
                continue
            try:
                values[spec.name] = self.parse_cell(ctx, spec, cell)
            except FieldProblem as problem:
                reasons.setdefault(spec.name, []).append(problem.message)
                if spec.type == "code":
                    ctx.unknown_codes[spec.code_set].add(as_str(cell))
        if self.finds_child and not reasons.get("upn") and not values.get("upn"):
            missing = [
                f.label.lower()
                for f in CHILD_REF_FIELDS[1:]
                if not values.get(f.name) and f.name not in reasons
            ]
            if missing and "person_legacy_id" not in values:
                reasons.setdefault("upn", []).append(
                    "Enter the child's UPN, or their first name, last name and date of birth, to say who "
                    f"this row is about (missing: {', '.join(missing)})"
                )
        # Rules across fields are checked too (on the fields that could be read), so a row that breaks
        # several rules gets every reason at once.
        for name, found in self.check(ctx, values).items():
            if name not in reasons:
                reasons[name] = found
        return values, reasons

    def parse_cell(self, ctx: ImportContext, spec: FieldSpec, cell: Any) -> Any:
        if spec.type == "date":
            value = parse_date(cell, today=ctx.today)
            if spec.past_only and value > ctx.today:
                raise FieldProblem(f"{spec.label} ({value:%d/%m/%Y}) is in the future")
            if value.year < 1900:
                raise FieldProblem(f"{spec.label} ({value:%d/%m/%Y}) is too long ago to be right")
            return value
        if spec.type == "bool":
            return parse_bool(cell)
        if spec.type == "code":
            return parse_code(CODE_SETS[spec.code_set], ctx.codes[spec.code_set], cell)
        if spec.type in ("upn", "uln", "nhs", "postcode"):
            return parse_identifier(spec.type, cell)
        if spec.type in ("urn", "int"):
            text = as_str(cell)
            if not text.isdigit():
                raise FieldProblem(f"‘{text}’ is not a whole number")
            if spec.type == "urn":
                if len(text) != 6:
                    raise FieldProblem(f"‘{text}’ is not a URN: a school's URN has 6 digits")
                if ctx.establishment_id(int(text)) is None:
                    raise FieldProblem(f"No school or setting with URN {text} is recorded")
            return int(text)
        text = " ".join(as_str(cell).split())
        if len(text) > spec.max_length:
            raise FieldProblem(f"{spec.label} must be {spec.max_length} characters or fewer")
        return text

    def check(self, ctx: ImportContext, values: dict[str, Any]) -> Reasons:
        """Rules across fields (dates in order, a child to attach to). Empty when the row is good."""
        return {}

    def child_id(self, ctx: ImportContext, values: dict[str, Any]) -> int:
        legacy = values.get("person_legacy_id")
        if legacy:
            found = ctx.keyed(Child, f"legacy:people:{legacy}")
            if found is None:
                raise refuse(
                    "person_legacy_id", f"No person with legacy id {legacy} was brought in (people.csv)"
                )
            return found
        found = ctx.children.find(
            upn=values.get("upn") or "",
            first=values.get("legal_first_name") or "",
            last=values.get("legal_last_name") or "",
            born=values.get("date_of_birth"),
        )
        if found is None:
            who = (
                f"UPN {values['upn']}"
                if values.get("upn")
                else f"{values.get('legal_first_name')} {values.get('legal_last_name')}, born "
                f"{values['date_of_birth']:%d/%m/%Y}"
            )
            raise refuse("upn", f"No child with {who} is recorded: import them in the children list first")
        return found

    @abstractmethod
    def write(
        self, ctx: ImportContext, ref: RowRef, values: dict[str, Any], raw: dict[str, Any]
    ) -> str | None:
        """Write one checked row and return its `Outcome`, or None for a row held back to be written (and
        counted) with its chunk in `finish`."""

    def finish(self, ctx: ImportContext) -> None:
        """Write anything held back for bulk insertion."""
        ctx.flush()


def order_problems(values: dict[str, Any], steps: list[tuple[str, str]]) -> Reasons:
    """Each dated step must not be before the one it follows."""
    reasons: Reasons = {}
    previous: tuple[str, str, dt.date] | None = None
    for name, label in steps:
        value = values.get(name)
        if value is None:
            continue
        if previous is not None and value < previous[2]:
            reasons.setdefault(name, []).append(
                f"{label} ({value:%d/%m/%Y}) is before {previous[1]} ({previous[2]:%d/%m/%Y})"
            )
        previous = (name, label.lower(), value)
    return reasons


def fill_blanks(instance: models.Model, wanted: dict[str, Any], label: str) -> dict[str, Any]:
    """What to fill in on a recorded record: fields it has blank. A value that differs from one already
    recorded is refused: an import adds to the history, it never rewrites it."""
    before: dict[str, Any] = {}
    for name, value in wanted.items():
        if value in (None, ""):
            continue
        current = getattr(instance, name)
        if current in (None, ""):
            before[name] = current
        elif current != value:
            shown = f"{current:%d/%m/%Y}" if isinstance(current, dt.date) else current
            raise refuse(
                name, f"The {label} already records {shown} here; correct the case itself if it is wrong"
            )
    return before


def json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


__all__ = [
    "CHILD_REF_FIELDS",
    "ChildIndex",
    "DatasetKind",
    "FieldSpec",
    "ImportContext",
    "Outcome",
    "RecordAction",
    "RowRef",
    "RowRefused",
    "fill_blanks",
    "json_value",
    "order_problems",
    "refuse",
]
