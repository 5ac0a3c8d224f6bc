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
from collections.abc import Iterable

from django.db import connection

from .base import BREAKDOWN_LABELS, Figure, Indicator, Period, Row, Tally, figure_of
from .context import CHILD_BREAKDOWNS, CaseContext
from .sql import is_postgresql


def _number(value: object) -> int | float | None:
    """A whole number as an int and anything else as a float, as the rows' amounts add up in Python."""
    if value is None:
        return None
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def _tally(count: int, hits: object, total: object, amounts: int, largest: object) -> Tally:
    tally = Tally()
    tally.rows, tally.hits = int(count or 0), int(hits or 0)
    tally.total, tally.amounts, tally.largest = _number(total) or 0, amounts, _number(largest)
    return tally


def _column(source_columns: tuple[str, ...], name: str) -> str:
    return f"r.{name}" if name in source_columns else f"a.{name}"


def breakdown_value(context: CaseContext, name: str, raw: object) -> str | None:
    """The words for a breakdown value as counted: a child's code gets its label (every child has one,
    "Not recorded" included); an indicator's own value is used as it is, and a blank one is left out."""
    if name in CHILD_BREAKDOWNS:
        return context.label(name, raw)
    return str(raw) if raw not in (None, "") else None


def _condition(indicator: Indicator) -> str:
    """SQL that is true for the source's rows this indicator counts."""
    return " AND ".join(f"r.{flag} = 1" for flag in indicator.only) or "1 = 1"


def _measures(indicator: Indicator) -> str:
    """How many rows, hits, and the sum, count and largest of the amounts, of this indicator's rows."""
    where = _condition(indicator)
    return (
        f"SUM(CASE WHEN {where} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {where} AND r.{indicator.hit} = 1 THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {where} THEN r.amount END), COUNT(CASE WHEN {where} THEN r.amount END), "
        f"MAX(CASE WHEN {where} THEN r.amount END)"
    )


def figures_of_all(
    indicators: Iterable[Indicator], as_at: dt.date, context: CaseContext
) -> dict[str, tuple[Figure, dict[str, dict[str, Figure]]]]:
    """Every indicator's figures as at `as_at`. Indicators whose sources are the same query (the four
    20-week measures, say) and that have the same breakdowns are counted together, in one query."""
    together: dict[tuple, list[Indicator]] = {}
    for indicator in indicators:
        source = indicator.source(indicator.period(as_at), context)
        together.setdefault((source.sql, source.params, indicator.breakdowns), []).append(indicator)
    results = {}
    for group in together.values():
        results.update(figures_together(group, group[0].period(as_at), context))
    return results


def figures(
    indicator: Indicator, period: Period, context: CaseContext
) -> tuple[Figure, dict[str, dict[str, Figure]]]:
    """The overall figure and every breakdown's figures, counted in the database."""
    return figures_together([indicator], period, context)[indicator.id]


def figures_together(
    indicators: list[Indicator], period: Period, context: CaseContext
) -> dict[str, tuple[Figure, dict[str, dict[str, Figure]]]]:
    """The figures of indicators that share a source and breakdowns, from one grouped query (the first
    indicator's source is the one read)."""
    first = indicators[0]
    source = first.source(period, context)
    names = first.breakdowns
    keys = [_column(source.columns, name) for name in names]
    joined = any(key.startswith("a.") for key in keys)
    join = f"LEFT JOIN {context.table} a ON a.child_id = r.child_ref" if joined else ""
    base = f"FROM ({source.sql}) r {join}"
    measures = ", ".join(_measures(indicator) for indicator in indicators)
    # Each result row: which grouping it belongs to (-1 overall, else the breakdown's position), then
    # one column per breakdown (only the grouped one is read), then five measures per indicator.
    if not names:
        sql, params = f"SELECT -1, {measures} {base}", list(source.params)
    elif is_postgresql():
        which = " ".join(f"WHEN GROUPING({key}) = 0 THEN {i}" for i, key in enumerate(keys))
        sets = ", ".join(["()", *(f"({key})" for key in keys)])
        sql = (
            f"SELECT CASE {which} ELSE -1 END, {', '.join(keys)}, {measures} {base} "
            f"GROUP BY GROUPING SETS ({sets})"
        )
        params = list(source.params)
    else:
        nulls = ["NULL"] * len(keys)
        parts = [f"SELECT -1, {', '.join(nulls)}, {measures} {base}"]
        for i, key in enumerate(keys):
            columns = ", ".join(key if j == i else "NULL" for j in range(len(keys)))
            parts.append(f"SELECT {i}, {columns}, {measures} {base} GROUP BY {key}")
        sql, params = " UNION ALL ".join(parts), list(source.params) * (len(keys) + 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    results = {}
    for position, indicator in enumerate(indicators):
        overall = Tally()
        grouped: dict[str, dict[str, Tally]] = {name: {} for name in names}
        for which, *rest in found:
            values = rest[: len(names)]
            start = len(names) + 5 * position
            tally = _tally(*rest[start : start + 5])
            if which == -1:
                overall = tally
                continue
            label = breakdown_value(context, names[which], values[which])
            if label is None or not tally.rows:
                continue  # a group with none of this indicator's rows is not one of its groups
            # Codes and words correspond one to one (locality and team names are unique), so a
            # group's words are never shared with another group.
            grouped[names[which]][label] = tally
        results[indicator.id] = (
            figure_of(indicator, overall),
            {
                name: {label: figure_of(indicator, tally) for label, tally in sorted(tallies.items())}
                for name, tallies in grouped.items()
            },
        )
    return results


def case_rows(
    indicator: Indicator, period: Period, context: CaseContext, *, with_attrs: bool = True
) -> list[Row]:
    """The rows of the indicator's source with their words, and (`with_attrs`) the child's breakdown
    values, for the list of cases behind a figure: the longest waits (the largest amounts) first, then
    by child."""
    source = indicator.source(period, context)
    own = "".join(f", r.{name}" for name in source.columns)
    if with_attrs:
        children = "".join(f", a.{name}" for name in CHILD_BREAKDOWNS)
        join = f"LEFT JOIN {context.table} a ON a.child_id = r.child_ref"
    else:
        children, join = "", ""
    sql = (
        f"SELECT r.child_ref, r.{indicator.hit}, r.amount{own}{children} FROM ({source.sql}) r {join} "
        f"WHERE {_condition(indicator)} ORDER BY r.amount DESC, r.child_ref{own}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(source.params))
        found = cursor.fetchall()
    width = 3 + len(source.columns)
    own_breakdowns = [name for name in source.columns if name in BREAKDOWN_LABELS]
    labels: dict[tuple[str, object], str | None] = {}

    def words(name: str, code: object) -> str | None:
        key = (name, code)
        if key not in labels:
            labels[key] = breakdown_value(context, name, code)
        return labels[key]

    values, attrs_of = [], []
    for record in found:
        row = dict(zip(("child_ref", "hit", "amount", *source.columns), record[:width], strict=True))
        for name in source.dates:
            if isinstance(row[name], str):
                row[name] = dt.date.fromisoformat(row[name][:10])
        row["amount"] = _number(row["amount"])
        attrs = {}
        if with_attrs and row["child_ref"] is not None:
            attrs = {
                name: words(name, code) for name, code in zip(CHILD_BREAKDOWNS, record[width:], strict=True)
            }
        for name in own_breakdowns:
            row[name] = words(name, row[name])
            if row[name] is not None:
                attrs[name] = row[name]
        values.append(row)
        attrs_of.append(attrs)
    described = indicator.describe(values, period)
    return [
        Row(
            label=label,
            child_id=row["child_ref"],
            hit=bool(row["hit"]),
            amount=row["amount"],
            detail=detail,
            attrs=attrs,
        )
        for row, attrs, (label, detail) in zip(values, attrs_of, described, strict=True)
    ]
