"""Problems found in real records link to the page where each is put right."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase.assessments.models import RequestStatus
from sendcase.performance.sen2.collect import sen2_return
from sendcase.performance.sen2.validation import validate
from sendcase.plans.models import PlanStatus

from ..factories import AssessmentRequestFactory
from .factories import CENSUS, PlacementFactory, PlanFactory, Sen2ChildFactory

pytestmark = pytest.mark.django_db


def _problems(rule_id: str):
    return [p for p in validate(sen2_return(CENSUS, la_code="330")).problems if p.rule.rule_id == rule_id]


def test_ceased_plan_without_a_reason_links_to_the_plan():
    plan = PlanFactory(status=PlanStatus.CEASED, ceased_on=dt.date(2025, 7, 1), cease_reason=None)
    [problem] = _problems("N03")
    assert problem.fix_url == f"/plans/{plan.pk}/"
    assert problem.child_id == plan.child_id
    assert problem.subject == "EHC plan from 3 June 2024"


def test_request_decided_before_it_arrived_links_to_the_case():
    request = AssessmentRequestFactory(
        child=Sen2ChildFactory(), received_on=dt.date(2025, 5, 1), status=RequestStatus.NOT_ASSESSING,
        assessment_decided_on=dt.date(2025, 4, 20), closed_on=dt.date(2025, 4, 20),
    )  # fmt: skip
    [problem] = _problems("R05")
    assert problem.fix_url == f"/cases/{request.pk}/"
    assert problem.subject == "Request received 1 May 2025"


def test_child_without_a_upn_links_to_the_child_record():
    plan = PlanFactory(child=Sen2ChildFactory(upn=""))
    PlacementFactory(plan=plan)
    [problem] = _problems("P10")
    assert problem.fix_url == f"/children/{plan.child_id}/"


def test_missing_la_code_is_fixed_in_settings_with_no_link():
    [problem] = [p for p in validate(sen2_return(CENSUS, la_code="")).problems if p.rule.rule_id == "H01"]
    assert problem.fix_url is None and problem.child_id is None


def test_a_clean_plan_has_no_errors():
    plan = PlanFactory()
    PlacementFactory(plan=plan)
    report = validate(sen2_return(CENSUS, la_code="330"))
    assert report.errors == []
    assert [p.rule.rule_id for p in report.warnings] == ["V03"]  # no review recorded in the last 12 months


def test_designated_officers_not_set_stop_the_return(settings) -> None:
    settings.SEN2_DMO = ""
    [problem] = [p for p in validate(sen2_return(CENSUS)).problems if p.rule.rule_id == "H02"]
    assert problem.fix_url is None and "SEN2_DMO" in problem.rule.message


def test_header_carries_the_designated_officer_codes(settings) -> None:
    settings.SEN2_DMO, settings.SEN2_DCO = "R", "Y"
    ret = sen2_return(CENSUS)
    assert (ret.DMO, ret.DCO) == ("R", "Y")
    assert not [p for p in validate(ret).problems if p.rule.rule_id == "H02"]
