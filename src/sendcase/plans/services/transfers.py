"""Plans moving between authorities (Regs 15-16) and children moving between phases (Regs 18)."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction

from sendcase import statutory
from sendcase.core.errors import InvalidTransition, ServiceError
from sendcase.core.models import AuditAction, User
from sendcase.people.events import EventKind
from sendcase.people.models import Child
from sendcase.plans.models import (
    AnnualReview,
    EHCPlan,
    PhaseTransfer,
    PlanStatus,
    ReviewStatus,
    TransferPhase,
)
from sendcase.settings_data.models import Establishment

from .cessation import open_cessation
from .reviews import (
    OPEN_REVIEW_STATUSES,
    actor,
    check_date,
    fmt,
    lock_plan,
    open_review,
    record,
    require_active,
    require_editor,
    today,
)

_LA_CODE = re.compile(r"^\d{3}$")


def _la_code(value: str, field: str) -> str:
    value = (value or "").strip()
    if not _LA_CODE.match(value):
        raise ServiceError("Enter the authority's three-digit code, like 330", field=field)
    return value


@transaction.atomic
def plan_transfer_in(
    *,
    acting_user: User,
    child: Child,
    from_la: str,
    received_on: dt.date,
    issued_on: dt.date,
    last_review_on: dt.date | None = None,
) -> EHCPlan:
    """Record a plan transferred in from another authority (Regs 15): it is in force here from
    `received_on`; `issued_on` is the day the old authority made it, and with `last_review_on` sets when
    the next review is due (CFA s.44(1))."""
    require_editor(acting_user)
    from_la = _la_code(from_la, "from_la")
    child = Child.objects.select_for_update().get(pk=child.pk)
    check_date(
        issued_on, field="issued_on", label="the plan was made", not_before=[(child.date_of_birth, "birth")]
    )
    check_date(
        received_on,
        field="received_on",
        label="the plan was transferred",
        not_before=[(issued_on, "the plan was made")],
    )
    if last_review_on is not None:
        check_date(
            last_review_on,
            field="last_review_on",
            label="of the last review",
            not_before=[(issued_on, "the plan was made")],
        )
    if EHCPlan.objects.filter(child=child, status=PlanStatus.ACTIVE).exists():
        raise ServiceError(f"{child.full_name} already has an EHC plan in force.", field="received_on")
    plan = EHCPlan.objects.create(
        child=child,
        issued_on=issued_on,
        transferred_in_from_la=from_la,
        transferred_in_on=received_on,
        last_review_on=last_review_on,
        review_due=statutory.review_due(last_review_on or issued_on),
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    record(
        acting_user=acting_user,
        child=child,
        subject=plan,
        kind=EventKind.PLAN_TRANSFERRED_IN,
        occurred_on=received_on,
        summary=f"EHC plan transferred in from authority {from_la}",
        new_state=plan.status,
        data={"plan_id": plan.pk, "from_la": from_la},
        audit_action=AuditAction.CREATE,
    )
    return plan


@transaction.atomic
def plan_transfer_out(*, acting_user: User, plan: EHCPlan, to_la: str, transferred_on: dt.date) -> EHCPlan:
    """The child moved to another authority, which takes over the plan (Regs 15). Open reviews are
    cancelled; a plan with a proposal to cease still open must have it withdrawn first."""
    require_editor(acting_user)
    to_la = _la_code(to_la, "to_la")
    plan = lock_plan(plan)
    require_active(plan, "transfer the plan")
    check_date(
        transferred_on,
        field="transferred_on",
        label="of the transfer",
        not_before=[(plan.transferred_in_on or plan.issued_on, "the plan started here")],
    )
    if open_cessation(plan) is not None:
        raise InvalidTransition(
            "There is an open proposal to cease this plan. Withdraw it before transferring."
        )
    old = plan.status
    plan.status = PlanStatus.TRANSFERRED_OUT
    plan.transferred_out_to_la = to_la
    plan.transferred_out_on = transferred_on
    plan.updated_by = actor(acting_user)
    plan.save()
    AnnualReview.objects.filter(plan=plan, status__in=OPEN_REVIEW_STATUSES).update(
        status=ReviewStatus.CANCELLED
    )
    record(
        acting_user=acting_user,
        child=plan.child,
        subject=plan,
        kind=EventKind.PLAN_TRANSFERRED_OUT,
        occurred_on=transferred_on,
        summary=f"EHC plan transferred to authority {to_la}",
        old_state=old,
        new_state=plan.status,
        data={"plan_id": plan.pk, "to_la": to_la},
    )
    return plan


def _refresh_phase_deadline(plan: EHCPlan, user: User) -> None:
    """Keep the plan's nearest unnamed phase transfer deadline for worklists."""
    nearest = (
        plan.phase_transfers.filter(named_on__isnull=True)
        .order_by("deadline")
        .values_list("deadline", flat=True)
        .first()
    )
    plan.phase_transfer_deadline = nearest
    plan.updated_by = actor(user)
    plan.save(update_fields=["phase_transfer_deadline", "updated_at", "updated_by"])


@transaction.atomic
def phase_transfer_record(
    *,
    acting_user: User,
    plan: EHCPlan,
    transfer: str,
    transfer_year: int | None = None,
    moves_on: dt.date | None = None,
) -> PhaseTransfer:
    """Record a coming phase transfer and its legal deadline (Regs 18).

    The year defaults to the child's normal year group (`statutory.transfer_year_for`). A post-16 to
    post-16 move needs `moves_on`: its deadline is 5 months before it (Regs 18(2)). The plan's open review,
    if any, becomes the phase transfer review.
    """
    require_editor(acting_user)
    plan = lock_plan(plan)
    require_active(plan, "record a phase transfer")
    if transfer not in TransferPhase.values:
        raise ServiceError("Select the phase transfer", field="transfer")
    if transfer == TransferPhase.POST16_TO_POST16:
        if moves_on is None:
            raise ServiceError("Enter the date the young person moves", field="moves_on")
        transfer_year = moves_on.year
        deadline = statutory.post16_other_time_deadline(moves_on)
    else:
        if transfer_year is None:
            transfer_year = statutory.transfer_year_for(plan.child.date_of_birth, transfer)
        if not 1990 <= transfer_year <= 2100:
            raise ServiceError("Enter a real year, like 2027", field="transfer_year")
        deadline = statutory.phase_transfer_deadline(
            transfer_year, transfer == TransferPhase.SECONDARY_TO_POST16
        )
        moves_on = None
    if PhaseTransfer.objects.filter(plan=plan, transfer=transfer, transfer_year=transfer_year).exists():
        raise ServiceError("This phase transfer is already recorded for that year.", field="transfer_year")
    review = open_review(plan)
    phase = PhaseTransfer.objects.create(
        plan=plan,
        transfer=transfer,
        transfer_year=transfer_year,
        moves_on=moves_on,
        deadline=deadline,
        review=review,
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    if review is not None and not review.is_phase_transfer:
        review.is_phase_transfer = True
        review.save(update_fields=["is_phase_transfer", "updated_at"])
    _refresh_phase_deadline(plan, acting_user)
    record(
        acting_user=acting_user,
        child=plan.child,
        subject=phase,
        kind=EventKind.PHASE_TRANSFER_RECORDED,
        occurred_on=today(),
        summary=f"Phase transfer ({phase.get_transfer_display().lower()}) in {transfer_year}: "
        f"the new school or college must be named by {fmt(deadline)}",
        data={"plan_id": plan.pk, "phase_transfer_id": phase.pk, "deadline": deadline.isoformat()},
        audit_action=AuditAction.CREATE,
    )
    return phase


@transaction.atomic
def phase_transfer_name_school(
    *, acting_user: User, phase_transfer: PhaseTransfer, establishment: Establishment, named_on: dt.date
) -> PhaseTransfer:
    """Record the school or college named for the transfer. Naming after the deadline is allowed (the
    child still needs a place) and recorded as late."""
    require_editor(acting_user)
    plan = lock_plan(phase_transfer.plan)
    require_active(plan, "name a school")
    phase = PhaseTransfer.objects.select_for_update().get(pk=phase_transfer.pk)
    if phase.named_on is not None:
        raise InvalidTransition(f"A school was already named for this transfer on {fmt(phase.named_on)}.")
    if establishment is None:
        raise ServiceError("Select the school or college", field="establishment")
    check_date(
        named_on, field="named_on", label="the school was named", not_before=[(plan.issued_on, "the plan")]
    )
    phase.named_establishment = establishment
    phase.named_on = named_on
    phase.updated_by = actor(acting_user)
    phase.save()
    _refresh_phase_deadline(plan, acting_user)
    status = statutory.step_status(phase.deadline, named_on, named_on)
    late = status == statutory.StepStatus.LATE
    record(
        acting_user=acting_user,
        child=plan.child,
        subject=phase,
        kind=EventKind.PHASE_TRANSFER_NAMED,
        occurred_on=named_on,
        summary=f"{establishment.name} named for the phase transfer"
        + (f", after the deadline of {fmt(phase.deadline)}" if late else ""),
        data={"plan_id": plan.pk, "phase_transfer_id": phase.pk, "status": status},
    )
    return phase


def phase_transfer_status(phase: PhaseTransfer, as_of: dt.date) -> str:
    """on_time / late for a named transfer; due / overdue for one not yet named."""
    return statutory.step_status(phase.deadline, phase.named_on, as_of)
