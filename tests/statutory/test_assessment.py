"""Tests for the EHC needs assessment time limits (Regs 5(1), 8(1), 10(1), 13(1)-(2); CoP 9.83)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendcase.statutory import (
    ADVICE_EXCEPTION_REASONS,
    EXCEPTION_REASONS,
    AssessmentDeadlines,
    advice_due,
    assessment_deadlines,
    consultation_response_due,
    draft_comment_period_ends,
    earliest_final_plan_after_draft,
)

# Keep generated dates well inside date.min/date.max so adding 20 weeks never overflows.
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


def test_reference_worked_example() -> None:
    # statutory-rules.md, "Counting time": received Monday 5 January 2026.
    deadlines = assessment_deadlines(date(2026, 1, 5))
    assert deadlines.decision_due == date(2026, 2, 16)
    assert deadlines.final_plan_due == date(2026, 5, 25)
    assert deadlines.not_issue_due == date(2026, 4, 27)


def test_deadlines_fall_on_the_same_weekday_as_receipt() -> None:
    received = date(2026, 1, 5)
    deadlines = assessment_deadlines(received)
    for due in (deadlines.decision_due, deadlines.not_issue_due, deadlines.final_plan_due):
        assert due.weekday() == received.weekday()


def test_deadlines_are_frozen() -> None:
    deadlines = assessment_deadlines(date(2026, 1, 5))
    assert isinstance(deadlines, AssessmentDeadlines)
    with pytest.raises(AttributeError):
        deadlines.decision_due = date(2026, 3, 1)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("received", "decision_due", "not_issue_due", "final_plan_due"),
    [
        # 2028 is a leap year: 29 February is counted as an ordinary day.
        (date(2028, 1, 18), date(2028, 2, 29), date(2028, 5, 9), date(2028, 6, 6)),
        (date(2027, 10, 11), date(2027, 11, 22), date(2028, 1, 31), date(2028, 2, 28)),
        (date(2027, 12, 14), date(2028, 1, 25), date(2028, 4, 4), date(2028, 5, 2)),
        # Non-leap 2026 crossing end of February.
        (date(2026, 1, 19), date(2026, 3, 2), date(2026, 5, 11), date(2026, 6, 8)),
        # Across the BST changes (29 March and 25 October 2026): local dates, so no hour is lost or gained.
        (date(2026, 3, 1), date(2026, 4, 12), date(2026, 6, 21), date(2026, 7, 19)),
        (date(2026, 10, 1), date(2026, 11, 12), date(2027, 1, 21), date(2027, 2, 18)),
        # Across the year end and the Christmas holiday: calendar weeks run through holidays.
        (date(2026, 12, 1), date(2027, 1, 12), date(2027, 3, 23), date(2027, 4, 20)),
    ],
)
def test_deadline_worked_examples(
    received: date, decision_due: date, not_issue_due: date, final_plan_due: date
) -> None:
    assert assessment_deadlines(received) == AssessmentDeadlines(
        decision_due=decision_due, not_issue_due=not_issue_due, final_plan_due=final_plan_due
    )


def test_advice_due_worked_examples() -> None:
    assert advice_due(date(2026, 1, 5)) == date(2026, 2, 16)
    assert advice_due(date(2028, 1, 18)) == date(2028, 2, 29)
    assert advice_due(date(2026, 3, 20)) == date(2026, 5, 1)


def test_draft_comment_period_worked_examples() -> None:
    # Day of service is day 1, so a draft served on 1 February has its 15th day on 15 February.
    assert draft_comment_period_ends(date(2026, 2, 1)) == date(2026, 2, 15)
    assert earliest_final_plan_after_draft(date(2026, 2, 1)) == date(2026, 2, 16)
    # Leap day falls inside the period.
    assert draft_comment_period_ends(date(2028, 2, 20)) == date(2028, 3, 5)
    assert earliest_final_plan_after_draft(date(2028, 2, 20)) == date(2028, 3, 6)
    # BST starts on 29 March 2026.
    assert draft_comment_period_ends(date(2026, 3, 20)) == date(2026, 4, 3)


def test_consultation_response_worked_examples() -> None:
    assert consultation_response_due(date(2026, 3, 15)) == date(2026, 3, 30)
    assert consultation_response_due(date(2028, 2, 20)) == date(2028, 3, 6)
    assert consultation_response_due(date(2026, 12, 24)) == date(2027, 1, 8)


def test_exception_reason_codes() -> None:
    assert set(EXCEPTION_REASONS) == {
        "school_closure",
        "early_years_closure",
        "exceptional_personal_circumstances",
        "absence_from_area",
    }
    assert set(ADVICE_EXCEPTION_REASONS) == {
        "exceptional_circumstances",
        "absence_from_area",
        "missed_appointment",
    }
    for label in [*EXCEPTION_REASONS.values(), *ADVICE_EXCEPTION_REASONS.values()]:
        assert isinstance(label, str)
        assert label.strip()


def test_exception_reasons_are_read_only() -> None:
    with pytest.raises(TypeError):
        EXCEPTION_REASONS["other"] = "Other"  # type: ignore[index]
    with pytest.raises(TypeError):
        ADVICE_EXCEPTION_REASONS["other"] = "Other"  # type: ignore[index]


@given(dates)
def test_deadlines_are_exact_calendar_offsets(received: date) -> None:
    deadlines = assessment_deadlines(received)
    assert deadlines.decision_due < deadlines.not_issue_due < deadlines.final_plan_due
    assert (deadlines.decision_due - received).days == 42
    assert (deadlines.not_issue_due - received).days == 112
    assert (deadlines.final_plan_due - received).days == 140


@given(dates, dates)
def test_deadlines_preserve_order_and_gaps(a: date, b: date) -> None:
    # A request received n days later has every due date exactly n days later.
    da, db = assessment_deadlines(a), assessment_deadlines(b)
    shift = b - a
    assert db.decision_due - da.decision_due == shift
    assert db.not_issue_due - da.not_issue_due == shift
    assert db.final_plan_due - da.final_plan_due == shift


@given(dates)
def test_advice_due_matches_decision_due(requested: date) -> None:
    # Both are 6-week periods, so advice asked for on the day of receipt is due with the decision.
    assert advice_due(requested) == requested + timedelta(days=42)
    assert advice_due(requested) == assessment_deadlines(requested).decision_due


@given(dates)
def test_draft_period_properties(served: date) -> None:
    ends = draft_comment_period_ends(served)
    earliest = earliest_final_plan_after_draft(served)
    # Counting the service day as day 1, the period holds exactly 15 days.
    assert (ends - served).days + 1 == 15
    assert earliest == ends + timedelta(days=1)
    assert (earliest - served).days == 15


@given(dates)
def test_consultation_response_properties(sent: date) -> None:
    assert (consultation_response_due(sent) - sent).days == 15
