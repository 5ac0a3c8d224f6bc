"""The kinds of dataset an authority can import, each with its fields and how a row becomes records."""

from __future__ import annotations

from .base import DatasetKind, FieldSpec, ImportContext, Outcome, RowRef, RowRefused
from .children import ChildrenKind
from .legacy import LEGACY_TABLES
from .placements import PlacementsKind
from .plans import PlansKind, ReviewsKind
from .requests import RequestsKind

SPREADSHEET_KINDS: tuple[type[DatasetKind], ...] = (
    ChildrenKind,
    RequestsKind,
    PlansKind,
    ReviewsKind,
    PlacementsKind,
)
LEGACY = "legacy"
_ALL = {k.name: k for k in (*SPREADSHEET_KINDS, *LEGACY_TABLES)}


def kind_for(name: str) -> DatasetKind:
    """A fresh instance (kinds that buffer rows for bulk inserts keep state for one run)."""
    return _ALL[name]()


def spreadsheet_choices() -> list[tuple[str, str]]:
    return [(k.name, k.label) for k in SPREADSHEET_KINDS]


__all__ = [
    "LEGACY",
    "LEGACY_TABLES",
    "SPREADSHEET_KINDS",
    "DatasetKind",
    "FieldSpec",
    "ImportContext",
    "Outcome",
    "RowRef",
    "RowRefused",
    "kind_for",
    "spreadsheet_choices",
]
