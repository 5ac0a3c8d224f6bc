"""Shared for the people tests: valid details of a new (synthetic) child."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase.core.identifiers import make_upn


@pytest.fixture
def child_data() -> dict:
    return {
        "legal_first_name": "Priya",
        "legal_middle_names": "",
        "legal_last_name": "Synthwaite",
        "preferred_name": "",
        "date_of_birth": dt.date(2015, 3, 27),
        "sex": "F",
        "ethnicity": "AIND",
        "upn": make_upn(330, 2001, 19, 42).lower(),
        "uln": "",
        "nhs_number": "999 000 0026",
        "address_line_1": "1 Example Street",
        "address_line_2": "",
        "town": "Synthetic City",
        "postcode": "b1 1aa",
        "locality": None,
        "first_language": "English",
        "interpreter_needed": False,
        "acts_for_self": False,
    }


@pytest.fixture
def new_upn() -> str:
    return make_upn(330, 2001, 19, 42)
