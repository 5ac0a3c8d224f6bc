"""Ceasing an EHC plan (CFA s.45; Regs 29-31), one service function per transition.

CONSULTING -> NOTICE_SENT -> (APPEALED -> NOTICE_SENT when the decision is upheld) -> CEASED
CONSULTING / NOTICE_SENT / APPEALED -> WITHDRAWN; APPEALED -> WITHDRAWN when the appeal overturns it.

The plan stays ACTIVE until `cessation_complete`: while the family may still appeal (until `appeal_by`)
and while an appeal is under way the plan is kept in force (CFA s.45; Regs 31).

The death of a child or young person (SEN2 cease reason 8) is the one case where the consultation of
Regs 30 is skipped: record the proposal with `consultation_started_on` as the day the death was confirmed,
then `cessation_decide` may follow on the same day with no `notice_sent_on` (there is no decision to
appeal and no appeal period), and `cessation_complete` may follow at once. Every other reason needs at
least a day of consultation, notice with appeal rights, and the appeal period to have passed.
"""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction

from sendcase import statutory
from sendcase.core.errors import InvalidTransition, ServiceError
from sendcase.core.models import AuditAction, User
from sendcase.people.events import EventKind
from sendcase.plans.models import (
    AnnualReview,
    CeaseReason,
    Cessation,
    CessationStatus,
    EHCPlan,
    PlanStatus,
    ReviewStatus,
)

from .reviews import (
    OPEN_REVIEW_STATUSES,
    actor,
    check_date,
    fmt,
    lock_plan,
    record,
    require_active,
    require_editor,
)

C = CessationStatus
OPEN_CESSATION_STATUSES = frozenset({C.CONSULTING, C.NOTICE_SENT, C.APPEALED})


class AppealOutcome(models.TextChoices):
    """The Tribunal's answer to an appeal against a decision to cease."""

    UPHELD = "upheld", "The decision to cease was upheld (appeal dismissed)"
    OVERTURNED = "overturned", "The decision to cease was overturned (the plan continues)"


def _lock(cessation: Cessation) -> tuple[Cessation, EHCPlan]:
    plan = lock_plan(cessation.plan)
    locked = Cessation.objects.select_for_update().get(pk=cessation.pk)
    locked.plan = plan
    return locked, plan


def _guard(cessation: Cessation, allowed: set[str], action: str) -> None:
    if cessation.status not in allowed:
        raise InvalidTransition(
            f"You cannot {action} because the proposal to cease is at the stage "
            f"“{cessation.get_status_display()}”."
        )


def _save(
    *,
    acting_user: User,
    cessation: Cessation,
    kind: str,
    occurred_on: dt.date,
    summary: str,
    old_state: str,
    reason: str = "",
    data: dict | None = None,
) -> Cessation:
    cessation.updated_by = actor(acting_user)
    cessation.save()
    record(
        acting_user=acting_user,
        child=cessation.plan.child,
        subject=cessation,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary,
        old_state=old_state,
        new_state=cessation.status if old_state != cessation.status else "",
        reason=reason,
        data={"plan_id": cessation.plan_id, "cessation_id": cessation.pk, **(data or {})},
    )
    return cessation


def open_cessation(plan: EHCPlan) -> Cessation | None:
    return plan.cessations.filter(status__in=OPEN_CESSATION_STATUSES).first()


@transaction.atomic
def cessation_propose(
    *,
    acting_user: User,
    plan: EHCPlan,
    reason: int,
    consultation_started_on: dt.date,
    notes: str = "",
) -> Cessation:
    """Propose to cease the plan and start consulting the family and the school or college (Regs 30)."""
    require_editor(acting_user)
    plan = lock_plan(plan)
    require_active(plan, "propose to cease the plan")
    if reason not in CeaseReason.values:
        raise ServiceError("Select why the plan would cease", field="reason")
    check_date(
        consultation_started_on,
        field="consultation_started_on",
        label="consultation started",
        not_before=[(plan.issued_on, "the date the plan was issued")],
    )
    existing = open_cessation(plan)
    if existing is not None:
        raise InvalidTransition(
            "There is already a proposal to cease this plan, made on "
            f"{fmt(existing.consultation_started_on)}."
        )
    cessation = Cessation.objects.create(
        plan=plan,
        reason=reason,
        consultation_started_on=consultation_started_on,
        notes=(notes or "").strip(),
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    died = reason == CeaseReason.DIED
    record(
        acting_user=acting_user,
        child=plan.child,
        subject=cessation,
        kind=EventKind.CESSATION_PROPOSED,
        occurred_on=consultation_started_on,
        summary=(
            "Death recorded; the plan will cease"
            if died
            else f"Proposal to cease the plan ({CeaseReason(reason).label.lower()}); consultation started"
        ),
        new_state=cessation.status,
        data={"plan_id": plan.pk, "cessation_id": cessation.pk, "reason": reason},
        audit_action=AuditAction.CREATE,
    )
    return cessation


@transaction.atomic
def cessation_decide(
    *,
    acting_user: User,
    cessation: Cessation,
    decided_on: dt.date,
    notice_sent_on: dt.date | None,
) -> Cessation:
    """Decide to cease and send the notice with appeal rights (Regs 31). The family may appeal until
    `appeal_by` (2 months from the notice); the plan stays in force meanwhile."""
    require_editor(acting_user)
    cessation, plan = _lock(cessation)
    require_active(plan, "decide to cease the plan")
    _guard(cessation, {C.CONSULTING}, "record the decision to cease")
    died = cessation.reason == CeaseReason.DIED
    check_date(
        decided_on,
        field="decided_on",
        label="of the decision",
        not_before=[(cessation.consultation_started_on, "the start of the consultation")],
    )
    if not died and decided_on <= cessation.consultation_started_on:
        raise ServiceError(
            "The decision must come after the family and the school or college have been consulted "
            f"(Regs 30): the consultation started on {fmt(cessation.consultation_started_on)}.",
            field="decided_on",
        )
    if notice_sent_on is None and not died:
        raise ServiceError("Enter the date the decision was sent to the family", field="notice_sent_on")
    if notice_sent_on is not None:
        check_date(
            notice_sent_on,
            field="notice_sent_on",
            label="the notice was sent",
            not_before=[(decided_on, "the decision")],
        )
    old = cessation.status
    cessation.decided_on = decided_on
    cessation.notice_sent_on = notice_sent_on
    cessation.appeal_by = statutory.appeal_deadline(notice_sent_on) if notice_sent_on else None
    cessation.status = C.NOTICE_SENT
    summary = "Decision to cease the plan made"
    if cessation.appeal_by:
        summary += (
            f" and sent; the family may appeal until {fmt(cessation.appeal_by)}, and the plan stays in force"
        )
    return _save(
        acting_user=acting_user,
        cessation=cessation,
        kind=EventKind.CESSATION_DECIDED,
        occurred_on=notice_sent_on or decided_on,
        summary=summary,
        old_state=old,
        data={"appeal_by": cessation.appeal_by.isoformat() if cessation.appeal_by else None},
    )


@transaction.atomic
def cessation_appeal_lodged(*, acting_user: User, cessation: Cessation, lodged_on: dt.date) -> Cessation:
    """The family appealed to the SEND Tribunal: the plan stays in force until the appeal ends."""
    require_editor(acting_user)
    cessation, plan = _lock(cessation)
    _guard(cessation, {C.NOTICE_SENT}, "record an appeal")
    if cessation.appeal_concluded_on is not None:
        raise InvalidTransition("An appeal against this decision has already been decided.")
    if cessation.notice_sent_on is None:
        raise InvalidTransition("No decision notice was sent, so there is nothing to appeal.")
    check_date(
        lodged_on,
        field="lodged_on",
        label="the appeal was lodged",
        not_before=[(cessation.notice_sent_on, "the notice")],
    )
    old = cessation.status
    cessation.appeal_lodged_on = lodged_on
    cessation.status = C.APPEALED
    late = cessation.appeal_by is not None and lodged_on > cessation.appeal_by
    return _save(
        acting_user=acting_user,
        cessation=cessation,
        kind=EventKind.CESSATION_APPEALED,
        occurred_on=lodged_on,
        summary="Appeal lodged against the decision to cease; the plan stays in force"
        + (" (lodged after the appeal deadline; the Tribunal admitted it)" if late else ""),
        old_state=old,
        data={"late": late},
    )


@transaction.atomic
def cessation_appeal_concluded(
    *, acting_user: User, cessation: Cessation, concluded_on: dt.date, outcome: str
) -> Cessation:
    """The Tribunal decided. Upheld: the authority may now cease the plan. Overturned: the proposal ends
    (WITHDRAWN) and the plan continues."""
    require_editor(acting_user)
    cessation, plan = _lock(cessation)
    _guard(cessation, {C.APPEALED}, "record the appeal's outcome")
    if outcome not in AppealOutcome.values:
        raise ServiceError("Select the outcome of the appeal", field="outcome")
    check_date(
        concluded_on,
        field="concluded_on",
        label="of the Tribunal's decision",
        not_before=[(cessation.appeal_lodged_on, "the appeal")],
    )
    old = cessation.status
    cessation.appeal_concluded_on = concluded_on
    cessation.status = C.NOTICE_SENT if outcome == AppealOutcome.UPHELD else C.WITHDRAWN
    return _save(
        acting_user=acting_user,
        cessation=cessation,
        kind=EventKind.CESSATION_APPEAL_CONCLUDED,
        occurred_on=concluded_on,
        summary=f"Appeal decided: {AppealOutcome(outcome).label.lower()}",
        old_state=old,
        data={"outcome": outcome},
    )


@transaction.atomic
def cessation_complete(*, acting_user: User, cessation: Cessation, ceased_on: dt.date) -> Cessation:
    """Cease the plan: only once the appeal period has passed with no appeal, or after an appeal that
    upheld the decision (or at once after a death). Open reviews of the plan are cancelled."""
    require_editor(acting_user)
    cessation, plan = _lock(cessation)
    require_active(plan, "cease the plan")
    _guard(cessation, {C.NOTICE_SENT}, "cease the plan")
    check_date(
        ceased_on,
        field="ceased_on",
        label="the plan ceased",
        not_before=[
            (cessation.decided_on, "the decision"),
            (cessation.appeal_concluded_on, "the appeal's outcome"),
        ],
    )
    if (
        cessation.appeal_concluded_on is None
        and cessation.appeal_by is not None
        and ceased_on <= cessation.appeal_by
    ):
        raise ServiceError(
            f"The plan cannot cease until the family's time to appeal has passed: they may appeal until "
            f"{fmt(cessation.appeal_by)}, so the earliest date is "
            f"{fmt(cessation.appeal_by + dt.timedelta(days=1))} (CFA s.45; Regs 31).",
            field="ceased_on",
        )
    old = cessation.status
    cessation.ceased_on = ceased_on
    cessation.status = C.CEASED
    plan.status = PlanStatus.CEASED
    plan.ceased_on = ceased_on
    plan.cease_reason = cessation.reason
    plan.updated_by = actor(acting_user)
    plan.save(update_fields=["status", "ceased_on", "cease_reason", "updated_at", "updated_by"])
    AnnualReview.objects.filter(plan=plan, status__in=OPEN_REVIEW_STATUSES).update(
        status=ReviewStatus.CANCELLED
    )
    return _save(
        acting_user=acting_user,
        cessation=cessation,
        kind=EventKind.PLAN_CEASED,
        occurred_on=ceased_on,
        summary=f"EHC plan ceased ({CeaseReason(cessation.reason).label.lower()})",
        old_state=old,
        data={"reason": cessation.reason},
    )


@transaction.atomic
def cessation_withdraw(
    *, acting_user: User, cessation: Cessation, withdrawn_on: dt.date, reason: str
) -> Cessation:
    """Withdraw the proposal or decision to cease: the plan continues."""
    require_editor(acting_user)
    cessation, plan = _lock(cessation)
    _guard(cessation, set(OPEN_CESSATION_STATUSES), "withdraw the proposal")
    if not (reason or "").strip():
        raise ServiceError("Enter why the proposal is withdrawn", field="reason")
    check_date(
        withdrawn_on,
        field="withdrawn_on",
        label="of withdrawal",
        not_before=[(cessation.consultation_started_on, "the proposal")],
    )
    old = cessation.status
    cessation.status = C.WITHDRAWN
    return _save(
        acting_user=acting_user,
        cessation=cessation,
        kind=EventKind.CESSATION_WITHDRAWN,
        occurred_on=withdrawn_on,
        summary="Proposal to cease the plan withdrawn; the plan continues",
        old_state=old,
        reason=reason.strip(),
    )
