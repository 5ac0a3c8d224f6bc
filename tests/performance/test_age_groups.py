"""The children's table puts each child in an age group by comparing dates of birth with thresholds;
the thresholds must agree with `statutory.age_on`, 29 February birthdays included."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase.performance.indicators.context import AGE_GROUPS, born_by
from sendcase.statutory import age_on

ONE_DAY = dt.timedelta(days=1)
DAYS = [
    dt.date(2026, 10, 31),
    dt.date(2024, 2, 29),  # a leap day
    dt.date(2025, 2, 28),  # the day before a leap-day birthday is kept in a common year
    dt.date(2025, 3, 1),
    dt.date(2028, 2, 28),
    dt.date(2026, 1, 1),
]


@pytest.mark.parametrize("on", DAYS)
@pytest.mark.parametrize("age", [limit for limit, _label in AGE_GROUPS[:-1]])
def test_the_threshold_is_the_last_birthday_old_enough(on: dt.date, age: int) -> None:
    latest = born_by(age, on)
    assert age_on(latest, on) >= age
    assert age_on(latest + ONE_DAY, on) < age


def test_a_leap_day_birthday_counts_on_the_first_of_march_in_a_common_year() -> None:
    born = dt.date(2020, 2, 29)
    assert born <= born_by(5, dt.date(2025, 3, 1))
    assert born > born_by(5, dt.date(2025, 2, 28))
