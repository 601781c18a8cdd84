import random
import statistics
from datetime import date, timedelta

import pytest
from history.profiles import demand_factor, draw_daily_sales, draw_lumpy_sales

FIRST, LAST = date(2023, 1, 2), date(2024, 12, 29)  # a Monday, a Sunday: 104 weeks


def _draw(seed, profiles=(), base=20.0, **kwargs):
    return draw_daily_sales(random.Random(seed), base, profiles, FIRST, LAST,
                            trend_start=FIRST, trend_days=(LAST - FIRST).days, **kwargs)


def test_same_seed_same_series():
    assert _draw(7, ("summer", "weekend"), return_rate=0.03) == \
        _draw(7, ("summer", "weekend"), return_rate=0.03)
    assert _draw(7, ("summer",)) != _draw(8, ("summer",))


def test_factors_on_known_days():
    assert demand_factor((), date(2024, 7, 15)) == 1.0
    assert demand_factor(("summer",), date(2024, 7, 15)) == 3.0  # mid-month value
    assert demand_factor(("winter",), date(2024, 1, 15)) == 2.6
    assert demand_factor(("weekend",), date(2024, 6, 8)) == 1.8  # a Saturday
    assert demand_factor(("weekend",), date(2024, 6, 10)) == 1.0  # a Monday
    assert demand_factor(("promo",), date(2024, 11, 11)) == 8.0  # 双十一
    assert demand_factor(("school",), date(2024, 8, 30)) > 3.0  # two days before term
    # profiles multiply: mid-June (2.5) on a Saturday (1.8)
    assert demand_factor(("summer", "weekend"), date(2024, 6, 15)) == pytest.approx(4.5)


def test_weekday_shape():
    sales, _returns = _draw(3, ("weekend",))
    by_weekday = {weekday: [] for weekday in range(7)}
    for index in range((LAST - FIRST).days + 1):
        day = FIRST + timedelta(days=index)
        by_weekday[day.weekday()].append(sales.get(day, 0))
    weekday = statistics.mean(q for wd in range(5) for q in by_weekday[wd])
    weekend = statistics.mean(q for wd in (5, 6) for q in by_weekday[wd])
    assert 1.6 < weekend / weekday < 2.0  # the profile says 1.8


def test_seasonal_shape():
    sales, _returns = _draw(5, ("summer",))
    july = statistics.mean(q for day, q in sales.items() if day.month == 7)
    january = statistics.mean(q for day, q in sales.items() if day.month == 1)
    assert july > 3 * january
    winter, _returns = _draw(5, ("winter",))
    assert sum(q for day, q in winter.items() if day.month in (12, 1)) > \
        5 * sum(q for day, q in winter.items() if day.month in (6, 7))


def test_trend_and_returns():
    sales, returns = _draw(11, return_rate=0.5)
    first_year = sum(q for day, q in sales.items() if day.year == 2023)
    second_year = sum(q for day, q in sales.items() if day.year == 2024)
    assert second_year > first_year  # 0.92 -> 1.08 over the two years
    assert returns and all(day <= LAST for day in returns)
    assert all(qty >= 1 for qty in returns.values())
    assert not _draw(11)[1]  # no return rate, no returns


def test_lumpy_sales():
    """A sale every 7 to 35 days, of lognormal size: the mean daily demand is the base."""
    first, last = date(2000, 1, 1), date(2049, 12, 31)  # 50 years: the mean settles
    sales = draw_lumpy_sales(random.Random(4), 2.0, first, last, (7, 35), 1.0)
    days = sorted(sales)
    assert all(7 <= (b - a).days <= 35 for a, b in zip(days, days[1:], strict=False))
    assert all(qty >= 1 and qty == int(qty) for qty in sales.values())
    assert sum(sales.values()) / ((last - first).days + 1) == pytest.approx(2.0, rel=0.08)
    assert draw_lumpy_sales(random.Random(4), 2.0, first, last, (7, 35), 1.0) == sales
