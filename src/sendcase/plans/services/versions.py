"""Drafting and issuing versions of a plan's content (sections A-K).

A plan has at most one draft at a time (constraint `one_draft_version_per_plan`). A new draft copies
the latest issued version; an issued version is never changed again, so every version the family was
sent stays exactly as sent. Saves of a draft are compare-and-set on `lock_version`: two officers editing
the same draft cannot overwrite each other, and the second is told so.

Plans made by the assessment workflow (`assessments.services.final_plan_issue`) have no version yet:
the officer records the issued plan's content as version 1 (`draft_start`, then `version_issue` with
the plan's own issue date, which the service insists on), so the first version's date is the date the
final plan was legally issued. Later versions (amendments, re-assessments) are dated when issued.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from sendcase.core.audit import audit_record
from sendcase.core.errors import InvalidTransition, ServiceError, StaleEdit
from sendcase.core.models import AuditAction, User
from sendcase.core.service_checks import actor as _actor
from sendcase.core.service_checks import require_editor as _require_editor
from sendcase.core.service_checks import today as _today
from sendcase.people.events import EventKind, case_event_record
from sendcase.plans import content as c
from sendcase.plans.models import EHCPlan, PlanStatus, PlanVersion, VersionKind, VersionStatus
from sendcase.settings_data.models import Establishment

STALE_DRAFT = (
    "Someone else saved this draft while you were editing it, so your changes have not been saved and "
    "nothing was overwritten. Reload the page to see their changes, then make yours again."
)


class ContentInvalid(ServiceError):
    """The content breaks the plan's rules; `errors` lists every one with the path at fault."""

    def __init__(self, errors: list[c.ContentError]) -> None:
        super().__init__(errors[0].message, field=errors[0].path, code="invalid_content")
        self.errors = errors


def _lock_plan(plan: EHCPlan) -> EHCPlan:
    # Locking the plan row serialises starting, issuing and withdrawing drafts of one plan.
    return EHCPlan.objects.select_for_update().select_related("child").get(pk=plan.pk)


def _check_establishment(content: dict[str, Any]) -> None:
    est = (content.get("I") or {}).get("establishment_id")
    if est is not None and not Establishment.objects.filter(pk=est).exists():
        raise ContentInvalid([c.ContentError("I.establishment_id", "Select a school or setting that exists")])


def _record(
    *,
    acting_user: User,
    plan: EHCPlan,
    version: PlanVersion,
    kind: str,
    summary: str,
    occurred_on: dt.date,
    action: str,
    old_state: str = "",
    reason: str = "",
    visible_to_family: bool = False,
    data: dict | None = None,
) -> None:
    case_event_record(
        actor=acting_user,
        child=plan.child,
        subject=version,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary,
        old_state=old_state,
        new_state=version.status if old_state else "",
        reason=reason,
        visible_to_family=visible_to_family,
        data={"plan_id": plan.pk, "version_id": version.pk, "number": version.number, **(data or {})},
    )
    audit_record(user=acting_user, action=action, obj=version, child_id=plan.child_id, summary=summary)


def latest_issued_version(plan: EHCPlan) -> PlanVersion | None:
    return plan.versions.filter(status=VersionStatus.ISSUED).order_by("-number").first()


@transaction.atomic
def draft_start(*, acting_user: User, plan: EHCPlan, kind: str = VersionKind.ORIGINAL) -> PlanVersion:
    """Start a draft: a copy of the latest issued version, or (for a plan with no version yet) the
    content gathered during the assessment (`content.content_from_request`) and the school it named."""
    _require_editor(acting_user)
    plan = _lock_plan(plan)
    if plan.status != PlanStatus.ACTIVE:
        raise InvalidTransition(f"This plan is {plan.get_status_display().lower()}, so it cannot be changed.")
    if kind not in VersionKind.values:
        raise ServiceError("Select why the plan is being changed", field="kind")
    draft = plan.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        raise InvalidTransition(
            f"Version {draft.number} is already being drafted. Finish or withdraw it before starting another."
        )
    latest = latest_issued_version(plan)
    if latest is None and kind in (VersionKind.AMENDMENT, VersionKind.REASSESSMENT):
        raise ServiceError(
            "This plan has no issued version to change yet. Record the plan as issued first.", field="kind"
        )
    if latest is not None:
        content = copy.deepcopy(latest.content)
    else:
        content = c.content_from_request(plan.request) if plan.request_id else c.empty_content()
        content["I"]["establishment_id"] = plan.named_establishment_id
    number = (plan.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        kind=kind,
        based_on=latest,
        content=content,
        created_by=_actor(acting_user),
        updated_by=_actor(acting_user),
    )
    _record(
        acting_user=acting_user,
        plan=plan,
        version=version,
        kind=EventKind.PLAN_DRAFT_STARTED,
        summary=f"Draft of version {number} of the EHC plan started"
        + (f", based on version {latest.number}" if latest else ""),
        occurred_on=_today(),
        action=AuditAction.CREATE,
        data={"kind": kind, "based_on_id": getattr(latest, "pk", None)},
    )
    return version


@transaction.atomic
def draft_save(
    *, acting_user: User, version: PlanVersion, expected_lock_version: int, content: dict[str, Any]
) -> PlanVersion:
    """Replace the draft's content, if nobody else has saved it since `expected_lock_version`.

    The content is validated as a draft (`content.validate_content`); an issued or withdrawn version
    is refused. Returns the version as saved, with its new lock_version.
    """
    _require_editor(acting_user)
    errors = c.validate_content(content)
    if errors:
        raise ContentInvalid(errors)
    _check_establishment(content)
    current = PlanVersion.objects.select_related("plan__child").get(pk=version.pk)
    if current.status != VersionStatus.DRAFT:
        raise InvalidTransition(
            f"Version {current.number} is {current.get_status_display().lower()}, so it cannot be changed. "
            "Start a new draft to change the plan."
        )
    if current.lock_version != expected_lock_version:
        raise StaleEdit(STALE_DRAFT)
    changes = c.diff(current.content, content)
    if not changes:
        return current
    # Compare-and-set: the row is changed only if it still has the lock_version the editor loaded, so
    # of two concurrent saves exactly one wins, on SQLite and PostgreSQL alike.
    updated = PlanVersion.objects.filter(
        pk=version.pk, lock_version=expected_lock_version, status=VersionStatus.DRAFT
    ).update(
        content=content,
        lock_version=F("lock_version") + 1,
        updated_by=_actor(acting_user),
        updated_at=timezone.now(),
    )
    if updated != 1:
        raise StaleEdit(STALE_DRAFT)
    saved = PlanVersion.objects.select_related("plan__child").get(pk=version.pk)
    sections = sorted({change.section for change in changes}, key=_section_order)
    _record(
        acting_user=acting_user,
        plan=saved.plan,
        version=saved,
        kind=EventKind.PLAN_DRAFT_SAVED,
        summary=f"Draft of version {saved.number} of the EHC plan changed: section"
        f"{'s' if len(sections) > 1 else ''} {', '.join(sections)}",
        occurred_on=_today(),
        action=AuditAction.UPDATE,
        data={"sections": sections, "lock_version": saved.lock_version},
    )
    return saved


def _section_order(section: str) -> int:
    return c.SECTIONS.index(section) if section in c.SECTIONS else len(c.SECTIONS)


def _lock_draft(version: PlanVersion, expected_lock_version: int | None) -> tuple[EHCPlan, PlanVersion]:
    plan = _lock_plan(version.plan)
    locked = PlanVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        raise InvalidTransition(
            f"Version {locked.number} is {locked.get_status_display().lower()}, so it cannot be changed."
        )
    if expected_lock_version is not None and locked.lock_version != expected_lock_version:
        raise StaleEdit(STALE_DRAFT)
    return plan, locked


@transaction.atomic
def version_issue(
    *,
    acting_user: User,
    version: PlanVersion,
    issued_on: dt.date,
    expected_lock_version: int | None = None,
) -> PlanVersion:
    """Issue a complete draft. From now on it is never changed; the plan's primary need and named
    school follow it. `expected_lock_version` refuses issuing a draft changed after it was checked."""
    _require_editor(acting_user)
    plan, version = _lock_draft(version, expected_lock_version)
    if plan.status != PlanStatus.ACTIVE:
        raise InvalidTransition(f"This plan is {plan.get_status_display().lower()}, so it cannot be changed.")
    errors = c.validate_content(version.content, for_issue=True)
    if errors:
        raise ContentInvalid(errors)
    _check_establishment(version.content)
    if issued_on is None:
        raise ServiceError("Enter the date this version was issued", field="issued_on")
    if issued_on > _today():
        raise ServiceError("The date this version was issued must be today or in the past", field="issued_on")
    latest = latest_issued_version(plan)
    if latest is None and issued_on != plan.issued_on:
        # The first version is the content of the plan issued on plan.issued_on (the date the statutory
        # clock and the review due date count from), so it carries that date and no other.
        raise ServiceError(
            f"This is the plan issued on {plan.issued_on:%-d %B %Y}: enter that date", field="issued_on"
        )
    if latest is not None and latest.issued_on and issued_on < latest.issued_on:
        raise ServiceError(
            f"The date must be on or after the date version {latest.number} was issued "
            f"({latest.issued_on:%-d %B %Y})",
            field="issued_on",
        )
    old_status = version.status
    version.status = VersionStatus.ISSUED
    version.issued_on = issued_on
    version.lock_version += 1
    version.updated_by = _actor(acting_user)
    version.save(update_fields=["status", "issued_on", "lock_version", "updated_by", "updated_at"])
    plan.primary_need = c.primary_need(version.content)
    plan.named_establishment_id = (version.content.get("I") or {}).get("establishment_id")
    plan.updated_by = _actor(acting_user)
    plan.save(update_fields=["primary_need", "named_establishment", "updated_by", "updated_at"])
    _record(
        acting_user=acting_user,
        plan=plan,
        version=version,
        kind=EventKind.PLAN_VERSION_ISSUED,
        summary=f"Version {version.number} of the EHC plan issued ({version.get_kind_display().lower()})",
        occurred_on=issued_on,
        action=AuditAction.UPDATE,
        old_state=old_status,
        visible_to_family=True,
        data={
            "kind": version.kind,
            "primary_need": plan.primary_need,
            "named_establishment_id": plan.named_establishment_id,
            "based_on_id": version.based_on_id,
        },
    )
    return version


@transaction.atomic
def draft_withdraw(
    *,
    acting_user: User,
    version: PlanVersion,
    reason: str = "",
    expected_lock_version: int | None = None,
) -> PlanVersion:
    """Abandon a draft (it is kept, marked withdrawn, for the record); a new draft may then start."""
    _require_editor(acting_user)
    plan, version = _lock_draft(version, expected_lock_version)
    old_status = version.status
    version.status = VersionStatus.WITHDRAWN
    version.lock_version += 1
    version.updated_by = _actor(acting_user)
    version.save(update_fields=["status", "lock_version", "updated_by", "updated_at"])
    _record(
        acting_user=acting_user,
        plan=plan,
        version=version,
        kind=EventKind.PLAN_DRAFT_WITHDRAWN,
        summary=f"Draft of version {version.number} of the EHC plan withdrawn",
        occurred_on=_today(),
        action=AuditAction.UPDATE,
        old_state=old_status,
        reason=reason.strip(),
    )
    return version
