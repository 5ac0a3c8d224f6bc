"""Published comparators for an indicator: England, region, statistical neighbours, quartile band and
rank, from DfE statistics (performance/comparators.py). A figure DfE suppressed or did not publish is
shown as such, never as zero."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings

from .indicators.base import Indicator

# DfE publishes these figures for calendar (or census) years; the latest year up to this many years
# before the period's year is used.
YEARS_BACK = 3


@dataclass(frozen=True)
class Comparison:
    year: int
    england: Any
    region: Any
    neighbours: list
    neighbours_average: Any
    authority: Any
    quartile_band: int | None
    rank: int | None
    of: int | None

    @property
    def england_value(self) -> Decimal | None:
        return _value(self.england)


def _value(published: Any) -> Decimal | None:
    if published is None or getattr(published, "status", "missing") != "ok":
        return None
    return published.value


def published_display(published: Any) -> str:
    """How a published figure reads: its value, or why there is none ('Suppressed', 'Not published')."""
    if published is None:
        return "Not published"
    display = getattr(published, "display", "")
    if display:
        return display
    return {
        "suppressed": "Suppressed",
        "not_applicable": "Not applicable",
        "low": "Low",
        "missing": "Not published",
    }.get(getattr(published, "status", "missing"), "Not published")


def comparison_for(indicator: Indicator, period_end: dt.date) -> Comparison | None:
    """The comparators for the latest published year up to the period's, or None when the indicator has
    no published measure or no figures are loaded."""
    if not indicator.comparator:
        return None
    try:
        from . import comparators
    except ImportError:  # the published statistics are not installed in this deployment
        return None
    try:
        if indicator.comparator not in set(comparators.available_measures()):
            return None
    except Exception:  # noqa: BLE001 - a broken data file must not take the dashboard down
        return None
    la_code = settings.AUTHORITY_LA_CODE
    for year in range(period_end.year, period_end.year - YEARS_BACK - 1, -1):
        try:
            found = comparators.comparators_for(indicator.comparator, year, la_code)
        except (KeyError, LookupError, ValueError):
            continue
        if found is None or getattr(getattr(found, "england", None), "status", "missing") == "missing":
            continue
        return Comparison(
            year=year,
            england=found.england,
            region=found.region,
            neighbours=list(found.neighbours or []),
            neighbours_average=found.neighbours_average,
            authority=found.authority,
            quartile_band=found.quartile_band,
            rank=found.rank,
            of=found.of,
        )
    return None
