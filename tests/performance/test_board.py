"""The rows the improvement board's pack takes from the performance figures."""

from __future__ import annotations

import pytest

from sendcase.performance.board import indicator_rows_for_pack
from sendcase.performance.compute import snapshot_month
from sendcase.performance.indicators.registry import INDICATOR_LIST

from . import factories as f

D = f.D
pytestmark = pytest.mark.django_db
KEYS = {
    "id",
    "title",
    "value_display",
    "target_display",
    "rag",
    "trend",
    "change_display",
    "england_display",
    "neighbours_display",
    "commentary",
    "url",
}


def test_one_row_per_indicator_with_the_agreed_keys() -> None:
    f.request(received=D(2025, 1, 6), decided=D(2025, 2, 1), final=D(2025, 5, 26))  # on time
    snapshot_month(D(2025, 5, 31))
    f.request(received=D(2025, 1, 6), decided=D(2025, 2, 1), final=D(2025, 6, 30))  # late
    snapshot_month(D(2025, 6, 30))
    rows = indicator_rows_for_pack(period_end=D(2025, 6, 15))
    assert [r["id"] for r in rows] == [i.id for i in INDICATOR_LIST]
    assert all(set(r) == KEYS for r in rows)
    timely = next(r for r in rows if r["id"] == "plans_20_weeks_incl_year")
    assert timely["value_display"] == "50.0%"
    assert timely["target_display"] == "60.0%"
    assert timely["rag"] == "amber"
    assert timely["trend"] == "down"
    assert timely["change_display"] == "\u221250.0 percentage points"
    assert timely["england_display"].endswith("%")
    assert timely["neighbours_display"].startswith(tuple("0123456789"))
    assert timely["commentary"].startswith("Fell from 100.0% to 50.0% since the month before")
    assert timely["url"] == "/performance/plans_20_weeks_incl_year/?period=2025-06"
    advice = next(r for r in rows if r["id"] == "advice_6_weeks")
    assert (advice["value_display"], advice["rag"], advice["trend"]) == ("No cases", "none", "none")
    assert advice["england_display"] == "Not published"


def test_a_month_not_computed_is_marked_so() -> None:
    rows = indicator_rows_for_pack(period_end=D(2025, 6, 30))
    assert {r["value_display"] for r in rows} == {"Not computed"}
    assert {r["rag"] for r in rows} == {"none"}
