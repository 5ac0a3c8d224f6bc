"""Every validation rule in rules.csv: a record that breaks it, and one that passes it.

Records are built by hand (as `collect` would build them) so each case changes exactly one thing from a
return that passes every rule. `CASES` must name every rule in the table; test_rules_table.py checks
that, so a rule cannot be added without its tests.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from sendcase.core.identifiers import make_upn
from sendcase.performance.sen2.records import (
    ActivePlan,
    Assessment,
    NamedPlan,
    Person,
    PlacementDetail,
    PlanDetail,
    Request,
    Sen2Return,
    SENNeed,
)
from sendcase.performance.sen2.validation import load_rules, validate

CENSUS = dt.date(2026, 1, 15)
D = dt.date


def clean_return() -> Sen2Return:
    """A return with one child, one request that became a plan, and nothing wrong with it."""
    active = ActivePlan(
        plan_id=7,
        in_force_on_census=True,
        plan_start=D(2024, 6, 3),
        ReviewMeeting=D(2025, 5, 20),
        LastReview=D(2025, 6, 10),
        ReviewOutcome="M",
        placements=[PlacementDetail(placement_id=3, URN=100001, EntryDate=D(2024, 9, 1))],
        needs=[SENNeed("ASD", 1)],
    )
    named = NamedPlan(plan_id=7, StartDate=D(2024, 6, 3), details=[PlanDetail(URN=100001)])
    assessment = Assessment(
        AssessmentOutcome="Y", AssessmentOutcomeDate=D(2024, 4, 1), Week20=False, exceptions_recorded=0,
        named_plan=named,
    )  # fmt: skip
    request = Request(
        request_id=5, ReceivedDate=D(2024, 1, 20), RequestSource=1, RequestOutcome="Y",
        RequestOutcomeDate=D(2024, 2, 25), assessment=assessment, active_plan=active,
    )  # fmt: skip
    person = Person(
        child_id=11, Surname="Khan", Forename="Sami", PersonBirthDate=D(2014, 5, 1), Sex="M",
        Ethnicity="APKN", PostCode="B1 1AA", UPN=make_upn(330, 2000, 14, 5), requests=[request],
    )  # fmt: skip
    return Sen2Return(census_date=CENSUS, la_code="330", persons=[person], DMO="Y", DCO="N")


def _p(r):
    return r.persons[0]


def _r(r):
    return r.persons[0].requests[0]


def _a(r):
    return _r(r).assessment


def _n(r):
    return _a(r).named_plan


def _ap(r):
    return _r(r).active_plan


def _set(getter, **values):
    def change(ret):
        target = getter(ret)
        for name, value in values.items():
            setattr(target, name, value)

    return change


def _no_request_outcome(ret):
    _r(ret).RequestOutcome = "A"  # decision yet to be made: reported without a date
    _r(ret).RequestOutcomeDate = None
    _r(ret).assessment = None
    _r(ret).active_plan = None


def _under_five(ret):
    _p(ret).PersonBirthDate = D(2022, 3, 1)


# rule id -> (break it, a different change that still passes it). `None` as the passing change means
# the clean return itself is the passing case.
CASES = {
    "H01": (lambda r: setattr(r, "la_code", ""), lambda r: setattr(r, "la_code", "891")),
    "H02": (lambda r: setattr(r, "DCO", ""), lambda r: setattr(r, "DMO", "R")),
    "P01": (_set(_p, Forename="  "), _set(_p, Forename="Sami-Jo")),
    "P02": (_set(_p, PersonBirthDate=D(2026, 2, 1)), _set(_p, PersonBirthDate=CENSUS)),
    "P03": (_set(_p, PersonBirthDate=D(1990, 1, 1)), _set(_p, PersonBirthDate=D(2000, 2, 1))),
    "P04": (_set(_p, PersonBirthDate=D(2000, 1, 1)), _set(_p, PersonBirthDate=D(2000, 1, 16))),
    "P05": (_set(_p, Sex="X"), _set(_p, Sex="F")),
    "P06": (_set(_p, Sex="U"), _set(_p, Sex="F")),
    "P07": (_set(_p, Ethnicity="WXYZ"), _set(_p, Ethnicity="NOBT")),
    "P08": (_set(_p, UPN="A330200014005"), None),
    "P09": (_set(_p, UniqueLearnerNumber="1234567890"), _set(_p, UniqueLearnerNumber="9276308686")),
    "P10": (_set(_p, UPN=""), lambda r: (_set(_p, UPN="")(r), _under_five(r))),
    "P11": (
        lambda r: (_set(_p, UPN="")(r), _under_five(r)),
        _set(_p, UPN="", UniqueLearnerNumber="9276308686"),
    ),
    "P12": (_set(_p, PostCode="NOT A CODE"), _set(_p, PostCode="SW1A 1AA")),
    "R01": (_set(_r, ReceivedDate=D(2026, 1, 16)), _set(_r, ReceivedDate=D(2024, 1, 2))),
    "R02": (_set(_r, RequestSource=None), _set(_r, RequestSource=5)),
    "R03": (_set(_r, RequestOutcomeDate=None), _no_request_outcome),
    "R04": (_set(_r, RequestOutcome=""), _set(_r, RequestOutcome="H")),
    "R05": (_set(_r, RequestOutcomeDate=D(2024, 1, 19)), _set(_r, RequestOutcomeDate=D(2024, 1, 20))),
    "A01": (_set(_r, RequestOutcome="N"), _set(_r, RequestOutcome="H")),
    "A02": (
        _set(_a, AssessmentOutcomeDate=None),
        _set(_a, AssessmentOutcome="A", AssessmentOutcomeDate=None, Week20=None, named_plan=None),
    ),
    "A03": (_set(_a, AssessmentOutcome=""), _set(_a, AssessmentOutcome="N", named_plan=None)),
    "A04": (_set(_a, AssessmentOutcomeDate=D(2024, 2, 24)), _set(_a, AssessmentOutcomeDate=D(2024, 2, 25))),
    "A05": (_set(_a, Week20=True), _set(_a, Week20=True, exceptions_recorded=2)),
    "N01": (_set(_n, StartDate=D(2026, 1, 16)), _set(_n, StartDate=CENSUS)),
    "N02": (_set(_n, StartDate=D(2024, 1, 19)), _set(_n, StartDate=D(2024, 1, 20))),
    "N03": (_set(_n, CeaseDate=D(2025, 7, 1)), _set(_n, CeaseDate=D(2025, 7, 1), CeaseReason=2)),
    "N04": (
        _set(_n, CeaseDate=D(2025, 7, 1), CeaseReason=10),
        _set(_n, CeaseDate=D(2025, 7, 1), CeaseReason=9),
    ),
    "N05": (
        _set(_n, CeaseDate=D(2024, 6, 2), CeaseReason=2),
        _set(_n, CeaseDate=D(2024, 6, 3), CeaseReason=2),
    ),
    "N06": (_set(_a, AssessmentOutcome="N"), _set(_a, AssessmentOutcome="H")),
    "D01": (
        _set(lambda r: _n(r).details[0], UKPRN=10000001),
        _set(lambda r: _n(r).details[0], URN=None, UKPRN=10000001),
    ),  # noqa: E501
    "D02": (
        _set(lambda r: _n(r).details[0], URN=None, SENSetting="ZZZ"),
        _set(lambda r: _n(r).details[0], URN=None, SENSetting="EHE"),
    ),  # noqa: E501
    "D03": (_set(_n, details=[]), _set(_n, details=[], CeaseDate=D(2025, 7, 1), CeaseReason=2)),
    "L01": (
        _set(lambda r: _ap(r).placements[0], LeavingDate=D(2024, 8, 31)),
        _set(lambda r: _ap(r).placements[0], LeavingDate=D(2024, 9, 1)),
    ),  # noqa: E501
    "L02": (
        _set(lambda r: _ap(r).placements[0], URN=None),
        _set(lambda r: _ap(r).placements[0], URN=None, SENSetting="OLA"),
    ),  # noqa: E501
    "L03": (
        _set(lambda r: _ap(r).placements[0], URN=None, SENSetting="XX"),
        _set(lambda r: _ap(r).placements[0], URN=None, SENSetting="NEET"),
    ),  # noqa: E501
    "L04": (
        _set(lambda r: _ap(r).placements[0], LeavingDate=D(2025, 12, 19)),
        _set(lambda r: _ap(r).placements[0], LeavingDate=CENSUS),
    ),  # noqa: E501
    "S01": (_set(_ap, needs=[]), _set(_ap, needs=[], in_force_on_census=False)),
    "S02": (_set(_ap, needs=[SENNeed("DOWN", 1)]), _set(_ap, needs=[SENNeed("SLCN", 1)])),
    "V01": (_set(_ap, LastReview=D(2025, 5, 19)), _set(_ap, LastReview=D(2025, 5, 20))),
    "V02": (_set(_ap, ReviewOutcome="Q"), _set(_ap, ReviewOutcome="C")),
    "V03": (
        _set(_ap, last_meeting_before_census=D(2025, 1, 14)),
        _set(_ap, last_meeting_before_census=D(2025, 1, 15)),
    ),  # noqa: E501
    "T01": (_set(_ap, TransferLA="33"), _set(_ap, TransferLA="330")),
}

RULE_IDS = [rule.rule_id for rule in load_rules()]


def _fired(ret: Sen2Return) -> set[str]:
    return {problem.rule.rule_id for problem in validate(ret).problems}


def test_the_clean_return_passes_every_rule():
    ret = clean_return()
    _ap(ret).last_meeting_before_census = D(2025, 5, 20)
    assert _fired(ret) == set()


@pytest.fixture
def clean():
    ret = clean_return()
    _ap(ret).last_meeting_before_census = D(2025, 5, 20)
    return ret


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_fires_on_a_record_that_breaks_it(clean, rule_id):
    breaking, _ = CASES[rule_id]
    breaking(clean)
    assert rule_id in _fired(clean)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_passes_a_record_that_keeps_it(clean, rule_id):
    _, passing = CASES[rule_id]
    if passing is not None:
        passing(clean)
    assert rule_id not in _fired(clean)


def test_each_break_is_reported_once_with_its_severity(clean):
    ret = copy.deepcopy(clean)
    CASES["P10"][0](ret)
    problems = [p for p in validate(ret).problems if p.rule.rule_id == "P10"]
    assert len(problems) == 1
    assert problems[0].severity == "error"
    assert problems[0].child_id == 11 and problems[0].child_name == "Sami Khan"
