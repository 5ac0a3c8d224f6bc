"""Statutory clocks for SEND casework in England: pure functions of dates, no Django and no "today".

Rules and sources are in shared/reference/statutory-rules.md; each module cites the regulation
behind each figure.
"""

from sendcase.statutory.assessment import (
    ADVICE_EXCEPTION_REASONS,
    EXCEPTION_REASONS,
    AssessmentDeadlines,
    advice_due,
    assessment_deadlines,
    consultation_response_due,
    draft_comment_period_ends,
    earliest_final_plan_after_draft,
)
from sendcase.statutory.closures import closure_window, school_closure_exception
from sendcase.statutory.disputes import add_months, appeal_deadline, mediation_contact_deadline
from sendcase.statutory.reviews import (
    ReviewWindow,
    advice_circulation_latest,
    age_on,
    amended_plan_due,
    amendment_comments_end,
    earliest_amended_plan,
    is_under_five,
    phase_transfer_deadline,
    post16_other_time_deadline,
    reception_year,
    review_decision_due,
    review_due,
    review_notice_latest,
    review_report_due,
    transfer_year_for,
    under_fives_review_window,
)
from sendcase.statutory.status import StepStatus, StepStatusValue, days_between, step_status

__all__ = [
    "ADVICE_EXCEPTION_REASONS",
    "EXCEPTION_REASONS",
    "AssessmentDeadlines",
    "StepStatus",
    "StepStatusValue",
    "add_months",
    "advice_due",
    "appeal_deadline",
    "mediation_contact_deadline",
    "assessment_deadlines",
    "closure_window",
    "consultation_response_due",
    "days_between",
    "draft_comment_period_ends",
    "earliest_final_plan_after_draft",
    "school_closure_exception",
    "step_status",
    "ReviewWindow",
    "advice_circulation_latest",
    "age_on",
    "amended_plan_due",
    "amendment_comments_end",
    "earliest_amended_plan",
    "is_under_five",
    "phase_transfer_deadline",
    "post16_other_time_deadline",
    "reception_year",
    "review_decision_due",
    "review_due",
    "review_notice_latest",
    "review_report_due",
    "transfer_year_for",
    "under_fives_review_window",
]
