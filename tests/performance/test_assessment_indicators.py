"""Assessment indicators on small hand-built histories whose answers are worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sendcase.assessments.models import AdviserType, RequestStatus

from . import factories as f
from .helpers import fraction, run, value

D = f.D
JUNE = D(2025, 6, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture
def final_plans():
    """A: 20 weeks to the day (on time). B: one day late, exception from 1 March. E: late, no exception.
    D: on time, issued in December 2024. C: issued in July 2025, after the June period end."""
    f.request(received=D(2025, 1, 6), decided=D(2025, 2, 1), final=D(2025, 5, 26))  # A
    b = f.request(received=D(2025, 1, 6), decided=D(2025, 2, 1), final=D(2025, 5, 27))
    f.exception(b, starts=D(2025, 3, 1))
    f.request(received=D(2025, 1, 13), decided=D(2025, 2, 1), final=D(2025, 6, 30))  # E
    f.request(received=D(2024, 9, 2), decided=D(2024, 10, 1), final=D(2024, 12, 20))  # D
    f.request(received=D(2025, 2, 3), decided=D(2025, 3, 1), final=D(2025, 7, 15))  # C


def test_plans_within_20_weeks_calendar_year_including_exceptions(final_plans) -> None:
    assert fraction("plans_20_weeks_incl_year", JUNE) == (1, 3)
    assert value("plans_20_weeks_incl_year", JUNE) == Decimal("33.33")


def test_plans_within_20_weeks_calendar_year_excluding_exceptions(final_plans) -> None:
    assert fraction("plans_20_weeks_excl_year", JUNE) == (1, 2)


def test_plans_within_20_weeks_rolling_12_months_reaches_into_last_year(final_plans) -> None:
    assert fraction("plans_20_weeks_incl_rolling", JUNE) == (2, 4)
    assert fraction("plans_20_weeks_excl_rolling", JUNE) == (2, 3)


def test_plan_issued_after_the_period_end_counts_in_its_own_month(final_plans) -> None:
    assert fraction("plans_20_weeks_incl_year", D(2025, 7, 31)) == (1, 4)


def test_an_exception_recorded_after_the_period_end_does_not_apply_to_it() -> None:
    late = f.request(received=D(2025, 1, 6), decided=D(2025, 2, 1), final=D(2025, 6, 2))
    f.exception(late, starts=D(2025, 8, 1))
    assert fraction("plans_20_weeks_excl_year", JUNE) == (0, 1)
    assert run("plans_20_weeks_excl_year", D(2025, 8, 31)).overall.denominator == 0


def test_calendar_year_resets_in_january(final_plans) -> None:
    assert fraction("plans_20_weeks_incl_year", D(2025, 1, 31)) == (0, 0)
    assert value("plans_20_weeks_incl_year", D(2025, 1, 31)) is None  # no plans: no value, never 0%


@pytest.fixture
def decisions():
    f.request(received=D(2025, 3, 3), decided=D(2025, 4, 14))  # day 42: on time, agreed
    f.request(received=D(2025, 3, 3), decided=D(2025, 4, 15), refused=True)  # day 43: late, refused
    f.request(received=D(2025, 6, 20), decided=D(2025, 7, 10), refused=True)  # decided in July


def test_decisions_to_assess_within_6_weeks(decisions) -> None:
    assert fraction("decisions_6_weeks", JUNE) == (1, 2)
    assert fraction("decisions_6_weeks", D(2025, 7, 31)) == (2, 3)


def test_share_of_requests_refused(decisions) -> None:
    assert fraction("requests_refused", JUNE) == (1, 2)
    assert fraction("requests_refused", D(2025, 7, 31)) == (2, 3)


def test_advice_within_6_weeks_by_adviser_type() -> None:
    made = f.request(received=D(2025, 2, 1), decided=D(2025, 2, 20))
    f.advice(made, requested=D(2025, 3, 1), received=D(2025, 4, 12))  # day 42
    f.advice(made, requested=D(2025, 3, 1), received=D(2025, 4, 20))  # late
    f.advice(
        made, requested=D(2025, 3, 1), received=D(2025, 4, 1), adviser=AdviserType.EDUCATIONAL_PSYCHOLOGY
    )
    f.advice(made, requested=D(2025, 6, 1), received=D(2025, 7, 1))  # received after June
    f.advice(made, requested=D(2025, 6, 1), received=None)  # not yet received
    result = run("advice_6_weeks", JUNE)
    assert (int(result.overall.numerator), int(result.overall.denominator)) == (2, 3)
    by_type = result.breakdowns["adviser_type"]
    assert by_type["Health"].value == Decimal("50.00")
    assert by_type["Educational psychology"].value == Decimal("100.00")


def test_open_requests_by_stage_and_by_weeks_open() -> None:
    f.request(received=D(2025, 6, 20))  # received, 1 week
    f.request(
        received=D(2025, 3, 3), decided=D(2025, 4, 14), issue_decided=D(2025, 7, 5)
    )  # assessing at June
    f.request(received=D(2025, 1, 6), decided=D(2025, 2, 1), final=D(2025, 5, 26))  # closed by a plan
    f.request(  # draft served, withdrawn in August: open at the end of June
        received=D(2025, 1, 6),
        decided=D(2025, 2, 1),
        issue_decided=D(2025, 4, 1),
        served=D(2025, 5, 1),
        closed=D(2025, 8, 1),
        status=RequestStatus.WITHDRAWN,
    )
    f.request(received=D(2025, 7, 1))  # received after the period end
    f.request(received=D(2025, 3, 3), decided=D(2025, 4, 14), refused=True)  # closed by a refusal
    result = run("open_requests", JUNE)
    assert result.overall.value == 3
    assert {k: int(v.value) for k, v in result.breakdowns["stage"].items()} == {
        "Request received": 1,
        "Assessing needs": 1,
        "Draft plan with the family": 1,
    }
    assert {k: int(v.value) for k, v in result.breakdowns["weeks_open"].items()} == {
        "Under 6 weeks": 1,
        "16 to 19 weeks": 1,
        "20 weeks or more": 1,
    }
    august = run("open_requests", D(2025, 8, 31))
    # The withdrawn request has gone, the July request has arrived, and the assessing one moved on.
    assert august.overall.value == 3
    assert {k: int(v.value) for k, v in august.breakdowns["stage"].items()} == {
        "Request received": 2,
        "Writing the draft plan": 1,
    }
