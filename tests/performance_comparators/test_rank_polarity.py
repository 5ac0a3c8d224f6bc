"""Ranks and quartile bands follow each measure's polarity; old and new codes name one authority."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sendcase.performance.comparators import comparators_for, quartile_band, rank_among
from sendcase.performance.published.release import current_release


def test_higher_is_better_ranks_the_highest_first():
    values = {"a": Decimal(10), "b": Decimal(30), "c": Decimal(20)}
    assert rank_among(values, "higher") == {"b": 1, "c": 2, "a": 3}


def test_lower_is_better_ranks_the_lowest_first():
    values = {"a": Decimal(10), "b": Decimal(30), "c": Decimal(20)}
    assert rank_among(values, "lower") == {"a": 1, "c": 2, "b": 3}


def test_ties_share_a_rank_and_the_next_is_skipped():
    values = {"a": Decimal(5), "b": Decimal(5), "c": Decimal(1)}
    assert rank_among(values, "higher") == {"a": 1, "b": 1, "c": 3}


@pytest.mark.parametrize(
    ("rank", "of", "band"),
    [
        (1, 8, 1),
        (2, 8, 1),
        (3, 8, 2),
        (4, 8, 2),
        (5, 8, 3),
        (7, 8, 4),
        (8, 8, 4),
        (1, 1, 1),
        (76, 151, 2),
        (77, 151, 3),
    ],
)
def test_quartile_bands(rank, of, band):
    assert quartile_band(rank, of) == band


def test_lower_polarity_in_the_real_release(full_release):
    result = comparators_for("requests_refused_pc", 2024, "330")
    refused = result.authority.value
    others = comparators_for("requests_refused_pc", 2024, "E08000025")
    assert others == result
    # Every authority that refused a smaller share ranks ahead; every one that refused more, behind.
    for code in current_release().authorities:
        other = comparators_for("requests_refused_pc", 2024, code)
        if other.authority.value is None:
            assert other.rank is None
        elif other.authority.value < refused:
            assert other.rank < result.rank
        elif other.authority.value > refused:
            assert other.rank > result.rank
    assert result.rank is not None


def test_counts_have_no_rank_or_quartile(full_release):
    result = comparators_for("ehc_plans", 2025, "330")
    assert result.authority.status == "ok"
    assert result.rank is None and result.quartile_band is None
    assert result.of == 153


@pytest.mark.parametrize("code", ["330", "E08000025", "e08000025", " 330 ", 330])
def test_old_and_new_codes(full_release, code):
    assert comparators_for("ehc_plans", 2025, code).authority_name == "Birmingham"
