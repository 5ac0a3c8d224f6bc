"""Record linkage at scale: how long the matcher takes over synthetic records with known true matches,
and its precision and recall at the review threshold and for the certain (automatic merge) rule.

    .venv/bin/python bench/linkage.py [--people 90000] [--seed 1] [--em]

About 90,000 people give about 100,000 records (10% recorded twice, 2% with a twin). The matcher runs
in DuckDB in memory, so no database is needed. The baseline is the same data scored with every
parameter from the documented priors (no u sampling); `--em` adds a run with m estimated by
expectation-maximisation.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _measure(label: str, table, truth, **options) -> float:
    from sendcase.linkage import matcher, synthetic
    from sendcase.linkage.matcher import CERTAIN_THRESHOLD, REVIEW_THRESHOLD, is_certain

    started = time.perf_counter()
    result = matcher.score(table, threshold=REVIEW_THRESHOLD, **options)
    seconds = time.perf_counter() - started
    found = {(p.left, p.right) for p in result.pairs}
    certain = {(p.left, p.right) for p in result.pairs if is_certain(p)}
    precision, recall = synthetic.precision_recall(found, truth)
    c_precision, c_recall = synthetic.precision_recall(certain, truth)
    print(f"\n{label} ({result.training})")
    print(f"  scored in {seconds:.1f} s: {len(found):,} pairs at p >= {REVIEW_THRESHOLD}")
    print(f"  review threshold : precision {precision:.4f}  recall {recall:.4f}")
    print(
        f"  certain rule     : precision {c_precision:.4f}  recall {c_recall:.4f} "
        f"({len(certain):,} pairs, p >= {CERTAIN_THRESHOLD} and DOB plus an identifier or full name)"
    )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=90_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--em", action="store_true", help="also estimate m by expectation-maximisation")
    args = parser.parse_args()

    from sendcase.linkage import matcher, synthetic

    started = time.perf_counter()
    data = synthetic.generate(args.people, seed=args.seed)
    table = matcher.standardise(data.records, source="child")
    print(
        f"Generated {len(data.records):,} records of {args.people:,} people with {len(data.true_pairs):,} "
        f"true duplicate pairs in {time.perf_counter() - started:.1f} s"
    )
    baseline = _measure("Baseline: every parameter from the priors", table, data.true_pairs, estimate_u=False)
    sampled = _measure("As deployed: u by random sampling", table, data.true_pairs)
    print(f"\n  time ratio (deployed / baseline): {sampled / baseline:.2f}")
    if args.em:
        em = _measure("u by random sampling, m by EM", table, data.true_pairs, train_m=True)
        print(f"  time ratio (EM / baseline): {em / baseline:.2f}")


if __name__ == "__main__":
    main()
