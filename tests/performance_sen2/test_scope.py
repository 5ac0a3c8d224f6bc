"""Who is in the return: plans in force in the year or on census day, and requests open in the year."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase.assessments.models import RequestStatus
from sendcase.performance.sen2.collect import sen2_return
from sendcase.plans.models import PlanStatus

from ..factories import AssessmentRequestFactory
from .factories import CENSUS, PlanFactory, Sen2ChildFactory

pytestmark = pytest.mark.django_db


def _child_ids(census=CENSUS) -> set[int]:
    return {person.child_id for person in sen2_return(census, la_code="330").persons}


def test_plan_in_force_on_census_day_is_in():
    plan = PlanFactory(issued_on=dt.date(2019, 3, 1))
    assert plan.child_id in _child_ids()


def test_plan_ceased_during_the_year_is_in_with_its_cease_date():
    plan = PlanFactory(status=PlanStatus.CEASED, ceased_on=dt.date(2025, 1, 1), cease_reason=2)
    ret = sen2_return(CENSUS, la_code="330")
    named = ret.persons[0].requests[0].assessment.named_plan
    assert ret.persons[0].child_id == plan.child_id
    assert (named.CeaseDate, named.CeaseReason) == (dt.date(2025, 1, 1), 2)
    assert ret.persons[0].requests[0].active_plan.in_force_on_census is False


def test_plan_ceased_before_the_year_is_out():
    plan = PlanFactory(status=PlanStatus.CEASED, ceased_on=dt.date(2024, 12, 31), cease_reason=2)
    assert plan.child_id not in _child_ids()


def test_plan_issued_after_census_day_is_out():
    plan = PlanFactory(issued_on=dt.date(2026, 1, 16))
    assert plan.child_id not in _child_ids()


def test_plan_transferred_in_after_census_day_is_out_though_issued_before():
    plan = PlanFactory(
        issued_on=dt.date(2024, 2, 1), transferred_in_on=dt.date(2026, 2, 1), transferred_in_from_la="330"
    )
    assert plan.child_id not in _child_ids()
    assert plan.child_id in _child_ids(dt.date(2027, 1, 21))


def test_cessation_after_census_day_is_not_yet_known():
    plan = PlanFactory(status=PlanStatus.CEASED, ceased_on=dt.date(2026, 3, 1), cease_reason=1)
    named = sen2_return(CENSUS, la_code="330").persons[0].requests[0].assessment.named_plan
    assert plan.child_id in _child_ids()
    assert named.CeaseDate is None and named.CeaseReason is None


def test_request_received_in_the_year_and_still_open_is_in():
    request = AssessmentRequestFactory(child=Sen2ChildFactory(), received_on=dt.date(2025, 11, 20))
    ret = sen2_return(CENSUS, la_code="330")
    assert [p.child_id for p in ret.persons] == [request.child_id]
    assert ret.persons[0].requests[0].RequestOutcome == "A"  # decision yet to be made


def test_request_closed_before_the_year_is_out():
    request = AssessmentRequestFactory(
        child=Sen2ChildFactory(), received_on=dt.date(2024, 9, 1), status=RequestStatus.NOT_ASSESSING,
        assessment_decided_on=dt.date(2024, 10, 1), closed_on=dt.date(2024, 10, 1),
    )  # fmt: skip
    assert request.child_id not in _child_ids()


def test_request_received_after_census_day_is_out():
    request = AssessmentRequestFactory(child=Sen2ChildFactory(), received_on=dt.date(2026, 1, 16))
    assert request.child_id not in _child_ids()


def test_request_open_since_an_earlier_year_is_in():
    request = AssessmentRequestFactory(child=Sen2ChildFactory(), received_on=dt.date(2024, 11, 1))
    assert request.child_id in _child_ids()


def test_each_child_appears_once_with_all_their_requests():
    child = Sen2ChildFactory()
    AssessmentRequestFactory(
        child=child, received_on=dt.date(2025, 2, 1), status=RequestStatus.NOT_ASSESSING,
        assessment_decided_on=dt.date(2025, 3, 1), closed_on=dt.date(2025, 3, 1),
    )  # fmt: skip
    AssessmentRequestFactory(child=child, received_on=dt.date(2025, 10, 1))
    ret = sen2_return(CENSUS, la_code="330")
    assert len(ret.persons) == 1
    assert [r.ReceivedDate for r in ret.persons[0].requests] == [dt.date(2025, 2, 1), dt.date(2025, 10, 1)]


def test_the_return_is_built_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    for _ in range(5):
        PlanFactory()
    with django_assert_max_num_queries(8):
        ret = sen2_return(CENSUS, la_code="330")
    assert len(ret.persons) == 5
