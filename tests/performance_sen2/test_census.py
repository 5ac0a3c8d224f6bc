import datetime as dt

from sendcase.performance.sen2.census import CensusPeriod, default_census_date, third_thursday_of_january


def test_third_thursday_of_january():
    assert third_thursday_of_january(2025) == dt.date(2025, 1, 16)
    assert third_thursday_of_january(2026) == dt.date(2026, 1, 15)
    assert third_thursday_of_january(2015) == dt.date(2015, 1, 15)  # 1 January 2015 was a Thursday


def test_default_census_is_the_latest_on_or_before_today():
    assert default_census_date(dt.date(2026, 11, 28)) == dt.date(2026, 1, 15)
    assert default_census_date(dt.date(2026, 1, 15)) == dt.date(2026, 1, 15)
    assert default_census_date(dt.date(2026, 1, 14)) == dt.date(2025, 1, 16)


def test_the_period_is_the_calendar_year_before_the_census():
    period = CensusPeriod(dt.date(2026, 1, 15))
    assert (period.year, period.period_start, period.period_end) == (
        2026,
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )
    assert period.in_period(dt.date(2025, 12, 31)) and not period.in_period(dt.date(2026, 1, 1))
    assert not period.in_period(None)
