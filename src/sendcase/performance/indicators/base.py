"""What an indicator is: a declarative definition, the rows it counts, and how rows become a figure.

An indicator's `source` is one SQL query over the case record as at a date, returning one row per thing
counted (a request, a review, an officer, a child). Every figure, overall or for a breakdown, is that
query grouped in the database; the list of cases behind a figure is the same query read row by row
(`Row`, worded by the indicator's `describe`). So a figure and its drill-down always agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from .sql import Source

Unit = Literal["percent", "count", "number", "days"]
Polarity = Literal["higher", "lower"]
Aggregate = Literal["rate", "count", "mean", "max"]
Window = Literal["month", "rolling_12", "calendar_year", "at_date"]

BREAKDOWN_LABELS = {
    "locality": "Locality",
    "team": "Team",
    "primary_need": "Primary need",
    "age_group": "Age group",
    "setting_type": "Setting type",
    "adviser_type": "Adviser type",
    "stage": "Stage",
    "weeks_open": "Weeks since received",
    "no_place_reason": "Reason for no place",
}

WINDOW_LABELS = {
    "month": "in the month",
    "rolling_12": "in the 12 months to the period end",
    "calendar_year": "in the calendar year to the period end",
    "at_date": "on the last day of the month",
}


@dataclass(frozen=True)
class Period:
    """The date the record is read as at, and the window of activity counted up to it (inclusive)."""

    as_at: dt.date
    start: dt.date

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.as_at


def window_start(as_at: dt.date, window: Window) -> dt.date:
    if window == "month":
        return as_at.replace(day=1)
    if window == "calendar_year":
        return dt.date(as_at.year, 1, 1)
    if window == "rolling_12":
        # The 12 whole months ending on `as_at`: 1 December 2025 to 30 November 2026.
        return _months_back(as_at.replace(day=1), 11)
    return as_at


def _months_back(first_of_month: dt.date, months: int) -> dt.date:
    index = first_of_month.year * 12 + first_of_month.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def each(describe_row: Callable[[dict, Period], tuple[str, str]]) -> Callable:
    """An indicator's `describe` from a function that words one row."""

    def describe(rows: list[dict], period: Period) -> list[tuple[str, str]]:
        return [describe_row(row, period) for row in rows]

    return describe


@dataclass(frozen=True)
class Row:
    """One thing counted. `hit` says whether it meets the indicator (for a rate); `amount` is its value
    (for a mean or maximum). `attrs` carry its breakdown values; `child_id` links it to a record."""

    label: str
    child_id: int | None = None
    hit: bool = True
    amount: float | None = None
    detail: str = ""
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Figure:
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    description: str
    counting: str
    unit: Unit
    polarity: Polarity
    aggregate: Aggregate
    window: Window
    # source(period, context) -> the SQL counting it (`sql.Source`); context is a CaseContext for
    # period.as_at.
    source: Callable[..., Source]
    # describe(rows, period) -> (label, detail) for each row of the source, for the list of cases.
    describe: Callable[[list[dict], Period], list[tuple[str, str]]]
    group: str
    target: Decimal | None = None
    # How far on the wrong side of the target a value may be and still be amber (in the unit).
    amber_within: Decimal = Decimal("5")
    breakdowns: tuple[str, ...] = ()
    comparator: str = ""
    short_title: str = ""
    # What a row that counts towards a rate is called on the list of cases ("Within 20 weeks").
    hit_label: str = "Meets the measure"
    # Indicators that count the same rows differently share one source: `only` names the source's 1/0
    # columns a row must have set to be counted here (the calendar year within 12 months' rows, say),
    # and `hit` the 1/0 column that says it meets this measure.
    only: tuple[str, ...] = ()
    hit: str = "hit"
    # What the list behind a figure lists ("cases", or "officers and their caseloads").
    drilldown_noun: str = "cases"

    def period(self, as_at: dt.date) -> Period:
        return Period(as_at=as_at, start=window_start(as_at, self.window))

    @property
    def higher_is_better(self) -> bool:
        return self.polarity == "higher"


TWO_PLACES = Decimal("0.01")


def _dec(value: float | int) -> Decimal:
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


class Tally:
    """What a figure needs from a set of rows, added up one row at a time: how many, how many hits, and
    the sum, count and largest of the amounts."""

    __slots__ = ("rows", "hits", "total", "amounts", "largest")

    def __init__(self) -> None:
        self.rows = 0
        self.hits = 0
        self.total: float | int = 0
        self.amounts = 0
        self.largest: float | int | None = None

    def add(self, row: Row) -> None:
        self.rows += 1
        if row.hit:
            self.hits += 1
        amount = row.amount
        if amount is not None:
            self.total += amount
            self.amounts += 1
            if self.largest is None or amount > self.largest:
                self.largest = amount


def figure_of(indicator: Indicator, tally: Tally) -> Figure:
    """The figure for a tally. An empty rate or mean has no value (shown as 'no cases'), never 0."""
    if indicator.aggregate == "count":
        return Figure(_dec(tally.rows), None, _dec(tally.rows))
    if indicator.aggregate == "rate":
        value = _dec(Decimal(tally.hits) * 100 / tally.rows) if tally.rows else None
        return Figure(_dec(tally.hits), _dec(tally.rows), value)
    if indicator.aggregate == "mean":
        value = _dec(tally.total / tally.amounts) if tally.amounts else None
        return Figure(_dec(tally.total), _dec(tally.amounts), value)
    value = _dec(tally.largest) if tally.largest is not None else None
    return Figure(value, None, value)


def figure(indicator: Indicator, rows: list[Row]) -> Figure:
    """The figure for a set of rows."""
    tally = Tally()
    for row in rows:
        tally.add(row)
    return figure_of(indicator, tally)
