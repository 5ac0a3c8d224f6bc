"""Reading cells: UK dates in every format services use, yes/no, and codes with local values."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase.imports.parsing import CODE_SETS, FieldProblem, code_lookup, parse_bool, parse_code, parse_date

TODAY = dt.date(2026, 11, 28)
MARCH_1 = dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    "value",
    [
        "01/03/2024",
        "1/3/2024",
        "1/3/24",
        "01-03-2024",
        "01.03.2024",
        "1 Mar 2024",
        "1 March 2024",
        "1st March 2024",
        "01-Mar-24",
        "1-Mar-2024",
        "2024-03-01",
        "2024-03-01 00:00:00",
        "45352",
        45352,
        45352.0,
        dt.datetime(2024, 3, 1, 0, 0),
        MARCH_1,
        " 1  Mar, 2024 ",
    ],
)
def test_uk_dates(value):
    assert parse_date(value, today=TODAY) == MARCH_1


def test_two_digit_years_are_not_in_the_future():
    assert parse_date("5/6/09", today=TODAY) == dt.date(2009, 6, 5)
    assert parse_date("5/6/98", today=TODAY) == dt.date(1998, 6, 5)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("31/02/2024", "not a real date"),
        ("03/13/2024", "day first"),
        ("next Tuesday", "not a date we can read"),
        ("", "not a date"),
    ],
)
def test_bad_dates_say_why(value, reason):
    with pytest.raises(FieldProblem) as problem:
        parse_date(value, today=TODAY)
    assert reason in problem.value.message


def test_yes_no():
    assert [parse_bool(v) for v in ("Yes", "y", "TRUE", "1", "agreed")] == [True] * 5
    assert [parse_bool(v) for v in ("No", "n", "false", "0", "Refused")] == [False] * 5
    with pytest.raises(FieldProblem):
        parse_bool("maybe")


def test_codes_labels_synonyms_and_local_values():
    need = CODE_SETS["NeedType"]
    table = code_lookup(need, {"autistic": "ASD"})
    assert [
        parse_code(need, table, v) for v in ("ASD", "asd", "Autistic spectrum disorder", "Autism", "Autistic")
    ] == ["ASD"] * 5
    with pytest.raises(FieldProblem) as problem:
        parse_code(need, table, "Telepathy")
    assert "‘Telepathy’ is not a primary need code" in problem.value.message
    source = CODE_SETS["RequestSource"]
    assert [parse_code(source, code_lookup(source, {}), v) for v in ("1", "2", "3", "4", "5")] == [
        "parent",
        "school",
        "health",
        "social_care",
        "other",
    ]
    assert (
        parse_code(CODE_SETS["Ethnicity"], code_lookup(CODE_SETS["Ethnicity"], {}), "White - British")
        == "WBRI"
    )
