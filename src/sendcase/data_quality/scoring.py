"""The data-confidence score.

For a set of records (the authority's, a team's, an officer's), each rule r that applies to at least one
of them has a pass rate p_r = records passing / records checked. The score out of 10 is

    score = 10 x sum(w_r x p_r) / sum(w_r)

over those rules, w_r being the rule's weight: a weighted share of records passing each rule. A
dataset's score uses only that dataset's rules. A rule with nothing to check (no plans in force, say)
leaves the score alone rather than counting as a pass. Records belong to a team and an officer through
the child's allocation current at the as-at date; records of unallocated children count for the
authority and for "unallocated". See docs/data-quality.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q

from sendcase.caseload.models import Allocation

from .checks import REGISTRY, Context, Outcome
from .models import QualityScore, Scope
from .rules import Rule, all_rules

Counts = dict[str, list[int]]  # rule id -> [checked, failing]


def score_from_counts(counts: Mapping[str, list[int]], rules: Iterable[Rule]) -> Decimal | None:
    """10 x the weighted mean pass rate of the rules with something checked; None when none has."""
    total_weight = Decimal(0)
    weighted = Decimal(0)
    for rule in rules:
        checked, failing = counts.get(rule.id, [0, 0])
        if checked <= 0:
            continue
        weight = Decimal(str(rule.weight))
        total_weight += weight
        weighted += weight * Decimal(checked - failing) / Decimal(checked)
    if not total_weight:
        return None
    return (Decimal(10) * weighted / total_weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def dataset_scores(
    counts: Mapping[str, list[int]], rules: Iterable[Rule] | None = None
) -> dict[str, Decimal | None]:
    rules = tuple(rules or all_rules())
    datasets = dict.fromkeys(r.dataset for r in rules)
    return {d: score_from_counts(counts, [r for r in rules if r.dataset == d]) for d in datasets}


def allocations_at(as_of: dt.date, end: dt.datetime) -> dict[int, tuple[int, int]]:
    """child id -> (team id, officer id) of the allocation current at the end of the as-at day."""
    current = Allocation.objects.filter(started_at__lt=end).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=end)
    )
    return {
        child: (team, officer)
        for child, team, officer in current.values_list("child_id", "team_id", "officer_id")
    }


@dataclass
class Evaluation:
    as_of: dt.date
    outcomes: dict[str, Outcome]
    owners: dict[int, tuple[int, int]]
    rules: tuple[Rule, ...] = field(default_factory=all_rules)

    def counts(
        self, *, team: int | None = None, officer: int | None = None, unallocated: bool = False
    ) -> Counts:
        counts: Counts = {}
        for rule in self.rules:
            outcome = self.outcomes[rule.id]
            checked = failing = 0
            for record, child in outcome.records.items():
                owner = self.owners.get(child)
                if unallocated and owner is not None:
                    continue
                if team is not None and (owner is None or owner[0] != team):
                    continue
                if officer is not None and (owner is None or owner[1] != officer):
                    continue
                checked += 1
                failing += record in outcome.failing
            counts[rule.id] = [checked, failing]
        return counts

    def grouped(self) -> dict[tuple[str, int | None], Counts]:
        """Counts for the authority, every team, every officer and unallocated, in one pass."""
        groups: dict[tuple[str, int | None], Counts] = defaultdict(dict)
        for rule in self.rules:
            outcome = self.outcomes[rule.id]
            tally: dict[tuple[str, int | None], list[int]] = defaultdict(lambda: [0, 0])
            for record, child in outcome.records.items():
                fails = record in outcome.failing
                owner = self.owners.get(child)
                keys = [(Scope.AUTHORITY, None)]
                keys += (
                    [(Scope.TEAM, owner[0]), (Scope.OFFICER, owner[1])]
                    if owner
                    else [(Scope.UNALLOCATED, None)]
                )
                for key in keys:
                    tally[key][0] += 1
                    tally[key][1] += fails
            for key, value in tally.items():
                groups[key][rule.id] = value
            groups[(Scope.AUTHORITY, None)].setdefault(rule.id, [0, 0])
        return groups


def evaluate(as_of: dt.date, rules: Iterable[Rule] | None = None) -> Evaluation:
    """Run every rule's check as at `as_of`."""
    rules = tuple(rules or all_rules())
    ctx = Context(as_of=as_of)
    outcomes = {rule.id: REGISTRY[rule.check](ctx, **rule.params) for rule in rules}
    return Evaluation(as_of=as_of, outcomes=outcomes, owners=allocations_at(as_of, ctx.end), rules=rules)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def scores_record(*, month: dt.date, as_of: dt.date | None = None) -> list[QualityScore]:
    """Score the data as at the end of `month` (or `as_of`, for the month in progress) and store the
    month's snapshots, replacing any earlier ones for that month."""
    month = month_start(month)
    as_of = as_of or month_end(month)
    evaluation = evaluate(as_of)
    rows = []
    for (scope, key), counts in evaluation.grouped().items():
        checked = sum(c[0] for c in counts.values())
        failing = sum(c[1] for c in counts.values())
        rows.append(
            QualityScore(
                month=month,
                scope=scope,
                team_id=key if scope == Scope.TEAM else None,
                officer_id=key if scope == Scope.OFFICER else None,
                score=score_from_counts(counts, evaluation.rules),
                checked=checked,
                failing=failing,
                rules=counts,
                as_of=as_of,
            )
        )
    with transaction.atomic():
        QualityScore.objects.filter(month=month).delete()
        QualityScore.objects.bulk_create(rows)
    return rows
