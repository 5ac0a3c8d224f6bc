"""Writing the audit log.

The request's address and path are held in a context variable set by middleware, so service functions
(which take only the acting user) still record where an action came from.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass

from django.db import models

from .models import AuditAction, AuditEntry, User


@dataclass(frozen=True)
class RequestOrigin:
    ip_address: str | None
    path: str


_origin: contextvars.ContextVar[RequestOrigin | None] = contextvars.ContextVar("audit_origin", default=None)


def set_request_origin(origin: RequestOrigin | None) -> contextvars.Token:
    return _origin.set(origin)


def reset_request_origin(token: contextvars.Token) -> None:
    _origin.reset(token)


def audit_record(
    *,
    user: User | None,
    action: str,
    obj: models.Model | None = None,
    child_id: int | None = None,
    summary: str = "",
    username: str = "",
) -> AuditEntry:
    """Append one entry to the audit log. `child_id` ties the entry to a child's record."""
    origin = _origin.get()
    if obj is not None and child_id is None:
        child_id = getattr(obj, "child_id", None)
        if child_id is None and obj._meta.label == "people.Child":
            child_id = obj.pk
    return AuditEntry.objects.create(
        user=user if user is not None and user.pk else None,
        username=username or (user.username if user is not None and user.pk else ""),
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        child_id=child_id,
        summary=summary[:500],
        ip_address=origin.ip_address if origin else None,
        path=origin.path[:500] if origin else "",
    )


def audit_view(*, user: User, obj: models.Model, summary: str = "") -> AuditEntry:
    """Record that a user looked at (or downloaded) part of a child's record."""
    return audit_record(user=user, action=AuditAction.VIEW, obj=obj, summary=summary)
