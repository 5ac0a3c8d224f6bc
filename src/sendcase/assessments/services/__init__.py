"""Every step of the EHC needs assessment, one service function per transition.

Each function: takes the acting user first (keyword-only), runs in one transaction, locks the request
row, checks the step is allowed from the current state and the dates make sense, changes the request,
refreshes its worklist tracking, and writes a CaseEvent and an audit entry. Views, the API, imports and
the demo seed all come through here.
"""

from ._common import refresh_tracking
from .advice import advice_chase_record, advice_exception_record, advice_receipt_record, advice_request_record
from .drafting import (
    consultation_answer_record,
    consultation_send,
    draft_plan_serve,
    draft_response_record,
    final_plan_issue,
)
from .endings import exception_record, request_move_out, request_withdraw
from .request import (
    assessment_decision_record,
    issue_decision_record,
    refresh_tracking_for_new,
    request_record,
)

__all__ = [
    "advice_chase_record",
    "advice_exception_record",
    "advice_receipt_record",
    "advice_request_record",
    "assessment_decision_record",
    "consultation_answer_record",
    "consultation_send",
    "draft_plan_serve",
    "draft_response_record",
    "exception_record",
    "final_plan_issue",
    "issue_decision_record",
    "refresh_tracking",
    "refresh_tracking_for_new",
    "request_move_out",
    "request_record",
    "request_withdraw",
]
