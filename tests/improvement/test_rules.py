"""The pure rules: RAG derivation, the action state machine, risk scores and bands, financial years and
budget variance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendcase.improvement import rules

TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("status", "due", "completed", "rating", "words"),
    [
        ("on_track", TODAY + dt.timedelta(days=60), None, "green", "Reported on track"),
        (
            "on_track",
            TODAY - dt.timedelta(days=1),
            None,
            "red",
            "Overdue: was due on 27 November 2026, 1 day ago",
        ),
        ("at_risk", TODAY + dt.timedelta(days=60), None, "amber", "Reported at risk"),
        ("off_track", TODAY + dt.timedelta(days=60), None, "red", "Reported off track"),
        ("not_started", TODAY + dt.timedelta(days=60), None, "green", "Not started yet"),
        ("not_started", TODAY + dt.timedelta(days=28), None, "amber", "Not started, and due in 28 days"),
        ("not_started", TODAY + dt.timedelta(days=29), None, "green", "Not started yet"),
        ("not_started", TODAY, None, "amber", "due in 0 days"),
        (
            "complete",
            TODAY - dt.timedelta(days=10),
            TODAY - dt.timedelta(days=12),
            "green",
            "Completed on 16 November 2026",
        ),
        ("complete", TODAY - dt.timedelta(days=10), TODAY - dt.timedelta(days=3), "green", "7 days late"),
        ("closed", TODAY - dt.timedelta(days=10), None, "none", "Closed without being completed"),
    ],
)
def test_rag_is_derived_from_status_and_due_date(status, due, completed, rating, words):
    rag = rules.action_rag(status=status, due_on=due, completed_on=completed, as_of=TODAY)
    assert rag.rating == rating
    assert words in rag.explanation


def test_overdue_beats_what_the_owner_reported():
    for status in ("not_started", "on_track", "at_risk"):
        assert (
            rules.action_rag(
                status=status, due_on=TODAY - dt.timedelta(days=5), completed_on=None, as_of=TODAY
            ).rating
            == "red"
        )


def test_only_open_actions_past_their_date_are_overdue():
    past = TODAY - dt.timedelta(days=1)
    assert rules.is_overdue(status="on_track", due_on=past, as_of=TODAY)
    assert not rules.is_overdue(status="on_track", due_on=TODAY, as_of=TODAY)
    assert not rules.is_overdue(status="complete", due_on=past, as_of=TODAY)
    assert not rules.is_overdue(status="closed", due_on=past, as_of=TODAY)


def test_state_machine():
    assert rules.can_move("not_started", "on_track")
    assert rules.can_move("on_track", "complete")
    assert rules.can_move("complete", "on_track")  # reopened
    assert not rules.can_move("complete", "at_risk")
    assert not rules.can_move("closed", "on_track")
    assert not rules.can_move("on_track", "not_started")
    assert rules.ACTION_TRANSITIONS["closed"] == frozenset()


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "band"),
    [
        (1, 1, 1, "Low"),
        (2, 2, 4, "Low"),
        (1, 5, 5, "Medium"),
        (3, 3, 9, "Medium"),
        (2, 5, 10, "High"),
        (3, 4, 12, "High"),
        (3, 5, 15, "Very high"),
        (5, 5, 25, "Very high"),
    ],
)
def test_risk_score_and_band(likelihood, impact, score, band):
    assert rules.risk_score(likelihood, impact) == score
    assert rules.risk_band(score).label == band


@given(st.integers(1, 5), st.integers(1, 5))
def test_every_score_on_the_matrix_has_exactly_one_band(likelihood, impact):
    score = rules.risk_score(likelihood, impact)
    assert sum(1 for b in rules.BANDS if b.low <= score <= b.high) == 1


@pytest.mark.parametrize("bad", [0, 6, -1, 2.5, None])
def test_risk_score_refuses_values_off_the_scale(bad):
    with pytest.raises(ValueError):
        rules.risk_score(bad, 3)


def test_trend():
    assert rules.trend([12]) == "none"
    assert rules.trend([12, 16]) == "up"
    assert rules.trend([16, 12, 9]) == "down"
    assert rules.trend([9, 9]) == "flat"


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2026, 4, 1), 2026),
        (dt.date(2026, 3, 31), 2025),
        (dt.date(2027, 1, 15), 2026),
        (dt.date(2026, 12, 31), 2026),
    ],
)
def test_financial_year_runs_april_to_march(day, year):
    assert rules.financial_year_of(day) == year


def test_financial_year_label_and_months():
    assert rules.financial_year_label(2026) == "2026-27"
    assert rules.financial_year_label(2099) == "2099-00"
    months = rules.financial_year_months(2026)
    assert months[0] == dt.date(2026, 4, 1) and months[-1] == dt.date(2027, 3, 1) and len(months) == 12
    assert rules.months_elapsed(2026, dt.date(2026, 3, 31)) == 0
    assert rules.months_elapsed(2026, dt.date(2026, 4, 1)) == 1
    assert rules.months_elapsed(2026, dt.date(2026, 11, 28)) == 8
    assert rules.months_elapsed(2026, dt.date(2027, 6, 1)) == 12


def test_budget_forecast_without_one_entered_is_actuals_plus_plan_to_come():
    actuals = {dt.date(2026, m, 1): Decimal("1500") for m in (4, 5, 6, 7, 8, 9, 10)}
    position = rules.budget_position(
        planned=Decimal("12000"), actuals=actuals, start_year=2026, as_of=dt.date(2026, 11, 28)
    )
    assert position.actual == Decimal("10500")
    assert position.planned_to_date == Decimal("8000.00")  # 8 months begun by 28 November
    # November has no actual yet and has begun, so it is not forecast from the plan; Dec-Mar are (4 x 1,000).
    assert position.forecast == Decimal("14500.00")
    assert position.variance == Decimal("2500.00")
    assert position.variance_percent == "+20.8%"
    assert position.over_threshold


def test_an_entered_forecast_is_used_and_10_percent_over_is_an_exception():
    args = dict(planned=Decimal("10000"), actuals={}, start_year=2026, as_of=dt.date(2026, 5, 1))
    assert rules.budget_position(forecast=Decimal("11000"), **args).over_threshold
    assert not rules.budget_position(forecast=Decimal("10999.99"), **args).over_threshold
    assert not rules.budget_position(forecast=Decimal("8000"), **args).over_threshold
    assert rules.budget_position(forecast=Decimal("8000"), **args).variance_percent == "-20.0%"


def test_actuals_outside_the_year_are_ignored_and_a_zero_plan_has_no_ratio():
    position = rules.budget_position(
        planned=Decimal("0"),
        actuals={dt.date(2026, 3, 1): Decimal("500")},
        start_year=2026,
        as_of=dt.date(2026, 4, 2),
    )
    assert position.actual == 0
    assert position.variance_ratio is None and not position.over_threshold and position.variance_percent == ""
