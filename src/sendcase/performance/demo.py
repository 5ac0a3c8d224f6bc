"""Demo data for the dashboards: the indicator snapshots for the 12 months before the demo's date,
computed from the synthetic case record exactly as the monthly command would."""

from __future__ import annotations

import datetime as dt

from .compute import month_ends, previous_month_end, snapshot_month

DEMO_MONTHS = 12


def demo_snapshots(*, as_of: dt.date, months: int = DEMO_MONTHS) -> int:
    """Compute the snapshots for the `months` whole months before `as_of`; returns rows written."""
    last = previous_month_end(as_of)
    first = last
    for _ in range(months - 1):
        first = previous_month_end(first)
    return sum(snapshot_month(period_end) for period_end in month_ends(first, last))
