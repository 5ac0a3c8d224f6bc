"""Tests for the school closure exception (Regs 5(4)(a), 10(4)(a), 13(3)(a))."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendcase.statutory import closure_window, school_closure_exception

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
DAY = timedelta(days=1)

# Summer holiday 2026: last day of term Tuesday 21 July, closed from Wednesday 22 July, re-opens
# Thursday 3 September (43 days closed). Window: 15 July to 27 August inclusive.
SUMMER_CLOSED = date(2026, 7, 22)
SUMMER_REOPENS = date(2026, 9, 3)
SUMMER = [(SUMMER_CLOSED, SUMMER_REOPENS)]


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        (date(2026, 7, 14), False),
        (date(2026, 7, 15), True),  # one week before the first day closed: window start, inclusive
        (date(2026, 7, 21), True),
        (date(2026, 7, 22), True),
        (date(2026, 8, 15), True),
        (date(2026, 8, 27), True),  # one week before re-opening: window end, inclusive
        (date(2026, 8, 28), False),
        (date(2026, 9, 3), False),
    ],
)
def test_summer_holiday_window(requested: date, expected: bool) -> None:
    assert school_closure_exception(requested, SUMMER) is expected


def test_window_of_summer_holiday() -> None:
    assert closure_window(SUMMER_CLOSED, SUMMER_REOPENS) == (date(2026, 7, 15), date(2026, 8, 27))


def test_exactly_four_weeks_counts() -> None:
    first_closed = date(2026, 7, 22)
    reopens = first_closed + timedelta(days=28)
    assert school_closure_exception(date(2026, 7, 15), [(first_closed, reopens)]) is True
    assert school_closure_exception(reopens - timedelta(days=7), [(first_closed, reopens)]) is True


def test_one_day_short_of_four_weeks_does_not_count() -> None:
    first_closed = date(2026, 7, 22)
    reopens = first_closed + timedelta(days=27)
    assert closure_window(first_closed, reopens) is None
    assert school_closure_exception(date(2026, 7, 22), [(first_closed, reopens)]) is False


def test_christmas_and_half_terms_do_not_count() -> None:
    closures = [
        (date(2026, 10, 26), date(2026, 11, 2)),  # October half term, across the end of BST
        (date(2026, 12, 21), date(2027, 1, 5)),  # Christmas
        (date(2027, 2, 15), date(2027, 2, 22)),  # February half term
    ]
    for offset in range(0, 160):
        assert school_closure_exception(date(2026, 10, 1) + timedelta(days=offset), closures) is False


def test_leap_year_closure() -> None:
    # 28 days from 1 February 2028 ends on 29 February; the closure re-opens on 29 February.
    first_closed = date(2028, 2, 1)
    reopens = date(2028, 2, 29)
    assert closure_window(first_closed, reopens) == (date(2028, 1, 25), date(2028, 2, 22))
    # The same calendar dates in 2027 give only 27 days closed, which does not count.
    assert closure_window(date(2027, 2, 1), date(2027, 2, 28)) is None


def test_no_closures() -> None:
    assert school_closure_exception(date(2026, 8, 1), []) is False


def test_any_qualifying_closure_is_enough() -> None:
    closures = [(date(2026, 12, 21), date(2027, 1, 5)), *SUMMER]
    assert school_closure_exception(date(2026, 8, 1), closures) is True


def test_accepts_any_iterable() -> None:
    assert school_closure_exception(date(2026, 8, 1), iter(SUMMER)) is True
    assert school_closure_exception(date(2026, 8, 1), (c for c in SUMMER)) is True


@pytest.mark.parametrize(
    "closure",
    [
        (date(2026, 7, 22), date(2026, 7, 22)),
        (date(2026, 9, 3), date(2026, 7, 22)),
    ],
)
def test_reopen_not_after_closing_is_rejected(closure: tuple[date, date]) -> None:
    with pytest.raises(ValueError):
        school_closure_exception(date(2026, 8, 1), [closure])


def test_bad_closure_rejected_even_after_a_match() -> None:
    with pytest.raises(ValueError):
        school_closure_exception(date(2026, 8, 1), [*SUMMER, (date(2026, 9, 3), date(2026, 9, 1))])


@given(dates, st.integers(min_value=1, max_value=27), dates)
def test_short_closures_never_give_an_exception(first_closed: date, length: int, requested: date) -> None:
    closure = (first_closed, first_closed + timedelta(days=length))
    assert school_closure_exception(requested, [closure]) is False


@given(dates, st.integers(min_value=28, max_value=120))
def test_window_shape(first_closed: date, length: int) -> None:
    reopens = first_closed + timedelta(days=length)
    window = closure_window(first_closed, reopens)
    assert window is not None
    start, end = window
    assert start == first_closed - 7 * DAY
    assert end == reopens - 7 * DAY
    # The window is exactly as long as the closure and always includes the week before it.
    assert (end - start).days == length
    assert start < first_closed <= end


@given(dates, st.integers(min_value=28, max_value=120), st.integers(min_value=-200, max_value=200))
def test_exception_iff_inside_window(first_closed: date, length: int, offset: int) -> None:
    reopens = first_closed + timedelta(days=length)
    requested = first_closed + timedelta(days=offset)
    inside = first_closed - 7 * DAY <= requested <= reopens - 7 * DAY
    assert school_closure_exception(requested, [(first_closed, reopens)]) is inside


@given(
    dates,
    st.lists(st.tuples(dates, st.integers(min_value=1, max_value=120)), max_size=5),
)
def test_many_closures_is_any_of_single_closures(requested: date, specs: list[tuple[date, int]]) -> None:
    closures = [(first, first + timedelta(days=length)) for first, length in specs]
    expected = any(school_closure_exception(requested, [closure]) for closure in closures)
    assert school_closure_exception(requested, closures) is expected
    # Order must not matter.
    assert school_closure_exception(requested, list(reversed(closures))) is expected


@given(dates, st.integers(min_value=-60, max_value=0))
def test_reopen_on_or_before_closing_raises(first_closed: date, length: int) -> None:
    with pytest.raises(ValueError):
        school_closure_exception(first_closed, [(first_closed, first_closed + timedelta(days=length))])
