"""Helpers for the caseload tests: open and closed requests with chosen due dates, and allocations."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase.assessments.models import RequestStatus
from sendcase.core.models import Role
from tests.factories import (
    AllocationFactory,
    AssessmentRequestFactory,
    ChildFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

AS_OF = dt.date(2026, 3, 2)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def make_request(
    *,
    child=None,
    next_due: dt.date | None = None,
    status: str = RequestStatus.RECEIVED,
    overdue_steps: int = 0,
    next_step: str = "Decide whether to assess",
    first_name: str | None = None,
):
    child = child or ChildFactory(**({"legal_first_name": first_name} if first_name else {}))
    return AssessmentRequestFactory(
        child=child, next_due=next_due, status=status, overdue_steps=overdue_steps, next_step=next_step
    )


def allocate(child, officer, *, ended: bool = False):
    """An allocation row set up directly, for tests of reads (the services have their own tests)."""
    from django.utils import timezone

    team = officer.membership.team
    return AllocationFactory(
        child=child, officer=officer, team=team, ended_at=timezone.now() if ended else None
    )


@pytest.fixture
def south_team(db):
    return TeamFactory(name="South team")


@pytest.fixture
def south_officer(db, south_team):
    user = UserFactory(username="south-officer", role=Role.CASE_OFFICER, first_name="Jo", last_name="Okafor")
    TeamMembershipFactory(user=user, team=south_team)
    return user
