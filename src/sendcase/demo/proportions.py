"""The published figures the synthetic authority follows, read from data/proportions.json.

The JSON is written by scripts/derive_demo_proportions.py from DfE's EHC plan statistics (each figure
names its file, period and columns there). This module turns it into distributions ready to draw from and
fails loudly if a figure the demo needs is missing, rather than quietly using a made-up default.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .sampling import Weighted

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "proportions.json"
MAX_AGE = 25
# SEN2 cease reasons only possible within an age range (inclusive): a child cannot reach the maximum
# age, go to higher education or into paid employment, or stop engaging in post-16 education or training.
# Every other reason (2, 5, 7, 8, 9) is possible at any age.
CEASE_AGES = {1: (18, 25), 3: (18, 25), 4: (18, 25), 6: (16, 25)}


def cease_reason_allowed(reason: int, age: int) -> bool:
    low, high = CEASE_AGES.get(int(reason), (0, MAX_AGE))
    return low <= age <= high


class ProportionsError(Exception):
    pass


@dataclass(frozen=True)
class Proportions:
    authority: str
    # Requests that reached an outcome: decided to assess, decided not to, withdrawn (requests.csv).
    # "Outstanding" is not drawn: it is what the requests received shortly before `as_of` become.
    request_outcome: Weighted[str]
    request_outcome_shares: dict[str, float]
    decision_within_6_weeks: float
    # After an assessment (assessments.csv).
    not_issue_share: float
    not_issue_within_16_weeks: float
    # Final plans (timeliness_20_week.csv).
    within_20_weeks: float
    within_20_weeks_excluding_exceptions: float
    with_exceptions: float
    over_52_weeks: float
    # Who asks (requests.csv breakdowns).
    sex: Weighted[str]
    ethnicity: Weighted[str]
    age_at_request: Weighted[tuple[int, int]]
    # Requests per year, the latest year first: how far back each request was received.
    years_back: Weighted[int]
    # Primary need of new plans and where children with plans are placed, by age band.
    need_by_band: dict[str, Weighted[str]]
    setting_by_band: dict[str, Weighted[str]]
    age_bands: dict[str, tuple[int, int]]
    source: dict[str, Any]
    # The plan lifecycle (annual_reviews.csv, ceased_plans.csv, caseload.csv).
    review_outcome: Weighted[str]
    review_decision_within_4_weeks: float
    review_meeting_by_due: float
    # Whole years a plan had been in place when reviewed (0 = less than a year).
    plan_years: Weighted[int]
    cease_reason: Weighted[int]
    # Plans ceased in the latest year per plan in force: the yearly chance a plan ceases.
    cease_rate: float
    plans_in_force: float
    requests_total: float
    # By whole age (0-25): how much likelier than average a plan is to cease in a year at that age, and
    # the cease reasons at that age (ceased_plans.csv "Age plan ceased", caseload.csv age breakdown).
    cease_by_age: dict[int, tuple[float, Weighted[int]]] = field(default_factory=dict)
    # Per cease reason, how its published cessations spread over whole ages (only ages the reason is
    # possible at): a range's count shared over its ages in proportion to the plans in force at each.
    cease_age_weights: dict[int, dict[int, float]] = field(default_factory=dict)

    def cease_at(self, age: int) -> tuple[float, Weighted[int]]:
        """(relative yearly chance of ceasing, reason mix) at `age`."""
        return self.cease_by_age[min(max(age, 0), MAX_AGE)]

    def band(self, age: int) -> str:
        for name, (low, high) in self.age_bands.items():
            if low <= age <= high:
                return name
        # Older than the last band (a plan can outlive 25 by days): use the last band.
        return list(self.age_bands)[-1] if age > 0 else list(self.age_bands)[0]


def _figure(figures: dict[str, Any], name: str) -> dict[str, Any]:
    try:
        return figures[name]
    except KeyError:
        raise ProportionsError(
            f"proportions.json has no '{name}': rerun scripts/derive_demo_proportions.py"
        ) from None


def _number(value: Any, name: str) -> float:
    if value is None:
        # A suppressed figure: the demo cannot invent it silently.
        raise ProportionsError(f"proportions.json: '{name}' is suppressed or missing in the source data")
    return float(value)


def _age_range(key: str) -> tuple[int, int]:
    low, high = key.split("-")
    return int(low), int(high)


def _cease_by_age(figure: dict[str, Any]) -> dict[int, tuple[float, Weighted[int]]]:
    """Per whole age: the yearly chance of ceasing relative to the average, and the reason mix.

    The relative chance is (plans ceased at the age / plans in force at that age) over the same ratio for
    all ages, counting only reasons possible at the age (a published count the demo's age rules exclude,
    such as paid employment at 17, is dropped). An age the breakdown leaves out (no row, or a suppressed
    total) gets the average chance and the overall mix of the reasons possible at that age.
    """
    ceased = {_age_range(k): v for k, v in figure.get("by_age", {}).get("counts", {}).items()}
    in_force = {
        _age_range(k): v
        for k, v in figure.get("in_force_by_age", {}).get("counts", {}).items()
        if v is not None
    }
    overall = {int(code): share for code, share in figure["shares"].items()}
    per_age: dict[int, tuple[float | None, dict[int, float]]] = {}
    ratios_ceased = ratios_force = 0.0
    for (low, high), counts in ceased.items():
        mix = {int(code): n for code, n in counts.items() if n and cease_reason_allowed(int(code), low)}
        plans = sum(v for (a, b), v in in_force.items() if low <= a and b <= high)
        if not mix or plans <= 0:
            continue
        ratios_ceased += sum(mix.values())
        ratios_force += plans
        for age in range(low, min(high, MAX_AGE) + 1):
            per_age[age] = (sum(mix.values()) / plans, mix)
    mean = ratios_ceased / ratios_force if ratios_force else 0.0
    out: dict[int, tuple[float, Weighted[int]]] = {}
    for age in range(MAX_AGE + 1):
        if age in per_age and mean > 0:
            ratio, mix = per_age[age]
            out[age] = (ratio / mean, Weighted.of(mix))
        else:
            mix = {code: s for code, s in overall.items() if cease_reason_allowed(code, age)}
            out[age] = (1.0, Weighted.of(mix))
    return out


def _cease_age_weights(figure: dict[str, Any]) -> dict[int, dict[int, float]]:
    """Per reason: {age: weight} from ceased_plans.csv "Age plan ceased", each range's count shared over
    its ages by caseload.csv's plans in force at each age (equally where that is not published). A
    reason with no published count by age gets equal weights at every age it is possible at."""
    in_force = {}
    for key, value in figure.get("in_force_by_age", {}).get("counts", {}).items():
        low, high = _age_range(key)
        for age in range(low, high + 1):
            in_force[age] = (value or 0.0) / (high - low + 1)
    out: dict[int, dict[int, float]] = {}
    for code in (int(c) for c in figure["shares"]):
        weights: dict[int, float] = {}
        for key, counts in figure.get("by_age", {}).get("counts", {}).items():
            low, high = _age_range(key)
            ages = [a for a in range(low, min(high, MAX_AGE) + 1) if cease_reason_allowed(code, a)]
            count = counts.get(str(code)) or 0.0
            if not ages or count <= 0:
                continue
            base = {a: in_force.get(a, 0.0) for a in ages}
            total = sum(base.values())
            for a in ages:
                weights[a] = weights.get(a, 0.0) + count * (base[a] / total if total > 0 else 1 / len(ages))
        if not weights:
            weights = {a: 1.0 for a in range(MAX_AGE + 1) if cease_reason_allowed(code, a)}
        out[code] = weights
    return out


def parse(raw: dict[str, Any]) -> Proportions:
    figures = raw["figures"]
    outcome = _figure(figures, "request_outcome")["shares"]
    decided = {k: outcome[k] for k in ("assess", "not_assess", "withdrawn") if k in outcome}
    if set(decided) != {"assess", "not_assess", "withdrawn"}:
        raise ProportionsError("request_outcome needs assess, not_assess and withdrawn shares")
    assessment = _figure(figures, "assessment_outcome")["shares"]
    timeliness = _figure(figures, "final_plan_timeliness")
    years = _figure(figures, "requests_by_year")
    counts = years["counts"]
    years_back = Weighted.of(
        (index, _number(counts[year], f"requests_by_year.{year}"))
        for index, year in enumerate(years["order"])
    )
    bands = {name: (int(low), int(high)) for name, (low, high) in raw["age_bands"].items()}
    needs = _figure(figures, "primary_need")
    settings = _figure(figures, "setting_type")
    need_by_band = {band: Weighted.of(needs["by_age_band"].get(band) or needs["shares"]) for band in bands}
    setting_by_band = {
        band: Weighted.of(settings["by_age_band"].get(band) or settings["shares"]) for band in bands
    }
    return Proportions(
        authority=f"{raw['authority']['la_name']} ({raw['authority']['new_la_code']})",
        request_outcome=Weighted.of(decided),
        request_outcome_shares=dict(outcome),
        decision_within_6_weeks=_number(
            _figure(figures, "decision_within_6_weeks")["share"], "decision_within_6_weeks"
        ),
        not_issue_share=_number(assessment.get("not_issued"), "assessment_outcome.not_issued"),
        not_issue_within_16_weeks=_number(
            _figure(figures, "not_issue_within_16_weeks")["share"], "not_issue_within_16_weeks"
        ),
        within_20_weeks=_number(
            timeliness["within_20_weeks_including_exceptions"], "within_20_weeks_including_exceptions"
        ),
        within_20_weeks_excluding_exceptions=_number(
            timeliness["within_20_weeks_excluding_exceptions"], "within_20_weeks_excluding_exceptions"
        ),
        with_exceptions=_number(timeliness["with_exceptions"], "with_exceptions"),
        over_52_weeks=_number(
            timeliness["over_52_weeks_including_exceptions"], "over_52_weeks_including_exceptions"
        ),
        sex=Weighted.of(_figure(figures, "request_sex")["shares"]),
        ethnicity=Weighted.of(_figure(figures, "request_ethnicity")["shares"]),
        age_at_request=Weighted.of(
            (_age_range(key), share) for key, share in _figure(figures, "request_age")["shares"].items()
        ),
        years_back=years_back,
        need_by_band=need_by_band,
        setting_by_band=setting_by_band,
        age_bands=bands,
        review_outcome=Weighted.of(_figure(figures, "review_outcome")["shares"]),
        review_decision_within_4_weeks=_number(
            _figure(figures, "review_decision_within_4_weeks")["share"], "review_decision_within_4_weeks"
        ),
        review_meeting_by_due=_number(
            _figure(figures, "review_meeting_recorded")["share"], "review_meeting_recorded"
        ),
        plan_years=Weighted.of(
            (int(key), share) for key, share in _figure(figures, "plan_years_in_place")["shares"].items()
        ),
        cease_reason=Weighted.of(
            (int(code), share) for code, share in _figure(figures, "cease_reason")["shares"].items()
        ),
        cease_rate=_number(_figure(figures, "cease_reason")["total_ceased"], "cease_reason.total_ceased")
        / _number(_figure(figures, "plans_in_force")["count"], "plans_in_force"),
        plans_in_force=_number(_figure(figures, "plans_in_force")["count"], "plans_in_force"),
        cease_by_age=_cease_by_age(_figure(figures, "cease_reason")),
        cease_age_weights=_cease_age_weights(_figure(figures, "cease_reason")),
        requests_total=sum(_number(counts[year], f"requests_by_year.{year}") for year in years["order"]),
        source={"publication": raw.get("publication"), "authority": raw["authority"]},
    )


@lru_cache(maxsize=4)
def load(path: Path = DEFAULT_PATH) -> Proportions:
    """The demo's proportions (cached: the file is read once per process)."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProportionsError(
            f"{path} is missing: run scripts/derive_demo_proportions.py to write it"
        ) from None
    return parse(raw)
