"""EHC plans and their lifecycle: versions (sections A-K), placements, annual reviews, phase transfers
and ceasing."""

from .cessation import CeaseReason, Cessation, CessationStatus
from .phase import PhaseTransfer, TransferPhase
from .placement import NoPlaceReason, Placement, SettingCode
from .plan import EHCPlan, PlanStatus
from .review import AnnualReview, ReviewDecision, ReviewStatus
from .version import PlanVersion, VersionKind, VersionStatus

__all__ = [
    "AnnualReview",
    "CeaseReason",
    "Cessation",
    "CessationStatus",
    "EHCPlan",
    "NoPlaceReason",
    "PhaseTransfer",
    "Placement",
    "PlanStatus",
    "PlanVersion",
    "ReviewDecision",
    "ReviewStatus",
    "SettingCode",
    "TransferPhase",
    "VersionKind",
    "VersionStatus",
]
