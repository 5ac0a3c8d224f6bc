"""What every improvement-plan service does: check the user may change the plan, refuse stale edits,
record each changed field in the item's history, and write the audit log."""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import connection, models

from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.errors import NotPermitted, ServiceError, StaleEdit
from sendcase.core.models import AuditAction, User
from sendcase.core.service_checks import actor, long_date, today

from ..models import ChangeRecord

__all__ = ["actor", "long_date", "today", "ServiceError"]

# First key of the advisory locks that serialise reference numbering (an arbitrary constant).
REFERENCE_LOCK = 7401


def require_plan_editor(user: User | None) -> None:
    if not permissions.can_edit_improvement_plan(user):
        raise NotPermitted()


def check_version(obj: models.Model, expected_version: int | None) -> None:
    """Refuse the edit if someone saved the record since the form was shown (or no version was sent)."""
    if expected_version is None or int(expected_version) != obj.version:
        raise StaleEdit()


def display(value: Any) -> str:
    """A value as a person reads it in the history."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return long_date(value)
    if isinstance(value, Decimal):
        return f"£{value:,.2f}"
    if isinstance(value, models.Model):
        return getattr(value, "display_name", None) or str(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _field_display(obj: models.Model, name: str, value: Any) -> str:
    field = obj._meta.get_field(name)
    if getattr(field, "choices", None) and value not in (None, ""):
        return str(dict(field.flatchoices).get(value, value))
    return display(value)


def _label(obj: models.Model, name: str) -> str:
    return str(obj._meta.get_field(name).verbose_name).capitalize()


def history_write(
    *,
    acting_user: User | None,
    obj: models.Model,
    changes: Iterable[tuple[str, str, str, str]],
    note: str = "",
) -> None:
    """Write one ChangeRecord per (field, label, old, new), at the object's current version."""
    ChangeRecord.objects.bulk_create(
        [
            ChangeRecord(
                item_type=obj._meta.label,
                item_id=obj.pk,
                version=getattr(obj, "version", 1),
                field=field,
                label=label,
                old_value=old,
                new_value=new,
                note=note[:500],
                changed_by=actor(acting_user),
            )
            for field, label, old, new in changes
        ]
    )


def apply_changes(
    *, acting_user: User, obj: models.Model, values: Mapping[str, Any], note: str = ""
) -> list[str]:
    """Set the changed fields on `obj`, bump its version, save, and record each change in its history
    and the audit log. Returns the labels of the fields changed (none: nothing saved)."""
    changes = []
    for name, new in values.items():
        old = getattr(obj, name)
        if old == new:
            continue
        changes.append(
            (name, _label(obj, name), _field_display(obj, name, old), _field_display(obj, name, new))
        )
        setattr(obj, name, new)
    if not changes:
        return []
    if hasattr(obj, "version"):
        obj.version += 1
    obj.updated_by = actor(acting_user)
    obj.save()
    history_write(acting_user=acting_user, obj=obj, changes=changes, note=note)
    labels = [c[1] for c in changes]
    audit_record(
        user=acting_user, action=AuditAction.UPDATE, obj=obj, summary=f"{obj}: changed {', '.join(labels)}"
    )
    return labels


def record_created(*, acting_user: User, obj: models.Model, summary: str = "") -> None:
    history_write(acting_user=acting_user, obj=obj, changes=[("created", "Created", "", str(obj))])
    audit_record(user=acting_user, action=AuditAction.CREATE, obj=obj, summary=summary or f"Added {obj}")


def required_text(value: str | None, *, field: str, message: str, max_length: int | None = None) -> str:
    text = (value or "").strip()
    if not text:
        raise ServiceError(message, field=field)
    if max_length is not None and len(text) > max_length:
        raise ServiceError(
            f"{message.replace('Enter', 'Shorten')} to {max_length} characters or fewer", field=field
        )
    return text


def require_date(value: dt.date | None, *, field: str, message: str) -> dt.date:
    if value is None:
        raise ServiceError(message, field=field)
    return value


def require_owner(user: User | None, *, field: str = "owner") -> User:
    if user is None or not permissions.is_staff_member(user):
        raise ServiceError("Select an owner who is a member of staff", field=field)
    return user


def next_reference(model: type[models.Model], prefix: str) -> str:
    """The next free reference such as A-031.

    Two people adding at once would otherwise both take the same number (and one would fail on the
    unique constraint): on PostgreSQL a transaction-scoped advisory lock per prefix makes the second
    wait for the first to commit. SQLite already runs one writing transaction at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            key = (REFERENCE_LOCK << 32) | zlib.crc32(prefix.encode())
            cursor.execute("SELECT pg_advisory_xact_lock(%s::bigint)", [key])
    numbers = [
        int(ref.split("-", 1)[1])
        for ref in model.objects.filter(reference__startswith=f"{prefix}-").values_list(
            "reference", flat=True
        )
        if ref.split("-", 1)[1].isdigit()
    ]
    return f"{prefix}-{(max(numbers, default=0) + 1):03d}"
