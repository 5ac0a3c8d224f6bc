"""Precision and recall on synthetic records with known true matches (typos, nicknames, swapped day and
month, missing identifiers, moves, twins). The bench (bench/linkage.py) reports exact figures at scale."""

from __future__ import annotations

from sendcase.linkage import matcher, synthetic
from sendcase.linkage.runs import REVIEW_THRESHOLD, is_certain


def test_precision_and_recall_on_two_thousand_people():
    data = synthetic.generate(2000, seed=7)
    assert len(data.true_pairs) > 100
    result = matcher.score(matcher.standardise(data.records, source="child"), threshold=REVIEW_THRESHOLD)
    found = {(p.left, p.right) for p in result.pairs}
    precision, recall = synthetic.precision_recall(found, data.true_pairs)
    print(f"precision {precision:.3f} recall {recall:.3f} on {len(data.records)} records")
    assert precision >= 0.9
    assert recall >= 0.9


def test_certain_matches_are_almost_never_wrong():
    data = synthetic.generate(2000, seed=11)
    result = matcher.score(matcher.standardise(data.records, source="child"), threshold=REVIEW_THRESHOLD)
    certain = {(p.left, p.right) for p in result.pairs if is_certain(p)}
    precision, _ = synthetic.precision_recall(certain, data.true_pairs)
    assert len(certain) > 50
    assert precision >= 0.99


def test_generator_plants_the_documented_mistakes():
    data = synthetic.generate(500, seed=3)
    by_id = {f"child:{r['record_id']}": r for r in data.records}
    swapped = missing_upn = 0
    for left, right in data.true_pairs:
        a, b = by_id[left], by_id[right]
        assert a["person"] == b["person"]
        swapped += (
            a["date_of_birth"] != b["date_of_birth"] and a["date_of_birth"].day == b["date_of_birth"].month
        )
        missing_upn += bool(a["upn"]) != bool(b["upn"])
    assert swapped and missing_upn
    twins = [r for r in data.records if str(r["person"]).startswith("twin-")]
    assert twins
