"""The data-quality rules, read from `rules.json` (rules are data: an id, a dimension, the dataset they
judge, a title, a weight, how to fix a record that breaks them, and the named check that finds them)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .checks import REGISTRY

RULES_FILE = Path(__file__).with_name("rules.json")
DIMENSIONS = ("completeness", "validity", "consistency", "timeliness")
DATASETS = {
    "children": "Children",
    "requests": "Requests for assessment",
    "plans": "EHC plans",
    "reviews": "Annual reviews",
    "placements": "Placements",
}


@dataclass(frozen=True)
class Rule:
    id: str
    dimension: str
    dataset: str
    title: str
    weight: float
    fix: str
    check: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def dataset_label(self) -> str:
        return DATASETS[self.dataset]

    @property
    def is_event_rule(self) -> bool:
        return self.check == "events_recorded_promptly"


def parse(items: list[dict[str, Any]]) -> tuple[Rule, ...]:
    """Rules from their data, refusing an unknown dimension, dataset or check, or a repeated id."""
    rules, seen = [], set()
    for item in items:
        rule = Rule(**item)
        if rule.id in seen:
            raise ValueError(f"Rule {rule.id} is defined twice.")
        if rule.dimension not in DIMENSIONS:
            raise ValueError(f"Rule {rule.id}: unknown dimension {rule.dimension!r}.")
        if rule.dataset not in DATASETS:
            raise ValueError(f"Rule {rule.id}: unknown dataset {rule.dataset!r}.")
        if rule.check not in REGISTRY:
            raise ValueError(f"Rule {rule.id}: no check named {rule.check!r}.")
        if rule.weight <= 0:
            raise ValueError(f"Rule {rule.id}: the weight must be positive.")
        seen.add(rule.id)
        rules.append(rule)
    return tuple(rules)


@cache
def all_rules() -> tuple[Rule, ...]:
    return parse(json.loads(RULES_FILE.read_text(encoding="utf-8")))


def rule_by_id(rule_id: str) -> Rule | None:
    return next((r for r in all_rules() if r.id == rule_id), None)
