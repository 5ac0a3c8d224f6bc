"""The monthly board pack: the improvement board's view of the month, as one plain data structure that
the HTML page and the PDF both render.

The indicator rows come from the performance app's stored monthly snapshots
(`sendcase.performance.board.indicator_rows_for_pack`) and are passed in, so the pack can be built (and
tested) with any rows.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from sendcase.core.models import User

from . import rules, selectors
from .models import ActionStatus, Risk

MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(value: str) -> tuple[dt.date, dt.date]:
    """'2026-10' -> (1 October 2026, 31 October 2026); ValueError for anything else."""
    match = MONTH_RE.match(value or "")
    if not match:
        raise ValueError(f"Not a month: {value!r}")
    year, month = int(match.group(1)), int(match.group(2))
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def indicator_rows(period_end: dt.date) -> list[dict]:
    """The indicator rows for the month ending `period_end`, from the performance snapshots."""
    from sendcase.performance.board import indicator_rows_for_pack

    return indicator_rows_for_pack(period_end=period_end)


@dataclass
class Exception_:
    kind: str  # indicator, action, risk, budget
    title: str
    detail: str
    url: str = ""


@dataclass
class BoardPack:
    month_start: dt.date
    month_end: dt.date
    as_of: dt.date
    indicators: list[dict] | None
    exceptions: list[Exception_]
    objectives: list[selectors.ObjectiveSummary]
    action_counts: dict[str, int]
    rag_counts: dict[str, int]
    overdue_actions: list
    top_risks: list[Risk]
    budget: selectors.BudgetYear
    meetings: list = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Improvement board pack: {self.month_start:%B %Y}"

    @property
    def slug(self) -> str:
        return f"{self.month_start:%Y-%m}"


def build_board_pack(
    *, user: User, month: str, indicator_rows: list[dict[str, Any]] | None, today: dt.date
) -> BoardPack:
    """The pack for `month` ('YYYY-MM'), as at the month's last day (or today, for the current month).

    Exceptions for the board: red indicators, overdue actions, open risks scoring 15 or more, and budget
    lines forecast to be 10% or more over plan.
    """
    start, end = parse_month(month)
    as_of = min(end, today)
    summaries = selectors.objective_summaries(user, as_of)
    overdue = selectors.overdue_actions(user, as_of)
    risks = selectors.top_risks(user, limit=10)
    budget = selectors.budget_year(user, rules.financial_year_of(as_of), as_of)

    exceptions: list[Exception_] = []
    for row in indicator_rows or []:
        if row.get("rag") == rules.RED:
            exceptions.append(
                Exception_(
                    "Indicator",
                    str(row.get("title", "")),
                    f"{row.get('value_display', '')} against a target of {row.get('target_display', '')}",
                    str(row.get("url", "")),
                )
            )
    for action in overdue:
        exceptions.append(
            Exception_(
                "Action",
                f"{action.reference} {action.title}",
                f"{action.rag(as_of).explanation}. Owner: {action.owner.display_name}",
                reverse("improvement:action_detail", args=[action.pk]),
            )
        )
    for risk in selectors.risks(user).filter(status="open", score__gte=rules.BOARD_RISK_SCORE):
        exceptions.append(
            Exception_(
                "Risk",
                f"{risk.reference} {risk.title}",
                f"Scores {risk.score} ({risk.band.label.lower()}). Owner: {risk.owner.display_name}",
                reverse("improvement:risk_detail", args=[risk.pk]),
            )
        )
    for workstream in budget.workstreams:
        for row in workstream.rows:
            if row.position.over_threshold:
                exceptions.append(
                    Exception_(
                        "Budget",
                        f"{row.line.workstream}: {row.line.title}",
                        f"Forecast £{row.position.forecast:,.0f} against "
                        f"£{row.position.planned:,.0f} planned ({row.position.variance_percent})",
                        reverse("improvement:budget_line_detail", args=[row.line.pk]),
                    )
                )

    all_actions = [a for s in summaries for a in s.objective.actions.all()]
    status_counts = {s.label: sum(1 for a in all_actions if a.status == s.value) for s in ActionStatus}
    rag_counts = {
        k: sum(s.rag_counts[k] for s in summaries) for k in (rules.RED, rules.AMBER, rules.GREEN, rules.NONE)
    }
    meetings = list(selectors.meetings(user).filter(held_on__range=(start, end)))
    return BoardPack(
        month_start=start,
        month_end=end,
        as_of=as_of,
        indicators=indicator_rows,
        exceptions=exceptions,
        objectives=summaries,
        action_counts=status_counts,
        rag_counts=rag_counts,
        overdue_actions=overdue,
        top_risks=risks[:5],
        budget=budget,
        meetings=meetings,
    )


def board_pack_pdf(pack: BoardPack, *, authority: str) -> bytes:
    from sendcase.plans.documents.render import render_pdf

    return render_pdf(
        "pdf/board_pack.html", {"pack": pack, "doc": {"title": pack.title, "authority": authority}}
    )
