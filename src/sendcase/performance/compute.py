"""Computing indicators as at a date and storing them as monthly snapshots."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat

from django.db import transaction
from django.utils import timezone

from .indicators.base import Figure, Indicator, Row, Tally, figure_of
from .indicators.context import CaseContext
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


def rows_for(indicator: Indicator, as_at: dt.date, context: CaseContext | None = None) -> list[Row]:
    context = context if context is not None and context.as_at == as_at else CaseContext(as_at)
    return indicator.rows(indicator.period(as_at), context)


def compute(indicator: Indicator, as_at: dt.date, context: CaseContext | None = None) -> Computation:
    rows = rows_for(indicator, as_at, context)
    overall, breakdowns = _tally(indicator, rows)
    return Computation(indicator, as_at, rows, overall, breakdowns)


def _tally(indicator: Indicator, rows: list[Row]) -> tuple[Figure, dict[str, dict[str, Figure]]]:
    """The overall figure and every breakdown's figures from the rows.

    Rates and counts need only how many rows, and how many hits, each breakdown value has: those are
    counted with `Counter` over the rows' attrs (a national month has millions of rows). Means and
    maxima (a few thousand officers or children) add the rows up one by one."""
    if indicator.aggregate in ("rate", "count"):
        every = [row.attrs for row in rows]
        hit = [row.attrs for row in rows if row.hit]
        overall = Tally()
        overall.rows, overall.hits = len(every), len(hit)
        breakdowns = {}
        for name in indicator.breakdowns:
            counted = Counter(map(dict.get, every, repeat(name)))
            hits = Counter(map(dict.get, hit, repeat(name)))
            figures = {}
            for value in sorted(v for v in counted if v):
                tally = Tally()
                tally.rows, tally.hits = counted[value], hits[value]
                figures[value] = figure_of(indicator, tally)
            breakdowns[name] = figures
        return figure_of(indicator, overall), breakdowns
    overall = Tally()
    grouped: dict[str, dict[str, Tally]] = {name: defaultdict(Tally) for name in indicator.breakdowns}
    for row in rows:
        overall.add(row)
        for name in indicator.breakdowns:
            value = row.attrs.get(name)
            if value:
                grouped[name][value].add(row)
    breakdowns = {
        name: {value: figure_of(indicator, tally) for value, tally in sorted(values.items())}
        for name, values in grouped.items()
    }
    return figure_of(indicator, overall), breakdowns


def snapshot_month(
    period_end: dt.date, *, indicators: Iterable[Indicator] = INDICATOR_LIST, now: dt.datetime | None = None
) -> int:
    """Compute every indicator as at `period_end` and replace that month's snapshots. Returns the number
    of snapshot rows written. One transaction: a month is never left half recomputed."""
    period_end = month_end(period_end)
    computed_at = now or timezone.now()
    # Only the figures are stored: the rows' labels and details (for the list of cases) are not written.
    context = CaseContext(period_end, details=False)
    records: list[IndicatorSnapshot] = []
    indicators = list(indicators)
    for indicator in indicators:
        result = compute(indicator, period_end, context)
        figures = [(OVERALL, OVERALL, result.overall)] + [
            (name, value, fig) for name, values in result.breakdowns.items() for value, fig in values.items()
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
            for name, value, fig in figures
        ]
    with transaction.atomic():
        IndicatorSnapshot.objects.filter(
            period_end=period_end, indicator__in=[i.id for i in indicators]
        ).delete()
        IndicatorSnapshot.objects.bulk_create(records, batch_size=2000)
    return len(records)
