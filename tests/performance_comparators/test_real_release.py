"""Comparators read DfE's published release correctly (the full files as downloaded)."""

from __future__ import annotations

from decimal import Decimal

from sendcase.performance.comparators import available_measures, comparators_for, rank_among

from .conftest import raw_headline_rows


def _raw(release, stem, headline, period, level, key_field, key):
    for row in raw_headline_rows(release, stem, headline):
        if row["time_period"] == period and row["geographic_level"] == level and row[key_field] == key:
            return row
    raise AssertionError(f"no {level} row {key} for {period} in {stem}")


def test_birmingham_timeliness_matches_the_published_row(full_release):
    result = comparators_for("plans_20_weeks_excluding_exceptions", 2024, "330")
    la = _raw(
        full_release,
        "timeliness_20_week",
        "All EHC plans issued",
        "2024",
        "Local authority",
        "old_la_code",
        "330",
    )
    england = _raw(
        full_release,
        "timeliness_20_week",
        "All EHC plans issued",
        "2024",
        "National",
        "country_code",
        "E92000001",
    )
    region = _raw(
        full_release,
        "timeliness_20_week",
        "All EHC plans issued",
        "2024",
        "Regional",
        "region_code",
        la["region_code"],
    )

    assert result.authority.value == Decimal(la["PC_plans_issued_20_weeks_ex"])
    assert result.authority.status == "ok"
    assert result.authority.display == f"{Decimal(la['PC_plans_issued_20_weeks_ex']):.1f}%"
    assert result.england.value == Decimal(england["PC_plans_issued_20_weeks_ex"])
    assert result.region.value == Decimal(region["PC_plans_issued_20_weeks_ex"])
    assert result.region_name == "West Midlands" == la["region_name"]
    assert result.authority_name == "Birmingham"


def test_including_and_excluding_exceptions_read_different_columns(full_release):
    incl = comparators_for("plans_20_weeks_including_exceptions", 2023, "330")
    excl = comparators_for("plans_20_weeks_excluding_exceptions", 2023, "330")
    row = _raw(
        full_release,
        "timeliness_20_week",
        "All EHC plans issued",
        "2023",
        "Local authority",
        "old_la_code",
        "330",
    )
    assert incl.authority.value == Decimal(row["pc_plans_issued_within_20_weeks"])
    assert excl.authority.value == Decimal(row["PC_plans_issued_20_weeks_ex"])
    assert incl.authority.value != excl.authority.value


def test_neighbours_are_the_ten_published_closest_first(full_release):
    result = comparators_for("ehc_plans", 2025, "330")
    import csv

    with (full_release / "supporting-files" / "statistical_neighbours_2025.csv").open(
        encoding="utf-8-sig"
    ) as f:
        table = list(csv.reader(f))
    column = table[0].index("Birmingham")
    expected = [row[column] for row in table[1:] if row[column]]
    assert [name for name, _ in result.neighbours] == expected
    assert len(result.neighbours) == 10
    for name, value in result.neighbours:
        row = _raw(full_release, "caseload", "All EHC plans", "202425", "Local authority", "la_name", name)
        assert value.value == Decimal(row["ehcplans"])


def test_neighbours_spelt_differently_in_the_neighbours_file_are_found(full_release):
    # The neighbours file says "Bedford Borough" and "Durham"; the data files "Bedford", "County Durham".
    for code in ("822", "840"):  # Bedford, County Durham
        result = comparators_for("ehc_plans", 2025, code)
        assert len(result.neighbours) == 10
        assert result.notes == []
        assert all(value.status == "ok" for _, value in result.neighbours)


def test_neighbours_average_is_the_mean_of_those_published(full_release):
    result = comparators_for("plans_20_weeks_including_exceptions", 2024, "330")
    values = [v.value for _, v in result.neighbours if v.value is not None]
    assert result.neighbours_available == len(values)
    assert result.neighbours_average.value == (sum(values) / len(values)).quantize(Decimal("0.1"))
    assert f"mean of {len(values)} of 10" in result.neighbours_average.display


def test_rank_counts_only_authorities_with_a_published_figure(full_release):
    result = comparators_for("plans_20_weeks_excluding_exceptions", 2024, "E08000025")
    rows = [
        r
        for r in raw_headline_rows(full_release, "timeliness_20_week", "All EHC plans issued")
        if r["time_period"] == "2024" and r["geographic_level"] == "Local authority"
    ]
    numeric = {
        r["old_la_code"]: Decimal(r["PC_plans_issued_20_weeks_ex"])
        for r in rows
        if r["PC_plans_issued_20_weeks_ex"].replace(".", "").isdigit()
    }
    assert result.of == len(numeric) < len(rows) + 1
    better = sum(1 for v in numeric.values() if v > numeric["330"])
    assert result.rank == better + 1
    assert result.rank == rank_among(numeric, "higher")["330"]
    assert result.quartile_band == 1 + (result.rank - 1) * 4 // result.of


def test_suppressed_annual_reviews_are_not_read_as_zero(full_release):
    # DfE suppressed Blackpool's 2024 annual reviews (footnote 1 of annual_reviews.csv).
    result = comparators_for("annual_reviews_decision_4_weeks_pc", 2024, "890")
    assert result.authority_name == "Blackpool"
    assert result.authority.status == "suppressed"
    assert result.authority.value is None
    assert result.rank is None and result.quartile_band is None
    england = comparators_for("annual_reviews_decision_4_weeks_pc", 2024, "330")
    assert england.of < 153  # the suppressed authorities are not ranked


def test_refusal_share_not_collected_before_2023_is_suppressed(full_release):
    result = comparators_for("requests_refused_pc", 2020, "330")
    assert result.authority.status == "suppressed"
    assert result.of == 0 and result.rank is None
    assert comparators_for("requests_refused_pc", 2024, "330").authority.status == "ok"


def test_setting_and_need_shares(full_release):
    row = _raw(full_release, "caseload", "All EHC plans", "202425", "Local authority", "old_la_code", "330")
    assert comparators_for("setting_mainstream_pc", 2025, "330").authority.value == Decimal(
        row["mainstream_total_pc"]
    )
    assert comparators_for("setting_special_pc", 2025, "330").authority.value == Decimal(
        row["special_total_pc"]
    )
    need = _raw(
        full_release,
        "sen_needs_all_plans",
        "All EHC plans",
        "202425",
        "Local authority",
        "old_la_code",
        "330",
    )
    assert comparators_for("need_asd_pc", 2025, "330").authority.value == Decimal(need["asd_pc"])


def test_available_measures_lists_published_years(full_release):
    measures = available_measures()
    assert measures["plans_20_weeks_excluding_exceptions"].years == [2019, 2020, 2021, 2022, 2023, 2024]
    assert measures["ehc_plans"].years == [2019, 2020, 2021, 2022, 2023, 2024, 2025]
    assert measures["annual_reviews_decision_4_weeks_pc"].years == [2024]
    assert measures["plans_20_weeks_excluding_exceptions"].polarity == "higher"
    assert measures["requests_refused_pc"].polarity == "lower"
    assert measures["ehc_plans"].unit == "count"
    assert measures["ehc_plans"].source_file == "data/caseload.csv"
    required = {
        "plans_20_weeks_including_exceptions",
        "plans_20_weeks_excluding_exceptions",
        "ehc_plans",
        "requests_received",
        "requests_refused_pc",
        "setting_mainstream_pc",
        "setting_special_pc",
        "annual_reviews_expected",
        "need_semh_pc",
    }
    assert required <= set(measures)
