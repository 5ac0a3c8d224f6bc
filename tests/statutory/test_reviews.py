"""Tests for the annual review, amendment and phase transfer clocks (CFA s.44; Regs 18, 20-22)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendcase.statutory import (
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
from sendcase.statutory.reviews import TRANSFER_ENTRY_YEAR_GROUP

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
births = st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31))
years = st.integers(min_value=1990, max_value=2100)
fixed_transfers = st.sampled_from(sorted(TRANSFER_ENTRY_YEAR_GROUP))


# --- review due -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "due"),
    [
        (date(2026, 3, 12), date(2027, 3, 12)),
        (date(2025, 12, 31), date(2026, 12, 31)),
        # 29 February maps to 28 February in a common year.
        (date(2028, 2, 29), date(2029, 2, 28)),
        # 28 February in the year before a leap year stays 28 February.
        (date(2027, 2, 28), date(2028, 2, 28)),
    ],
)
def test_review_due_examples(last: date, due: date) -> None:
    assert review_due(last) == due


@given(dates)
def test_review_due_is_one_year_later_in_the_same_month(last: date) -> None:
    due = review_due(last)
    assert due.year == last.year + 1 and due.month == last.month
    assert due.day == last.day or (last.month, last.day, due.day) == (2, 29, 28)
    assert 365 <= (due - last).days <= 366


# --- meeting, report, decision -------------------------------------------------------------------


def test_meeting_related_examples() -> None:
    meeting = date(2026, 6, 10)
    assert review_notice_latest(meeting) == date(2026, 5, 27)
    assert advice_circulation_latest(meeting) == date(2026, 5, 27)
    assert review_report_due(meeting) == date(2026, 6, 24)
    assert review_decision_due(meeting) == date(2026, 7, 8)


def test_meeting_examples_across_the_year_end_and_leap_day() -> None:
    assert review_notice_latest(date(2027, 1, 5)) == date(2026, 12, 22)
    assert review_report_due(date(2028, 2, 20)) == date(2028, 3, 5)
    assert review_decision_due(date(2028, 2, 10)) == date(2028, 3, 9)


@given(dates)
def test_report_is_due_before_the_decision_and_notice_before_the_meeting(meeting: date) -> None:
    assert review_notice_latest(meeting) < meeting < review_report_due(meeting) < review_decision_due(meeting)
    assert advice_circulation_latest(meeting) == review_notice_latest(meeting)
    assert (review_decision_due(meeting) - meeting).days == 28
    assert (meeting - review_notice_latest(meeting)).days == 14


# --- amendment -----------------------------------------------------------------------------------


def test_amendment_examples() -> None:
    notice = date(2026, 2, 1)
    # The notice day is day 1 of 15.
    assert amendment_comments_end(notice) == date(2026, 2, 15)
    assert earliest_amended_plan(notice) == date(2026, 2, 16)
    assert amended_plan_due(notice) == date(2026, 3, 29)
    assert amended_plan_due(date(2028, 1, 10)) == date(2028, 3, 6)


@given(dates)
def test_amendment_periods_are_ordered(notice: date) -> None:
    ends = amendment_comments_end(notice)
    assert (ends - notice).days + 1 == 15
    assert earliest_amended_plan(notice) == ends + timedelta(days=1)
    assert earliest_amended_plan(notice) < amended_plan_due(notice)
    assert amended_plan_due(notice).weekday() == notice.weekday()


@given(dates)
def test_amended_plan_is_due_at_most_12_weeks_after_a_meeting(meeting: date) -> None:
    # The amendment notice comes with the decision (at most 4 weeks), then 8 weeks: 12 weeks in all.
    assert (amended_plan_due(review_decision_due(meeting)) - meeting).days == 12 * 7


# --- phase transfer ------------------------------------------------------------------------------


def test_phase_transfer_deadline_examples() -> None:
    assert phase_transfer_deadline(2027, to_post16=False) == date(2027, 2, 14)
    assert phase_transfer_deadline(2027, to_post16=True) == date(2027, 3, 30)
    assert phase_transfer_deadline(2028, to_post16=True) == date(2028, 3, 30)


@given(years, st.booleans())
def test_the_phase_transfer_deadline_is_always_in_the_transfer_year(year: int, to_post16: bool) -> None:
    deadline = phase_transfer_deadline(year, to_post16)
    assert deadline.year == year
    assert deadline < (date(year, 3, 31) if to_post16 else date(year, 2, 15))
    assert deadline + timedelta(days=1) == (date(year, 3, 31) if to_post16 else date(year, 2, 15))


@pytest.mark.parametrize(
    ("moves_on", "deadline"),
    [
        (date(2026, 1, 5), date(2025, 8, 5)),
        (date(2026, 7, 31), date(2026, 2, 28)),
        (date(2028, 7, 31), date(2028, 2, 29)),
        (date(2026, 3, 31), date(2025, 10, 31)),
        (date(2026, 10, 31), date(2026, 5, 31)),
    ],
)
def test_post16_other_time_examples(moves_on: date, deadline: date) -> None:
    assert post16_other_time_deadline(moves_on) == deadline


@given(dates)
def test_post16_other_time_is_five_calendar_months_earlier(moves_on: date) -> None:
    deadline = post16_other_time_deadline(moves_on)
    months = (moves_on.year - deadline.year) * 12 + moves_on.month - deadline.month
    assert months == 5
    assert deadline.day <= moves_on.day
    assert 150 <= (moves_on - deadline).days <= 153


# --- school years --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "reception"),
    [
        (date(2019, 9, 1), 2024),  # oldest in the year
        (date(2020, 8, 31), 2024),  # youngest in the same year
        (date(2020, 1, 1), 2024),
        (date(2019, 8, 31), 2023),
        (date(2020, 2, 29), 2024),
    ],
)
def test_reception_year_examples(born: date, reception: int) -> None:
    assert reception_year(born) == reception


@pytest.mark.parametrize(
    ("born", "transfer", "year"),
    [
        (date(2013, 9, 1), "secondary", 2025),  # turns 11 on 1 Sept 2024: secondary the next September
        (date(2013, 8, 31), "secondary", 2024),  # turns 11 on 31 Aug 2024: secondary that September
        (date(2014, 3, 15), "secondary", 2025),
        (date(2014, 3, 15), "ey_school", 2018),
        (date(2014, 3, 15), "infant_junior", 2021),
        (date(2014, 3, 15), "primary_middle", 2023),
        (date(2014, 3, 15), "post16", 2030),
        (date(2009, 12, 20), "post16", 2026),
    ],
)
def test_transfer_year_examples(born: date, transfer: str, year: int) -> None:
    assert transfer_year_for(born, transfer) == year


def test_transfer_year_refuses_post16_to_post16_and_unknown_transfers() -> None:
    with pytest.raises(ValueError, match="no fixed year"):
        transfer_year_for(date(2010, 1, 1), "post16_post16")
    with pytest.raises(ValueError, match="unknown"):
        transfer_year_for(date(2010, 1, 1), "university")


@given(births)
def test_secondary_transfer_is_the_first_september_after_the_11th_birthday(born: date) -> None:
    year = transfer_year_for(born, "secondary")
    september = date(year, 9, 1)
    # Aged 11 on the 31 August before starting Year 7 (the year group rule).
    assert age_on(born, date(year, 8, 31)) == 11
    assert age_on(born, september) in (11, 12)
    # And the deadline for naming the secondary school falls in the transfer year.
    assert phase_transfer_deadline(year, to_post16=False).year == year


@given(births, fixed_transfers)
def test_every_transfer_follows_reception_by_its_year_group(born: date, transfer: str) -> None:
    year = transfer_year_for(born, transfer)
    assert year == reception_year(born) + TRANSFER_ENTRY_YEAR_GROUP[transfer]
    assert age_on(born, date(year, 8, 31)) == 4 + TRANSFER_ENTRY_YEAR_GROUP[transfer]


# --- ages and under-fives ------------------------------------------------------------------------


def test_age_on_examples() -> None:
    assert age_on(date(2020, 5, 10), date(2025, 5, 9)) == 4
    assert age_on(date(2020, 5, 10), date(2025, 5, 10)) == 5
    # A 29 February birthday falls on 1 March in a common year.
    assert age_on(date(2020, 2, 29), date(2025, 2, 28)) == 4
    assert age_on(date(2020, 2, 29), date(2025, 3, 1)) == 5


def test_under_five_and_its_review_window() -> None:
    assert is_under_five(date(2022, 6, 1), date(2027, 5, 31))
    assert not is_under_five(date(2022, 6, 1), date(2027, 6, 1))
    assert under_fives_review_window(date(2026, 8, 31)) == ReviewWindow(date(2026, 11, 30), date(2027, 2, 28))


@given(dates)
def test_under_fives_window_is_inside_the_statutory_year(last: date) -> None:
    window = under_fives_review_window(last)
    assert last < window.earliest < window.latest < review_due(last)
