"""Small and large SVG charts of an indicator's monthly series, drawn on the server so they need no
JavaScript. Each carries a text alternative; the indicator page also shows the same data as a table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from . import analysis
from .indicators.base import Indicator


@dataclass(frozen=True)
class Sparkline:
    points: str  # SVG polyline points, "x,y x,y"
    last_x: float
    last_y: float
    width: int
    height: int
    text: str

    @property
    def empty(self) -> bool:
        return not self.points


def _scale(values: list[Decimal], extra: list[Decimal]) -> tuple[float, float]:
    everything = [float(v) for v in values + extra]
    low, high = min(everything), max(everything)
    if high == low:
        high, low = high + 1, low - 1
    return low, high


def sparkline(
    indicator: Indicator, points: list[analysis.Point], width: int = 120, height: int = 32
) -> Sparkline:
    known = [p for p in points if p.value is not None]
    if len(known) < 2:
        return Sparkline("", 0, 0, width, height, "Not enough months computed to show a trend")
    low, high = _scale([p.value for p in known], [])
    step = (width - 4) / (len(known) - 1)
    coords = [
        (2 + i * step, height - 2 - (float(p.value) - low) / (high - low) * (height - 4))
        for i, p in enumerate(known)
    ]
    lowest = min(known, key=lambda p: p.value)
    highest = max(known, key=lambda p: p.value)
    text = (
        f"Trend over {len(known)} months: from {analysis.display(indicator, known[0].value)} in "
        f"{known[0].label} to {analysis.display(indicator, known[-1].value)} in {known[-1].label}; lowest "
        f"{analysis.display(indicator, lowest.value)}, highest {analysis.display(indicator, highest.value)}"
    )
    return Sparkline(
        " ".join(f"{x:.1f},{y:.1f}" for x, y in coords), coords[-1][0], coords[-1][1], width, height, text
    )


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str
    value: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    line: str
    points: list[ChartPoint]
    target_path: str  # SVG path of the target month by month ("" when no month has one)
    target_y: float | None  # the latest month's target, where its label goes
    ticks: list[tuple[float, str]]  # (y, label)
    left: int
    bottom: int
    desc: str


def _target_text(indicator: Indicator, known: list[analysis.Point], targets: list[Decimal | None]) -> str:
    """The targets in words, run by run: " Target 60.0%." or " Target: 60.0% from January 2026 to March
    2026; 70.0% from April 2026." ("none" for months without one)."""
    runs: list[tuple[Decimal | None, analysis.Point, analysis.Point]] = []
    for point, target in zip(known, targets, strict=True):
        if runs and runs[-1][0] == target:
            runs[-1] = (target, runs[-1][1], point)
        else:
            runs.append((target, point, point))
    if len(runs) == 1:
        return f" Target {analysis.display(indicator, runs[0][0])}." if runs[0][0] is not None else ""

    def words(target: Decimal | None) -> str:
        return analysis.display(indicator, target) if target is not None else "none"

    def span(first: analysis.Point, last: analysis.Point, latest: bool) -> str:
        if latest and first is not last:
            return f"from {first.label}"
        return f"in {first.label}" if first is last else f"from {first.label} to {last.label}"

    parts = [f"{words(t)} {span(first, last, i == len(runs) - 1)}" for i, (t, first, last) in enumerate(runs)]
    return " Target: " + "; ".join(parts) + "."


def chart(
    indicator: Indicator,
    points: list[analysis.Point],
    width: int = 640,
    height: int = 280,
    *,
    target_at: Callable[[dt.date], Indicator] | None = None,
) -> Chart | None:
    """The indicator page's chart. The target line steps where the target changed (`target_at` gives
    each month's indicator with its target; by default every month has `indicator`'s)."""
    known = [p for p in points if p.value is not None]
    if not known:
        return None
    left, right, top, bottom = 64, 16, 16, 40
    targets = [(target_at(p.period_end) if target_at else indicator).target for p in known]
    low, high = _scale([p.value for p in known], [t for t in targets if t is not None])
    if indicator.unit == "percent":
        low, high = min(low, 0.0), max(high, 100.0)
    else:
        low = min(low, 0.0)
    plot_w, plot_h = width - left - right, height - top - bottom

    def y_of(value: float) -> float:
        return top + plot_h - (value - low) / (high - low) * plot_h

    step = plot_w / max(1, len(known) - 1)
    chart_points = [
        ChartPoint(
            left + (i * step if len(known) > 1 else plot_w / 2),
            y_of(float(p.value)),
            p.short_label,
            analysis.display(indicator, p.value),
        )
        for i, p in enumerate(known)
    ]
    ticks = [
        (
            y_of(low + (high - low) * k / 4),
            analysis.display(indicator, Decimal(str(low + (high - low) * k / 4))),
        )
        for k in range(5)
    ]
    # Each month's target is a level step centred on its point; a change of target is a vertical rise
    # or fall halfway between two months, and a month without one leaves a gap.
    path: list[str] = []
    drawing = False
    for point, target in zip(chart_points, targets, strict=True):
        if target is None:
            drawing = False
            continue
        start, end = max(left, point.x - step / 2), min(left + plot_w, point.x + step / 2)
        y = y_of(float(target))
        path.append(f"{'L' if drawing else 'M'}{start:.1f},{y:.1f} L{end:.1f},{y:.1f}")
        drawing = True
    desc = "; ".join(f"{p.label}: {analysis.display(indicator, p.value)}" for p in known) + "."
    desc += _target_text(indicator, known, targets)
    return Chart(
        width=width,
        height=height,
        line=" ".join(f"{p.x:.1f},{p.y:.1f}" for p in chart_points),
        points=chart_points,
        target_path=" ".join(path),
        target_y=y_of(float(targets[-1])) if targets[-1] is not None else None,
        ticks=ticks,
        left=left,
        bottom=height - bottom,
        desc=desc,
    )
