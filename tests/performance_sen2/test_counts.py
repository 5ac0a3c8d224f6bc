"""sen2_counts(): the headline figures, counted as DfE counts them from the return."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sendcase.assessments.models import RequestStatus
from sendcase.performance.sen2.counts import sen2_counts
from sendcase.plans.models import PlanStatus

from ..factories import AssessmentRequestFactory
from .factories import (
    CENSUS,
    FinalPlanExceptionFactory,
    PlanFactory,
    Sen2ChildFactory,
    issued_request,
    plan_from_request,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def year():
    # Plans issued in 2025: on time (140 days), late (141 days), late with an exception, on time with one.
    on_time = plan_from_request(issued_request(Sen2ChildFactory(), D(2025, 1, 6), final=140))
    late = plan_from_request(issued_request(Sen2ChildFactory(), D(2025, 2, 3), final=141))
    excepted_late = issued_request(Sen2ChildFactory(), D(2025, 3, 3), final=200)
    plan_from_request(excepted_late)
    FinalPlanExceptionFactory(request=excepted_late)
    excepted_on_time = issued_request(Sen2ChildFactory(), D(2025, 4, 7), final=120)
    plan_from_request(excepted_on_time)
    FinalPlanExceptionFactory(request=excepted_on_time)
    # A plan issued in 2024 (in force, not new), a plan ceased in 2025 (not in force on census day).
    PlanFactory(issued_on=D(2024, 3, 1))
    PlanFactory(issued_on=D(2022, 3, 1), status=PlanStatus.CEASED, ceased_on=D(2025, 6, 1), cease_reason=2)
    # Requests: two refused in 2025, one open, one received in 2024 and refused in 2025.
    for received in (D(2025, 5, 1), D(2025, 6, 1)):
        AssessmentRequestFactory(
            child=Sen2ChildFactory(), received_on=received, status=RequestStatus.NOT_ASSESSING,
            assessment_decided_on=received + dt.timedelta(days=40),
            closed_on=received + dt.timedelta(days=40),
        )  # fmt: skip
    AssessmentRequestFactory(child=Sen2ChildFactory(), received_on=D(2025, 12, 1))
    AssessmentRequestFactory(
        child=Sen2ChildFactory(), received_on=D(2024, 12, 1), status=RequestStatus.NOT_ASSESSING,
        assessment_decided_on=D(2025, 1, 10), closed_on=D(2025, 1, 10),
    )  # fmt: skip
    return on_time, late


def test_headline_counts(year):
    counts = sen2_counts(CENSUS)
    assert counts["plans_in_force"] == 5  # four new, one from 2024; the ceased one is not in force
    assert counts["new_plans"] == 4
    assert counts["requests_received"] == 4 + 3  # four that became plans, three more in 2025
    assert counts["assessments_agreed"] == 4
    assert counts["assessments_refused"] == 3
    assert counts["assessments_refused_pc"] == Decimal("42.9")


def test_twenty_week_timeliness_including_and_excluding_exceptions(year):
    counts = sen2_counts(CENSUS)
    assert (counts["issued_within_20_weeks"], counts["plans_issued"]) == (2, 4)
    assert counts["within_20_weeks_including_exceptions_pc"] == Decimal("50.0")
    assert (
        counts["issued_within_20_weeks_excluding_exceptions"],
        counts["plans_issued_excluding_exceptions"],
    ) == (1, 2)
    assert counts["within_20_weeks_excluding_exceptions_pc"] == Decimal("50.0")


def test_no_plans_gives_no_percentage(db):
    counts = sen2_counts(CENSUS)
    assert counts["plans_issued"] == 0
    assert counts["within_20_weeks_including_exceptions_pc"] is None
    assert counts["assessments_refused_pc"] is None


def test_counts_are_as_at_the_census_day_asked_for(year):
    earlier = sen2_counts(D(2025, 1, 16))  # the 2025 return: 2024 activity
    assert earlier["new_plans"] == 0
    assert earlier["plans_in_force"] == 2  # the 2024 plan and the one that later ceased
    assert earlier["requests_received"] == 1
