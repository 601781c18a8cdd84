"""compute_parameters end to end."""

import math

import pytest
from balance_math import compute_parameters

Z95 = 1.6448536269514715


def params(**kw):
    base = {
        "daily": [25, 15, 25, 15, 25, 15, 20],  # d̄ = 20, σ_d = 5 (see test_stats)
        "observed_lead_times": [],
        "promised_lead_time": 4,
        "days_to_purchase": 0,
        "service_level": 0.95,
        "cover_days": 10,
        "rounding": 0.01,
    }
    return compute_parameters(**{**base, **kw})


def test_textbook_pipeline():
    result = params()
    assert result == {
        "avg_daily_demand": pytest.approx(20.0),
        "demand_std": pytest.approx(5.0),
        "lead_time_days": 4.0,  # promised (0 receipts < 3)
        "lead_time_std": 0.0,
        "lead_time_source": "promised",
        "safety_stock": 16.45,  # up(1.6448536 · sqrt(4 · 25)) = up(16.4485) = 16.45
        "reorder_point": 96.45,  # up(20 · 4 + 16.45) = 96.45
        "max_qty": 296.45,  # up(80 + 16.45 + 20 · 10) = 296.45
        "xyz_class": "x",  # one full week [140]: CV 0
        "stockout_days": 0,
    }


def test_pipeline_observed_lead_time_and_days_to_purchase():
    # daily [7, 10, 13]: d̄ = 10, σ_d = 3; receipts [6, 8, 10]: mean 8 + 1 = 9, σ_L = 2
    # SS = z · sqrt(9 · 9 + 100 · 4) = z · sqrt(481) = 36.0745 -> up 37 (rounding 1)
    result = params(
        daily=[7, 10, 13],
        observed_lead_times=[6, 8, 10],
        days_to_purchase=1,
        rounding=1.0,
        cover_days=5,
    )
    assert result["lead_time_days"] == pytest.approx(9.0)
    assert result["lead_time_std"] == pytest.approx(2.0)
    assert result["lead_time_source"] == "observed"
    assert math.ceil(Z95 * math.sqrt(481)) == 37
    assert result["safety_stock"] == 37.0
    assert result["reorder_point"] == 127.0  # up(10 · 9 + 37) = 127
    assert result["max_qty"] == 177.0  # up(90 + 37 + 10 · 5) = 177
    assert result["xyz_class"] == "z"  # 3 days: no full week


def test_pipeline_zero_demand():
    result = params(daily=[0.0] * 28, observed_lead_times=[5, 7, 9])
    assert result["avg_daily_demand"] == 0.0
    assert result["safety_stock"] == 0.0  # z · sqrt(L · 0 + 0 · σ_L²)
    assert result["reorder_point"] == 0.0
    assert result["max_qty"] == 0.0
    assert result["xyz_class"] == "z"


def test_pipeline_one_day_history():
    # d̄ = 6, σ_d = 0, L = 4, σ_L = 0 -> SS = 0, ROP = 24, max = 24 + 6 · 10 = 84
    result = params(daily=[6.0])
    assert result["demand_std"] == 0.0
    assert (result["safety_stock"], result["reorder_point"], result["max_qty"]) == (0.0, 24.0, 84.0)


def test_pipeline_lead_time_zero():
    # L = 0, σ_L = 0 -> SS = 0, ROP = 0 + 0 = 0, max = 20 · 10 = 200
    result = params(promised_lead_time=0)
    assert (result["safety_stock"], result["reorder_point"], result["max_qty"]) == (0.0, 0.0, 200.0)


def test_pipeline_pinned_safety_stock_and_packs():
    # pinned SS 10, rounding 6 (packs): SS = up(10) = 12,
    # ROP = up(20 · 4 + 12 = 92) = 96, max = up(92 + 200 = 292) = 294
    result = params(pinned_safety_stock=10.0, rounding=6.0)
    assert (result["safety_stock"], result["reorder_point"], result["max_qty"]) == (
        12.0,
        96.0,
        294.0,
    )
    # pinned 0 disables the safety stock: ROP = 80, max = 280
    result = params(pinned_safety_stock=0.0)
    assert (result["safety_stock"], result["reorder_point"], result["max_qty"]) == (
        0.0,
        80.0,
        280.0,
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"service_level": 1.0},
        {"promised_lead_time": -1},
        {"days_to_purchase": -1},
        {"cover_days": -1},
        {"rounding": 0},
        {"pinned_safety_stock": -5.0},
    ],
)
def test_pipeline_rejects_invalid(changes):
    with pytest.raises(ValueError):
        params(**changes)
