"""Which column is which field: suggested from the headings (and the mapping saved last time for the
same kind of dataset), then confirmed by the data officer."""

from __future__ import annotations

from .kinds import DatasetKind
from .models import ColumnMapping
from .parsing import normalise


def spellings(kind: DatasetKind) -> dict[str, str]:
    """Normalised heading -> field, from each field's name, label and aliases."""
    table: dict[str, str] = {}
    for spec in kind.fields:
        for spelling in (spec.name, spec.label, *spec.aliases):
            table.setdefault(normalise(spelling), spec.name)
    return table


def header_score(kind: DatasetKind):
    known = spellings(kind)
    saved = saved_headings(kind.name)

    def score(cells: list[str]) -> int:
        return sum(1 for cell in cells if normalise(cell) in known or normalise(cell) in saved)

    return score


def saved_headings(kind_name: str) -> dict[str, str]:
    mapping = ColumnMapping.objects.filter(kind=kind_name).first()
    return dict(mapping.headings) if mapping else {}


def suggest(kind: DatasetKind, headings: list[str]) -> dict[str, str]:
    """Column position (as text) -> field. A heading mapped before wins over the built-in spellings;
    each field is given to one column only (the first that matches)."""
    known = spellings(kind)
    saved = saved_headings(kind.name)
    fields = {f.name for f in kind.fields}
    taken: set[str] = set()
    out: dict[str, str] = {}
    for index, heading in enumerate(headings):
        norm = normalise(heading)
        field = saved.get(norm) if norm in saved else known.get(norm)
        if field and field in fields and field not in taken:
            out[str(index)] = field
            taken.add(field)
    return out


def save_mapping(*, kind_name: str, headings: list[str], mapping: dict[str, str], user) -> None:
    """Remember heading -> field for next time (including a column deliberately left unmapped)."""
    record, _ = ColumnMapping.objects.get_or_create(kind=kind_name)
    remembered = dict(record.headings)
    for index, heading in enumerate(headings):
        remembered[normalise(heading)] = mapping.get(str(index), "")
    record.headings = remembered
    record.updated_by = user if user is not None and user.pk else None
    record.save()


def missing_required(kind: DatasetKind, mapping: dict[str, str]) -> list[str]:
    mapped = set(mapping.values())
    return [spec.label for spec in kind.fields if spec.required and spec.name not in mapped]
