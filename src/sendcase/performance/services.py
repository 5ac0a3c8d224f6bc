"""Writes for the performance pages: setting an indicator's target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.errors import NotPermitted, ServiceError, StaleEdit
from sendcase.core.models import AuditAction, User
from sendcase.core.service_checks import actor

from .indicators.base import Indicator
from .models import IndicatorTarget, TargetChange
from .targets import timeline

REASON_MAX = 2000


def _check_amount(value: Decimal | None, *, indicator: Indicator, field: str, what: str) -> None:
    if value is None:
        return
    if value < 0:
        raise ServiceError(f"{what} must be 0 or more", field=field)
    if indicator.unit == "percent" and value > 100:
        raise ServiceError(f"{what} must be a percentage from 0 to 100", field=field)


@transaction.atomic
def target_set(
    *,
    acting_user: User,
    indicator: Indicator,
    expected_version: int | None,
    target: Decimal | None,
    amber_within: Decimal | None,
    reason: str,
    applies_from: dt.date | None,
) -> IndicatorTarget:
    """Set the authority's target for an indicator (blank: no target, so no RAG), and how far on the
    wrong side of it a value may be and still be amber, for the month of `applies_from` onwards; earlier
    months keep the target they had. The change, with its reason, is kept.

    `expected_version` is the version the person saw (0 when no target had been set here): an edit made
    on a page someone else has since saved is refused, not applied over theirs."""
    if not permissions.can_edit_improvement_plan(acting_user):
        raise NotPermitted()
    _check_amount(target, indicator=indicator, field="target", what="The target")
    if amber_within is None:
        raise ServiceError("Enter the amber margin (0 for none)", field="amber_within")
    _check_amount(amber_within, indicator=indicator, field="amber_within", what="The amber margin")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Say why the target is being set or changed", field="reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(f"Shorten the reason to {REASON_MAX} characters or fewer", field="reason")
    if applies_from is None:
        raise ServiceError("Select the month the target applies from", field="applies_from")
    applies_from = applies_from.replace(day=1)
    if applies_from > timezone.localdate().replace(day=1):
        raise ServiceError("The target can apply from this month or an earlier one", field="applies_from")
    record = IndicatorTarget.objects.select_for_update().filter(indicator=indicator.id).first()
    seen = int(expected_version) if expected_version is not None else None
    if seen != (record.version if record else 0):
        raise StaleEdit()
    then = timeline(indicator).at(applies_from)
    if record is None:
        record = IndicatorTarget(indicator=indicator.id, version=0)
    record.target, record.amber_within, record.reason = target, amber_within, reason
    record.version += 1
    record.updated_by = actor(acting_user)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # Two people set the first target at once: the one who saved first stands.
        raise StaleEdit() from None
    TargetChange.objects.create(
        indicator=indicator.id,
        applies_from=applies_from,
        target_before=then.target,
        target_after=target,
        amber_before=then.amber_within,
        amber_after=amber_within,
        reason=reason,
        changed_by=actor(acting_user),
    )
    audit_record(
        user=acting_user,
        action=AuditAction.UPDATE,
        obj=record,
        summary=f"Target for '{indicator.title}' set to {target if target is not None else 'none'} "
        f"(amber within {amber_within}) from {applies_from:%B %Y}: {reason[:200]}",
    )
    return record
