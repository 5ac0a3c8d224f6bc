"""One indicator's headline for a month, as the overview tile, the indicator page and the board pack
show it: value, target, RAG, trend, change, comparators and commentary, all from stored snapshots."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from . import analysis
from .comparison import Comparison, comparison_for, published_display
from .compute import month_end, previous_month_end
from .indicators.base import Indicator
from .indicators.registry import INDICATOR_LIST
from .sparkline import Sparkline, sparkline
from .targets import TargetTimeline, timelines


@dataclass(frozen=True)
class Headline:
    indicator: Indicator
    period_end: dt.date
    points: list[analysis.Point]
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    computed: bool
    previous: Decimal | None
    rag: analysis.Rag
    trend: analysis.Trend
    trend_text: str
    change: Decimal | None
    comparison: Comparison | None
    commentary: str
    spark: Sparkline

    @property
    def value_display(self) -> str:
        return analysis.display(self.indicator, self.value) if self.computed else "Not computed"

    @property
    def target_display(self) -> str:
        return (
            analysis.display(self.indicator, self.indicator.target)
            if self.indicator.target is not None
            else "No target"
        )

    @property
    def rag_label(self) -> str:
        return analysis.RAG_LABELS[self.rag]

    @property
    def rag_class(self) -> str:
        return analysis.RAG_TAG_CLASSES.get(self.rag, "govuk-tag--grey")

    @property
    def change_display(self) -> str:
        return analysis.change_display(self.indicator, self.change)

    @property
    def england_display(self) -> str:
        return published_display(self.comparison.england) if self.comparison else "Not published"

    @property
    def neighbours_display(self) -> str:
        return published_display(self.comparison.neighbours_average) if self.comparison else "Not published"

    @property
    def url(self) -> str:
        return reverse("performance:indicator", args=[self.indicator.id]) + f"?period={self.period_end:%Y-%m}"


def headline(
    targets: TargetTimeline,
    period_end: dt.date,
    *,
    with_comparison: bool = True,
    points: list[analysis.Point] | None = None,
) -> Headline:
    """The indicator's headline for the month, measured against the target in force that month (and
    each earlier month against its own, for how long it has been on or off target)."""
    period_end = month_end(period_end)
    indicator = targets.at(period_end)
    if points is None:
        points = analysis.series(indicator, end=period_end, months=12)
    by_end = {p.period_end: p for p in points}
    current = by_end.get(period_end)
    previous_point = by_end.get(previous_month_end(period_end))
    value = current.value if current else None
    previous = previous_point.value if previous_point else None
    direction = analysis.trend(value, previous)
    change = value - previous if value is not None and previous is not None else None
    comparison = comparison_for(indicator, period_end) if with_comparison else None
    shown = [p for p in points if p.period_end <= period_end]
    return Headline(
        indicator=indicator,
        period_end=period_end,
        points=shown,
        value=value,
        numerator=current.numerator if current else None,
        denominator=current.denominator if current else None,
        computed=current is not None,
        previous=previous,
        rag=analysis.rag(indicator, value),
        trend=direction,
        trend_text=analysis.trend_text(
            indicator, direction, change, f"{previous_month_end(period_end):%B %Y}"
        ),
        change=change,
        comparison=comparison,
        commentary=analysis.commentary(
            indicator, shown, england=comparison.england_value if comparison else None, target_at=targets.at
        )
        if current
        else "This month has not been computed yet.",
        spark=sparkline(indicator, shown),
    )


def headlines(period_end: dt.date, *, with_comparison: bool = True) -> list[Headline]:
    """Every indicator's headline, from one read of the stored overall figures."""
    everything = analysis.overall_series(end=period_end, months=12)
    return [
        headline(
            line, period_end, with_comparison=with_comparison, points=everything.get(line.definition.id, [])
        )
        for line in timelines(INDICATOR_LIST).values()
    ]
