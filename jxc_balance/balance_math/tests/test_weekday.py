"""Day-of-week profile: factors, significance, windows, and forecast_parameters with it."""

import math
import statistics

import pytest
from balance_math import backtest, forecast_parameters
from balance_math.weekday import (
    MIN_WEEKS,
    f_critical,
    f_statistic,
    regularized_beta,
    residual_std,
    weekday_profile,
    weekday_sums,
    window_weight,
)

Z90 = 1.2815515655446004
# Monday first: a quiet week and a busy weekend, mean 1
FACTORS = (0.5, 0.5, 0.5, 0.5, 1.0, 1.5, 2.5)
PATTERN = (1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 5.0)  # FACTORS × 2
BASE = {
    "observed_lead_times": [],
    "promised_lead_time": 3,  # L = 3 (no receipts), σ_L = 0
    "days_to_purchase": 0,
    "service_level": 0.90,
    "cover_days": 28,
    "rounding": 1.0,
    "review_days": 0.5,  # P = 3.5
}


def weekly(weeks, first_weekday=0, noise=0.0):
    """``weeks`` weeks of PATTERN × 2, day 0 of weekday ``first_weekday``; every day of
    an even week (from day 0) ``noise`` more, of an odd one ``noise`` less."""
    return [2 * PATTERN[(first_weekday + day) % 7] + (noise if day // 7 % 2 == 0 else -noise)
            for day in range(7 * weeks)]


# ----------------------------------------------------------------------- factors
def test_factors_of_a_known_pattern():
    # 8 weeks from a Monday: the last day (55) is a Sunday; means 2, 2, 2, 2, 4, 6, 10
    # over their average 4
    assert weekday_profile(weekly(8), 6) == pytest.approx(FACTORS)
    # the same days read from a Thursday on: the last day is a Wednesday
    assert weekday_profile(weekly(8, first_weekday=3), 2) == pytest.approx(FACTORS)


def test_factors_leave_stockout_days_out():
    history = weekly(10, noise=1.0)
    in_stock = [True] * len(history)
    for day in (5, 6, 12, 13):  # the first two weekends had an empty shelf: nothing sold
        history[day], in_stock[day] = 0.0, False
    # the other 8 weekends: 4 even weeks and 4 odd ones, the same means as before
    assert weekday_profile(history, 6, in_stock) == pytest.approx(FACTORS)
    # read as days without demand, the empty weekends would lower the weekend's factors
    assert weekday_profile(history, 6)[5] < FACTORS[5]
    with pytest.raises(ValueError, match="one value per day"):
        weekday_profile(history, 6, in_stock[1:])


def test_no_pattern_or_too_few_weeks_gives_none():
    # a Latin square: each weekday sells 1 … 7 once a week in turn, all their means are 4
    latin = [float((day + day // 7) % 7 + 1) for day in range(14 * 7)]
    assert f_statistic(weekday_sums(latin, 6)) == 0.0
    assert weekday_profile(latin, 6) is None
    # a clear pattern, one week short of MIN_WEEKS
    assert weekday_profile(weekly(MIN_WEEKS - 1), 6) is None
    # nothing sold
    assert weekday_profile([0.0] * 70, 6) is None


def test_bad_weekday_raises():
    for weekday in (7, -1, 2.5, True, "Mon"):
        with pytest.raises(ValueError, match="last_day_weekday"):
            weekday_profile(weekly(8), weekday)
        with pytest.raises(ValueError, match="last_day_weekday"):
            forecast_parameters(daily=[1.0] * 28, last_day_weekday=weekday, **BASE)


# ----------------------------------------------------------------- significance
def test_f_statistic_of_a_small_case():
    # two weeks from a Monday: Mon 1, 3; Tue 2, 4; Sun 5, 7; the others 2, 2
    values = [1, 2, 2, 2, 2, 2, 5, 3, 4, 2, 2, 2, 2, 7]
    sums = weekday_sums(values, 6)
    assert sums[0] == (2, 4.0, 10.0) and sums[6] == (2, 12.0, 74.0)
    # means 2, 3, 2, 2, 2, 2, 6, grand mean 19/7; between = 2 · (5 · 25 + 4 + 529) / 49
    # = 1316/49 over 6 df; within = 2 + 2 + 2 = 6 over 14 − 7 = 7 df: F = 47/9
    assert f_statistic(sums) == pytest.approx(47 / 9)
    # no spread within the weekdays but different means: certain
    assert f_statistic(weekday_sums(weekly(2), 6)) == math.inf


def test_f_distribution_against_tables():
    assert regularized_beta(0.5, 2, 3) == pytest.approx(11 / 16)
    # F tables: F(6, 60) 5 % 2.25, 1 % 3.12; F(6, 120) 1 % 2.96
    assert f_critical(6, 60, 0.05) == pytest.approx(2.254, abs=1e-3)
    assert f_critical(6, 60, 0.01) == pytest.approx(3.119, abs=1e-3)
    assert f_critical(6, 120, 0.01) == pytest.approx(2.956, abs=1e-3)


# ----------------------------------------------------------------------- windows
def test_window_weight_crossing_a_weekend():
    # day 0 a Thursday: Thu 0.5 + Fri 1 + Sat 1.5 + half a Sunday 1.25
    assert window_weight(FACTORS, 3, 0, 3.5) == pytest.approx(4.25)
    # a whole week counts 7, then Thu + Fri + half a Saturday
    assert window_weight(FACTORS, 3, 0, 9.5) == pytest.approx(7 + 0.5 + 1 + 0.75)
    # from half a Sunday on to the next Tuesday's end: 1.25 + Mon 0.5 + Tue 0.5
    assert window_weight(FACTORS, 3, 3.5, 6) == pytest.approx(2.25)
    assert window_weight(FACTORS, 3, 2, 2) == 0.0


def test_residual_std():
    # 4 weeks, ±1 around 2 × PATTERN each week in turn: every residual is 1
    sums = weekday_sums(weekly(4, noise=1.0), 6)
    assert residual_std(sums, FACTORS, 4.0) == pytest.approx(math.sqrt(28 / 27))


# ---------------------------------------------------------- forecast_parameters
def test_forecast_with_a_weekly_pattern():
    # 8 weeks from a Thursday: the last day is a Wednesday, tomorrow a Thursday
    history = weekly(8, first_weekday=3, noise=1.0)
    params = forecast_parameters(daily=history[-28:], history=history, last_day_weekday=2,
                                 **BASE)
    assert params["weekday_factors"] == pytest.approx(FACTORS)
    assert params["avg_daily_demand"] == 4.0
    assert params["demand_std"] == pytest.approx(math.sqrt(28 / 27))
    # SS = z · sqrt(W · σ_r²), W = the protected days [0, 3.5) in average days
    # = 0.5 + 1 + 1.5 + 1.25 = 4.25: 1.28155 · sqrt(4.25 · 28/27) = 2.69 -> 3
    assert params["safety_stock"] == 3.0
    # D over [0, 3.5) = 4 · (0.5 + 1 + 1.5 + 1.25) = 17; ROP = 17 + 3;
    # max = 20 + 4 · 28 (the cover: 4 whole weeks)
    assert params["reorder_point"] == 20.0
    assert params["max_qty"] == 132.0
    assert params["forecast_demand"] == pytest.approx(4 * (3 + 28))
    # without the weekday: σ_d of the pattern, d̄ · P
    flat = forecast_parameters(daily=history[-28:], history=history, **BASE)
    assert flat["weekday_factors"] is None
    assert flat["reorder_point"] == math.ceil(
        4 * 3.5 + math.ceil(Z90 * math.sqrt(3.5) * flat["demand_std"]))
    assert flat["demand_std"] > 2.5 * params["demand_std"]


def test_forecast_without_a_pattern_is_unchanged():
    latin = [float((day + day // 7) % 7 + 1) for day in range(14 * 7)]
    for history in (latin, latin * 8):  # with and without the backtest's safety stock
        with_day = forecast_parameters(daily=history[-28:], history=history,
                                       last_day_weekday=4, **BASE)
        without = forecast_parameters(daily=history[-28:], history=history, **BASE)
        assert with_day == without
        assert with_day["weekday_factors"] is None


def test_backtest_safety_stock_with_a_pattern():
    # two years and more: the safety stock from the backtest errors over h = 31 days,
    # their variance over the protected days counted in average days
    history = weekly(110, noise=1.0)  # day 0 a Monday, the last one (769) a Sunday
    with_day = forecast_parameters(daily=history[-28:], history=history,
                                   last_day_weekday=6, **BASE)
    without = forecast_parameters(daily=history[-28:], history=history, **BASE)
    assert with_day["forecast_method"] == without["forecast_method"] == "flat"
    spread = statistics.stdev(backtest(history, 28, 31)["flat"]["errors"])
    assert without["safety_stock"] == math.ceil(Z90 * spread * math.sqrt(3.5 / 31))
    # tomorrow a Monday: [0, 3.5) counts 0.5 · 3.5 = 1.75 average days
    assert with_day["safety_stock"] == math.ceil(Z90 * spread * math.sqrt(1.75 / 31))
    level = with_day["avg_daily_demand"]
    assert with_day["reorder_point"] == math.ceil(level * 1.75 + with_day["safety_stock"])
    assert with_day["reorder_point"] < without["reorder_point"]


def test_intermittent_line_keeps_its_quantile():
    # sells every 7th day (Saturday) only: intermittent, the quantile path ignores weekdays
    history = [3.0 if day % 7 == 5 else 0.0 for day in range(140)]
    with_day = forecast_parameters(daily=history[-90:], history=history,
                                   last_day_weekday=6, **BASE)
    without = forecast_parameters(daily=history[-90:], history=history, **BASE)
    assert with_day["demand_type"] == "intermittent"
    assert with_day == without
