"""Checks every service function makes, in one place: may this user change cases, which user to store
as the author, and is a recorded date possible."""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.utils import timezone

from . import permissions
from .errors import NotPermitted, ServiceError
from .models import User

# The portal user a portal service has already checked (their school or advice service is linked to the
# very thing they are answering), so that the shared service it calls records the step as theirs.
_portal_actor: contextvars.ContextVar[int | None] = contextvars.ContextVar("portal_actor", default=None)


@contextmanager
def acting_through_portal(user: User) -> Iterator[None]:
    """Let one shared service (answering a consultation, recording advice received...) run for a school
    or advice-service user. Only a portal service may open this, after its own object-level check."""
    token = _portal_actor.set(user.pk)
    try:
        yield
    finally:
        _portal_actor.reset(token)


def require_editor(user: User | None) -> None:
    if permissions.can_edit_cases(user):
        return
    if user is not None and user.pk and _portal_actor.get() == user.pk and permissions.is_portal_user(user):
        return
    raise NotPermitted()


def actor(user: User | None) -> User | None:
    """The user to store in created_by/updated_by (none for an unsaved system user)."""
    return user if user is not None and user.pk else None


def today() -> dt.date:
    return timezone.localdate()


def long_date(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def check_date(
    value: dt.date | None,
    *,
    field: str,
    label: str,
    not_before: Iterable[tuple[dt.date | None, str]] = (),
    allow_future: bool = False,
) -> dt.date:
    """Refuse a missing date, a date in the future, or one before an earlier step it depends on."""
    if value is None:
        raise ServiceError(f"Enter the date {label}", field=field)
    if not allow_future and value > today():
        raise ServiceError(f"The date {label} must be today or in the past", field=field)
    for earlier, earlier_label in not_before:
        if earlier is not None and value < earlier:
            raise ServiceError(
                f"The date {label} must be on or after {earlier_label} ({long_date(earlier)})", field=field
            )
    return value
