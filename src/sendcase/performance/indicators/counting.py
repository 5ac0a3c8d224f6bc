# SQL here is put together from constants, table names from the models and the ORM's own SQL; every
# value is passed as a parameter.
# ruff: noqa: S608
"""An indicator's figures and the rows behind them, both from its `source` query.

Figures are counted in the database: the source is grouped overall and by each breakdown in one
statement (grouping sets on PostgreSQL; one grouped query per breakdown, joined with UNION ALL, on
SQLite, which has no grouping sets). Breakdown values are the indicator's own columns where it has them
(adviser type, stage) and otherwise the child's, from the `CaseContext` table.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from .base import BREAKDOWN_LABELS, Figure, Indicator, Period, Row, Tally, figure_of
from .context import CHILD_BREAKDOWNS, CaseContext
from .sql import is_postgresql

MEASURES = "COUNT(*), SUM(r.hit), SUM(r.amount), COUNT(r.amount), MAX(r.amount)"


def _number(value: object) -> int | float | None:
    """A whole number as an int and anything else as a float, as the rows' amounts add up in Python."""
    if value is None:
        return None
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def _tally(count: int, hits: object, total: object, amounts: int, largest: object) -> Tally:
    tally = Tally()
    tally.rows, tally.hits = count, int(hits or 0)
    tally.total, tally.amounts, tally.largest = _number(total) or 0, amounts, _number(largest)
    return tally


def _column(indicator_source_columns: tuple[str, ...], name: str) -> str:
    return f"r.{name}" if name in indicator_source_columns else f"a.{name}"


def figures(
    indicator: Indicator, period: Period, context: CaseContext
) -> tuple[Figure, dict[str, dict[str, Figure]]]:
    """The overall figure and every breakdown's figures, counted in the database."""
    source = indicator.source(period, context)
    names = indicator.breakdowns
    keys = [_column(source.columns, name) for name in names]
    joined = any(key.startswith("a.") for key in keys)
    join = f"LEFT JOIN {context.table} a ON a.child_id = r.child_ref" if joined else ""
    base = f"FROM ({source.sql}) r {join}"
    # Each result row: which grouping it belongs to (-1 overall, else the breakdown's position), the
    # breakdown value, then the measures.
    if not names:
        sql, params = f"SELECT -1, NULL, {MEASURES} {base}", list(source.params)
    elif is_postgresql():
        which = " ".join(f"WHEN GROUPING({key}) = 0 THEN {i}" for i, key in enumerate(keys))
        value = "COALESCE(" + ", ".join(f"CAST({key} AS text)" for key in keys) + ")"
        sets = ", ".join(["()", *(f"({key})" for key in keys)])
        sql = f"SELECT CASE {which} ELSE -1 END, {value}, {MEASURES} {base} GROUP BY GROUPING SETS ({sets})"
        params = list(source.params)
    else:
        parts = [f"SELECT -1, NULL, {MEASURES} {base}"]
        parts += [f"SELECT {i}, {key}, {MEASURES} {base} GROUP BY {key}" for i, key in enumerate(keys)]
        sql, params = " UNION ALL ".join(parts), list(source.params) * (len(keys) + 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    overall = Figure(None, None, None)
    breakdowns: dict[str, dict[str, Figure]] = {name: {} for name in names}
    for which, value, *measures in found:
        fig = figure_of(indicator, _tally(*measures))
        if which == -1:
            overall = fig
        elif value:
            breakdowns[names[which]][value] = fig
    if not any(which == -1 for which, *_ in found):
        overall = figure_of(indicator, Tally())
    return overall, {name: dict(sorted(values.items())) for name, values in breakdowns.items()}


def case_rows(indicator: Indicator, period: Period, context: CaseContext) -> list[Row]:
    """The rows of the indicator's source with their breakdown values and words, for the list of cases
    behind a figure: the longest waits (the largest amounts) first, then by child."""
    source = indicator.source(period, context)
    child_columns = ", ".join(f"a.{name}" for name in CHILD_BREAKDOWNS)
    own = ", ".join(f"r.{name}" for name in source.columns)
    sql = (
        f"SELECT r.child_ref, r.hit, r.amount{', ' + own if own else ''}, {child_columns} "
        f"FROM ({source.sql}) r LEFT JOIN {context.table} a ON a.child_id = r.child_ref "
        f"ORDER BY r.amount DESC, r.child_ref{', ' + own if own else ''}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(source.params))
        found = cursor.fetchall()
    width = 3 + len(source.columns)
    own_breakdowns = [name for name in source.columns if name in BREAKDOWN_LABELS]
    values = []
    attrs_of = []
    for record in found:
        row = dict(zip(("child_ref", "hit", "amount", *source.columns), record[:width], strict=True))
        for name in source.dates:
            if isinstance(row[name], str):
                row[name] = dt.date.fromisoformat(row[name][:10])
        row["amount"] = _number(row["amount"])
        values.append(row)
        attrs = {}
        if row["child_ref"] is not None:
            attrs = dict(zip(CHILD_BREAKDOWNS, record[width:], strict=True))
        attrs.update({name: row[name] for name in own_breakdowns})
        attrs_of.append(attrs)
    words = indicator.describe(values, period)
    return [
        Row(
            label=label,
            child_id=row["child_ref"],
            hit=bool(row["hit"]),
            amount=row["amount"],
            detail=detail,
            attrs=attrs,
        )
        for row, attrs, (label, detail) in zip(values, attrs_of, words, strict=True)
    ]
