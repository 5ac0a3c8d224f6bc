"""The score: 10 x the weighted share of records passing each rule, per dataset, team and officer, stored
monthly by `data_quality_score`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sendcase.data_quality.models import QualityScore, Scope
from sendcase.data_quality.rules import Rule
from sendcase.data_quality.scoring import (
    dataset_scores,
    evaluate,
    month_end,
    score_from_counts,
    scores_record,
)
from sendcase.linkage.merging import children_merge
from tests.factories import AllocationFactory, TeamFactory, UserFactory
from tests.linkage.factories import data_officer

from . import factories as f

pytestmark = pytest.mark.django_db


def _rule(rule_id: str, weight: float, dataset: str = "children") -> Rule:
    return Rule(
        id=rule_id, dimension="validity", dataset=dataset, title=rule_id, weight=weight, fix="", check="x"
    )


def test_weighted_share_of_records_passing_scaled_to_ten():
    rules = [_rule("A", 3), _rule("B", 1)]
    # A: 8 of 10 pass (0.8); B: 1 of 2 pass (0.5). (3 x 0.8 + 1 x 0.5) / 4 = 0.725
    assert score_from_counts({"A": [10, 2], "B": [2, 1]}, rules) == Decimal("7.25")


def test_rules_with_nothing_to_check_leave_the_score_alone():
    rules = [_rule("A", 3), _rule("B", 1)]
    assert score_from_counts({"A": [4, 0], "B": [0, 0]}, rules) == Decimal("10.00")
    assert score_from_counts({}, rules) is None


def test_dataset_scores_use_their_own_rules():
    rules = [_rule("A", 1), _rule("P", 1, dataset="plans")]
    scores = dataset_scores({"A": [2, 1], "P": [4, 0]}, rules)
    assert scores == {"children": Decimal("5.00"), "plans": Decimal("10.00")}


def test_scores_per_team_and_officer_follow_the_current_allocation():
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    good, bad = f.clean_child(), f.clean_child(sex="U", ethnicity="NOBT")
    AllocationFactory(child=good, officer=alice, team=north)
    AllocationFactory(child=bad, officer=bob, team=south)
    unallocated = f.clean_child(postcode="")
    evaluation = evaluate(timezone.localdate())

    assert evaluation.counts(team=north.pk)["CH-SEX"] == [1, 0]
    assert evaluation.counts(officer=bob.pk)["CH-SEX"] == [1, 1]
    assert evaluation.counts(unallocated=True)["CH-PC"] == [1, 1]
    groups = evaluation.grouped()
    assert groups[(Scope.AUTHORITY, None)]["CH-SEX"] == [3, 1]
    assert score_from_counts(groups[(Scope.OFFICER, alice.pk)], evaluation.rules) == Decimal("10.00")
    assert score_from_counts(groups[(Scope.OFFICER, bob.pk)], evaluation.rules) < Decimal("10.00")
    assert unallocated.pk in evaluation.outcomes["CH-PC"].failing


def test_children_merged_away_are_not_scored():
    survivor, duplicate = f.clean_child(), f.clean_child(sex="U")
    children_merge(acting_user=data_officer(), survivor=survivor, duplicate=duplicate)
    assert duplicate.pk not in evaluate(timezone.localdate()).outcomes["CH-SEX"].records


def test_monthly_snapshot_replaces_the_months_earlier_one():
    team = TeamFactory(name="North")
    child = f.clean_child(sex="U")
    AllocationFactory(child=child, team=team)
    month = timezone.localdate().replace(day=1)
    scores_record(month=month, as_of=timezone.localdate())
    rows = scores_record(month=month, as_of=timezone.localdate())
    assert QualityScore.objects.filter(month=month).count() == len(rows)
    authority = QualityScore.objects.get(month=month, scope=Scope.AUTHORITY)
    assert authority.rules["CH-SEX"] == [1, 1] and authority.score < 10
    assert QualityScore.objects.filter(month=month, scope=Scope.TEAM, team=team).exists()


def test_command_scores_a_past_month(monkeypatch):
    f.clean_child()
    out = StringIO()
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    call_command("data_quality_score", "--month", f"{last_month:%Y-%m}", stdout=out)
    stored = QualityScore.objects.get(scope=Scope.AUTHORITY)
    assert stored.month == last_month and stored.as_of == month_end(last_month)
    assert "out of 10" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("data_quality_score", "--month", "March")
