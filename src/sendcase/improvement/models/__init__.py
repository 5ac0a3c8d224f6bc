"""The improvement plan's records: objectives and their actions, evidence and milestones; the risk and
issue register; external recommendations; budget lines and monthly actuals; board meetings; and one
change history for all of them."""

from .board import BoardItem, BoardItemKind, BoardMeeting
from .budget import BudgetActual, BudgetLine
from .history import ChangeRecord
from .plan import Action, ActionStatus, Evidence, Milestone, Objective
from .recommendations import Recommendation, RecommendationSource, RecommendationStatus
from .risks import Risk, RiskKind, RiskScore, RiskStatus

__all__ = [
    "Action",
    "ActionStatus",
    "BoardItem",
    "BoardItemKind",
    "BoardMeeting",
    "BudgetActual",
    "BudgetLine",
    "ChangeRecord",
    "Evidence",
    "Milestone",
    "Objective",
    "Recommendation",
    "RecommendationSource",
    "RecommendationStatus",
    "Risk",
    "RiskKind",
    "RiskScore",
    "RiskStatus",
]
