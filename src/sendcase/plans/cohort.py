"""The phase-transfer cohort: which children with plans move phase in a given year, and recording them.

A child's transfer follows from their date of birth (the normal English year group) and the phase of
the setting they attend now. Infant-to-junior and primary-to-middle moves depend on local school
organisation that establishment records do not show (their phase is "primary" either way), so they are
recorded by hand on the plan's phase transfer page, not found here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from sendcase import statutory
from sendcase.core.errors import ServiceError
from sendcase.core.models import User
from sendcase.settings_data.codes import EstablishmentType, Phase

from .models import EHCPlan, PhaseTransfer, Placement, PlanStatus, TransferPhase
from .services.transfers import phase_transfer_record

# The transfer a child makes out of each current phase, when their year group reaches it.
_TRANSFER_FROM_PHASE = {
    Phase.NURSERY: TransferPhase.EARLY_YEARS_TO_SCHOOL,
    Phase.PRIMARY: TransferPhase.TO_SECONDARY,
    Phase.MIDDLE: TransferPhase.TO_SECONDARY,
    Phase.SECONDARY: TransferPhase.SECONDARY_TO_POST16,
    Phase.ALL_THROUGH: TransferPhase.SECONDARY_TO_POST16,
}


@dataclass(frozen=True)
class CohortMember:
    plan: EHCPlan
    transfer: str
    transfer_year: int
    deadline: object
    already_recorded: bool


def _current_phase(plan: EHCPlan, placement: Placement | None) -> str | None:
    establishment = placement.establishment if placement is not None else plan.named_establishment
    if establishment is None:
        return None
    if establishment.kind == EstablishmentType.EARLY_YEARS:
        return Phase.NURSERY
    return establishment.phase


def phase_transfer_cohort(*, transfer_year: int) -> list[CohortMember]:
    """Active plans whose child makes a phase transfer in `transfer_year`, in deadline order."""
    plans = list(
        EHCPlan.objects.filter(status=PlanStatus.ACTIVE)
        .select_related("child", "named_establishment")
        .order_by("child__legal_last_name", "child__legal_first_name")
    )
    current = {
        p.child_id: p
        for p in Placement.objects.filter(
            child_id__in=[plan.child_id for plan in plans], leaving_on__isnull=True
        )
        .select_related("establishment")
        .order_by("entry_on")
    }
    recorded = set(
        PhaseTransfer.objects.filter(transfer_year=transfer_year).values_list("plan_id", "transfer")
    )
    members = []
    for plan in plans:
        transfer = _TRANSFER_FROM_PHASE.get(_current_phase(plan, current.get(plan.child_id)))
        if (
            transfer is None
            or statutory.transfer_year_for(plan.child.date_of_birth, transfer) != transfer_year
        ):
            continue
        deadline = statutory.phase_transfer_deadline(
            transfer_year, transfer == TransferPhase.SECONDARY_TO_POST16
        )
        members.append(CohortMember(plan, transfer, transfer_year, deadline, (plan.pk, transfer) in recorded))
    members.sort(key=lambda m: (m.deadline, m.plan.child.legal_last_name))
    return members


@dataclass(frozen=True)
class CohortRecorded:
    recorded: int
    already_recorded: int
    refused: list[tuple[EHCPlan, str]]


@transaction.atomic
def phase_transfer_cohort_record(*, acting_user: User, transfer_year: int) -> CohortRecorded:
    """Record a PhaseTransfer, with its legal deadline, for every member of the year's cohort not yet
    recorded. A plan the service refuses (for example one being ceased) is reported, not skipped silently."""
    recorded = already = 0
    refused: list[tuple[EHCPlan, str]] = []
    for member in phase_transfer_cohort(transfer_year=transfer_year):
        if member.already_recorded:
            already += 1
            continue
        try:
            with transaction.atomic():
                phase_transfer_record(
                    acting_user=acting_user,
                    plan=member.plan,
                    transfer=member.transfer,
                    transfer_year=transfer_year,
                )
        except ServiceError as error:
            refused.append((member.plan, error.message))
        else:
            recorded += 1
    return CohortRecorded(recorded, already, refused)
