"""Demand types (Syntetos–Boylan) and the quantile of the lead-time demand."""

import pytest
from balance_math import forecast_parameters
from balance_math.intermittent import demand_type, empirical_quantile, window_sums


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
    # 33 days, 25 demand days: ADI = 1.32; constant sizes: CV² = 0
    assert demand_type([0] * 8 + [2] * 25) == "intermittent"
    assert demand_type([0] * 7 + [2] * 25) == "smooth"  # ADI 32 / 25 = 1.28


def test_window_sums():
    daily = [1, 0, 2, 0, 3]
    assert window_sums(daily, 2) == [1, 2, 2, 3]
    # 1.5 days: whole day + half of the next one
    assert window_sums(daily, 1.5) == [1.0, 1.0, 2.0, 1.5]
    assert window_sums(daily, 6) == []


def test_empirical_quantile():
    values = [0, 0, 0, 0, 0, 0, 0, 3, 5, 9]
    assert empirical_quantile(values, 0.70) == 0
    assert empirical_quantile(values, 0.80) == 3
    assert empirical_quantile(values, 0.90) == 5
    assert empirical_quantile(values, 0.95) == 9
    assert empirical_quantile([], 0.9) == 0.0


def test_lumpy_line_gets_a_quantile_reorder_point():
    """Sold 20 every 10th day for a year (intermittent: constant sizes). The 90 days hold 9
    demand days (< 20): the last 365 days are read, d̄ = 36 · 20 / 365 = 1.9726. Half of
    its 5-day windows hold one sale of 20: the 0.90 quantile, the ROP, is 20; SS =
    up(20 − 1.9726 · 5) = up(10.14) = 11; max = up(20 + 1.9726 · 30) = up(79.18) = 80."""
    daily = [20.0 if day % 10 == 9 else 0.0 for day in range(365)]
    params = forecast_parameters(
        daily=daily[-90:], history=daily, events=[], demand_model="auto",
        observed_lead_times=[], promised_lead_time=5, days_to_purchase=0,
        service_level=0.90, cover_days=30, rounding=1.0)
    assert params["demand_type"] == "intermittent"
    assert params["reorder_method"] == "quantile"
    assert params["avg_daily_demand"] == pytest.approx(36 * 20 / 365)
    assert params["reorder_point"] == 20.0
    assert params["safety_stock"] == 11.0
    assert params["max_qty"] == 80.0
    normal = forecast_parameters(
        daily=daily[-90:], history=daily, events=[],
        observed_lead_times=[], promised_lead_time=5, days_to_purchase=0,
        service_level=0.90, cover_days=30, rounding=1.0)
    # the engine's model (the default): z · σ, no demand type computed
    assert "demand_type" not in normal
    assert normal["reorder_point"] != 20.0
