"""The indicators for the improvement board's pack: one plain row per indicator for a month, from the
stored snapshots (run `performance_snapshot` for the month first)."""

from __future__ import annotations

import datetime as dt

from .summary import headlines


def indicator_rows_for_pack(*, period_end: dt.date) -> list[dict]:
    """Every indicator for the month ending `period_end` (any day in the month will do): id, title,
    value_display, target_display, rag ('green'|'amber'|'red'|'none'), trend ('up'|'down'|'flat'|'none'),
    change_display, england_display, neighbours_display, commentary and url (the indicator's page)."""
    return [
        {
            "id": head.indicator.id,
            "title": head.indicator.title,
            "value_display": head.value_display,
            "target_display": head.target_display,
            "rag": head.rag,
            "trend": head.trend,
            "change_display": head.change_display,
            "england_display": head.england_display,
            "neighbours_display": head.neighbours_display,
            "commentary": head.commentary,
            "url": head.url,
        }
        for head in headlines(period_end)
    ]
