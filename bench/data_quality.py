"""Scoring the data quality of the seeded authority on PostgreSQL.

    BENCH_DATABASE_URL=postgres://.../sendcase_bench_x .venv/bin/python bench/data_quality.py [--fresh]

Times every rule's check together (`evaluate`), the monthly snapshot with its per-team and per-officer
scores (`scores_record`, what `manage.py data_quality_score` runs), and one rule page's list of
records. Reuses the bench database if it is seeded, else seeds it.
"""

from __future__ import annotations

import argparse
import time

import _common


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    _common.add_common_arguments(parser)
    parser.add_argument("--fresh", action="store_true", help="recreate and reseed the bench database")
    args = parser.parse_args()

    _common.prepare(fresh=args.fresh)
    _common.ensure_seeded(args.children)
    from django.utils import timezone

    from sendcase.data_quality.models import QualityScore, Scope
    from sendcase.data_quality.rules import all_rules, rule_by_id
    from sendcase.data_quality.scoring import evaluate, scores_record
    from sendcase.data_quality.selectors import failing_records

    today = timezone.localdate()
    print(
        f"\nData-quality scoring over {_common.children_in_database():,} children, {len(all_rules())} rules"
    )
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        evaluation = evaluate(today)
        samples.append(time.perf_counter() - started)
    checked = sum(len(o.records) for o in evaluation.outcomes.values())
    failing = sum(len(o.failing) for o in evaluation.outcomes.values())
    print(
        f"  evaluate (every check)   median {_common.median(samples):6.2f} s  "
        f"({checked:,} checks, {failing:,} problems)"
    )
    from sendcase.data_quality.checks import Context

    ctx = Context(as_of=today)
    started = time.perf_counter()
    judged = len(ctx.child_ids)
    print(
        f"  children judged (one set per run) {time.perf_counter() - started:5.2f} s  ({judged:,} children)"
    )
    slowest = sorted(((rule.id, _time_rule(rule, ctx)) for rule in all_rules()), key=lambda item: -item[1])[
        :3
    ]
    print("  slowest checks: " + ", ".join(f"{rule_id} {seconds:.2f} s" for rule_id, seconds in slowest))

    started = time.perf_counter()
    rows = scores_record(month=today.replace(day=1), as_of=today)
    seconds = time.perf_counter() - started
    authority = next(r for r in rows if r.scope == Scope.AUTHORITY)
    print(
        f"  scores_record (snapshot) {seconds:13.2f} s  "
        f"({len(rows)} scores stored; authority {authority.score}/10)"
    )
    started = time.perf_counter()
    records, _ = failing_records(rule_by_id("PL-PLACE"), as_of=today)
    print(f"  rule page list (PL-PLACE) {time.perf_counter() - started:12.2f} s  ({len(records):,} records)")
    QualityScore.objects.filter(month=today.replace(day=1)).delete()


def _time_rule(rule, ctx) -> float:
    from sendcase.data_quality.checks import REGISTRY

    started = time.perf_counter()
    REGISTRY[rule.check](ctx, **rule.params)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
