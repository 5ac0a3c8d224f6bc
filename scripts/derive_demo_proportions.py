#!/usr/bin/env python3
"""Derive the synthetic demo authority's proportions from DfE's published EHC plan statistics.

Reads the June 2025 "Education, health and care plans" release (../shared/data/dfe-ehcp-statistics-2025,
Open Government Licence v3.0) for one local authority and writes src/sendcase/demo/data/proportions.json,
so that `manage.py seed_demo` needs neither the CSVs nor ../shared at run time.

Every figure in the output names the file, the time period, the breakdown and the columns it came from.
Only figures DfE publishes are written here; the demo's own assumptions (how long an adviser takes, how
many schools are consulted, ...) live next to the code that uses them in src/sendcase/demo/histories.py.

Suppressed or not-applicable cells (`x`, `z`, `c`, `low`, blank) are read as missing, never as zero: a
category whose count is missing is left out and listed under "suppressed", and a share whose numerator
or denominator is missing is not written.

Usage (from the repository root):

    .venv/bin/python scripts/derive_demo_proportions.py
    .venv/bin/python scripts/derive_demo_proportions.py --la-code E08000025 --data-dir ../shared/data/...

The default authority is Birmingham (new code E08000025, old code 330): the largest in England, which is
the size the service must serve. Each file is read at the latest time period it holds for the authority.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO.parent / "shared" / "data" / "dfe-ehcp-statistics-2025" / "data"
DEFAULT_OUTPUT = REPO / "src" / "sendcase" / "demo" / "data" / "proportions.json"
DEFAULT_LA = "E08000025"

# DfE conventions (data-guidance.txt): z not applicable, x unavailable; c and low appear in other
# releases for small or confidential values. None of them is zero.
SUPPRESSED = {"x", "z", "c", "low", "", ":", ".."}

# Age bands the demo draws settings and needs by. A child's setting depends heavily on age (early years,
# primary, secondary, post-16), so one authority-wide mix would put three-year-olds in FE colleges.
AGE_BANDS = {"0-4": (0, 4), "5-10": (5, 10), "11-15": (11, 15), "16-19": (16, 19), "20-25": (20, 25)}

# DfE ethnicity labels in the EHC plan files, mapped to the census main codes the service stores.
# "Unclassified" covers both refused and not yet obtained; DfE does not split it (see ETHNICITY_SPLIT).
ETHNICITY_CODES = {
    "White - White British": "WBRI",
    "White - Irish": "WIRI",
    "White - Traveller of Irish heritage": "WIRT",
    "White - Any other White background": "WOTH",
    "White - Gypsy/Roma": "WROM",
    "Mixed - White and Black Caribbean": "MWBC",
    "Mixed - White and Black African": "MWBA",
    "Mixed - White and Asian": "MWAS",
    "Mixed - Any other Mixed background": "MOTH",
    "Asian - Indian": "AIND",
    "Asian - Pakistani": "APKN",
    "Asian - Bangladeshi": "ABAN",
    "Asian - Any other Asian background": "AOTH",
    "Asian - Chinese": "CHNE",
    "Black - Black Caribbean": "BCRB",
    "Black - Black African": "BAFR",
    "Black - Any other Black background": "BOTH",
    "Any other ethnic group": "OOTH",
    "Unclassified": "UNCLASSIFIED",
}
SEX_CODES = {"Female": "F", "Male": "M"}

# sen_need_newplans.csv columns, mapped to the SEN2 need codes (settings_data.codes.NeedType).
NEED_COLUMNS = {
    "ASD": "number_asd",
    "HI": "number_hi",
    "MLD": "number_mld",
    "MSI": "number_msi",
    "OTH": "number_oth",
    "PD": "number_pd",
    "PMLD": "number_pmld",
    "SEMH": "number_semh",
    "SLCN": "number_slcn",
    "SLD": "number_sld",
    "SPLD": "number_spld",
    "VI": "number_vi",
}

# caseload.csv columns grouped into the service's establishment kinds (settings_data.codes.EstablishmentType).
# "none" is a plan that names no establishment: educated elsewhere (home education, other arrangements,
# not in education or training) or placement not recorded. The groups add up to `ehcplans`.
SETTING_COLUMNS = {
    "mainstream": [
        "mainstream_la_maintained",
        "mainstream_academy",
        "mainstream_free_school",
        "mainstream_independent",
    ],
    "resourced_provision": [
        "mainstream_la_maintained_resourced_provision",
        "mainstream_la_maintained_senunit",
        "mainstream_academy_resourced_provision",
        "mainstream_academy_senunit",
        "mainstream_free_school_resourced_provision",
        "mainstream_free_school_senunit",
    ],
    "special": ["special_la_maintained", "special_academy_free", "special_non_maintained"],
    "independent_special": ["special_independent"],
    "alternative_provision": ["ap_pru_academy", "ap_pru_free_school", "ap_pru_la_maintained"],
    "further_education": [
        "general_fe_tertiary_colleges",
        "specialist_post_16_institutions",
        "ukrlp_provider",
    ],
    "early_years": ["nm_early_years"],
    "none": ["ed_elsewhere", "placement_unknown"],
}


class DataError(Exception):
    pass


def parse_count(cell: str | None) -> float | None:
    """A published number, or None when the cell is suppressed or not applicable (never zero)."""
    value = (cell or "").strip()
    if value.lower() in SUPPRESSED:
        return None
    try:
        return float(value)
    except ValueError:
        raise DataError(f"unexpected cell value {value!r}") from None


def read_rows(path: Path, la_code: str) -> list[dict[str, str]]:
    # utf-8-sig: the DfE files start with a byte-order mark, which would otherwise join the first header.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["new_la_code"] == la_code]
    if not rows:
        raise DataError(f"{path.name} has no rows for local authority {la_code}")
    return rows


def latest(rows: list[dict[str, str]]) -> tuple[str, list[dict[str, str]]]:
    period = max(row["time_period"] for row in rows)
    return period, [row for row in rows if row["time_period"] == period]


def one_row(rows: Iterable[dict[str, str]], topic: str, breakdown: str | None = None) -> dict[str, str]:
    matches = [
        r
        for r in rows
        if r["breakdown_topic"] == topic and (breakdown is None or r["breakdown"] == breakdown)
    ]
    if len(matches) != 1:
        raise DataError(f"expected one row for {topic!r}/{breakdown!r}, found {len(matches)}")
    return matches[0]


def source(file: str, period: str, topic: str, breakdown: str | None = None, **extra: object) -> dict:
    out: dict[str, object] = {"file": file, "time_period": period, "breakdown_topic": topic}
    if breakdown is not None:
        out["breakdown"] = breakdown
    out.update(extra)
    return out


def shares(counts: dict[str, float | None]) -> tuple[dict[str, float], list[str]]:
    """Shares of the known counts; suppressed categories are reported, not zeroed."""
    known = {k: v for k, v in counts.items() if v is not None}
    suppressed = sorted(k for k, v in counts.items() if v is None)
    total = sum(known.values())
    if total <= 0:
        raise DataError(f"no known counts among {sorted(counts)}")
    return {k: round(v / total, 6) for k, v in known.items()}, suppressed


def pc(row: dict[str, str], column: str) -> float | None:
    value = parse_count(row[column])
    return None if value is None else round(value / 100, 6)


def age_of(label: str) -> tuple[int, int]:
    """The age range a DfE age label covers: 'Aged 2 and under', 'age 20 and over', 'under 3', 'age 7'."""
    text = label.lower()
    number = int(re.search(r"\d+", text).group())
    if "and under" in text:
        return 0, number
    if text.startswith("under"):
        return 0, number - 1
    if "and over" in text:
        return number, 25
    return number, number


def band_of(low: int, high: int) -> str:
    for name, (band_low, band_high) in AGE_BANDS.items():
        if band_low <= low and high <= band_high:
            return name
    # A label spanning two bands ("age 2 and under" fits; none currently spans two) goes by its lower age.
    for name, (band_low, band_high) in AGE_BANDS.items():
        if band_low <= low <= band_high:
            return name
    raise DataError(f"age {low}-{high} is outside every band")


def derive_requests(data_dir: Path, la: str) -> tuple[dict, dict]:
    file = "requests.csv"
    period, rows = latest(read_rows(data_dir / file, la))
    topic = "All requests for EHC needs assessments"
    total = one_row(rows, topic)
    columns = {
        "assess": "requests_decided_to_assess",
        "not_assess": "requests_decided_not_to_assess",
        "withdrawn": "requests_withdrawn",
        "outstanding": "requests_decision_not_made",
    }
    counts = {key: parse_count(total[col]) for key, col in columns.items()}
    outcome_shares, suppressed = shares(counts)
    figures = {
        "request_outcome": {
            "source": source(file, period, topic, topic),
            "description": "What happened to requests received in the year, as a share of all of them.",
            "columns": columns,
            "counts": counts,
            "shares": outcome_shares,
            "suppressed": suppressed,
        },
        "decision_within_6_weeks": {
            "source": source(file, period, topic, topic),
            "description": "Share of decisions whether to assess made within 6 weeks (Regs 5(1)).",
            "column": "request_outcome_six_weeks_pc",
            "share": pc(total, "request_outcome_six_weeks_pc"),
        },
        "request_sex": _breakdown_shares(file, period, rows, "Sex", SEX_CODES, "requests_received_in_year"),
        "request_ethnicity": _breakdown_shares(
            file, period, rows, "Ethnicity", ETHNICITY_CODES, "requests_received_in_year"
        ),
    }
    ages: dict[str, float | None] = {}
    for row in rows:
        if row["breakdown_topic"] == "Child or young persons age":
            low, high = age_of(row["breakdown"])
            ages[f"{low}-{high}"] = parse_count(row["requests_received_in_year"])
    age_shares, age_suppressed = shares(ages)
    figures["request_age"] = {
        "source": source(file, period, "Child or young persons age", column="requests_received_in_year"),
        "description": "Age when the request was received: keys are inclusive ranges of whole years.",
        "shares": age_shares,
        "suppressed": age_suppressed,
    }
    # Requests received in each calendar year: the demo spreads its requests over the years before
    # `as_of` in these proportions, so the caseload grows the way the authority's did.
    by_year: dict[str, float | None] = {}
    for row in read_rows(data_dir / file, la):
        if row["breakdown_topic"] == topic:
            by_year[row["time_period"]] = parse_count(row["requests_received_in_year"])
    figures["requests_by_year"] = {
        "source": source(file, "all", topic, topic, column="requests_received_in_year"),
        "description": "Requests received per calendar year; the latest year is first in `order`.",
        "counts": by_year,
        "order": sorted(by_year, reverse=True),
    }
    return figures, {"period": period}


def _breakdown_shares(
    file: str, period: str, rows: list[dict[str, str]], topic: str, codes: dict[str, str], column: str
) -> dict:
    counts: dict[str, float | None] = {}
    unmapped = []
    for row in rows:
        if row["breakdown_topic"] != topic:
            continue
        code = codes.get(row["breakdown"])
        if code is None:
            unmapped.append(row["breakdown"])
            continue
        counts[code] = parse_count(row[column])
    if unmapped:
        raise DataError(f"{file} {topic}: no code for {unmapped}")
    result, suppressed = shares(counts)
    return {
        "source": source(file, period, topic, column=column),
        "labels": {code: label for label, code in codes.items()},
        "shares": result,
        "suppressed": suppressed,
    }


def derive_assessments(data_dir: Path, la: str) -> dict:
    file = "assessments.csv"
    period, rows = latest(read_rows(data_dir / file, la))
    topic = "All EHC needs assessments"
    row = one_row(rows, topic)
    columns = {"issued": "assess_issued", "not_issued": "assess_not_issued"}
    counts = {key: parse_count(row[col]) for key, col in columns.items()}
    result, suppressed = shares(counts)
    return {
        "assessment_outcome": {
            "source": source(file, period, topic, topic),
            "description": "After an assessment: share of decisions to issue a plan and not to issue one.",
            "columns": columns,
            "counts": counts,
            "shares": result,
            "suppressed": suppressed,
        },
        "not_issue_within_16_weeks": {
            "source": source(file, period, topic, topic),
            "description": "Share of decisions not to issue a plan made within 16 weeks (Regs 10(1)).",
            "column": "outcome_decision_within_time_pc",
            "share": pc(row, "outcome_decision_within_time_pc"),
        },
    }


def derive_timeliness(data_dir: Path, la: str) -> dict:
    file = "timeliness_20_week.csv"
    period, rows = latest(read_rows(data_dir / file, la))
    topic = "All EHC plans issued"
    row = one_row(rows, topic)
    all_plans = parse_count(row["plans_issued_den"])
    without_exceptions = parse_count(row["plans_issued_den_ex"])
    with_exceptions = (
        None
        if all_plans is None or without_exceptions is None or all_plans <= 0
        else round((all_plans - without_exceptions) / all_plans, 6)
    )
    return {
        "final_plan_timeliness": {
            "source": source(file, period, topic, topic),
            "description": (
                "New plans issued within 20 weeks (Regs 13(2)), counting all plans (including those with an "
                "exception) and only plans without one; `with_exceptions` is the share of plans with an "
                "exception, 1 - plans_issued_den_ex / plans_issued_den."
            ),
            "columns": {
                "within_20_weeks_including_exceptions": "pc_plans_issued_within_20_weeks",
                "within_20_weeks_excluding_exceptions": "PC_plans_issued_20_weeks_ex",
                "over_52_weeks_including_exceptions": "pc_plans_issued_gt_1_year",
                "with_exceptions": "plans_issued_den, plans_issued_den_ex",
            },
            "within_20_weeks_including_exceptions": pc(row, "pc_plans_issued_within_20_weeks"),
            "within_20_weeks_excluding_exceptions": pc(row, "PC_plans_issued_20_weeks_ex"),
            "over_52_weeks_including_exceptions": pc(row, "pc_plans_issued_gt_1_year"),
            "with_exceptions": with_exceptions,
            "counts": {"plans_issued_den": all_plans, "plans_issued_den_ex": without_exceptions},
        }
    }


def derive_needs(data_dir: Path, la: str) -> dict:
    file = "sen_need_newplans.csv"
    period, rows = latest(read_rows(data_dir / file, la))
    topic = "All EHC plans"
    total_row = one_row(rows, topic)
    overall, suppressed = shares({code: parse_count(total_row[col]) for code, col in NEED_COLUMNS.items()})
    by_band: dict[str, dict[str, float]] = {}
    band_counts: dict[str, dict[str, float]] = {}
    band_suppressed: dict[str, list[str]] = {}
    for row in rows:
        if row["breakdown_topic"] != "Child or young persons age":
            continue
        band = band_of(*age_of(row["breakdown"]))
        counts = band_counts.setdefault(band, {})
        for code, col in NEED_COLUMNS.items():
            value = parse_count(row[col])
            if value is None:
                band_suppressed.setdefault(band, []).append(f"{row['breakdown']}:{code}")
                continue
            counts[code] = counts.get(code, 0.0) + value
    for band, counts in band_counts.items():
        by_band[band], _ = shares(counts)
    return {
        "primary_need": {
            "source": source(file, period, topic, topic),
            "description": "Primary need in new plans by SEN2 code; by_age_band from the age breakdown.",
            "columns": NEED_COLUMNS,
            "shares": overall,
            "suppressed": suppressed,
            "by_age_band": dict(sorted(by_band.items(), key=lambda kv: AGE_BANDS[kv[0]])),
            "by_age_band_suppressed": band_suppressed,
        }
    }


def derive_settings(data_dir: Path, la: str) -> dict:
    file = "caseload.csv"
    period, rows = latest(read_rows(data_dir / file, la))

    def grouped(row: dict[str, str]) -> tuple[dict[str, float], list[str]]:
        counts: dict[str, float] = {}
        missing = []
        for kind, columns in SETTING_COLUMNS.items():
            for column in columns:
                value = parse_count(row[column])
                if value is None:
                    missing.append(column)
                    continue
                counts[kind] = counts.get(kind, 0.0) + value
        return counts, missing

    topic = "All EHC plans"
    overall_counts, overall_missing = grouped(one_row(rows, topic))
    overall, _ = shares(overall_counts)
    band_counts: dict[str, dict[str, float]] = {}
    band_missing: dict[str, list[str]] = {}
    for row in rows:
        if row["breakdown_topic"] != "Child or young persons age":
            continue
        band = band_of(*age_of(row["breakdown"]))
        counts, missing = grouped(row)
        total = band_counts.setdefault(band, {})
        for kind, value in counts.items():
            total[kind] = total.get(kind, 0.0) + value
        if missing:
            band_missing.setdefault(band, []).extend(f"{row['breakdown']}:{c}" for c in missing)
    by_band = {band: shares(counts)[0] for band, counts in band_counts.items()}
    return {
        "setting_type": {
            "source": source(file, period, topic, topic),
            "description": (
                "Where children with a plan are placed (plans in force in January), grouped into the "
                "service's establishment kinds; 'none' names no establishment (educated elsewhere, "
                "placement not recorded). by_age_band uses the current-age breakdown."
            ),
            "columns": SETTING_COLUMNS,
            "shares": overall,
            "suppressed": overall_missing,
            "by_age_band": dict(sorted(by_band.items(), key=lambda kv: AGE_BANDS[kv[0]])),
            "by_age_band_suppressed": band_missing,
        }
    }


# ceased_plans.csv columns, mapped to the SEN2 cease reason codes (plans.models.CeaseReason). The data
# guidance describes `not_rec` as "ceased for other reasons" (SEN2 code 9) and `other` as "reason is not
# recorded": a plan with no recorded reason has no code, so that column is reported but not drawn.
CEASE_COLUMNS = {
    "1": "max_age",
    "2": "needs_met",
    "3": "he",
    "4": "employ",
    "5": "transfer",
    "6": "no_engage",
    "7": "moved_outside_eng",
    "8": "deceased",
    "9": "not_rec",
}
CEASE_NOT_RECORDED = "other"
# annual_reviews.csv outcome columns (the DfE spelling of "maintain" is kept).
REVIEW_OUTCOME_COLUMNS = {"amend": "outcome_amend", "cease": "outcome_cease", "maintain": "outcome_maintan"}


def derive_reviews(data_dir: Path, la: str) -> dict:
    """Annual reviews (annual_reviews.csv): outcome mix, decisions within 4 weeks, meetings recorded, and
    how long plans reviewed in the year had been in place."""
    file = "annual_reviews.csv"
    period, rows = latest(read_rows(data_dir / file, la))
    topic = "All annual reviews"
    row = one_row(rows, topic)
    counts = {key: parse_count(row[col]) for key, col in REVIEW_OUTCOME_COLUMNS.items()}
    outcome, suppressed = shares(counts)
    expected = parse_count(row["review_expected"])
    held = parse_count(row["total_review_meeting"])
    meeting_share = None if expected in (None, 0) or held is None else round(held / expected, 6)
    years: dict[str, float | None] = {}
    for r in rows:
        if r["breakdown_topic"] != "Years EHC plan in place":
            continue
        label = r["breakdown"].strip()
        key = "0" if label.lower().startswith("less than") else str(int(label))
        years[key] = parse_count(r["total_ehc_plans"])
    year_shares, year_suppressed = shares(years)
    return {
        "review_outcome": {
            "source": source(file, period, topic, topic),
            "description": "Decisions after an annual review held in the year: amend, cease or maintain.",
            "columns": REVIEW_OUTCOME_COLUMNS,
            "counts": counts,
            "shares": outcome,
            "suppressed": suppressed,
        },
        "review_decision_within_4_weeks": {
            "source": source(file, period, topic, topic),
            "description": "Share of review decisions sent within 4 weeks of the meeting (Regs 20(10)).",
            "column": "pc_decsion_4weeks",
            "share": pc(row, "pc_decsion_4weeks"),
        },
        "review_meeting_recorded": {
            "source": source(file, period, topic, topic),
            "description": (
                "Share of expected annual reviews with a meeting recorded (total_review_meeting / "
                "review_expected). DfE does not publish the share held within 12 months; the demo uses "
                "this as the share of reviews held by their due date."
            ),
            "columns": ["total_review_meeting", "review_expected"],
            "counts": {"total_review_meeting": held, "review_expected": expected},
            "share": meeting_share,
        },
        "plan_years_in_place": {
            "source": source(file, period, "Years EHC plan in place", column="total_ehc_plans"),
            "description": "Plans due a review in the year by whole years in place (0 = less than a year).",
            "shares": dict(sorted(year_shares.items(), key=lambda kv: int(kv[0]))),
            "suppressed": year_suppressed,
        },
    }


def derive_ceased(data_dir: Path, la: str) -> dict:
    file = "ceased_plans.csv"
    period, rows = latest(read_rows(data_dir / file, la))
    topic = "All ceased EHC plans"
    row = one_row(rows, topic, topic)
    counts = {code: parse_count(row[col]) for code, col in CEASE_COLUMNS.items()}
    result, suppressed = shares(counts)
    total = parse_count(row["total_ceased"])
    # The reason mix by the age the plan ceased (footnote 1: age on the date the plan ceased), and the
    # plans in force at each age (caseload.csv, current-age breakdown): the demo makes the yearly chance
    # of a plan ceasing depend on age in proportion to ceased / in force, and draws the reason from the
    # mix at that age, so reasons that need an age go to children of that age instead of being redrawn.
    age_topic = "Age plan ceased"
    by_age: dict[str, dict[str, float]] = {}
    by_age_suppressed: list[str] = []
    for r in rows:
        if r["breakdown_topic"] != age_topic:
            continue
        low, high = age_of(r["breakdown"])
        counts_at_age = by_age.setdefault(f"{low}-{high}", {})
        for code, col in CEASE_COLUMNS.items():
            value = parse_count(r[col])
            if value is None:
                by_age_suppressed.append(f"{r['breakdown']}:{code}")
                continue
            counts_at_age[code] = counts_at_age.get(code, 0.0) + value
    caseload_file = "caseload.csv"
    caseload_period, caseload_rows = latest(read_rows(data_dir / caseload_file, la))
    in_force: dict[str, float | None] = {}
    for r in caseload_rows:
        if r["breakdown_topic"] != "Child or young persons age":
            continue
        low, high = age_of(r["breakdown"])
        in_force[f"{low}-{high}"] = parse_count(r["ehcplans"])
    return {
        "cease_reason": {
            "source": source(file, period, topic, topic),
            "description": (
                "Plans ceased in the year by SEN2 cease reason (1-9). `other` (reason not recorded) has no "
                "code and is not drawn; its count is kept in `not_recorded`."
            ),
            "columns": CEASE_COLUMNS,
            "counts": counts,
            "shares": result,
            "suppressed": suppressed,
            "not_recorded": parse_count(row[CEASE_NOT_RECORDED]),
            "total_ceased": total,
            "by_age": {
                "source": source(file, period, age_topic, columns=CEASE_COLUMNS),
                "description": (
                    "Ceased plans by SEN2 cease reason and age when the plan ceased: keys are inclusive "
                    "ranges of whole years. Suppressed cells are left out and listed in `suppressed`."
                ),
                "counts": dict(sorted(by_age.items(), key=lambda kv: _age_range(kv[0]))),
                "suppressed": by_age_suppressed,
            },
            "in_force_by_age": {
                "source": source(
                    caseload_file, caseload_period, "Child or young persons age", column="ehcplans"
                ),
                "description": "Plans in force in January by current age (inclusive ranges of whole years).",
                "counts": dict(sorted(in_force.items(), key=lambda kv: _age_range(kv[0]))),
                "suppressed": sorted(k for k, v in in_force.items() if v is None),
            },
        }
    }


def _age_range(key: str) -> tuple[int, int]:
    low, high = key.split("-")
    return int(low), int(high)


def derive_caseload(data_dir: Path, la: str) -> dict:
    file = "caseload.csv"
    period, rows = latest(read_rows(data_dir / file, la))
    topic = "All EHC plans"
    return {
        "plans_in_force": {
            "source": source(file, period, topic, topic, column="ehcplans"),
            "description": (
                "EHC plans in force in January: the authority's stock of plans, which the demo scales to "
                "--children against requests_by_year."
            ),
            "count": parse_count(one_row(rows, topic, topic)["ehcplans"]),
        }
    }


def derive(data_dir: Path, la: str) -> dict:
    requests, _ = derive_requests(data_dir, la)
    la_row = read_rows(data_dir / "requests.csv", la)[0]
    figures = {
        **requests,
        **derive_assessments(data_dir, la),
        **derive_timeliness(data_dir, la),
        **derive_needs(data_dir, la),
        **derive_settings(data_dir, la),
        **derive_reviews(data_dir, la),
        **derive_ceased(data_dir, la),
        **derive_caseload(data_dir, la),
    }
    return {
        "about": (
            "Proportions for the synthetic demo authority (manage.py seed_demo), derived from DfE's "
            "'Education, health and care plans' statistics (June 2025, Open Government Licence v3.0) by "
            "scripts/derive_demo_proportions.py. Do not edit by hand: rerun the script."
        ),
        "publication": "dfe-ehcp-statistics-2025",
        "authority": {
            "la_name": la_row["la_name"],
            "new_la_code": la_row["new_la_code"],
            "old_la_code": la_row["old_la_code"],
        },
        "age_bands": {name: list(bounds) for name, bounds in AGE_BANDS.items()},
        "figures": figures,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="folder holding the DfE CSVs")
    parser.add_argument("--la-code", default=DEFAULT_LA, help="new (9-character) local authority code")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON")
    args = parser.parse_args(argv)
    try:
        result = derive(args.data_dir, args.la_code)
    except (DataError, OSError) as error:
        print(f"derive_demo_proportions: {error}", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    print(f"Wrote {args.output} for {result['authority']['la_name']} ({args.la_code}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
