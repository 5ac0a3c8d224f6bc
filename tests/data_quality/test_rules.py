"""Every rule finds a record that breaks it and passes one that does not."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase.data_quality.checks import REGISTRY, Context
from sendcase.data_quality.rules import all_rules, parse, rule_by_id
from sendcase.people.models import Child
from sendcase.plans.models import PlanStatus

from . import factories as f

pytestmark = pytest.mark.django_db
TODAY = f.TODAY


def outcome(rule_id: str, as_of: dt.date = TODAY):
    rule = rule_by_id(rule_id)
    return REGISTRY[rule.check](Context(as_of=as_of), **rule.params)


def assert_breaks(rule_id: str, breaking, passing, as_of: dt.date = TODAY) -> None:
    result = outcome(rule_id, as_of)
    assert breaking.pk in result.records and breaking.pk in result.failing, result.failing
    assert passing.pk in result.records and passing.pk not in result.failing


def _child_with(**values) -> Child:
    return f.clean_child(**values)


def _raw_child(**values) -> Child:
    """A child saved with values the services would refuse (as an old system's data may hold)."""
    child = f.clean_child()
    Child.objects.filter(pk=child.pk).update(**values)
    return child


@pytest.mark.parametrize(
    ("rule_id", "breaking"),
    [
        ("CH-SEX", {"sex": "U"}),
        ("CH-ETH", {"ethnicity": "NOBT"}),
        ("CH-PC", {"postcode": ""}),
        ("CH-UPN", {"upn": ""}),
        ("CH-UPNV", {"upn": "A330200116007"}),
        ("CH-NHSV", {"nhs_number": "9990000001"}),
        ("CH-PCV", {"postcode": "QQ1 1AA"}),
        ("CH-CODES", {"ethnicity": "XXXX"}),
        ("CH-DOB", {"date_of_birth": TODAY + dt.timedelta(days=3)}),
    ],
)
def test_child_detail_rules(rule_id, breaking):
    assert_breaks(rule_id, _raw_child(**breaking), _child_with())


def test_upn_only_expected_from_school_age_children():
    toddler = _child_with(upn="", date_of_birth=dt.date(2024, 1, 1))
    assert toddler.pk not in outcome("CH-UPN").records


def test_age_range_for_children_with_an_open_case():
    old = _child_with(date_of_birth=dt.date(1998, 1, 1))
    f.plan_for(old)
    young = _child_with()
    f.plan_for(young)
    no_case = _child_with(date_of_birth=dt.date(1990, 1, 1))
    assert_breaks("CH-AGE", old, young)
    assert no_case.pk not in outcome("CH-AGE").records


def test_decisions_before_receipt():
    bad = f.request_for(_child_with(), assessment_decided_on=TODAY - dt.timedelta(days=90))
    good = f.request_for(_child_with(), assessment_decided_on=TODAY - dt.timedelta(days=20))
    assert_breaks("RQ-DATES", bad, good)


def test_overdue_step_needs_an_exception():
    bad = f.request_for(_child_with(), overdue_steps=1, next_step="Decide whether to assess")
    good = f.request_for(_child_with(), overdue_steps=1)
    f.exception_for(good)
    on_time = f.request_for(_child_with(), overdue_steps=0)
    assert_breaks("RQ-EXC", bad, good)
    assert on_time.pk not in outcome("RQ-EXC").records


def test_primary_need_recorded_and_valid():
    assert_breaks("PL-NEED", f.plan_for(_child_with(), primary_need=""), f.plan_for(_child_with()))
    assert_breaks("PL-NEEDV", f.plan_for(_child_with(), primary_need="XYZ"), f.plan_for(_child_with()))


def test_school_named_on_plans_in_force():
    bad = f.plan_for(_child_with(), named_establishment=None)
    ceased = f.plan_for(_child_with(), named_establishment=None, status=PlanStatus.CEASED)
    assert_breaks("PL-SCHOOL", bad, f.plan_for(_child_with()))
    assert ceased.pk not in outcome("PL-SCHOOL").records


def test_plan_needs_a_request_or_a_transfer_in():
    bad = f.plan_for(_child_with(), request=None)
    transferred = f.plan_for(_child_with(), request=None, transferred_in_from_la="330")
    assert_breaks("PL-REQ", bad, transferred)


def test_plan_in_force_needs_a_current_placement():
    bad_child = _child_with()
    bad = f.plan_for(bad_child)
    f.placement_for(bad_child, leaving_on=TODAY - dt.timedelta(days=10))
    good_child = _child_with()
    good = f.plan_for(good_child)
    f.placement_for(good_child)
    assert_breaks("PL-PLACE", bad, good)


def test_review_not_before_its_plan():
    plan = f.plan_for(_child_with())
    bad = f.review_for(plan, meeting_on=plan.issued_on - dt.timedelta(days=5))
    good = f.review_for(plan, meeting_on=plan.issued_on + dt.timedelta(days=300))
    assert_breaks("RV-ORDER", bad, good)


def test_placement_dates_in_order():
    bad = f.placement_for(_child_with(), entry_on=dt.date(2025, 9, 1), leaving_on=dt.date(2025, 7, 1))
    good = f.placement_for(_child_with(), entry_on=dt.date(2025, 9, 1), leaving_on=dt.date(2026, 7, 1))
    assert_breaks("PM-DATES", bad, good)


@pytest.mark.parametrize(
    ("rule_id", "subject_type"),
    [
        ("CH-LATE", "child"),
        ("RQ-LATE", "assessmentrequest"),
        ("PL-LATE", "ehcplan"),
        ("RV-LATE", "annualreview"),
        ("PM-LATE", "placement"),
    ],
)
def test_events_recorded_more_than_30_days_late(rule_id, subject_type):
    child = _child_with()
    happened = TODAY - dt.timedelta(days=100)
    late = f.event_for(
        child, subject_type=subject_type, occurred_on=happened, recorded_on=happened + dt.timedelta(days=31)
    )
    prompt = f.event_for(
        child, subject_type=subject_type, occurred_on=happened, recorded_on=happened + dt.timedelta(days=30)
    )
    assert_breaks(rule_id, late, prompt)


def test_records_created_after_the_as_at_date_are_not_judged():
    child = _raw_child(sex="U")
    assert child.pk not in outcome("CH-SEX", as_of=dt.date(2020, 1, 1)).records


def test_every_rule_has_a_check_and_every_dimension_is_used():
    rules = all_rules()
    assert {r.dimension for r in rules} == {"completeness", "validity", "consistency", "timeliness"}
    assert {r.dataset for r in rules} == {"children", "requests", "plans", "reviews", "placements"}
    assert all(r.fix and r.weight > 0 for r in rules)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"check": "nope"}, "no check named"),
        ({"dimension": "beauty"}, "unknown dimension"),
        ({"dataset": "cats"}, "unknown dataset"),
        ({"weight": 0}, "weight must be positive"),
    ],
)
def test_bad_rule_data_is_refused(change, message):
    good = {
        "id": "X",
        "dimension": "validity",
        "dataset": "children",
        "title": "T",
        "weight": 1,
        "fix": "F",
        "check": "child_sex_recorded",
    }
    with pytest.raises(ValueError, match=message):
        parse([{**good, **change}])
    with pytest.raises(ValueError, match="defined twice"):
        parse([good, good])
