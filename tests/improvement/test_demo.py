"""The demo improvement plan: written through the services, with every register filled."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase.core.models import Role
from sendcase.improvement import rules
from sendcase.improvement.demo import seed_improvement
from sendcase.improvement.models import (
    Action,
    BoardItem,
    BoardMeeting,
    BudgetLine,
    ChangeRecord,
    Objective,
    Recommendation,
    Risk,
    RiskScore,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 11, 20)


@pytest.fixture
def seeded(db):
    UserFactory(username="programme", role=Role.PROGRAMME_OFFICER)
    UserFactory(username="head", role=Role.HEAD_OF_SERVICE)
    UserFactory(username="manager", role=Role.TEAM_MANAGER)
    return seed_improvement(as_of=AS_OF, seed=1)


def test_every_register_is_filled(seeded):
    assert seeded == {
        "objectives": 6,
        "actions": 30,
        "risks": 15,
        "recommendations": 8,
        "budget lines": 24,
        "board meetings": 3,
    }
    assert Objective.objects.count() == 6 and Action.objects.count() == 30 and Risk.objects.count() == 15
    assert Recommendation.objects.count() == 8 and BoardMeeting.objects.count() == 3
    assert set(BudgetLine.objects.values_list("financial_year", flat=True)) == {2025, 2026}
    assert {a.status for a in Action.objects.all()} == {s for s in rules.ACTION_TRANSITIONS}
    assert Risk.objects.filter(kind="issue").count() == 3
    assert BoardItem.objects.filter(kind="action", action__isnull=False).count() == 3


def test_completed_actions_have_evidence_and_risks_have_a_trend(seeded):
    for action in Action.objects.filter(status="complete"):
        assert action.evidence.exists() and action.completed_on <= AS_OF
    assert RiskScore.objects.count() > Risk.objects.count()
    assert ChangeRecord.objects.filter(item_type="improvement.Action", field="status").exists()


def test_demo_has_exceptions_for_the_board(seeded):
    from sendcase.core.models import User
    from sendcase.improvement.pack import build_board_pack

    pack = build_board_pack(
        user=User.objects.get(username="head"), month="2026-11", indicator_rows=None, today=AS_OF
    )
    kinds = {e.kind for e in pack.exceptions}
    assert {"Risk", "Budget"} <= kinds
    assert pack.budget.label == "2026-27" and len(pack.budget.workstreams) == 6
