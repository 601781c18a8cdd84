"""daily_series / weekly_series construction."""

from datetime import date, datetime

import pytest
from balance_math import daily_series, weekly_series


def test_daily_series_oldest_first_missing_days_zero():
    qty = {
        date(2024, 3, 1): 4.0,  # inside, oldest day of the window
        date(2024, 3, 3): 2.5,  # inside, end_day
        date(2024, 2, 29): 99.0,  # one day before the window: ignored
        date(2024, 3, 4): 99.0,  # after end_day: ignored
    }
    # window = 2024-03-01, 03-02, 03-03 (3 days ending 03-03 inclusive; 2024 is leap)
    assert daily_series(qty, date(2024, 3, 3), 3) == [4.0, 0.0, 2.5]


def test_daily_series_single_day_and_empty_history():
    assert daily_series({date(2024, 1, 10): 7}, date(2024, 1, 10), 1) == [7.0]
    assert daily_series({}, date(2024, 1, 10), 4) == [0.0, 0.0, 0.0, 0.0]


def test_daily_series_crosses_year_boundary():
    qty = {date(2023, 12, 31): 1.0, date(2024, 1, 1): 2.0}
    # window 2023-12-30 .. 2024-01-01
    assert daily_series(qty, date(2024, 1, 1), 3) == [0.0, 1.0, 2.0]


@pytest.mark.parametrize("days", [0, -1, 1.5, True, "7"])
def test_daily_series_rejects_bad_days(days):
    with pytest.raises(ValueError):
        daily_series({}, date(2024, 1, 1), days)


def test_daily_series_rejects_datetime_end_day():
    with pytest.raises(ValueError):
        daily_series({}, datetime(2024, 1, 1, 12, 0), 3)


def test_weekly_series_blocks_counted_from_newest_day():
    daily = [100.0] + [1.0] * 7 + [2.0] * 7  # 15 days: oldest day is a partial block
    # blocks: days 1..7 -> 7·1 = 7, days 8..14 -> 7·2 = 14; the 100 is dropped
    assert weekly_series(daily) == [7.0, 14.0]


def test_weekly_series_exact_weeks_and_short_history():
    assert weekly_series(list(range(14))) == [21.0, 70.0]  # 0+..+6 = 21, 7+..+13 = 70
    assert weekly_series([5.0] * 6) == []  # fewer than 7 days
    assert weekly_series([]) == []
