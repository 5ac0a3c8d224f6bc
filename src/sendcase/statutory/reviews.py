"""Time limits for annual reviews, amendments and phase transfers of an EHC plan.

Pure functions of dates (no Django, no "today"). Periods are calendar periods that run through school
holidays (statutory-rules.md, "Counting time"). Every figure is a named constant with its source.

School years (for `transfer_year_for`): an English school year runs from 1 September to 31 August, and a
child's year group is set by their age on 31 August before the year starts (Education Act 1996 s.8 and
the admissions practice that follows it). A child who is 4 on 31 August starts Reception that September
(the school year in which they turn 5; compulsory school age starts the term after the fifth birthday,
but Reception is where nearly every child starts and is where the early-years-to-school transfer
happens). So a child born 1 September to 31 December starts Reception in September of birth year + 5 and
one born 1 January to 31 August in September of birth year + 4 (1 September births are the oldest in
their year; 31 August births the youngest). Year N starts N Septembers after Reception: Year 3 (junior),
Year 5 (middle school, the commonest entry point of a 9-13 middle school; verify locally), Year 7
(secondary: the first September after the 11th birthday, counting a 31 August birthday) and Year 12
(post-16).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from sendcase.statutory.disputes import add_months

# CFA s.44(1): review the plan within 12 months of it being made, then within 12 months of each review.
REVIEW_INTERVAL_MONTHS: Final = 12
# Regs 20(3)-(4), 21(3)-(4): at least 2 weeks' notice of the meeting; advice circulated at least 2 weeks
# before it.
REVIEW_NOTICE_DAYS: Final = 14
ADVICE_CIRCULATION_DAYS: Final = 14
# Regs 20(7)-(8), 21(7): the review report is sent within 2 weeks of the meeting.
REVIEW_REPORT_DAYS: Final = 14
# Regs 20(10): the decision to maintain, amend or cease is notified within 4 weeks of the meeting.
REVIEW_DECISION_DAYS: Final = 28
# Regs 22(2): the family has at least 15 days, beginning with the day the amendment notice is sent, to
# comment; the day of the notice is day 1.
AMENDMENT_COMMENT_DAYS: Final = 15
# Regs 22(3): the amended plan is issued within 8 weeks of the amendment notice.
AMENDED_PLAN_DAYS: Final = 8 * 7
# Regs 18(1): a phase transfer review (and naming the new school) must be completed "before 15 February"
# in the year of transfer; Regs 18(1)(b): "before 31 March" for a move from secondary school to post-16.
PHASE_TRANSFER_BEFORE: Final = (2, 15)  # (month, day)
POST16_TRANSFER_BEFORE: Final = (3, 31)  # (month, day)
# Regs 18(2): a move between post-16 institutions at another time needs the review at least 5 months
# before the move.
POST16_OTHER_TIME_MONTHS: Final = 5
# CoP 9.178 (guidance, not a duty): for children under 5 the authority should consider reviewing every
# 3 to 6 months.
UNDER_FIVES_AGE: Final = 5
UNDER_FIVES_REVIEW_MONTHS: Final = (3, 6)

# School year rule (see the module docstring). The school year starts on 1 September; age is taken on
# 31 August; a child aged 4 on that day starts Reception.
SCHOOL_YEAR_STARTS: Final = (9, 1)  # (month, day)
RECEPTION_AGE_ON_31_AUGUST: Final = 4
# Phase transfer -> the year group the child enters (Reception = 0). Keys are the values of
# sendcase.plans.models.TransferPhase (kept here as strings so the clock needs no Django import).
TRANSFER_ENTRY_YEAR_GROUP: Final = {
    "ey_school": 0,  # Reception
    "infant_junior": 3,  # Year 3
    "primary_middle": 5,  # Year 5 (most 9-13 middle schools; some take Year 4 or Year 6: verify)
    "secondary": 7,  # Year 7
    "post16": 12,  # Year 12
}
POST16_TO_POST16: Final = "post16_post16"


def review_due(last: date) -> date:
    """The last day the next review may be held: the anniversary of the plan's issue or of its last
    review (CFA s.44(1)). A 29 February has its anniversary on 28 February in a common year."""
    return add_months(last, REVIEW_INTERVAL_MONTHS)


def review_notice_latest(meeting: date) -> date:
    """The last day notice of a review meeting on ``meeting`` may be sent (Regs 20(3)-(4)): 2 weeks."""
    return meeting - timedelta(days=REVIEW_NOTICE_DAYS)


def advice_circulation_latest(meeting: date) -> date:
    """The last day the advice may be circulated before a meeting on ``meeting`` (Regs 20(4), 21(4))."""
    return meeting - timedelta(days=ADVICE_CIRCULATION_DAYS)


def review_report_due(meeting: date) -> date:
    """The day the review report is due: 2 weeks after the meeting (Regs 20(7)-(8), 21(7))."""
    return meeting + timedelta(days=REVIEW_REPORT_DAYS)


def review_decision_due(meeting: date) -> date:
    """The day the review decision must be notified by: 4 weeks after the meeting (Regs 20(10))."""
    return meeting + timedelta(days=REVIEW_DECISION_DAYS)


def amendment_comments_end(notice: date) -> date:
    """The last day of the family's comment period on proposed amendments sent on ``notice``.

    At least 15 days beginning with the day of the notice (Regs 22(2)): the notice day is day 1, so the
    period ends 14 days after it.
    """
    return notice + timedelta(days=AMENDMENT_COMMENT_DAYS - 1)


def earliest_amended_plan(notice: date) -> date:
    """The first day the amended plan may be issued: the day after the comment period ends (Regs 22(2)),
    as for a draft plan (Regs 13(1))."""
    return notice + timedelta(days=AMENDMENT_COMMENT_DAYS)


def amended_plan_due(amendment_notice: date) -> date:
    """The day the amended plan is due: 8 weeks after the amendment notice (Regs 22(3))."""
    return amendment_notice + timedelta(days=AMENDED_PLAN_DAYS)


def phase_transfer_deadline(transfer_year: int, to_post16: bool) -> date:
    """The last lawful day to finish the phase transfer review and name the new school (Regs 18(1)).

    "Before 15 February" of the transfer year, so 14 February; for secondary to post-16, "before
    31 March", so 30 March.
    """
    month, day = POST16_TRANSFER_BEFORE if to_post16 else PHASE_TRANSFER_BEFORE
    return date(transfer_year, month, day) - timedelta(days=1)


def post16_other_time_deadline(moves_on: date) -> date:
    """The last lawful day to review a move between post-16 institutions at a time other than the usual
    September transfer: 5 calendar months before ``moves_on`` (Regs 18(2)), clamped to the month's end
    (a move on 31 July has its deadline on 28 or 29 February)."""
    return add_months(moves_on, -POST16_OTHER_TIME_MONTHS)


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on ``on``. Someone born on 29 February has their birthday on 1 March in a
    common year (the usual English legal reading, Family Law Reform Act 1969 s.9)."""
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def reception_year(date_of_birth: date) -> int:
    """The calendar year in which the child starts Reception: the September after they are 4 on
    31 August (see the module docstring)."""
    month, day = SCHOOL_YEAR_STARTS
    # Born on or after 1 September: still 3 on 31 August of birth year + 4, so Reception a year later.
    late_in_year = (date_of_birth.month, date_of_birth.day) >= (month, day)
    return date_of_birth.year + RECEPTION_AGE_ON_31_AUGUST + (1 if late_in_year else 0)


def transfer_year_for(date_of_birth: date, transfer: str) -> int:
    """The calendar year (of the September move) in which a child makes the phase transfer ``transfer``
    (a TransferPhase value), following the normal English year group for their age.

    A post-16 to post-16 move has no fixed year: pass its date to `post16_other_time_deadline`.
    Children educated out of their year group need the year entered by hand.
    """
    if transfer == POST16_TO_POST16:
        raise ValueError("a post-16 to post-16 move has no fixed year; use its moving date")
    try:
        year_group = TRANSFER_ENTRY_YEAR_GROUP[transfer]
    except KeyError:
        raise ValueError(f"unknown phase transfer {transfer!r}") from None
    return reception_year(date_of_birth) + year_group


def is_under_five(date_of_birth: date, on: date) -> bool:
    """Whether the child is under 5 on ``on`` (CoP 9.178: more frequent reviews should be considered)."""
    return age_on(date_of_birth, on) < UNDER_FIVES_AGE


@dataclass(frozen=True)
class ReviewWindow:
    """When a review of an under-five might sensibly be held: guidance only (CoP 9.178)."""

    earliest: date
    latest: date


def under_fives_review_window(last: date) -> ReviewWindow:
    """The 3-6 month window after ``last`` in which to consider the next review of an under-five."""
    low, high = UNDER_FIVES_REVIEW_MONTHS
    return ReviewWindow(earliest=add_months(last, low), latest=add_months(last, high))
