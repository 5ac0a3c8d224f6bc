"""Small and large SVG charts of an indicator's monthly series, drawn on the server so they need no
JavaScript. Each carries a text alternative; the indicator page also shows the same data as a table."""

from __future__ import annotations

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
    target_y: float | None
    ticks: list[tuple[float, str]]  # (y, label)
    left: int
    bottom: int
    desc: str


def chart(
    indicator: Indicator, points: list[analysis.Point], width: int = 640, height: int = 280
) -> Chart | None:
    known = [p for p in points if p.value is not None]
    if not known:
        return None
    left, right, top, bottom = 64, 16, 16, 40
    target = [indicator.target] if indicator.target is not None else []
    low, high = _scale([p.value for p in known], target)
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
    desc = "; ".join(f"{p.label}: {analysis.display(indicator, p.value)}" for p in known)
    if indicator.target is not None:
        desc += f". Target {analysis.display(indicator, indicator.target)}."
    return Chart(
        width=width,
        height=height,
        line=" ".join(f"{p.x:.1f},{p.y:.1f}" for p in chart_points),
        points=chart_points,
        target_y=y_of(float(indicator.target)) if indicator.target is not None else None,
        ticks=ticks,
        left=left,
        bottom=height - bottom,
        desc=desc,
    )
