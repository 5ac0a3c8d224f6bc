"""Every change to the improvement plan goes through these functions (one module per register)."""

from .actions import (
    action_create,
    action_status_change,
    action_update,
    evidence_add,
    milestone_achieve,
    milestone_create,
    objective_create,
    objective_update,
)
from .board import board_item_add, board_meeting_create, board_meeting_update
from .budget import budget_actual_record, budget_line_create, budget_line_update
from .recommendations import recommendation_create, recommendation_update
from .risks import risk_create, risk_update

__all__ = [
    "action_create",
    "action_status_change",
    "action_update",
    "board_item_add",
    "board_meeting_create",
    "board_meeting_update",
    "budget_actual_record",
    "budget_line_create",
    "budget_line_update",
    "evidence_add",
    "milestone_achieve",
    "milestone_create",
    "objective_create",
    "objective_update",
    "recommendation_create",
    "recommendation_update",
    "risk_create",
    "risk_update",
]
