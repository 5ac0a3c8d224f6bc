"""The census date and the period a SEN2 return covers.

DfE's SEN2 return is taken on a census day in January (in recent years the third Thursday). It holds
every plan in force on that day, and the activity of the previous calendar year: requests received,
decisions made, plans issued and ceased, reviews held, placements. Work still open on census day is
included too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

THURSDAY = 3


@dataclass(frozen=True)
class CensusPeriod:
    census_date: dt.date

    @property
    def year(self) -> int:
        """The collection year: the year of the January census."""
        return self.census_date.year

    @property
    def period_start(self) -> dt.date:
        return dt.date(self.census_date.year - 1, 1, 1)

    @property
    def period_end(self) -> dt.date:
        return dt.date(self.census_date.year - 1, 12, 31)

    def in_period(self, day: dt.date | None) -> bool:
        return day is not None and self.period_start <= day <= self.period_end


def third_thursday_of_january(year: int) -> dt.date:
    first = dt.date(year, 1, 1)
    first_thursday = first + dt.timedelta(days=(THURSDAY - first.weekday()) % 7)
    return first_thursday + dt.timedelta(weeks=2)


def default_census_date(today: dt.date) -> dt.date:
    """The latest January census day on or before `today` (the return most recently due)."""
    this_year = third_thursday_of_january(today.year)
    return this_year if this_year <= today else third_thursday_of_january(today.year - 1)
