"""Suppressed, not-applicable and low cells are never numbers (a hand-made release)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sendcase.performance.comparators import (
    UnknownAuthority,
    UnknownMeasure,
    comparators_for,
    published_value,
)
from sendcase.performance.published.release import parse_cell

from .conftest import write_release

NE, NW = "E12000001", "E12000002"


@pytest.fixture
def small_release(tmp_path, settings):
    rows = [
        ("2024", "National", "", "", "", "", "1000", "50.0", "55.0"),
        ("2024", "Regional", NE, "", "", "", "400", "x", "60.5"),
        ("2024", "Regional", NW, "", "", "", "600", "45.0", "50.0"),
        ("2024", "Local authority", NE, "E06000001", "801", "Alpha", "100", "80.0", "90.0"),
        ("2024", "Local authority", NE, "E06000002", "802", "Bravo", "x", "x", "70.0"),
        ("2024", "Local authority", NE, "E06000003", "803", "Charlie", "z", "z", "z"),
        ("2024", "Local authority", NW, "E06000004", "804", "Delta", "c", "c", "low"),
        ("2024", "Local authority", NW, "E06000005", "805", "Echo", "", "", "40.0"),
        ("2024", "Local authority", NW, "E06000006", "806", "Foxtrot", "0", "0", "0"),
        ("2024", "Local authority", NW, "E06000007", "807", "Golf", "120", "60.0", "65.0"),
    ]
    neighbours = {
        "Alpha": ["Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Nowhere"],
        "Golf": ["Alpha"],
    }
    settings.PUBLISHED_STATISTICS_DIR = str(write_release(tmp_path / "release", rows, neighbours))


@pytest.mark.parametrize(
    ("raw", "status"),
    [("x", "suppressed"), ("X", "suppressed"), ("z", "not_applicable"), ("c", "low"), ("low", "low"),
     ("", "missing"), (" ", "missing"), ("n/a", "missing"), ("NaN", "missing")],
)  # fmt: skip
def test_symbols_have_a_status_and_no_value(raw, status):
    assert parse_cell(raw) == (None, status)
    value = published_value(raw, "percent")
    assert value.value is None and value.status == status
    assert "0" not in value.display


def test_numbers_are_read_exactly():
    assert parse_cell("46.4") == (Decimal("46.4"), "ok")
    assert parse_cell("0") == (Decimal("0"), "ok")
    assert parse_cell("1,234") == (Decimal("1234"), "ok")
    assert published_value("12094", "count").display == "12,094"
    assert published_value("49", "percent").display == "49.0%"


def test_each_symbol_reaches_the_comparator_with_its_status(small_release):
    statuses = {
        code: comparators_for("plans_20_weeks_including_exceptions", 2024, code).authority
        for code in ("802", "803", "804", "805", "806")
    }
    assert statuses["802"].status == "suppressed"
    assert statuses["803"].status == "not_applicable"
    assert statuses["804"].status == "low"
    assert statuses["805"].status == "missing"
    assert statuses["806"].status == "ok" and statuses["806"].value == Decimal("0")
    assert all(v.value is None for code, v in statuses.items() if code != "806")


def test_low_written_as_the_word_low(small_release):
    result = comparators_for("plans_20_weeks_excluding_exceptions", 2024, "804")
    assert result.authority.status == "low" and result.authority.value is None


def test_suppressed_region_is_not_zero(small_release):
    result = comparators_for("plans_20_weeks_including_exceptions", 2024, "801")
    assert result.region.status == "suppressed" and result.region.value is None
    assert result.region_name == "North East"
    assert result.england.value == Decimal("50.0")


def test_neighbours_average_skips_symbols_and_says_how_many(small_release):
    result = comparators_for("plans_20_weeks_including_exceptions", 2024, "801")
    assert [name for name, _ in result.neighbours] == [
        "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Nowhere",
    ]  # fmt: skip
    # Only Foxtrot (0) and Golf (60) are published: the mean is 30, not 60/6 = 10.
    assert result.neighbours_available == 2
    assert result.neighbours_average.value == Decimal("30.0")
    assert result.neighbours_average.display == "30.0% (mean of 2 of 7)"
    assert result.notes == ["Nowhere is not in the published statistics."]


def test_rank_and_quartile_ignore_symbols(small_release):
    result = comparators_for("plans_20_weeks_including_exceptions", 2024, "807")
    # Published: Alpha 80, Foxtrot 0, Golf 60 -> Golf is 2nd of 3.
    assert (result.rank, result.of) == (2, 3)
    assert result.quartile_band == 2
    suppressed = comparators_for("plans_20_weeks_including_exceptions", 2024, "802")
    assert suppressed.rank is None and suppressed.quartile_band is None and suppressed.of == 3


def test_all_neighbours_suppressed_gives_no_average(small_release, tmp_path):
    result = comparators_for("plans_20_weeks_excluding_exceptions", 2024, "807")  # its neighbour Alpha: 90
    assert result.neighbours_average.value == Decimal("90.0")
    result = comparators_for("plans_20_weeks_including_exceptions", 2024, "803")  # no neighbours listed
    assert result.neighbours == [] and result.neighbours_average.status == "missing"


def test_a_year_not_published_is_missing_not_an_error(small_release):
    result = comparators_for("plans_20_weeks_including_exceptions", 2019, "801")
    assert result.authority.status == "missing" and result.england.status == "missing"
    assert result.of == 0 and result.rank is None


def test_a_measure_whose_file_is_absent_is_missing(small_release):
    result = comparators_for("ehc_plans", 2025, "801")
    assert result.authority.status == "missing"


def test_unknown_authority_and_measure_are_refused(small_release):
    with pytest.raises(UnknownAuthority):
        comparators_for("plans_20_weeks_including_exceptions", 2024, "999")
    with pytest.raises(UnknownMeasure):
        comparators_for("no_such_measure", 2024, "801")
