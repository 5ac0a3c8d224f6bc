"""Caseload per officer and unallocated cases, as at the end of a month."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import ChildFactory, TeamFactory, UserFactory

from . import factories as f
from .helpers import run, value

D = f.D
JUNE = D(2025, 6, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture
def caseloads():
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    ana, ben, cai = UserFactory(username="ana"), UserFactory(username="ben"), UserFactory(username="cai")
    for _ in range(3):
        f.allocation(f.plan(issued=D(2024, 1, 1)).child, officer=ana, team=north, started=D(2025, 1, 1))
    f.allocation(f.plan(issued=D(2024, 1, 1)).child, officer=ben, team=south, started=D(2025, 1, 1))
    # Ended in May: not on anyone's caseload at the end of June.
    f.allocation(ChildFactory(), officer=cai, team=south, started=D(2025, 1, 1), ended=D(2025, 5, 1))
    # Started in July: not yet.
    f.allocation(ChildFactory(), officer=cai, team=south, started=D(2025, 7, 2))
    return ana, ben, cai


def test_mean_and_largest_caseload(caseloads) -> None:
    assert value("caseload_mean", JUNE) == Decimal("2.00")  # (3 + 1) / 2 officers holding cases
    assert value("caseload_max", JUNE) == 3
    teams = run("caseload_mean", JUNE).breakdowns["team"]
    assert teams["North"].value == 3 and teams["South"].value == 1
    assert value("caseload_mean", D(2025, 7, 31)) == Decimal("1.67")  # cai now holds one


def test_an_officer_in_two_teams_counts_once_under_the_team_holding_most_of_their_cases() -> None:
    first, second = TeamFactory(name="First"), TeamFactory(name="Second")  # "First" added first
    dee = UserFactory(username="dee")
    f.allocation(f.plan(issued=D(2024, 1, 1)).child, officer=dee, team=first, started=D(2025, 1, 1))
    for _ in range(2):
        f.allocation(f.plan(issued=D(2024, 1, 1)).child, officer=dee, team=second, started=D(2025, 1, 1))
    result = run("caseload_mean", JUNE)
    assert result.overall.value == 3  # one officer, three cases
    assert {k: v.value for k, v in result.breakdowns["team"].items()} == {"Second": 3}
    # A tie goes to the team added first.
    f.allocation(f.plan(issued=D(2024, 1, 1)).child, officer=dee, team=first, started=D(2025, 1, 1))
    assert {k: v.value for k, v in run("caseload_max", JUNE).breakdowns["team"].items()} == {"First": 4}


def test_unallocated_children_with_a_plan_or_an_open_request(caseloads) -> None:
    f.plan(issued=D(2025, 2, 1))  # a plan nobody holds
    f.request(received=D(2025, 6, 1))  # an open request nobody holds
    f.request(received=D(2025, 2, 1), decided=D(2025, 3, 1), refused=True)  # closed: not a case
    f.plan(issued=D(2025, 7, 1))  # made after June
    result = run("unallocated_cases", JUNE)
    assert result.overall.value == 2
    assert sorted(r.label for r in result.rows) == ["Open request", "Plan in force"]
