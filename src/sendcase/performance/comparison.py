"""Published comparators for an indicator: England, region, statistical neighbours, quartile band and
rank, from DfE statistics (performance/comparators.py). A figure DfE suppressed or did not publish is
shown as such ('Suppressed', 'Not published'), never as zero."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from . import comparators
from .indicators.base import Indicator
from .published.release import release_dir


@dataclass(frozen=True)
class Comparison:
    year: int
    period: str  # "calendar" or "january"
    authority: comparators.PublishedValue
    england: comparators.PublishedValue
    region: comparators.PublishedValue
    region_name: str
    neighbours: list[tuple[str, comparators.PublishedValue]]
    neighbours_average: comparators.PublishedValue
    quartile_band: int | None
    rank: int | None
    of: int

    @property
    def england_value(self) -> Decimal | None:
        return self.england.value if self.england.status == "ok" else None

    @property
    def year_label(self) -> str:
        return f"January {self.year}" if self.period == "january" else f"calendar year {self.year}"


def published_display(published: comparators.PublishedValue | None) -> str:
    return published.display if published is not None else "Not published"


def comparison_for(indicator: Indicator, period_end: dt.date) -> Comparison | None:
    """The comparators for the latest published year up to the period's year, or None when the indicator
    has no published measure, or the authority or measure is not in the release."""
    if not indicator.comparator:
        return None
    return _comparison(indicator.comparator, period_end.year, settings.AUTHORITY_LA_CODE, release_dir())


# Published figures only change with the release in use, so each answer is worked out once per process
# (the overview asks for every indicator on every request).
@lru_cache(maxsize=512)
def _comparison(measure: str, up_to_year: int, la_code: str, release: Path) -> Comparison | None:
    info = comparators.available_measures().get(measure)
    years = [y for y in (info.years if info else []) if y <= up_to_year]
    if not years:
        return None
    try:
        found = comparators.comparators_for(measure, years[-1], la_code)
    except LookupError:  # unknown measure or authority code
        return None
    return Comparison(
        year=found.year,
        period=info.period,
        authority=found.authority,
        england=found.england,
        region=found.region,
        region_name=found.region_name,
        neighbours=list(found.neighbours),
        neighbours_average=found.neighbours_average,
        quartile_band=found.quartile_band,
        rank=found.rank,
        of=found.of,
    )
