"""Seasonal forecast, events and backtest on hand-made series."""

import pytest
from balance_math import (
    backtest,
    compute_parameters,
    event_effects,
    forecast_parameters,
    seasonal_index,
    window_forecast,
)
from balance_math.seasonal import SEASONAL_MAX, SEASONAL_MIN

Z90 = 1.2815515655446004

BASE = {
    "observed_lead_times": [],
    "promised_lead_time": 7,  # L = 7 (no receipts), σ_L = 0
    "days_to_purchase": 0,
    "service_level": 0.90,
    "cover_days": 28,
    "rounding": 1.0,
}


def summer_history(days=730):
    """1 a day, 3 a day in each summer: days [7, 91) and [372, 456) of a 730-day history.

    Today is day 730: last summer started at 730 - 365 + 7, so this summer starts in a
    week and lasts 12 weeks. The pattern repeats every 365 days exactly. ``days`` keeps
    the newest days only.
    """
    series = [3.0 if 7 <= i < 91 or 372 <= i < 456 else 1.0 for i in range(730)]
    return series[-days:]


def run(history, level_days=28, **kw):
    return forecast_parameters(daily=history[-level_days:], history=history, **{**BASE, **kw})


# ---------------------------------------------------------------- seasonal index
def test_seasonal_index_before_summer():
    history = summer_history()
    # last year's level: mean(days 337..364) = 1; last year's [0, 7) = days 365..371 = 1
    assert seasonal_index(history, 28, 0, 7) == 1.0
    # last year's [7, 35) = days 372..399, all in summer: 3 / 1 = 3
    assert seasonal_index(history, 28, 7, 35) == 3.0


def test_seasonal_index_clamped_and_missing():
    history = [1.0] * 400 + [10.0] * 30 + [1.0] * 300  # last year: 10x in 30 days
    # today 730, last year = 365..; days 400..429 are [35, 65) ahead: 10 / 1 -> 4
    assert seasonal_index(history, 28, 35, 65) == SEASONAL_MAX
    flat_then_nothing = [1.0] * 400 + [0.0] * 330
    # last year's [0, 28) = days 365..392 were 1, ahead [35, 63) = days 400.. were 0: 0 -> 0.25
    assert seasonal_index(flat_then_nothing, 28, 35, 63) == SEASONAL_MIN
    # 365 + 28 - 1 days: not enough for a seasonal index
    assert seasonal_index([1.0] * 392, 28, 0, 7) is None
    # nothing sold in last year's level window: no basis, 1
    assert seasonal_index([0.0] * 400 + [1.0] * 30, 28, 0, 7) == 1.0


def test_window_forecast_fractional_and_uplift():
    # level 2 over [0, 2.5): 2 · 2.5 = 5; day 1 uplifted x3: 2 · (1 + 3 + 0.5) = 9
    assert window_forecast(2.0, 0, 2.5) == pytest.approx(5.0)
    assert window_forecast(2.0, 0, 2.5, uplifts={1: 3.0}) == pytest.approx(9.0)
    # index 1.5 over [1.5, 3): 2 · 1.5 · 1.5 = 4.5
    assert window_forecast(2.0, 1.5, 3, index=1.5) == pytest.approx(4.5)


# --------------------------------------------------------------------- backtest
def test_backtest_flat_by_hand():
    # 16 days, level over 2 days, horizon 2: origins 14 and 7 (steps of 7, o >= 2)
    history = [2.0] * 16
    history[14] = history[15] = 4.0
    history[7] = history[8] = 1.0
    result = backtest(history, 2, 2)
    assert result["origins"] == 2
    assert result["seasonal"] is None  # far less than a year
    # o=14: level mean(2, 2) = 2 -> forecast 4, actual 8: error +4, |4|/8 = 0.5
    # o=7:  level mean(2, 2) = 2 -> forecast 4, actual 2: error -2, |2|/2 = 1.0
    assert result["flat"]["errors"] == [4.0, -2.0]
    assert result["flat"]["mape"] == pytest.approx(75.0)  # mean(0.5, 1.0) · 100
    assert result["flat"]["bias"] == pytest.approx(-20.0)  # (-4 + 2) / (8 + 2) · 100


def test_backtest_summer_seasonal_beats_flat():
    result = backtest(summer_history(), 28, 35)
    # origins 695, 688, ... >= 365 + 28: (695 - 393) // 7 + 1 = 44
    assert result["origins"] == 44
    # the pattern repeats every 365 days: last year's same weeks forecast exactly
    assert result["seasonal"]["mape"] == pytest.approx(0.0, abs=1e-9)
    assert result["seasonal"]["bias"] == pytest.approx(0.0, abs=1e-9)
    assert result["flat"]["mape"] == pytest.approx(16.84, abs=0.01)  # measured: the ramps err


def test_backtest_seasonal_forecasts_use_seasonal_index():
    # The backtest takes each origin's index from its prefix sums without seasonal_index's
    # checks; it must be seasonal_index's value. The summer pattern gets day-to-day noise,
    # so that the origins' indexes differ.
    history = [qty + (day * 7 % 5) * 0.3 for day, qty in enumerate(summer_history())]
    level_days, horizon = 28, 35
    result = backtest(history, level_days, horizon)
    assert len(set(result["seasonal"]["errors"])) > 10
    origins = range(len(history) - horizon, 365 + level_days - 1, -7)
    expected = [
        (sum(history[o:o + horizon]) - sum(history[o - level_days:o]) / level_days * horizon
         * seasonal_index(history, level_days, 0, horizon, origin=o))
        for o in list(origins)[:result["origins"]]
    ]
    assert result["seasonal"]["errors"] == pytest.approx(expected, abs=1e-9)


# ------------------------------------------------------- parameters with seasons
def test_summer_peak_is_ordered_before_summer():
    seasonal = run(summer_history())
    flat = compute_parameters(daily=summer_history()[-28:], **BASE)
    assert seasonal["forecast_method"] == "seasonal"
    # the lead time's index reads the 28 days of last year around it, [3.5 ± 14) =
    # [-10, 18): 11 of them in last summer (3), 17 before it (1): 50 / 28;
    # D_L = 1 · 50/28 · 7 = 12.5 (the summer a week ahead already raises the reorder
    # point); D_C = 1 · 3 · 28 = 84; backtest errors all 0 and σ_L = 0: SS 0
    assert seasonal["safety_stock"] == 0.0
    assert seasonal["reorder_point"] == 13.0  # up(12.5 + 0)
    assert seasonal["max_qty"] == 97.0  # up(12.5 + 0 + 84): the first 4 weeks of summer
    assert seasonal["forecast_demand"] == pytest.approx(96.5)
    assert seasonal["seasonal_index"] == pytest.approx(96.5 / 35.0)  # 96.5 / (1 · 35)
    assert seasonal["forecast_mape"] == pytest.approx(0.0, abs=1e-9)
    # the flat average of the last 28 days (1 a day): max 7 + 28 = 35, 56 short of summer
    assert (flat["reorder_point"], flat["max_qty"]) == (7.0, 35.0)
    assert seasonal["flat_mape"] > seasonal["seasonal_mape"]


def test_long_lead_time_reads_its_own_days():
    # L = 28: the lead time's index reads last year's [0, 28) = 7 days at 1, 21 in
    # summer at 3: 70 / 28; D_L = 1 · 2.5 · 28 = 70; D_C over [28, 56), all summer: 84
    seasonal = run(summer_history(), promised_lead_time=28)
    assert seasonal["forecast_method"] == "seasonal"
    assert (seasonal["safety_stock"], seasonal["reorder_point"]) == (0.0, 70.0)
    assert seasonal["max_qty"] == 154.0


def test_safety_stock_from_backtest_errors():
    # Day-to-day noise without season: 0, 2, 0, 2...: σ_d = 1.02 would give a safety
    # stock of up(1.28155 · sqrt(7 · 1.0183)) = up(3.42) = 4; over 35-day windows the
    # noise cancels out: errors are 0 or ±1 ... so SS from their spread is smaller.
    history = [float(2 * (i % 2)) for i in range(730)]
    result = run(history, demand_model="normal")  # sold every other day: intermittent
    flat = compute_parameters(daily=history[-28:], **BASE)
    assert flat["safety_stock"] == 4.0
    assert result["backtest_origins"] == 44
    assert result["safety_stock"] < flat["safety_stock"]
    assert result["safety_stock"] == 1.0  # up(z · s_e · sqrt(7 / 35)) with s_e ≈ 1


def test_flat_only_ignores_the_season():
    # a profile's "flat only" forecast: the summer is not ordered ahead, the numbers are
    # compute_parameters' (ROP 7, max 35) although the seasonal backtest won
    history = summer_history()
    result = run(history, seasonal_allowed=False)
    flat = compute_parameters(daily=history[-28:], **BASE)
    assert result["forecast_method"] == "flat"
    assert result["seasonal_mape"] is None
    for key, value in flat.items():
        assert result[key] == value, key
    assert result["flat_mape"] == run(history)["flat_mape"]


def test_without_last_year_falls_back_to_flat():
    # 400 days: 365 + 28 + 35 = 428 would be needed for one seasonal backtest origin
    history = summer_history(400)
    result = run(history)
    flat = compute_parameters(daily=history[-28:], **BASE)
    assert result["forecast_method"] == "flat"
    assert result["seasonal_mape"] is None
    for key, value in flat.items():
        assert result[key] == value, key
    assert (result["reorder_point"], result["max_qty"]) == (7.0, 35.0)
    assert result["seasonal_index"] == 1.0


# ---------------------------------------------------------------------- events
FLAT = {"daily": [2.0] * 28, **BASE}  # d̄ 2, σ_d 0: SS 0, ROP 2 · 7 = 14, max 14 + 56 = 70


def test_event_uplift_raises_rop():
    plain = forecast_parameters(**FLAT)
    assert (plain["reorder_point"], plain["max_qty"]) == (14.0, 70.0)
    promo = {"id": 1, "start": 0, "stop": 3, "uplift": 2.0, "extension": 0}
    result = forecast_parameters(events=[promo], **FLAT)
    # D_L = 2 · (3 ordinary days + 4 days x2) = 22; D_C = 2 · 28 = 56
    assert result["reorder_point"] == 22.0  # +8 = 2 · 4 · (2 - 1)
    assert result["max_qty"] == 78.0  # 22 + 56
    assert result["event"] is promo


def test_shutdown_extension_raises_rop():
    shutdown = {"id": 2, "start": 10, "stop": 20, "uplift": 1.0, "extension": 5}
    result = forecast_parameters(events=[shutdown], **FLAT)
    assert result["lead_time_days"] == 12.0  # 7 + 5
    assert result["reorder_point"] == 24.0  # 2 · 12: +10 = 2 · 5
    assert result["max_qty"] == 80.0  # 24 + 2 · 28
    assert result["event"] is shutdown


def test_uplift_and_extension_together():
    promo = {"id": 1, "start": 0, "stop": 3, "uplift": 2.0, "extension": 0}
    shutdown = {"id": 2, "start": 10, "stop": 20, "uplift": 1.0, "extension": 5}
    result = forecast_parameters(events=[promo, shutdown], **FLAT)
    # L = 12: D_L = 2 · (12 + 4) = 32; D_C over [12, 40) = 56
    assert (result["reorder_point"], result["max_qty"]) == (32.0, 88.0)
    assert result["event"] is promo  # the uplift names the line's event


def test_event_outside_window_changes_nothing():
    later = {"id": 3, "start": 35, "stop": 40, "uplift": 3.0, "extension": 9}
    past = {"id": 4, "start": -10, "stop": -1, "uplift": 3.0, "extension": 9}
    result = forecast_parameters(events=[later, past], **FLAT)  # window [0, 7 + 28)
    assert (result["reorder_point"], result["max_qty"]) == (14.0, 70.0)
    assert result["event"] is None


def test_event_effects_overlapping():
    events = [{"start": 0, "stop": 1, "uplift": 1.5, "extension": 0},
              {"start": 1, "stop": 2, "uplift": 2.5, "extension": 3}]
    uplifts, extension, main = event_effects(events, 10)
    assert uplifts == {0: 1.5, 1: 2.5, 2: 2.5}  # the highest uplift on each day
    assert extension == 3
    assert main is events[1]
    with pytest.raises(ValueError):
        event_effects([{"start": 0, "stop": 1, "uplift": 0, "extension": 0}], 10)
