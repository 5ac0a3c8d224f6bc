"""Time limits for an EHC needs assessment, from request to final plan.

Periods are calendar days and weeks: the Regs say "working days" only for mediation, so these limits
run through school holidays (the exceptions exist for that reason). A period "of N weeks from" a date
ends on that date plus 7N days.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

DAYS_PER_WEEK = 7

# Regs 5(1): notify the decision whether to assess within 6 weeks of receiving the request.
DECISION_TO_ASSESS_WEEKS = 6
# Regs 8(1): each body asked for advice must answer within 6 weeks of receiving the request for advice.
ADVICE_WEEKS = 6
# Regs 10(1): notify a decision not to issue a plan within 16 weeks of the request.
NOT_ISSUE_WEEKS = 16
# Regs 13(2): issue the final plan within 20 weeks of the request.
FINAL_PLAN_WEEKS = 20
# Regs 13(1): the family has at least 15 days, beginning with the day the draft is served, to comment.
DRAFT_COMMENT_DAYS = 15
# CFA s.39-40; CoP 9.83 (guidance, not a duty): a consulted school should answer within 15 days.
CONSULTATION_RESPONSE_DAYS = 15

# Regs 5(4), 10(4), 13(3): the circumstances in which the 6-, 16- and 20-week limits stop applying.
# Recorded per stage with the original due date kept: the limit lapses, it is not extended.
# Read-only so that no caller can change the legal list for everyone else.
EXCEPTION_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "school_closure": (
            "Advice was requested from a school or post-16 institution between one week before it closed "
            "for at least 4 continuous weeks and one week before it re-opened"
        ),
        "early_years_closure": (
            "Advice was requested from an early years provider between one week before it closed "
            "for at least 4 continuous weeks and one week before it re-opened"
        ),
        "exceptional_personal_circumstances": (
            "Exceptional personal circumstances affecting the child, parent or young person"
        ),
        "absence_from_area": (
            "The child, parent or young person was away from the area for at least 4 continuous weeks"
        ),
    }
)

# Regs 8(2): an advice giver's own 6-week limit has its own set of exceptions.
ADVICE_EXCEPTION_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "exceptional_circumstances": "Exceptional circumstances",
        "absence_from_area": (
            "The child, parent or young person was away from the area for at least 4 continuous weeks"
        ),
        "missed_appointment": "The child missed an appointment made by the body asked for advice",
    }
)


@dataclass(frozen=True)
class AssessmentDeadlines:
    """Due dates that run from the day the local authority received the assessment request."""

    decision_due: date
    not_issue_due: date
    final_plan_due: date


def _weeks_after(start: date, weeks: int) -> date:
    return start + timedelta(days=weeks * DAYS_PER_WEEK)


def assessment_deadlines(received: date) -> AssessmentDeadlines:
    """Return the 6-, 16- and 20-week due dates for a request received on ``received``."""
    return AssessmentDeadlines(
        decision_due=_weeks_after(received, DECISION_TO_ASSESS_WEEKS),  # Regs 5(1)
        not_issue_due=_weeks_after(received, NOT_ISSUE_WEEKS),  # Regs 10(1)
        final_plan_due=_weeks_after(received, FINAL_PLAN_WEEKS),  # Regs 13(2)
    )


def advice_due(requested: date) -> date:
    """Return the day advice is due from a body asked for it on ``requested`` (Regs 8(1))."""
    return _weeks_after(requested, ADVICE_WEEKS)


def draft_comment_period_ends(served: date) -> date:
    """Return the last day of the family's comment period on a draft plan (Regs 13(1)).

    The period begins with the day of service, which is day 1, so it ends 14 days after service.
    """
    return served + timedelta(days=DRAFT_COMMENT_DAYS - 1)


def earliest_final_plan_after_draft(served: date) -> date:
    """Return the first day the final plan may be issued after a draft served on ``served``.

    The comment period must run in full (Regs 13(1)), so this is the day after it ends.
    """
    return served + timedelta(days=DRAFT_COMMENT_DAYS)


def consultation_response_due(sent: date) -> date:
    """Return the day a consulted school should answer by (CFA s.39-40; CoP 9.83).

    This is guidance: the authority still decides if no answer comes, so a late answer is not a breach.
    """
    return sent + timedelta(days=CONSULTATION_RESPONSE_DAYS)
