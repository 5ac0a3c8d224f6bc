"""Where a child is educated over time: placements at an establishment or with a SEN2 setting code, and
episodes with no place (with the reason). A child has at most one open placement: starting a new one
ends the current one on the day before."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sendcase.core.errors import InvalidTransition, ServiceError
from sendcase.core.models import AuditAction, User
from sendcase.people.events import EventKind
from sendcase.people.models import Child
from sendcase.plans.models import EHCPlan, NoPlaceReason, Placement, PlanStatus, SettingCode
from sendcase.settings_data.models import Establishment

from .reviews import actor, check_date, fmt, record, require_editor

DAY = dt.timedelta(days=1)


def current_placement(child: Child) -> Placement | None:
    return child.placements.filter(leaving_on__isnull=True).order_by("-entry_on", "-pk").first()


def _end_current(acting_user: User, child: Child, starts_on: dt.date) -> Placement | None:
    """End the open placement the day before `starts_on`; refuse if it started on or after that day."""
    current = Placement.objects.select_for_update().filter(child=child, leaving_on__isnull=True).first()
    if current is None:
        return None
    if starts_on <= current.entry_on:
        raise ServiceError(
            f"The new placement must start after the current one, which started on {fmt(current.entry_on)}",
            field="entry_on",
        )
    current.leaving_on = starts_on - DAY
    current.updated_by = actor(acting_user)
    current.save(update_fields=["leaving_on", "updated_at", "updated_by"])
    _record_end(acting_user, current)
    return current


def _record_end(acting_user: User, placement: Placement) -> None:
    record(
        acting_user=acting_user,
        child=placement.child,
        subject=placement,
        kind=EventKind.PLACEMENT_ENDED,
        occurred_on=placement.leaving_on,
        summary=f"{_where(placement)}: ended on {fmt(placement.leaving_on)}",
        data={"placement_id": placement.pk},
    )


def _where(placement: Placement) -> str:
    if placement.establishment_id:
        return placement.establishment.name
    if placement.setting_code:
        return placement.get_setting_code_display()
    return f"No place ({placement.get_no_place_reason_display().lower()})"


def _active_plan(child: Child) -> EHCPlan | None:
    return child.plans.filter(status=PlanStatus.ACTIVE).first()


@transaction.atomic
def placement_start(
    *,
    acting_user: User,
    child: Child,
    entry_on: dt.date,
    establishment: Establishment | None = None,
    setting_code: str = "",
    sen_unit: bool = False,
    resourced_provision: bool = False,
    plan: EHCPlan | None = None,
    notes: str = "",
) -> Placement:
    """Start a placement at `establishment`, or with a SEN2 `setting_code` where there is no URN or
    UKPRN, ending the current placement the day before. Links the child's active plan by default."""
    require_editor(acting_user)
    child = Child.objects.select_for_update().get(pk=child.pk)
    setting_code = (setting_code or "").strip()
    if bool(establishment) == bool(setting_code):
        raise ServiceError(
            "Select a school or setting, or a setting code, but not both", field="establishment"
        )
    if setting_code and setting_code not in SettingCode.values:
        raise ServiceError("Select a setting code", field="setting_code")
    if (sen_unit or resourced_provision) and not establishment:
        raise ServiceError("A SEN unit or resourced provision must be at a school", field="sen_unit")
    if plan is not None and plan.child_id != child.pk:
        raise ServiceError("That plan belongs to another child", field="plan")
    check_date(
        entry_on, field="entry_on", label="the placement started", not_before=[(child.date_of_birth, "birth")]
    )
    _end_current(acting_user, child, entry_on)
    placement = Placement.objects.create(
        child=child,
        plan=plan or _active_plan(child),
        establishment=establishment,
        setting_code=setting_code,
        sen_unit=sen_unit,
        resourced_provision=resourced_provision,
        entry_on=entry_on,
        notes=(notes or "").strip()[:300],
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    record(
        acting_user=acting_user,
        child=child,
        subject=placement,
        kind=EventKind.PLACEMENT_STARTED,
        occurred_on=entry_on,
        summary=f"{_where(placement)}: placement started on {fmt(entry_on)}",
        data={"placement_id": placement.pk, "establishment_id": placement.establishment_id},
        audit_action=AuditAction.CREATE,
    )
    return placement


@transaction.atomic
def placement_end(*, acting_user: User, placement: Placement, leaving_on: dt.date) -> Placement:
    """End an open placement (or no-place episode) without starting another."""
    require_editor(acting_user)
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("child", "establishment")
        .get(pk=placement.pk)
    )
    if placement.leaving_on is not None:
        raise InvalidTransition(f"This placement already ended on {fmt(placement.leaving_on)}.")
    check_date(
        leaving_on,
        field="leaving_on",
        label="the placement ended",
        not_before=[(placement.entry_on, "its start")],
    )
    placement.leaving_on = leaving_on
    placement.updated_by = actor(acting_user)
    placement.save(update_fields=["leaving_on", "updated_at", "updated_by"])
    _record_end(acting_user, placement)
    return placement


@transaction.atomic
def no_place_start(
    *, acting_user: User, child: Child, reason: str, from_on: dt.date, notes: str = ""
) -> Placement:
    """Record that the child has no school or setting place from `from_on`, and why. The authority's duty
    to secure the plan's provision continues (CFA s.42)."""
    require_editor(acting_user)
    child = Child.objects.select_for_update().get(pk=child.pk)
    if reason not in NoPlaceReason.values:
        raise ServiceError("Select why there is no place", field="reason")
    check_date(
        from_on, field="from_on", label="the child had no place", not_before=[(child.date_of_birth, "birth")]
    )
    try:
        _end_current(acting_user, child, from_on)
    except ServiceError as error:
        error.field = "from_on"
        raise
    placement = Placement.objects.create(
        child=child,
        plan=_active_plan(child),
        no_place_reason=reason,
        entry_on=from_on,
        notes=(notes or "").strip()[:300],
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    record(
        acting_user=acting_user,
        child=child,
        subject=placement,
        kind=EventKind.NO_PLACE_STARTED,
        occurred_on=from_on,
        summary=f"No school or setting place from {fmt(from_on)} "
        f"({placement.get_no_place_reason_display().lower()})",
        data={"placement_id": placement.pk, "reason": reason},
        audit_action=AuditAction.CREATE,
    )
    return placement
