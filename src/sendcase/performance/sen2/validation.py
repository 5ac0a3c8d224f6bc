"""Validate a SEN2 return against the rules in rules.csv.

The rules table (id, severity, module, items, where it is fixed, message) is data, so a data officer can
read it and the DfE's changes are easy to follow. Each rule has one check here, registered under its id,
that gets the record of its module (and the records above it) and answers "does this pass?". A rule in
the table without a check, or a check without a rule, is refused when the table is loaded.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.urls import reverse

from sendcase.core.identifiers import validate_postcode, validate_uln, validate_upn
from sendcase.statutory.reviews import age_on

from . import codes
from .census import CensusPeriod
from .records import (
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

RULES_FILE = Path(__file__).with_name("rules.csv")
SEVERITIES = ("error", "warning")
MODULES = (
    "header", "person", "requests", "assessment", "named_plan", "plan_detail", "active_plan", "placement",
    "sen_need",
)  # fmt: skip
COMPULSORY_SCHOOL_AGE = 5
MAX_AGE = 25


@dataclass(frozen=True)
class Rule:
    rule_id: str
    severity: str
    module: str
    items: tuple[str, ...]
    fix_on: str
    message: str


@dataclass
class Context:
    """The record a check looks at, and the records above it in the return."""

    period: CensusPeriod
    sen2: Sen2Return
    person: Person | None = None
    request: Request | None = None
    assessment: Assessment | None = None
    named: NamedPlan | None = None
    detail: PlanDetail | None = None
    active: ActivePlan | None = None
    placement: PlacementDetail | None = None
    need: SENNeed | None = None


@dataclass(frozen=True)
class Problem:
    rule: Rule
    child_id: int | None
    child_name: str
    subject: str
    fix_url: str | None

    @property
    def severity(self) -> str:
        return self.rule.severity


@dataclass
class ValidationReport:
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def by_rule(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for problem in self.problems:
            counts[problem.rule.rule_id] = counts.get(problem.rule.rule_id, 0) + 1
        return counts


Check = Callable[[Context], bool]
CHECKS: dict[str, Check] = {}


def check(rule_id: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS[rule_id] = fn
        return fn

    return register


def _valid(validator, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _exactly_one_setting(urn, ukprn, setting: str) -> bool:
    return sum(1 for present in (urn, ukprn, setting) if present) == 1


# --- header ---------------------------------------------------------------------------------------


@check("H01")
def _la_code(c: Context) -> bool:
    return len(c.sen2.la_code) == 3 and c.sen2.la_code.isdigit()


@check("H02")
def _designated_officers(c: Context) -> bool:
    return c.sen2.DMO in codes.CODE_SETS["DMO"] and c.sen2.DCO in codes.CODE_SETS["DCO"]


# --- person ---------------------------------------------------------------------------------------


@check("P01")
def _names(c: Context) -> bool:
    return bool(c.person.Surname.strip() and c.person.Forename.strip())


@check("P02")
def _dob_recorded(c: Context) -> bool:
    dob = c.person.PersonBirthDate
    return dob is not None and dob <= c.period.census_date


@check("P03")
def _dob_not_too_old(c: Context) -> bool:
    dob = c.person.PersonBirthDate
    return dob is None or age_on(dob, c.period.census_date) <= MAX_AGE + 1


@check("P04")
def _over_25(c: Context) -> bool:
    dob = c.person.PersonBirthDate
    return dob is None or age_on(dob, c.period.census_date) <= MAX_AGE


@check("P05")
def _sex_code(c: Context) -> bool:
    return c.person.Sex in codes.CODE_SETS["Sex"]


@check("P06")
def _sex_known(c: Context) -> bool:
    return c.person.Sex != "U"


@check("P07")
def _ethnicity(c: Context) -> bool:
    return c.person.Ethnicity in codes.CODE_SETS["Ethnicity"]


@check("P08")
def _upn(c: Context) -> bool:
    return not c.person.UPN or _valid(validate_upn, c.person.UPN)


@check("P09")
def _uln(c: Context) -> bool:
    return not c.person.UniqueLearnerNumber or _valid(validate_uln, c.person.UniqueLearnerNumber)


def _has_identifier(person: Person) -> bool:
    return bool(person.UPN or person.UniqueLearnerNumber or person.UPNunknown)


def _of_school_age(c: Context) -> bool:
    dob = c.person.PersonBirthDate
    return dob is not None and age_on(dob, c.period.census_date) >= COMPULSORY_SCHOOL_AGE


@check("P10")
def _identifier_school_age(c: Context) -> bool:
    return _has_identifier(c.person) or not _of_school_age(c)


@check("P11")
def _identifier_under_school_age(c: Context) -> bool:
    return _has_identifier(c.person) or _of_school_age(c)


@check("P12")
def _postcode(c: Context) -> bool:
    return bool(c.person.PostCode) and _valid(validate_postcode, c.person.PostCode)


# --- requests -------------------------------------------------------------------------------------


@check("R01")
def _received(c: Context) -> bool:
    received = c.request.ReceivedDate
    return received is not None and received <= c.period.census_date


@check("R02")
def _source(c: Context) -> bool:
    if c.request.RequestOutcome == codes.HISTORIC:
        return True  # no request on record, so no source to report
    return c.request.RequestSource in codes.CODE_SETS["RequestSource"]


@check("R03")
def _outcome_pair(c: Context) -> bool:
    decided = c.request.RequestOutcome != codes.REQUEST_PENDING
    return decided == (c.request.RequestOutcomeDate is not None)


@check("R04")
def _outcome_code(c: Context) -> bool:
    return c.request.RequestOutcome in codes.CODE_SETS["RequestOutcome"]


@check("R05")
def _outcome_after_receipt(c: Context) -> bool:
    r = c.request
    return r.RequestOutcomeDate is None or r.ReceivedDate is None or r.RequestOutcomeDate >= r.ReceivedDate


# --- assessment -----------------------------------------------------------------------------------


@check("A01")
def _assessment_after_decision(c: Context) -> bool:
    return c.request.RequestOutcome in (codes.REQUEST_ASSESS, codes.HISTORIC)


@check("A02")
def _assessment_pair(c: Context) -> bool:
    a = c.assessment
    return (a.AssessmentOutcome != codes.ASSESSMENT_PENDING) == (a.AssessmentOutcomeDate is not None)


@check("A03")
def _assessment_code(c: Context) -> bool:
    return c.assessment.AssessmentOutcome in codes.CODE_SETS["AssessmentOutcome"]


@check("A04")
def _assessment_date_order(c: Context) -> bool:
    a, r = c.assessment, c.request
    return (
        a.AssessmentOutcomeDate is None
        or r.RequestOutcomeDate is None
        or a.AssessmentOutcomeDate >= r.RequestOutcomeDate
    )


@check("A05")
def _week20(c: Context) -> bool:
    a = c.assessment
    if a.Week20 is None:
        return True  # no plan issued by census day: the flag is not reported
    return a.Week20 == (a.exceptions_recorded > 0)


# --- named plan -----------------------------------------------------------------------------------


@check("N01")
def _plan_start(c: Context) -> bool:
    start = c.named.StartDate
    return start is not None and start <= c.period.census_date


@check("N02")
def _plan_after_request(c: Context) -> bool:
    start, received = c.named.StartDate, c.request.ReceivedDate
    if c.request.RequestOutcome == codes.HISTORIC:
        return True
    return start is None or received is None or start >= received


@check("N03")
def _cease_reason_with_date(c: Context) -> bool:
    return (c.named.CeaseDate is None) == (c.named.CeaseReason is None)


@check("N04")
def _cease_reason_code(c: Context) -> bool:
    return c.named.CeaseReason is None or c.named.CeaseReason in codes.CODE_SETS["CeaseReason"]


@check("N05")
def _cease_after_start(c: Context) -> bool:
    n = c.named
    return n.CeaseDate is None or n.StartDate is None or n.CeaseDate >= n.StartDate


@check("N06")
def _plan_needs_issue_decision(c: Context) -> bool:
    return c.assessment.AssessmentOutcome in (codes.ASSESSMENT_ISSUE, codes.HISTORIC)


@check("D03")
def _plan_names_setting(c: Context) -> bool:
    return c.named.CeaseDate is not None or bool(c.named.details)


# --- plan detail ----------------------------------------------------------------------------------


@check("D01")
def _detail_one_setting(c: Context) -> bool:
    d = c.detail
    return _exactly_one_setting(d.URN, d.UKPRN, d.SENSetting)


@check("D02")
def _detail_setting_code(c: Context) -> bool:
    return not c.detail.SENSetting or c.detail.SENSetting in codes.CODE_SETS["SENSetting"]


# --- active plan ----------------------------------------------------------------------------------


def _on_census(place: PlacementDetail, census: dt.date) -> bool:
    started = place.EntryDate is not None and place.EntryDate <= census
    return started and (place.LeavingDate is None or place.LeavingDate >= census)


@check("L04")
def _placement_on_census(c: Context) -> bool:
    a = c.active
    return not a.in_force_on_census or any(_on_census(p, c.period.census_date) for p in a.placements)


@check("S01")
def _primary_need(c: Context) -> bool:
    a = c.active
    return not a.in_force_on_census or any(n.SENtypeRank == 1 and n.SENtype for n in a.needs)


@check("V01")
def _review_decision_order(c: Context) -> bool:
    a = c.active
    return a.LastReview is None or a.ReviewMeeting is None or a.LastReview >= a.ReviewMeeting


@check("V02")
def _review_outcome_code(c: Context) -> bool:
    return not c.active.ReviewOutcome or c.active.ReviewOutcome in codes.CODE_SETS["ReviewOutcome"]


@check("V03")
def _review_held(c: Context) -> bool:
    a = c.active
    year_ago = _year_before(c.period.census_date)
    if not a.in_force_on_census or a.plan_start is None or a.plan_start > year_ago:
        return True
    return a.last_meeting_before_census is not None and a.last_meeting_before_census >= year_ago


@check("T01")
def _transfer_la(c: Context) -> bool:
    la = c.active.TransferLA
    return not la or (len(la) == 3 and la.isdigit())


# --- placement and need ---------------------------------------------------------------------------


@check("L01")
def _placement_dates(c: Context) -> bool:
    p = c.placement
    return p.EntryDate is not None and (p.LeavingDate is None or p.LeavingDate >= p.EntryDate)


@check("L02")
def _placement_one_setting(c: Context) -> bool:
    p = c.placement
    return _exactly_one_setting(p.URN, p.UKPRN, p.SENSetting)


@check("L03")
def _placement_setting_code(c: Context) -> bool:
    return not c.placement.SENSetting or c.placement.SENSetting in codes.CODE_SETS["SENSetting"]


@check("S02")
def _need_code(c: Context) -> bool:
    return c.need.SENtype in codes.CODE_SETS["SENtype"]


# --- the table ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_rules(path: Path = RULES_FILE) -> tuple[Rule, ...]:
    """The rules table, checked against the registered checks."""
    with path.open(encoding="utf-8", newline="") as handle:
        rules = tuple(
            Rule(
                rule_id=row["rule_id"].strip(),
                severity=row["severity"].strip(),
                module=row["module"].strip(),
                items=tuple(i.strip() for i in row["items"].split(";") if i.strip()),
                fix_on=row["fix_on"].strip(),
                message=row["message"].strip(),
            )
            for row in csv.DictReader(handle)
        )
    ids = [r.rule_id for r in rules]
    if len(set(ids)) != len(ids):
        raise ValueError("A rule id appears twice in rules.csv.")
    for rule in rules:
        if rule.severity not in SEVERITIES or rule.module not in MODULES:
            raise ValueError(f"Rule {rule.rule_id}: unknown severity or module.")
    if set(ids) != set(CHECKS):
        raise ValueError(
            f"Rules without checks: {set(ids) - set(CHECKS)}; checks without rules: {set(CHECKS) - set(ids)}"
        )
    return rules


def contexts(sen2: Sen2Return) -> Iterator[tuple[str, Context]]:
    """Every (module, context) in the return, top down."""
    period = CensusPeriod(sen2.census_date)
    yield "header", Context(period, sen2)
    for person in sen2.persons:
        yield "person", Context(period, sen2, person=person)
        for request in person.requests:
            base = {"person": person, "request": request}
            yield "requests", Context(period, sen2, **base)
            assessment = request.assessment
            if assessment is not None:
                yield "assessment", Context(period, sen2, assessment=assessment, **base)
                named = assessment.named_plan
                if named is not None:
                    yield "named_plan", Context(period, sen2, assessment=assessment, named=named, **base)
                    for detail in named.details:
                        yield (
                            "plan_detail",
                            Context(period, sen2, assessment=assessment, named=named, detail=detail, **base),
                        )
            active = request.active_plan
            if active is not None:
                yield "active_plan", Context(period, sen2, active=active, **base)
                for place in active.placements:
                    yield "placement", Context(period, sen2, active=active, placement=place, **base)
                for need in active.needs:
                    yield "sen_need", Context(period, sen2, active=active, need=need, **base)


def _subject(module: str, c: Context) -> str:
    if module == "header":
        return "Return header"
    if module == "person":
        return "Child's details"
    if module in ("requests", "assessment"):
        received = c.request.ReceivedDate
        return f"Request received {received:%-d %B %Y}" if received else "Request"
    if module == "placement" and c.placement is not None and c.placement.EntryDate:
        return f"Placement from {c.placement.EntryDate:%-d %B %Y}"
    start = c.named.StartDate if c.named else (c.active.plan_start if c.active else None)
    return f"EHC plan from {start:%-d %B %Y}" if start else "EHC plan"


def fix_url(rule: Rule, c: Context) -> str | None:
    """Where the problem is put right: the child's record, the request's case page or the plan."""
    if rule.fix_on == "settings" or c.person is None:
        return None
    if rule.fix_on == "request" and c.request is not None and c.request.request_id is not None:
        return reverse("assessments:case", args=[c.request.request_id])
    plan_id = c.named.plan_id if c.named else (c.active.plan_id if c.active else None)
    if rule.fix_on == "plan" and plan_id is not None:
        return reverse("plans:plan", args=[plan_id])
    return reverse("people:child_detail", args=[c.person.child_id])


def validate(sen2: Sen2Return) -> ValidationReport:
    rules = load_rules()
    by_module: dict[str, list[Rule]] = {}
    for rule in rules:
        by_module.setdefault(rule.module, []).append(rule)
    problems = []
    for module, context in contexts(sen2):
        for rule in by_module.get(module, ()):
            if not CHECKS[rule.rule_id](context):
                problems.append(
                    Problem(
                        rule=rule,
                        child_id=context.person.child_id if context.person else None,
                        child_name=context.person.display_name if context.person else "",
                        subject=_subject(module, context),
                        fix_url=fix_url(rule, context),
                    )
                )
    problems.sort(key=lambda p: (SEVERITIES.index(p.severity), p.child_name, p.rule.rule_id))
    return ValidationReport(problems)
