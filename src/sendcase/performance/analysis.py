"""Reading the stored figures: series over months, RAG against target, trend since the previous month,
and the plain-English commentary written from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .compute import month_end, previous_month_end
from .indicators.base import Indicator
from .models import OVERALL, IndicatorSnapshot

Rag = Literal["green", "amber", "red", "none"]
Trend = Literal["up", "down", "flat", "none"]

RAG_LABELS = {"green": "On target", "amber": "Near target", "red": "Off target", "none": "No target"}
RAG_TAG_CLASSES = {"green": "govuk-tag--green", "amber": "govuk-tag--yellow", "red": "govuk-tag--red"}
NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
# A change smaller than this (in the indicator's unit) is reported as no change.
FLAT = Decimal("0.05")


def display(indicator: Indicator, value: Decimal | None) -> str:
    """A figure as people read it: '58.3%', '42', '12.5', '31 days'; 'No cases' when there is none."""
    if value is None:
        return "No cases"
    if indicator.unit == "percent":
        return f"{value:.1f}%"
    if indicator.unit == "count":
        return f"{value:,.0f}"
    if indicator.unit == "days":
        return f"{value:,.0f} day{'s' if value.to_integral_value() != 1 else ''}"
    return f"{value:,.1f}"


def change_display(indicator: Indicator, change: Decimal | None) -> str:
    if change is None:
        return "No earlier figure"
    if abs(change) < FLAT:
        return "No change"
    sign = "+" if change > 0 else "\u2212"
    size = abs(change)
    if indicator.unit == "percent":
        return f"{sign}{size:.1f} percentage point{'s' if size != 1 else ''}"
    if indicator.unit in ("count", "days"):
        return f"{sign}{size:,.0f}"
    return f"{sign}{size:,.1f}"


def rag(indicator: Indicator, value: Decimal | None) -> Rag:
    """Green at or past the target, amber within `amber_within` of it on the wrong side, else red."""
    if value is None or indicator.target is None:
        return "none"
    shortfall = indicator.target - value if indicator.higher_is_better else value - indicator.target
    if shortfall <= 0:
        return "green"
    return "amber" if shortfall <= indicator.amber_within else "red"


def trend(latest: Decimal | None, previous: Decimal | None) -> Trend:
    if latest is None or previous is None:
        return "none"
    change = latest - previous
    if abs(change) < FLAT:
        return "flat"
    return "up" if change > 0 else "down"


def trend_text(indicator: Indicator, direction: Trend, change: Decimal | None, previous_label: str) -> str:
    """The text alternative of a trend arrow: what moved, by how much, and whether that is better."""
    if direction == "none":
        return "No earlier month to compare with"
    if direction == "flat":
        return f"No change since {previous_label}"
    better = (direction == "up") == indicator.higher_is_better
    verb = "Up" if direction == "up" else "Down"
    return f"{verb} {change_display(indicator, abs(change)).lstrip('+')} since {previous_label}: " + (
        "better" if better else "worse"
    )


@dataclass(frozen=True)
class Point:
    period_end: dt.date
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None

    @property
    def label(self) -> str:
        return f"{self.period_end:%B %Y}"

    @property
    def short_label(self) -> str:
        return f"{self.period_end:%b %y}"


def series(
    indicator: Indicator, *, end: dt.date, months: int = 12, breakdown: str = OVERALL, value: str = OVERALL
) -> list[Point]:
    """The stored figures for the `months` months to `end`, oldest first (months never computed are left
    out rather than shown as zero)."""
    end = month_end(end)
    start = end
    for _ in range(months - 1):
        start = previous_month_end(start)
    snapshots = IndicatorSnapshot.objects.filter(
        indicator=indicator.id,
        breakdown=breakdown,
        breakdown_value=value,
        period_end__gte=start.replace(day=1),
        period_end__lte=end,
    ).order_by("period_end")
    return [Point(s.period_end, s.value, s.numerator, s.denominator) for s in snapshots]


def overall_series(*, end: dt.date, months: int = 12) -> dict[str, list[Point]]:
    """Every indicator's overall figures for the `months` months to `end`, in one query."""
    end = month_end(end)
    start = end
    for _ in range(months - 1):
        start = previous_month_end(start)
    found: dict[str, list[Point]] = {}
    snapshots = IndicatorSnapshot.objects.filter(
        breakdown=OVERALL, breakdown_value=OVERALL, period_end__gte=start.replace(day=1), period_end__lte=end
    ).order_by("indicator", "period_end")
    for s in snapshots.values_list("indicator", "period_end", "value", "numerator", "denominator"):
        found.setdefault(s[0], []).append(Point(s[1], s[2], s[3], s[4]))
    return found


def _count_word(n: int) -> str:
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)


def _months(n: int) -> str:
    return f"{_count_word(n)} month{'s' if n != 1 else ''}"


def commentary(
    indicator: Indicator,
    points: list[Point],
    *,
    england: Decimal | None = None,
    target_at: Callable[[dt.date], Indicator] | None = None,
) -> str:
    """A plain-English sentence about the latest figure: its movement over the quarter (or since the last
    month), how long it has been on or off target, and how it compares with England.

    `indicator` carries the latest month's target; `target_at` gives each earlier month's, so a month is
    on target if it met the target it had then (by default every month is measured against the latest)."""
    known = [p for p in points if p.value is not None]
    if not known:
        return "There are no figures for this period yet."
    latest = known[-1]
    parts: list[str] = []
    by_end = {p.period_end: p for p in known}
    quarter_ago = latest.period_end
    for _ in range(3):
        quarter_ago = previous_month_end(quarter_ago)
    earlier, span = by_end.get(quarter_ago), "over the quarter"
    if earlier is None:
        earlier, span = by_end.get(previous_month_end(latest.period_end)), "since the month before"
    now_text = display(indicator, latest.value)
    if earlier is None:
        parts.append(f"{now_text} in {latest.label}")
    elif abs(latest.value - earlier.value) < FLAT:
        parts.append(f"unchanged at {now_text} {span}")
    else:
        verb = "rose" if latest.value > earlier.value else "fell"
        parts.append(f"{verb} from {display(indicator, earlier.value)} to {now_text} {span}")

    if indicator.target is not None:
        measured_by = target_at or (lambda _day: indicator)
        on_target = rag(indicator, latest.value) == "green"
        run = 0
        for point in reversed(points):
            then = rag(measured_by(point.period_end), point.value)
            if then == "none" or (then == "green") != on_target:
                break  # no figure, or no target that month, ends the run as surely as a change of side
            run += 1
        good, bad = ("above", "below") if indicator.higher_is_better else ("below", "above")
        target_text = display(indicator, indicator.target)
        if latest.value == indicator.target:
            parts.append(f"at the target of {target_text}")
        else:
            side = good if on_target else bad
            span_text = f"all {_months(run)} shown" if run == len(points) and run > 1 else _months(run)
            parts.append(f"{side} the target of {target_text} for {span_text}")

    if england is not None:
        if abs(latest.value - england) < FLAT:
            parts.append(f"level with England's {display(indicator, england)}")
        else:
            side = "above" if latest.value > england else "below"
            parts.append(f"{side} England's {display(indicator, england)}")
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."
