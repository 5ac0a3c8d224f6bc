# SQL here is put together from constants, table names from the models and the ORM's own SQL; every
# value is passed as a parameter.
# ruff: noqa: S608
"""Counting queries for the caseload indicators: cases per officer and cases nobody holds."""

from __future__ import annotations

from sendcase.assessments.models import AssessmentRequest
from sendcase.core.models import User

from .assessments import open_requests_q
from .base import Period
from .context import CaseContext
from .sql import Source, latest


def caseload_per_officer(period: Period, ctx: CaseContext) -> Source:
    """One row per officer holding at least one case at the end of the day; the amount is the number
    of children allocated to them then, for whichever teams. An officer holding cases for two teams is
    counted under the team holding most of them (the one added to the service first on a tie), so
    their whole caseload is seen where most of their work is."""
    by_team = (
        "SELECT officer_id, team, COUNT(*) AS held, SUM(COUNT(*)) OVER (PARTITION BY officer_id) AS total "
        f"FROM {ctx.table} WHERE officer_id IS NOT NULL GROUP BY officer_id, team"
    )
    main_team = latest(
        "officer_id, team, total", f"FROM ({by_team}) held", key="officer_id", order="held DESC, team"
    )
    return Source(
        "SELECT CAST(NULL AS integer) AS child_ref, 1 AS hit, CAST(total AS integer) AS amount, "
        f"officer_id AS officer, team FROM ({main_team}) officers",
        (),
        ("officer", "team"),
    )


def describe_officers(rows: list[dict], period: Period) -> list[tuple[str, str]]:
    names = {
        u.pk: u.display_name
        for u in User.objects.filter(pk__in={r["officer"] for r in rows}).only(
            "first_name", "last_name", "username"
        )
    }
    return [
        (
            names.get(r["officer"], f"Officer {r['officer']}"),
            f"{r['amount']} case{'' if r['amount'] == 1 else 's'}",
        )
        for r in rows
    ]


def unallocated(period: Period, ctx: CaseContext) -> Source:
    """Children with a plan in force or an open request at the end of the day and no officer holding
    their case then."""
    requests = (
        AssessmentRequest.objects.filter(open_requests_q(period.as_at))
        .order_by()
        .values("child_id")
        .distinct()
    )
    sql, params = requests.query.sql_with_params()
    return Source(
        "SELECT a.child_id AS child_ref, 1 AS hit, CAST(NULL AS integer) AS amount, "
        "CASE WHEN a.plan_id IS NOT NULL THEN 1 ELSE 0 END AS has_plan "
        f"FROM {ctx.table} a WHERE a.officer_id IS NULL "
        f"AND (a.plan_id IS NOT NULL OR a.child_id IN ({sql}))",
        tuple(params),
        ("has_plan",),
    )


def describe_unallocated(row: dict, period: Period) -> tuple[str, str]:
    return ("Plan in force" if row["has_plan"] else "Open request"), ""
