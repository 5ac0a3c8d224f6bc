"""The SEN2 return and the dashboard are two routes to the same figures: for the calendar year a January
census reports on, the return's counts must equal the indicators' numerators and denominators as at
31 December. Checked on a synthetic authority with every kind of history (the demo generator), so a
difference in how either side reads the case record shows up here."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from sendcase.performance.compute import compute
from sendcase.performance.indicators.registry import INDICATORS
from sendcase.performance.sen2.counts import sen2_counts

CENSUS = dt.date(2026, 1, 15)
YEAR_END = dt.date(2025, 12, 31)


@pytest.fixture(scope="module")
def authority(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        with override_settings(DEBUG=True):
            call_command("seed_demo", children=400, seed=7, as_of="2026-03-31", stdout=StringIO())
        try:
            yield sen2_counts(CENSUS)
        finally:
            call_command("flush", interactive=False, verbosity=0)


def figure(indicator_id: str) -> tuple[int, int]:
    overall = compute(INDICATORS[indicator_id], YEAR_END).overall
    return int(overall.numerator or 0), int(overall.denominator or 0)


def test_the_authority_has_activity_to_reconcile(authority, db):
    assert authority["plans_issued"] > 10
    assert authority["assessments_refused"] > 0
    assert authority["plans_issued_excluding_exceptions"] < authority["plans_issued"]


def test_plans_within_20_weeks_including_exceptions_agree(authority, db):
    assert figure("plans_20_weeks_incl_year") == (
        authority["issued_within_20_weeks"],
        authority["plans_issued"],
    )


def test_plans_within_20_weeks_excluding_exceptions_agree(authority, db):
    assert figure("plans_20_weeks_excl_year") == (
        authority["issued_within_20_weeks_excluding_exceptions"],
        authority["plans_issued_excluding_exceptions"],
    )


def test_decisions_whether_to_assess_agree(authority, db):
    refused, decisions = figure("requests_refused")
    assert decisions == authority["assessments_agreed"] + authority["assessments_refused"]
    assert refused == authority["assessments_refused"]
