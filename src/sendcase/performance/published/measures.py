"""Which published column each comparator measure is.

Years: activity measures (requests, assessments, new plans, 20-week timeliness, annual reviews, ceased
plans) are published for a calendar year, and `year` is that year (2024 = January to December 2024).
Snapshot measures (plans in force, settings, primary need) are counted on the January census day, and
`year` is the year of that January (2025 = plans in force in January 2025, DfE's period "202425").
Both come from the same SEN2 collection: the 2025 return holds January 2025 plans and 2024 activity.

Polarity: "higher" or "lower" is better; "none" where neither is (counts, mixes of settings or needs),
and then no rank or quartile is given, because "best" would mean nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    unit: str  # "percent" or "count"
    polarity: str  # "higher", "lower" or "none"
    source_file: str  # DfE file stem in data/
    column: str
    period: str  # "calendar" or "january"


def _pc(key: str, title: str, file: str, column: str, period: str, polarity: str = "none") -> Measure:
    return Measure(key, title, "percent", polarity, file, column, period)


def _n(key: str, title: str, file: str, column: str, period: str) -> Measure:
    return Measure(key, title, "count", "none", file, column, period)


_TIMELINESS = "timeliness_20_week"
_NEEDS = [
    ("asd", "autistic spectrum disorder"),
    ("hi", "hearing impairment"),
    ("mld", "moderate learning difficulty"),
    ("msi", "multi-sensory impairment"),
    ("oth", "other difficulty or disability"),
    ("pd", "physical disability"),
    ("pmld", "profound and multiple learning difficulty"),
    ("semh", "social, emotional and mental health"),
    ("slcn", "speech, language and communication needs"),
    ("sld", "severe learning difficulty"),
    ("spld", "specific learning difficulty"),
    ("vi", "visual impairment"),
    ("unknown", "primary need not recorded"),
]
_SETTINGS = [
    ("mainstream", "mainstream schools", "mainstream_total_pc"),
    ("special", "special schools", "special_total_pc"),
    ("alternative_provision", "alternative provision and pupil referral units", "AP_PRU_total_pc"),
    ("further_education", "further education and post-16", "fe_total_pc"),
    ("early_years", "non-maintained early years", "nm_early_years_pc"),
    (
        "educated_elsewhere",
        "educated elsewhere (other arrangements, NEET, awaiting provision)",
        "ed_elsewhere_pc",
    ),
    ("not_recorded", "placement not recorded", "placement_unknown_pc"),
]

MEASURES: dict[str, Measure] = {
    m.key: m
    for m in [
        _pc(
            "plans_20_weeks_including_exceptions",
            "New EHC plans issued within 20 weeks, including exceptions",
            _TIMELINESS,
            "pc_plans_issued_within_20_weeks",
            "calendar",
            "higher",
        ),
        _pc(
            "plans_20_weeks_excluding_exceptions",
            "New EHC plans issued within 20 weeks, excluding exceptions",
            _TIMELINESS,
            "PC_plans_issued_20_weeks_ex",
            "calendar",
            "higher",
        ),
        _n(
            "plans_issued",
            "New EHC plans issued (20-week denominator)",
            _TIMELINESS,
            "plans_issued_den",
            "calendar",
        ),
        _n("ehc_plans", "EHC plans in force in January (caseload)", "caseload", "ehcplans", "january"),
        _n("new_ehc_plans", "New EHC plans in the calendar year", "newplans", "new_ehc_plans", "calendar"),
        _n(
            "requests_received",
            "Requests for an EHC needs assessment received",
            "requests",
            "requests_received_in_year",
            "calendar",
        ),
        _n(
            "requests_refused",
            "Requests where the authority decided not to assess",
            "requests",
            "requests_decided_not_to_assess",
            "calendar",
        ),
        # A lower refusal share is taken as better, as on the DfE and Ofsted local-area dashboards: refusals
        # are the first source of mediation and appeals. Change the polarity here if the board disagrees.
        _pc(
            "requests_refused_pc",
            "Requests for assessment refused (decided not to assess), %",
            "requests",
            "request_not_assess_pc",
            "calendar",
            "lower",
        ),
        _pc(
            "requests_agreed_pc",
            "Requests for assessment agreed (decided to assess), %",
            "requests",
            "request_assess_pc",
            "calendar",
        ),
        _pc(
            "request_decisions_6_weeks_pc",
            "Request decisions made within 6 weeks, %",
            "requests",
            "request_outcome_six_weeks_pc",
            "calendar",
            "higher",
        ),
        _pc(
            "assessments_plan_issued_pc",
            "Assessments where a plan was issued, %",
            "assessments",
            "assess_issued_pc",
            "calendar",
        ),
        _n(
            "annual_reviews_expected",
            "Plans where an annual review was expected",
            "annual_reviews",
            "review_expected",
            "calendar",
        ),
        _n(
            "annual_reviews_meeting_recorded",
            "Plans with an annual review meeting recorded",
            "annual_reviews",
            "total_review_meeting",
            "calendar",
        ),
        _pc(
            "annual_reviews_decision_4_weeks_pc",
            "Annual review decisions sent within 4 weeks of the meeting, %",
            "annual_reviews",
            "pc_decsion_4weeks",
            "calendar",
            "higher",
        ),
        _n(
            "ceased_plans",
            "EHC plans ceased in the calendar year",
            "ceased_plans",
            "total_ceased",
            "calendar",
        ),
        *[
            _pc(f"setting_{key}_pc", f"Plans in force in {title}, %", "caseload", column, "january")
            for key, title, column in _SETTINGS
        ],
        *[
            _pc(
                f"need_{key}_pc",
                f"Plans in force with a primary need of {title}, %",
                "sen_needs_all_plans",
                f"{key}_pc",
                "january",
            )
            for key, title in _NEEDS
        ],
    ]
}


def period_for(measure: Measure, year: int) -> str:
    """DfE's `time_period` for a measure's year (see the module docstring)."""
    if measure.period == "january":
        return f"{year - 1}{year % 100:02d}"
    return str(year)


def year_for(measure: Measure, period: str) -> int:
    return int(period[:4]) + 1 if measure.period == "january" else int(period)
