"""Reads for the improvement pages and the board pack. Each takes the user and applies the permission
check inside: every member of staff (board members included) may read the plan; no one else."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet

from sendcase.core import permissions
from sendcase.core.models import User

from . import rules
from .models import (
    Action,
    ActionStatus,
    BoardMeeting,
    BudgetLine,
    ChangeRecord,
    Objective,
    Recommendation,
    Risk,
    RiskStatus,
)


def require_reader(user: User) -> None:
    if not permissions.can_read_performance(user):
        raise PermissionDenied


def objectives(user: User) -> QuerySet[Objective]:
    require_reader(user)
    return Objective.objects.select_related("lead").prefetch_related(
        Prefetch("actions", queryset=Action.objects.select_related("owner")), "milestones"
    )


def actions(user: User) -> QuerySet[Action]:
    require_reader(user)
    return Action.objects.select_related("objective", "owner")


def risks(user: User) -> QuerySet[Risk]:
    require_reader(user)
    return Risk.objects.select_related("owner", "objective").prefetch_related("scores")


def recommendations(user: User) -> QuerySet[Recommendation]:
    require_reader(user)
    return Recommendation.objects.select_related("owner").prefetch_related("actions")


def budget_lines(user: User) -> QuerySet[BudgetLine]:
    require_reader(user)
    return BudgetLine.objects.select_related("objective").prefetch_related("actuals")


def meetings(user: User) -> QuerySet[BoardMeeting]:
    require_reader(user)
    return BoardMeeting.objects.prefetch_related("items__action", "items__owner")


def history(user: User, obj) -> QuerySet[ChangeRecord]:
    require_reader(user)
    return ChangeRecord.objects.filter(item_type=obj._meta.label, item_id=obj.pk).select_related("changed_by")


# --- summaries -------------------------------------------------------------------------------------


@dataclass
class ObjectiveSummary:
    objective: Objective
    rag_counts: dict[str, int]
    total: int
    overdue: int
    milestones_due: int


def objective_summaries(user: User, as_of: dt.date) -> list[ObjectiveSummary]:
    rows = []
    for objective in objectives(user):
        counts = Counter(a.rag(as_of).rating for a in objective.actions.all())
        rows.append(
            ObjectiveSummary(
                objective=objective,
                rag_counts={k: counts.get(k, 0) for k in (rules.RED, rules.AMBER, rules.GREEN, rules.NONE)},
                total=sum(counts.values()),
                overdue=sum(1 for a in objective.actions.all() if a.is_overdue(as_of)),
                milestones_due=sum(1 for m in objective.milestones.all() if m.is_overdue(as_of)),
            )
        )
    return rows


def overdue_actions(user: User, as_of: dt.date) -> list[Action]:
    return list(
        actions(user)
        .exclude(status__in=[ActionStatus.COMPLETE, ActionStatus.CLOSED])
        .filter(due_on__lt=as_of)
        .order_by("due_on", "reference")
    )


def top_risks(user: User, limit: int = 5) -> list[Risk]:
    return list(
        risks(user).filter(status=RiskStatus.OPEN).order_by("-score", "review_on", "reference")[:limit]
    )


@dataclass
class BudgetRow:
    line: BudgetLine
    position: rules.BudgetPosition


@dataclass
class BudgetTotal:
    label: str
    planned: Decimal = Decimal("0")
    actual: Decimal = Decimal("0")
    planned_to_date: Decimal = Decimal("0")
    forecast: Decimal = Decimal("0")
    rows: list[BudgetRow] = field(default_factory=list)

    def add(self, row: BudgetRow) -> None:
        self.rows.append(row)
        p = row.position
        self.planned += p.planned
        self.actual += p.actual
        self.planned_to_date += p.planned_to_date
        self.forecast += p.forecast

    @property
    def variance(self) -> Decimal:
        return self.forecast - self.planned

    @property
    def variance_percent(self) -> str:
        return "" if not self.planned else f"{self.variance / self.planned * 100:+.1f}%"


@dataclass
class BudgetYear:
    financial_year: int
    label: str
    workstreams: list[BudgetTotal]
    total: BudgetTotal


def budget_year(user: User, financial_year: int, as_of: dt.date) -> BudgetYear:
    """Every line of one financial year with its position, totalled per workstream and for the year."""
    by_workstream: dict[str, BudgetTotal] = defaultdict(lambda: BudgetTotal(""))
    total = BudgetTotal("Total")
    for line in budget_lines(user).filter(financial_year=financial_year).order_by("workstream", "title"):
        row = BudgetRow(line, line.position(as_of))
        bucket = by_workstream[line.workstream]
        bucket.label = line.workstream
        bucket.add(row)
        total.add(row)
    return BudgetYear(
        financial_year=financial_year,
        label=rules.financial_year_label(financial_year),
        workstreams=list(by_workstream.values()),
        total=total,
    )


def budget_years(user: User) -> list[int]:
    require_reader(user)
    return sorted(set(BudgetLine.objects.values_list("financial_year", flat=True)), reverse=True)
