"""Demand types (Syntetos–Boylan) and the quantile of the lead-time demand."""

import math

import pytest
from balance_math import forecast_parameters
from balance_math.intermittent import (
    compound_quantile,
    croston_sba,
    demand_type,
    lognormal_quantile,
    student_t_quantile,
    trigger_quantile,
)


@pytest.mark.parametrize("daily, expected", [
    ([5, 5, 5, 5, 6, 4], "smooth"),  # ADI 1, sizes 5,5,5,5,6,4: CV² = 0.4/25 = 0.016
    ([1, 9, 1, 9, 1, 9], "erratic"),  # ADI 1, μ 5, σ² 19.2: CV² = 0.768
    ([0, 0, 5, 0, 0, 5, 0, 0, 5], "intermittent"),  # ADI 9 / 3 = 3, CV² 0
    ([0, 0, 1, 0, 0, 20, 0, 0, 3], "lumpy"),  # ADI 3, μ 8, σ² 109: CV² = 1.70
    ([0, 0, 4, 0], None),  # a single demand day: no type
])
def test_demand_type(daily, expected):
    assert demand_type(daily) == expected


def test_cut_offs():
    """ADI exactly 1.32 is intermittent (>=), just below it smooth."""
    # 33 days from the first sale, 25 demand days: ADI = 1.32; constant sizes: CV² = 0
    assert demand_type([2, 0] * 8 + [2] * 17) == "intermittent"
    assert demand_type([2, 0] * 7 + [2] * 18) == "smooth"  # ADI 32 / 25 = 1.28
    # the days before the first sale are not intervals: a new product selling every day
    assert demand_type([0] * 80 + [4] * 10) == "smooth"  # ADI 10 / 10 = 1


def test_croston_sba():
    """Demand days 2 (size 4), 5 (size 2, 3 days later) and 6 (size 6): z = 4, p = the mean
    interval (6 − 2) / 2 = 2; day 5: z = 4 + 0.1 · (2 − 4) = 3.8, p = 2 + 0.1 · (3 − 2) =
    2.1; day 6: z = 3.8 + 0.1 · (6 − 3.8) = 4.02, p = 2.1 + 0.1 · (1 − 2.1) = 1.99;
    SBA = (1 − 0.05) · 4.02 / 1.99."""
    assert croston_sba([0, 0, 4, 0, 0, 2, 6]) == pytest.approx(0.95 * 4.02 / 1.99)
    assert croston_sba([0, 0, 0]) == 0.0
    # a single demand day: p = its day + 1 = 3
    assert croston_sba([0, 0, 4, 0]) == pytest.approx(0.95 * 4 / 3)
    # the days before the first demand leave the level as it is
    assert croston_sba([0] * 30 + [0, 0, 4, 0, 0, 2, 6]) == croston_sba([0, 0, 4, 0, 0, 2, 6])
    # constant sizes and intervals: the level is the mean times the SBA factor
    assert croston_sba([0, 0, 0, 6] * 10) == pytest.approx(0.95 * 6 / 4)


def test_trigger_quantile_without_gap():
    """L = 1: demand days 0 (2, then 0), 2 (3, then 4) and 3 (4, then 0): draws 2, 7, 4
    (four each, equal weights); day 4 has no demand. Median 4, 0.9 quantile 7."""
    daily = [2, 0, 3, 4, 0, 0]
    assert trigger_quantile(daily, 1, 0, 0.5) == 4
    assert trigger_quantile(daily, 1, 0, 0.9) == 7


def test_trigger_quantile_reads_the_position_above_the_reorder_point():
    """Gap 2: each draw is x − θ · min(x, 2) + D_L for θ = 1/8, 3/8, 5/8, 7/8, weight 2:
    0.25…1.75, 5.25…6.75, 2.25…3.75 (12 draws). Median: the 6th, 2.75; 0.9: the 11th
    (0.9 · 12 = 10.8), 6.25."""
    daily = [2, 0, 3, 4, 0, 0]
    assert trigger_quantile(daily, 1, 2, 0.5) == 2.75
    assert trigger_quantile(daily, 1, 2, 0.9) == 6.25


def test_trigger_quantile_skips_windows_without_stock():
    """Day 3 began empty: the windows of days 2 (reads day 3) and 3 go; only 2 is left."""
    daily = [2, 0, 3, 4, 0, 0]
    mask = [True, True, True, False, True, True]
    assert trigger_quantile(daily, 1, 0, 0.9, mask) == 2


def test_compound_quantile_few_sizes():
    """Two sizes of 2 in 4 days (too few to fit: their own moments), L = 2: pL = 1; gap 0:
    x − v = 2. E[T] = 2 + 1 · 2 = 4, Var[T] = 0 + 1 · 4 = 4; lognormal σ² = ln(1 + 4/16),
    μ = ln 4 − σ²/2, q = exp(μ + σ · z(0.9))."""
    sigma2 = math.log(1.25)
    expected = math.exp(math.log(4) - sigma2 / 2 + math.sqrt(sigma2) * 1.2815516)
    assert compound_quantile([2, 0, 0, 2], 2, 0, 0.9) == pytest.approx(expected, rel=1e-6)
    assert lognormal_quantile(4, 4, 0.9) == pytest.approx(expected, rel=1e-6)
    assert compound_quantile([0, 0, 0], 2, 0, 0.9) == 0.0


def test_compound_quantile_reads_a_tail_beyond_the_sizes_seen():
    """Sizes 5, 10, 20, 40 once each in 100 days, L = 7: the fitted tail puts the 0.98
    quantile above the largest size ever seen (40), the history's own windows do not."""
    daily = [0.0] * 100
    for day, size in ((10, 5), (35, 10), (60, 20), (85, 40)):
        daily[day] = size
    assert trigger_quantile(daily, 7, 0, 0.98) == 40
    assert compound_quantile(daily, 7, 0, 0.98) > 60


def test_student_t_quantile():
    """Tables: t(0.95, 10) = 1.8125, t(0.98, 5) = 2.7565, t(0.90, 30) = 1.3104."""
    assert student_t_quantile(0.95, 10) == pytest.approx(1.8125, rel=0.005)
    assert student_t_quantile(0.98, 5) == pytest.approx(2.7565, rel=0.015)
    assert student_t_quantile(0.90, 30) == pytest.approx(1.3104, rel=0.002)


def test_intermittent_line_reads_its_windows():
    """Sold 20 every 10th day for a year (intermittent: constant sizes). The 90 days hold 9
    demand days (< 20): the last 365 days are read. SBA level = 0.95 · 20 / 10 = 1.9; gap
    = 1.9 · 30 = 57. Every demand day gives draws 20 − θ · 20 = 2.5, 7.5, 12.5, 17.5 (no
    sale in the 5 days after): the 0.90 quantile is 17.5, ROP = up(17.5) = 18; SS =
    up(18 − 1.9 · 5) = up(8.5) = 9; max = up(18 + 1.9 · 30) = 75."""
    daily = [20.0 if day % 10 == 9 else 0.0 for day in range(365)]
    params = forecast_parameters(
        daily=daily[-90:], history=daily, events=[],
        observed_lead_times=[], promised_lead_time=5, days_to_purchase=0,
        service_level=0.90, cover_days=30, rounding=1.0)
    assert params["demand_type"] == "intermittent"
    assert params["reorder_method"] == "bootstrap"
    assert params["forecast_method"] == "croston_sba"
    assert params["avg_daily_demand"] == pytest.approx(1.9)
    assert params["reorder_point"] == 18.0
    assert params["safety_stock"] == 9.0
    assert params["max_qty"] == 75.0
    normal = forecast_parameters(
        daily=daily[-90:], history=daily, events=[], demand_model="normal",
        observed_lead_times=[], promised_lead_time=5, days_to_purchase=0,
        service_level=0.90, cover_days=30, rounding=1.0)
    # the normal model asked for: z · σ, no demand type computed
    assert "demand_type" not in normal
    assert normal["reorder_point"] != 18.0


def test_lumpy_line_gets_a_fitted_reorder_point():
    """Uneven sizes on few days: lumpy, the compound model, the SBA level."""
    daily = [0.0] * 365
    for day, size in enumerate((3, 40, 8, 1, 25, 60, 2, 15), start=1):
        daily[day * 40] = size
    params = forecast_parameters(
        daily=daily[-90:], history=daily, events=[],
        observed_lead_times=[], promised_lead_time=7, days_to_purchase=0,
        service_level=0.95, cover_days=30, rounding=1.0)
    assert params["demand_type"] == "lumpy"
    assert params["reorder_method"] == "compound"
    assert params["reorder_point"] > 60  # above the largest order seen
    assert params["safety_stock"] == params["reorder_point"] - math.floor(
        params["avg_daily_demand"] * 7)


def test_unknown_demand_model():
    with pytest.raises(ValueError, match="demand_model"):
        forecast_parameters(daily=[1.0] * 10, demand_model="magic", observed_lead_times=[],
                            promised_lead_time=5, days_to_purchase=0, service_level=0.9,
                            cover_days=30, rounding=1.0)
