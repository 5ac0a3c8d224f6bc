"""The matcher scores realistic duplicates high and different children (twins) low, shows the reviewer
why, and accepts candidate records as a list, a pyarrow table or a DuckDB relation."""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa

from sendcase.linkage import matcher
from sendcase.linkage.names import canonical_first_name, swapped_day_month
from sendcase.linkage.runs import is_certain

BASE = {
    "legal_first_name": "Katherine",
    "preferred_name": "",
    "legal_last_name": "Okafor",
    "date_of_birth": dt.date(2015, 3, 7),
    "sex": "F",
    "postcode": "B23 6QT",
    "upn": "A330200115101",
    "nhs_number": "9990042427",
}


def _pair(other: dict) -> matcher.ScoredPair | None:
    rows = [{**BASE, "record_id": 1}, {**BASE, **other, "record_id": 2}]
    result = matcher.score(matcher.standardise(rows, source="child"), threshold=0.0)
    return result.pairs[0] if result.pairs else None


def test_nickname_and_swapped_day_month_still_match():
    pair = _pair(
        {"legal_first_name": "Kate", "date_of_birth": dt.date(2015, 7, 3), "upn": "", "nhs_number": ""}
    )
    assert pair.match_probability > 0.95
    assert pair.details["dob"]["level"] == "Day and month swapped"
    assert pair.details["first_name"]["level"] == "Same name once nicknames and preferred names are allowed"


def test_typo_in_last_name_and_a_move_still_match():
    pair = _pair({"legal_last_name": "Okafro", "postcode": "WS3 1AB", "upn": ""})
    assert pair.match_probability > 0.95
    assert pair.details["last_name"]["level"] == "Very similar spelling"
    assert pair.details["postcode"]["level"] == "Different"


def test_twins_with_their_own_identifiers_are_not_a_match():
    pair = _pair({"legal_first_name": "Olivia", "upn": "B330200115102", "nhs_number": "9990042435"})
    assert pair is None or pair.match_probability < 0.5
    assert pair is None or not is_certain(pair)


def test_certain_needs_an_identifier_or_the_full_name():
    same_upn = _pair({"legal_first_name": "Kate", "postcode": "WS3 1AB"})
    assert is_certain(same_upn)
    nickname_no_ids = _pair({"legal_first_name": "Kate", "upn": "", "nhs_number": ""})
    assert nickname_no_ids.match_probability > 0.95 and not is_certain(nickname_no_ids)
    full_name_no_ids = _pair({"upn": "", "nhs_number": ""})
    assert is_certain(full_name_no_ids)


def test_details_carry_a_weight_for_each_item():
    pair = _pair({})
    assert set(pair.details) == {"first_name", "last_name", "dob", "postcode", "upn", "nhs_number", "sex"}
    assert pair.details["upn"]["weight"] > 10


def test_standardise_accepts_pyarrow_and_duckdb_tables():
    rows = [{**BASE, "record_id": 7, "date_of_birth": "2015-03-07"}]
    arrow_rows = pa.Table.from_pylist(rows)
    relation = duckdb.sql("SELECT * FROM arrow_rows")
    for source in (rows, arrow_rows, relation):
        out = matcher.standardise(source, source="import").to_pylist()[0]
        assert out["unique_id"] == "import:7"
        assert out["dob"] == "2015-03-07" and out["dob_swapped"] == "2015-07-03"
        assert out["postcode"] == "B236QT" and out["postcode_outward"] == "B23"
        assert out["first_name_canon"] == "catherine"


def test_name_helpers():
    assert canonical_first_name("Muhammad") == canonical_first_name("Mohammed")
    assert swapped_day_month("2015-03-03") is None
    assert swapped_day_month("2015-03-25") is None  # month 25 does not exist


def test_fewer_than_two_records_scores_nothing():
    result = matcher.score(matcher.standardise([{**BASE, "record_id": 1}], source="child"))
    assert result.pairs == []
