"""Computing indicators as at a date and storing them as monthly snapshots."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from .indicators.base import Figure, Indicator, Row
from .indicators.context import CaseContext
from .indicators.counting import case_rows, figures, figures_of_all
from .indicators.registry import INDICATOR_LIST
from .models import OVERALL, IndicatorSnapshot


@dataclass(frozen=True)
class Computation:
    indicator: Indicator
    as_at: dt.date
    rows: list[Row]
    overall: Figure
    breakdowns: dict[str, dict[str, Figure]]


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def previous_month_end(period_end: dt.date) -> dt.date:
    return period_end.replace(day=1) - dt.timedelta(days=1)


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """The month ends from `first`'s month to `last`'s month, oldest first."""
    ends, current = [], month_end(first)
    while current <= month_end(last):
        ends.append(current)
        current = month_end(current + dt.timedelta(days=1))
    return ends


def rows_for(
    indicator: Indicator, as_at: dt.date, context: CaseContext | None = None, *, with_attrs: bool = True
) -> list[Row]:
    """The rows behind the indicator's figures as at `as_at`, worded for the list of cases, with each
    child's breakdown values unless `with_attrs` is False."""
    if context is None or context.as_at != as_at:
        with CaseContext(as_at) as own:
            return rows_for(indicator, as_at, own, with_attrs=with_attrs)
    return case_rows(indicator, indicator.period(as_at), context, with_attrs=with_attrs)


def compute(indicator: Indicator, as_at: dt.date, context: CaseContext | None = None) -> Computation:
    """The indicator's figures (overall and every breakdown) and the rows behind them."""
    if context is None or context.as_at != as_at:
        with CaseContext(as_at) as own:
            return compute(indicator, as_at, own)
    overall, breakdowns = figures(indicator, indicator.period(as_at), context)
    return Computation(indicator, as_at, rows_for(indicator, as_at, context), overall, breakdowns)


def snapshot_month(
    period_end: dt.date, *, indicators: Iterable[Indicator] = INDICATOR_LIST, now: dt.datetime | None = None
) -> int:
    """Compute every indicator as at `period_end` and replace that month's snapshots. Returns the number
    of snapshot rows written. One transaction: a month is never left half recomputed."""
    period_end = month_end(period_end)
    computed_at = now or timezone.now()
    records: list[IndicatorSnapshot] = []
    indicators = list(indicators)
    with CaseContext(period_end) as context:
        computed = figures_of_all(indicators, period_end, context)
    for indicator in indicators:
        overall, breakdowns = computed[indicator.id]
        found = [(OVERALL, OVERALL, overall)] + [
            (name, value, fig) for name, values in breakdowns.items() for value, fig in values.items()
        ]
        records += [
            IndicatorSnapshot(
                indicator=indicator.id,
                period_end=period_end,
                breakdown=name,
                breakdown_value=value[:120],
                numerator=fig.numerator,
                denominator=fig.denominator,
                value=fig.value,
                computed_at=computed_at,
            )
            for name, value, fig in found
        ]
    with transaction.atomic():
        IndicatorSnapshot.objects.filter(
            period_end=period_end, indicator__in=[i.id for i in indicators]
        ).delete()
        _store(records)
    return len(records)


def _store(records: list[IndicatorSnapshot]) -> None:
    """Write the snapshots. On PostgreSQL with COPY: a national month has about 15,000 figures, and
    preparing each one's INSERT values in the ORM took longer than computing them."""
    if connection.vendor != "postgresql":
        IndicatorSnapshot.objects.bulk_create(records, batch_size=2000)
        return
    columns = [
        "indicator", "period_end", "breakdown", "breakdown_value", "numerator", "denominator", "value",
        "computed_at",
    ]  # fmt: skip
    table = connection.ops.quote_name(IndicatorSnapshot._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for r in records:
            copy.write_row([getattr(r, name) for name in columns])
