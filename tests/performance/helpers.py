"""Computing one indicator in a test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sendcase.performance.compute import Computation, compute
from sendcase.performance.indicators.registry import INDICATORS


def run(indicator_id: str, as_at: dt.date) -> Computation:
    return compute(INDICATORS[indicator_id], as_at)


def value(indicator_id: str, as_at: dt.date) -> Decimal | None:
    return run(indicator_id, as_at).overall.value


def fraction(indicator_id: str, as_at: dt.date) -> tuple[int, int]:
    """(numerator, denominator) of a rate, as whole numbers."""
    overall = run(indicator_id, as_at).overall
    return int(overall.numerator), int(overall.denominator)
