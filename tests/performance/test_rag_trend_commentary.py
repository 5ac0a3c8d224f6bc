"""RAG against target (both polarities), trend, change and the written commentary."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from sendcase.performance import analysis
from sendcase.performance.analysis import Point
from sendcase.performance.indicators.registry import INDICATORS

from . import factories as f

D = f.D
TIMELY = INDICATORS["plans_20_weeks_incl_rolling"]  # higher is better, target 60, amber within 10
UNALLOCATED = INDICATORS["unallocated_cases"]  # lower is better, target 0, amber within 25


@pytest.mark.parametrize(
    "value, expected",
    [("60", "green"), ("75", "green"), ("59.99", "amber"), ("50", "amber"), ("49.9", "red"), (None, "none")],
)
def test_rag_when_higher_is_better(value, expected) -> None:
    assert analysis.rag(TIMELY, Decimal(value) if value else None) == expected


@pytest.mark.parametrize("value, expected", [("0", "green"), ("1", "amber"), ("25", "amber"), ("26", "red")])
def test_rag_when_lower_is_better(value, expected) -> None:
    assert analysis.rag(UNALLOCATED, Decimal(value)) == expected


def test_no_target_means_no_rag() -> None:
    assert analysis.rag(INDICATORS["open_requests"], Decimal("40")) == "none"


def test_trend_and_its_text_say_whether_the_move_is_better() -> None:
    assert analysis.trend(Decimal("58"), Decimal("41")) == "up"
    assert analysis.trend(Decimal("41"), Decimal("58")) == "down"
    assert analysis.trend(Decimal("41.01"), Decimal("41")) == "flat"
    assert analysis.trend(Decimal("41"), None) == "none"
    assert analysis.trend_text(TIMELY, "up", Decimal("17"), "May 2025") == (
        "Up 17.0 percentage points since May 2025: better"
    )
    assert analysis.trend_text(UNALLOCATED, "up", Decimal("3"), "May 2025") == "Up 3 since May 2025: worse"
    assert analysis.change_display(UNALLOCATED, Decimal("-3")) == "\u22123"


def _points(*values: str | None) -> list[Point]:
    ends = [D(2025, 1, 31), D(2025, 2, 28), D(2025, 3, 31), D(2025, 4, 30), D(2025, 5, 31), D(2025, 6, 30)]
    ends = ends[len(ends) - len(values) :]
    return [Point(end, Decimal(v) if v else None, None, None) for end, v in zip(ends, values, strict=True)]


def test_commentary_over_the_quarter_target_run_and_england() -> None:
    text = analysis.commentary(TIMELY, _points("30", "41", "45", "62", "58"), england=Decimal("46"))
    assert text == (
        "Rose from 41.0% to 58.0% over the quarter; below the target of 60.0% for one month; "
        "above England's 46.0%."
    )


def test_commentary_counts_the_months_on_target() -> None:
    text = analysis.commentary(TIMELY, _points("41", "50", "61", "65"))
    assert text == "Rose from 41.0% to 65.0% over the quarter; above the target of 60.0% for two months."


def test_commentary_falls_back_to_last_month_without_a_quarter_of_history() -> None:
    text = analysis.commentary(UNALLOCATED, _points("5", "3"))
    assert text == "Fell from 5 to 3 since the month before; above the target of 0 for all two months shown."


def test_commentary_without_figures() -> None:
    assert analysis.commentary(TIMELY, _points(None)) == "There are no figures for this period yet."


def test_commentary_with_no_target_and_unchanged() -> None:
    no_target = dataclasses.replace(TIMELY, target=None)
    assert (
        analysis.commentary(no_target, _points("40", "41", "42", "40"))
        == "Unchanged at 40.0% over the quarter."
    )
