"""The probabilistic matcher: a Fellegi-Sunter model run by splink on DuckDB, in memory.

Input is a pandas table of standardised records (`standardise`); output is scored pairs with, per compared
item, the level reached and its match weight, so a reviewer sees why two records were paired.

Parameters (see docs/linkage.md):
- the prior, the chance two random records are the same child, is fixed at 1 in 10,000, so a match
  probability means the same thing whatever the size of the table;
- u (how often an item agrees by chance between different children) is estimated by random sampling
  when there are at least `MIN_RECORDS_FOR_U` records, and otherwise taken from the priors below;
- m (how often it agrees for the same child) comes from the documented priors below, or, when asked
  (`train_m=True`, used on large tables), from expectation-maximisation blocked on date of birth and
  on name. On a few hundred records EM is unstable (few true pairs), so the priors are the default.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from .names import (
    canonical_first_name,
    clean_identifier,
    clean_name,
    clean_postcode,
    iso_date,
    swapped_day_month,
)

PRIOR_MATCH_PROBABILITY = 1e-4
CERTAIN_THRESHOLD = 0.999
REVIEW_THRESHOLD = 0.95
MIN_RECORDS_FOR_U = 1000
COLUMNS = [
    "unique_id",
    "source",
    "first_name",
    "first_name_canon",
    "preferred_name",
    "last_name",
    "dob",
    "dob_swapped",
    "postcode",
    "postcode_outward",
    "upn",
    "nhs_number",
    "sex",
]


def as_rows(table: Any) -> list[dict[str, Any]]:
    """Rows of a table of candidate records: a list of dicts, a pyarrow table, a DuckDB relation, or a
    pandas data frame."""
    if isinstance(table, pa.Table):
        return table.to_pylist()
    if hasattr(table, "arrow") and hasattr(table, "columns"):  # a DuckDB relation
        result = table.arrow()
        return (result.read_all() if hasattr(result, "read_all") else result).to_pylist()
    if hasattr(table, "to_dict") and hasattr(table, "columns"):  # a pandas data frame
        return table.to_dict("records")
    return list(table)


def standardise(rows: Any, *, source: str) -> pa.Table:
    """Records with the keys `record_id`, `legal_first_name`, `preferred_name`, `legal_last_name`,
    `date_of_birth`, `postcode`, `upn`, `nhs_number`, `sex` (missing keys are treated as not known), as
    the table the matcher compares. `unique_id` is `<source>:<record_id>`."""
    out = []
    for row in as_rows(rows):
        dob = iso_date(row.get("date_of_birth"))
        postcode = clean_postcode(row.get("postcode"))
        preferred = clean_name(row.get("preferred_name"))
        first = clean_name(row.get("legal_first_name"))
        sex = (row.get("sex") or "").upper()
        out.append(
            {
                "unique_id": f"{source}:{row['record_id']}",
                "source": source,
                "first_name": first,
                # The preferred name (if any) stands for the first name in the nickname level.
                "first_name_canon": canonical_first_name(first),
                "preferred_name": canonical_first_name(preferred) if preferred else None,
                "last_name": clean_name(row.get("legal_last_name")),
                "dob": dob,
                "dob_swapped": swapped_day_month(dob),
                "postcode": postcode,
                "postcode_outward": postcode[:-3] if postcode and len(postcode) > 4 else None,
                "upn": clean_identifier(row.get("upn")),
                "nhs_number": clean_identifier(row.get("nhs_number")),
                "sex": sex if sex in {"M", "F"} else None,
            }
        )
    return table_of(out)


SCHEMA = pa.schema([(name, pa.string()) for name in COLUMNS])


def table_of(rows: Sequence[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(list(rows), schema=SCHEMA)


def _level(label: str, sql: str, m: float, u: float) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, "m_probability": m, "u_probability": u}


def _null(column: str) -> dict[str, Any]:
    return {
        "sql_condition": f'"{column}_l" IS NULL OR "{column}_r" IS NULL',
        "label_for_charts": "Not known on one record",
        "is_null_level": True,
    }


# Each comparison: (output name, title shown to reviewers, levels in order of decreasing agreement).
# m and u priors: m = share of true pairs at the level, u = share of different children at the level.
_FIRST_NAME_ANY = (
    "first_name_canon_l = first_name_canon_r"
    " OR (preferred_name_l IS NOT NULL AND preferred_name_l IN (first_name_canon_r, preferred_name_r))"
    " OR (preferred_name_r IS NOT NULL AND preferred_name_r = first_name_canon_l)"
)


def _comparisons() -> list[dict[str, Any]]:
    return [
        {
            "output_column_name": "first_name",
            "comparison_description": "First name (legal or preferred)",
            "comparison_levels": [
                _null("first_name"),
                _level("Same legal first name", "first_name_l = first_name_r", 0.8098, 0.01),
                _level(
                    "Same name once nicknames and preferred names are allowed", _FIRST_NAME_ANY, 0.08, 0.003
                ),
                _level(
                    "Very similar spelling",
                    "jaro_winkler_similarity(first_name_l, first_name_r) >= 0.9",
                    0.07,
                    0.005,
                ),
                _level(
                    "Similar spelling",
                    "jaro_winkler_similarity(first_name_l, first_name_r) >= 0.75",
                    0.04,
                    0.05,
                ),
                _level("Different", "ELSE", 0.0002, 0.932),
            ],
        },
        {
            "output_column_name": "last_name",
            "comparison_description": "Last name",
            "comparison_levels": [
                _null("last_name"),
                _level("Same", "last_name_l = last_name_r", 0.88, 0.005),
                _level(
                    "Very similar spelling",
                    "jaro_winkler_similarity(last_name_l, last_name_r) >= 0.92",
                    0.06,
                    0.002,
                ),
                _level(
                    "Similar spelling", "jaro_winkler_similarity(last_name_l, last_name_r) >= 0.8", 0.03, 0.02
                ),
                _level("Different", "ELSE", 0.03, 0.973),
            ],
        },
        {
            "output_column_name": "dob",
            "comparison_description": "Date of birth",
            "comparison_levels": [
                _null("dob"),
                _level("Same", "dob_l = dob_r", 0.90, 0.0002),
                _level("Day and month swapped", "dob_swapped_l = dob_r", 0.03, 0.0002),
                _level("One character different", "levenshtein(dob_l, dob_r) <= 1", 0.04, 0.01),
                _level(
                    "Within a year",
                    "abs(date_diff('day', CAST(dob_l AS DATE), CAST(dob_r AS DATE))) <= 365",
                    0.02,
                    0.1,
                ),
                _level("Different", "ELSE", 0.01, 0.8896),
            ],
        },
        {
            "output_column_name": "postcode",
            "comparison_description": "Postcode",
            "comparison_levels": [
                _null("postcode"),
                _level("Same", "postcode_l = postcode_r", 0.75, 0.0005),
                _level("Same district", "postcode_outward_l = postcode_outward_r", 0.12, 0.02),
                _level("Different", "ELSE", 0.13, 0.9795),
            ],
        },
        {
            "output_column_name": "upn",
            "comparison_description": "UPN",
            "comparison_levels": [
                _null("upn"),
                _level("Same", "upn_l = upn_r", 0.99, 0.00001),
                _level("Different", "ELSE", 0.01, 0.99999),
            ],
        },
        {
            "output_column_name": "nhs_number",
            "comparison_description": "NHS number",
            "comparison_levels": [
                _null("nhs_number"),
                _level("Same", "nhs_number_l = nhs_number_r", 0.99, 0.00001),
                _level("Different", "ELSE", 0.01, 0.99999),
            ],
        },
        {
            "output_column_name": "sex",
            "comparison_description": "Sex",
            "comparison_levels": [
                _null("sex"),
                _level("Same", "sex_l = sex_r", 0.97, 0.5),
                _level("Different", "ELSE", 0.03, 0.5),
            ],
        },
    ]


COMPARISON_TITLES = {c["output_column_name"]: c["comparison_description"] for c in _comparisons()}

# Pairs are only scored if they share at least one of these (blocking): enough to catch typos in any
# single item, few enough to score 100,000 records in seconds.
BLOCKING_RULES = [
    "l.dob = r.dob",
    "l.dob_swapped = r.dob",
    "l.upn = r.upn",
    "l.nhs_number = r.nhs_number",
    "l.first_name_canon = r.first_name_canon AND l.last_name = r.last_name",
    "l.postcode = r.postcode AND l.last_name = r.last_name",
]


def settings_dict() -> dict[str, Any]:
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": PRIOR_MATCH_PROBABILITY,
        "comparisons": _comparisons(),
        "blocking_rules_to_generate_predictions": BLOCKING_RULES,
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
        "additional_columns_to_retain": ["source"],
    }


@dataclass(frozen=True)
class ScoredPair:
    left: str
    right: str
    match_probability: float
    match_weight: float
    details: dict[str, dict[str, Any]] = field(default_factory=dict)

    def agrees(self, item: str) -> bool:
        return self.details.get(item, {}).get("level") == "Same"


def is_certain(pair: ScoredPair) -> bool:
    """Certain enough to merge without a person: probability at least CERTAIN_THRESHOLD, the same date of
    birth, and the same UPN or NHS number or the same legal first and last names."""
    if pair.match_probability < CERTAIN_THRESHOLD or not pair.agrees("dob"):
        return False
    identifier = pair.agrees("upn") or pair.agrees("nhs_number")
    full_name = pair.details.get("first_name", {}).get("level") == "Same legal first name" and pair.agrees(
        "last_name"
    )
    return identifier or full_name


@dataclass
class MatchResult:
    pairs: list[ScoredPair]
    records: int
    training: str


def _level_labels() -> dict[str, list[str]]:
    """Per comparison, the labels indexed by gamma value (splink numbers levels from the bottom: the
    last level is 0, the null level -1)."""
    labels: dict[str, list[str]] = {}
    for comparison in _comparisons():
        non_null = [
            lvl["label_for_charts"] for lvl in comparison["comparison_levels"] if not lvl.get("is_null_level")
        ]
        labels[comparison["output_column_name"]] = list(reversed(non_null))
    return labels


def score(
    records: pa.Table,
    *,
    threshold: float = 0.01,
    estimate_u: bool | None = None,
    train_m: bool = False,
    seed: int = 1,
) -> MatchResult:
    """Score every blocked pair of `records` (a table from `standardise`) and return those with a match
    probability of at least `threshold`."""
    from splink import Linker
    from splink.backends.duckdb import DuckDBAPI

    if records.num_rows < 2:
        return MatchResult(pairs=[], records=records.num_rows, training="none: fewer than two records")
    db_api = DuckDBAPI()
    frame = db_api.register(records, dataset_display_name="records")
    linker = Linker(frame, settings_dict(), log_level=logging.WARNING)
    estimate_u = records.num_rows >= MIN_RECORDS_FOR_U if estimate_u is None else estimate_u
    training = ["prior fixed at 1 in 10,000"]
    if estimate_u:
        linker.training.estimate_u_using_random_sampling(
            max_pairs=min(5e6, records.num_rows**2 / 4), seed=seed
        )
        training.append("u by random sampling")
    else:
        training.append("u from priors")
    if train_m:
        for rule in (
            "l.dob = r.dob",
            "l.first_name_canon = r.first_name_canon AND l.last_name = r.last_name",
        ):
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, fix_probability_two_random_records_match=True
            )
        training.append("m by expectation-maximisation")
    else:
        training.append("m from priors")
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    labels = _level_labels()
    pairs = []
    for row in predictions.as_record_list():
        details = {}
        for name, by_gamma in labels.items():
            gamma = int(row[f"gamma_{name}"])
            weight = row.get(f"mw_{name}")
            details[name] = {
                "level": "Not known on one record" if gamma < 0 else by_gamma[gamma],
                "weight": 0.0
                if weight is None or gamma < 0 or math.isnan(weight)
                else round(float(weight), 2),
            }
        left, right = sorted((row["unique_id_l"], row["unique_id_r"]))
        pairs.append(
            ScoredPair(
                left=left,
                right=right,
                match_probability=float(row["match_probability"]),
                match_weight=float(row["match_weight"]),
                details=details,
            )
        )
    return MatchResult(pairs=pairs, records=records.num_rows, training="; ".join(training))
