# SQL here is put together from constants, table names from the models and the ORM's own SQL; every
# value is passed as a parameter.
# ruff: noqa: S608
"""The few pieces of SQL that differ between PostgreSQL (production) and SQLite (the embedded default),
and the shape every indicator's counting query has.

An indicator counts with one SELECT (a `Source`) returning one row per thing counted, with the columns
`child_ref` (the child, or NULL), `amount` (a number, or NULL), 1/0 columns saying whether the row meets
the measure (`hit` unless the indicator names another) and which indicators count it (the indicator's
`only`), and the indicator's own columns (its own breakdowns, and what the list of cases shows). Figures
group that SELECT in the database; the list of cases behind a figure reads the same SELECT row by row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import connection
from django.db.models import DateField, Func, IntegerField, QuerySet


@dataclass(frozen=True)
class Source:
    sql: str
    params: tuple
    # The indicator's own columns after child_ref, hit and amount, in order.
    columns: tuple[str, ...]
    # Which of them hold dates (SQLite hands dates back as text).
    dates: frozenset[str] = frozenset()


def source_of(queryset: QuerySet, columns: tuple[str, ...]) -> Source:
    """A `Source` from a `values()` queryset whose names are child_ref, hit, amount and `columns`."""
    sql, params = queryset.query.sql_with_params()
    annotations = queryset.query.annotation_select
    dates = frozenset(
        name
        for name in columns
        if isinstance(getattr(annotations.get(name), "output_field", None), DateField)
    )
    return Source(sql, tuple(params), columns, dates)


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def date_param(day: dt.date) -> object:
    return connection.ops.adapt_datefield_value(day)


def datetime_param(moment: dt.datetime) -> object:
    return connection.ops.adapt_datetimefield_value(moment)


def days_between(later: str, earlier: str) -> str:
    """SQL for the whole days from `earlier` to `later` (two date expressions or placeholders)."""
    if is_postgresql():
        return f"(CAST({later} AS date) - CAST({earlier} AS date))"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def json_value(column: str, *path: str) -> str:
    """SQL for the scalar at `path` in a JSON column, as text (NULL when absent or JSON null). The path is
    written in code, never taken from input."""
    if is_postgresql():
        *inner, last = path
        steps = "".join(f" -> '{step}'" for step in inner)
        return f"({column}{steps} ->> '{last}')"
    return f"json_extract({column}, '$.{'.'.join(path)}')"


def json_has(column: str, key: str) -> str:
    """SQL that is true when the JSON object in `column` has `key` (even with a null value)."""
    if is_postgresql():
        return f"({column} -> '{key}') IS NOT NULL"
    return f"json_type({column}, '$.{key}') IS NOT NULL"


def latest(columns: str, source: str, *, key: str, order: str) -> str:
    """SQL for one row per `key` from `source` (a FROM ... WHERE ...): the first by `order`."""
    if is_postgresql():
        # DISTINCT ON reads the sorted rows once: about twice as fast as numbering them.
        return f"SELECT DISTINCT ON ({key}) {columns} {source} ORDER BY {key}, {order}"
    return (
        f"SELECT * FROM (SELECT {columns}, ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY {order}) AS n "
        f"{source}) numbered WHERE n = 1"
    )


def case_of(expression: str, labels: Mapping[str, str], *, otherwise: str) -> tuple[str, list[str]]:
    """SQL mapping the codes in `expression` to their labels, and its parameters."""
    if not labels:
        return otherwise, []
    whens = " ".join("WHEN %s THEN %s" for _ in labels)
    params = [part for pair in labels.items() for part in pair]
    return f"CASE {expression} {whens} ELSE {otherwise} END", params


class DaysBetween(Func):
    """Whole days from the second date to the first, as an integer, in the ORM."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, conn, **extra):  # noqa: ANN001, ANN201 - Django's signature
        later, later_params = compiler.compile(self.source_expressions[0])
        earlier, earlier_params = compiler.compile(self.source_expressions[1])
        return days_between(later, earlier), [*later_params, *earlier_params]
