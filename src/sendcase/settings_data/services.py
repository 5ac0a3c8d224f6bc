"""Changing reference data: establishments (by URN) and localities.

Establishments come from DfE's Get Information about Schools (see `gias.py` and the
`load_establishments` command), so the write is an upsert keyed by URN that reports whether anything
changed: loading the same extract twice changes nothing and writes nothing to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.models import AuditAction, User

from .models import Establishment, Locality

ESTABLISHMENT_FIELDS = frozenset(
    {
        "ukprn",
        "name",
        "kind",
        "phase",
        "locality",
        "la_code",
        "postcode",
        "has_sen_unit",
        "has_resourced_provision",
        "is_open",
    }
)
# Written to the audit log as the user when a command (not a person) makes the change.
SYSTEM_SOURCE = "system"


@dataclass(frozen=True)
class UpsertResult:
    establishment: Establishment
    outcome: Literal["created", "updated", "unchanged"]
    changed: tuple[str, ...] = field(default=())


def _audit(user: User | None, source: str, **kwargs: Any) -> None:
    audit_record(user=user, username="" if user is not None else (source or SYSTEM_SOURCE), **kwargs)


def _full_clean(establishment: Establishment) -> None:
    try:
        establishment.full_clean(
            exclude=["created_by", "updated_by", "locality"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        name, errors = next(iter(exc.error_dict.items()))
        raise ServiceError(f"{name}: {' '.join(errors[0].messages)}", field=name) from None


def _settle_ukprn(
    *, acting_user: User | None, urn: int, ukprn: int, is_open: bool, source: str
) -> int | None:
    """The UKPRN this establishment may hold: `ukprn`, or None when a closed one must give way.

    GIAS can show one UKPRN on two URNs: a school that closed and its successor (an academy conversion,
    say). The open establishment holds it; a closed one gives it up (and is loaded without it). Two open
    holders is a real conflict that a person must look at, so it is refused.
    """
    holder = Establishment.objects.select_for_update().filter(ukprn=ukprn).exclude(urn=urn).first()
    if holder is None:
        return ukprn
    if not is_open:
        return None
    if holder.is_open:
        raise ServiceError(f"UKPRN {ukprn} already belongs to {holder}, which is open", field="ukprn")
    holder.ukprn = None
    holder.updated_by = acting_user
    holder.save(update_fields=["ukprn", "updated_by", "updated_at"])
    _audit(
        acting_user,
        source,
        action=AuditAction.UPDATE,
        obj=holder,
        summary=f"UKPRN {ukprn} moved to URN {urn}, which is open",
    )
    return ukprn


def establishment_upsert(
    *, acting_user: User | None, urn: int, data: dict[str, Any], source: str = SYSTEM_SOURCE
) -> UpsertResult:
    """Create the establishment with this URN, or bring it up to date with `data`.

    `acting_user` is None when a command on the server makes the change; `source` then names it in the
    audit log. Fields not in `data` are left as they are (so a load without a locality column keeps the
    localities set by hand).
    """
    if not permissions.can_change_reference_data(acting_user):
        raise NotPermitted()
    if not isinstance(urn, int) or isinstance(urn, bool) or urn <= 0:
        raise ServiceError("URN must be a whole number greater than 0", field="urn")
    unknown = sorted(set(data) - ESTABLISHMENT_FIELDS)
    if unknown:
        raise ServiceError(f"These details cannot be set here: {', '.join(unknown)}.", field=unknown[0])
    values = dict(data)
    with transaction.atomic():
        existing = Establishment.objects.select_for_update().filter(urn=urn).first()
        if values.get("ukprn"):
            is_open = values.get("is_open", existing.is_open if existing else True)
            values["ukprn"] = _settle_ukprn(
                acting_user=acting_user, urn=urn, ukprn=values["ukprn"], is_open=is_open, source=source
            )
        if existing is None:
            establishment = Establishment(urn=urn, **values, created_by=acting_user, updated_by=acting_user)
            _full_clean(establishment)
            establishment.save()
            _audit(
                acting_user,
                source,
                action=AuditAction.CREATE,
                obj=establishment,
                summary="Establishment added",
            )
            return UpsertResult(establishment, "created", tuple(sorted(values)))
        changes = {key: value for key, value in values.items() if getattr(existing, key) != value}
        if not changes:
            return UpsertResult(existing, "unchanged")
        for key, value in changes.items():
            setattr(existing, key, value)
        existing.updated_by = acting_user
        _full_clean(existing)
        existing.save()
        _audit(
            acting_user,
            source,
            action=AuditAction.UPDATE,
            obj=existing,
            summary=f"Establishment changed: {', '.join(sorted(changes))}",
        )
        return UpsertResult(existing, "updated", tuple(sorted(changes)))


def locality_get_or_create(*, acting_user: User | None, name: str, source: str = SYSTEM_SOURCE) -> Locality:
    """The locality with this name (any case), created if there is none yet."""
    if not permissions.can_change_reference_data(acting_user):
        raise NotPermitted()
    name = " ".join((name or "").split())
    if not name:
        raise ServiceError("Enter the locality's name", field="name")
    with transaction.atomic():
        found = Locality.objects.filter(name__iexact=name).first()
        if found is not None:
            return found
        base = slugify(name)[:30] or "locality"
        code, n = base, 1
        while Locality.objects.filter(code=code).exists():
            n += 1
            code = f"{base[: 30 - len(str(n)) - 1]}-{n}"
        locality = Locality.objects.create(code=code, name=name[:100])
        _audit(acting_user, source, action=AuditAction.CREATE, obj=locality, summary="Locality added")
        return locality
