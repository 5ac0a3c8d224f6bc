"""Rows for the caseload indicators: cases per officer and cases nobody holds."""

from __future__ import annotations

from collections import Counter

from sendcase.core.models import User

from .assessments import open_request_children
from .base import Period, Row
from .context import CaseContext


def caseload_per_officer(period: Period, ctx: CaseContext) -> list[Row]:
    """One row per officer holding at least one case at the end of the day; the amount is the number
    of children allocated to them then."""
    counts = Counter(officer for officer, _team in ctx.allocations.values())
    teams = {officer: team for officer, team in ctx.allocations.values()}
    names = {
        u.pk: u.display_name
        for u in User.objects.filter(pk__in=counts).only("first_name", "last_name", "username")
    }
    return [
        Row(
            label=names.get(officer, f"Officer {officer}"),
            amount=count,
            detail=f"{count} case{'s' if count != 1 else ''}",
            attrs={"team": teams[officer]},
        )
        for officer, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def unallocated(period: Period, ctx: CaseContext) -> list[Row]:
    """Children with a plan in force or an open request at the end of the day and no officer holding
    their case then."""
    active = set(ctx.plans) | open_request_children(period.as_at)
    return [
        Row(
            label="Plan in force" if child_id in ctx.plans else "Open request",
            child_id=child_id,
            attrs=ctx.attrs(child_id),
        )
        for child_id in sorted(active)
        if child_id not in ctx.allocations
    ]
