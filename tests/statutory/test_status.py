"""Tests for step_status: classifying a step against its due date."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendcase.statutory import StepStatus, days_between, step_status

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
maybe_dates = st.one_of(st.none(), dates)
offsets = st.integers(min_value=-400, max_value=400)
gaps = st.integers(min_value=0, max_value=400)

DUE = date(2026, 2, 16)
DAY = timedelta(days=1)


def test_status_values() -> None:
    assert StepStatus.ALL == ("on_time", "late", "due", "overdue", "excepted")
    assert len(set(StepStatus.ALL)) == 5


@pytest.mark.parametrize(
    ("done", "as_of", "excepted", "expected"),
    [
        # Done on the due date is on time (statutory-rules.md, "Counting time").
        (DUE, DUE, False, "on_time"),
        (DUE - DAY, DUE + 30 * DAY, False, "on_time"),
        # An exception does not turn a step done in time into anything else.
        (DUE, DUE, True, "on_time"),
        (DUE + DAY, DUE + DAY, False, "late"),
        (DUE + DAY, DUE + DAY, True, "excepted"),
        (None, DUE - DAY, False, "due"),
        # Still "due" on the due date itself: the day is not over.
        (None, DUE, False, "due"),
        (None, DUE, True, "due"),
        (None, DUE + DAY, False, "overdue"),
        (None, DUE + DAY, True, "excepted"),
    ],
)
def test_worked_examples(done: date | None, as_of: date, excepted: bool, expected: str) -> None:
    assert step_status(DUE, done, as_of, excepted) == expected


def test_leap_day_due_date() -> None:
    due = date(2028, 2, 29)
    assert step_status(due, date(2028, 2, 29), date(2028, 3, 1)) == "on_time"
    assert step_status(due, date(2028, 3, 1), date(2028, 3, 1)) == "late"
    assert step_status(due, None, date(2028, 2, 29)) == "due"
    assert step_status(due, None, date(2028, 3, 1)) == "overdue"


def test_excepted_defaults_to_false() -> None:
    assert step_status(DUE, None, DUE + DAY) == "overdue"
    assert step_status(DUE, DUE + DAY, DUE + DAY) == "late"


def test_days_between() -> None:
    assert days_between(date(2026, 1, 5), date(2026, 2, 16)) == 42
    assert days_between(date(2026, 2, 16), date(2026, 1, 5)) == -42
    assert days_between(date(2028, 2, 28), date(2028, 3, 1)) == 2
    assert days_between(date(2027, 2, 28), date(2027, 3, 1)) == 1


@given(dates, maybe_dates, dates, st.booleans())
def test_total_function(due: date, done: date | None, as_of: date, excepted: bool) -> None:
    assert step_status(due, done, as_of, excepted) in StepStatus.ALL


@given(dates, dates, dates, dates, st.booleans())
def test_done_step_ignores_as_of(due: date, done: date, as_of_1: date, as_of_2: date, excepted: bool) -> None:
    assert step_status(due, done, as_of_1, excepted) == step_status(due, done, as_of_2, excepted)


@given(dates, maybe_dates, dates)
def test_excepted_only_replaces_late_or_overdue(due: date, done: date | None, as_of: date) -> None:
    plain = step_status(due, done, as_of, excepted=False)
    with_exception = step_status(due, done, as_of, excepted=True)
    if plain in (StepStatus.LATE, StepStatus.OVERDUE):
        assert with_exception == StepStatus.EXCEPTED
    else:
        assert with_exception == plain
    assert plain != StepStatus.EXCEPTED


@given(dates, maybe_dates, dates, st.booleans())
def test_classification_matches_dates(due: date, done: date | None, as_of: date, excepted: bool) -> None:
    status = step_status(due, done, as_of, excepted)
    if done is not None:
        assert status in (StepStatus.ON_TIME, StepStatus.LATE, StepStatus.EXCEPTED)
        assert (status == StepStatus.ON_TIME) == (done <= due)
    else:
        assert status in (StepStatus.DUE, StepStatus.OVERDUE, StepStatus.EXCEPTED)
        assert (status == StepStatus.DUE) == (as_of <= due)


@given(dates, gaps, gaps, st.booleans())
def test_open_step_monotonic_in_as_of(due: date, earlier: int, gap: int, excepted: bool) -> None:
    # Time only moves an open step forward: once it is past due, a later look never shows it as due.
    as_of_1 = due - timedelta(days=200) + timedelta(days=earlier)
    as_of_2 = as_of_1 + timedelta(days=gap)
    first = step_status(due, None, as_of_1, excepted)
    second = step_status(due, None, as_of_2, excepted)
    if first != StepStatus.DUE:
        assert second == first


@given(dates, offsets, gaps, st.booleans())
def test_done_step_monotonic_in_done(due: date, offset: int, gap: int, excepted: bool) -> None:
    # Finishing later can never improve the result: a late step done later is still not on time.
    done_1 = due + timedelta(days=offset)
    done_2 = done_1 + timedelta(days=gap)
    rank = {StepStatus.ON_TIME: 0, StepStatus.LATE: 1, StepStatus.EXCEPTED: 1}
    assert rank[step_status(due, done_1, due, excepted)] <= rank[step_status(due, done_2, due, excepted)]


@given(dates, dates, st.booleans())
def test_later_due_date_never_worse(due: date, done: date, excepted: bool) -> None:
    later_due = due + timedelta(days=1)
    if step_status(due, done, done, excepted) == StepStatus.ON_TIME:
        assert step_status(later_due, done, done, excepted) == StepStatus.ON_TIME
