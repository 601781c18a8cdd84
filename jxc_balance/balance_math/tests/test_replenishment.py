"""safety_stock, reorder_point, max_level, days_of_cover."""

import math

import pytest
from balance_math import days_of_cover, max_level, reorder_point, safety_stock

Z95 = 1.6448536269514715  # Φ⁻¹(0.95)


def test_textbook_demand_variability_only():
    # d̄ = 20/day, σ_d = 5, L = 4, σ_L = 0, p = 0.95
    # SS = 1.6449 · sqrt(4 · 25 + 400 · 0) = 1.6449 · 5 · 2 = 16.449
    ss = safety_stock(Z95, 4, 5, 20, 0)
    assert ss == pytest.approx(16.448536, abs=1e-6)
    # ROP = 20 · 4 + 16.4485 = 96.4485
    assert reorder_point(20, 4, ss) == pytest.approx(96.448536, abs=1e-6)


def test_safety_stock_with_lead_time_variability():
    # d̄ = 10, σ_d = 3, L = 9, σ_L = 2: SS = z · sqrt(9·9 + 100·4) = z · sqrt(481)
    # = 1.6448536 · 21.9317122 = 36.07446
    ss = safety_stock(Z95, 9, 3, 10, 2)
    assert ss == pytest.approx(Z95 * math.sqrt(481))
    assert ss == pytest.approx(36.074456, abs=1e-6)


def test_safety_stock_lead_time_zero():
    # L = 0, σ_L = 0: SS = z · sqrt(0 · σ_d² + d̄² · 0) = 0
    assert safety_stock(Z95, 0, 5, 20, 0) == 0.0
    # L = 0 but σ_L = 1: only the lead-time term, z · sqrt(20² · 1²) = 20 z
    assert safety_stock(Z95, 0, 5, 20, 1) == pytest.approx(20 * Z95)


def test_safety_stock_zero_demand():
    assert safety_stock(Z95, 10, 0, 0, 3) == 0.0  # sqrt(10·0 + 0·9) = 0


@pytest.mark.parametrize(
    "args",
    [
        (-1.0, 4, 5, 20, 0),  # z
        (Z95, -4, 5, 20, 0),  # negative lead time
        (Z95, 4, -5, 20, 0),  # negative σ_d
        (Z95, 4, 5, -20, 0),  # negative d̄
        (Z95, 4, 5, 20, -1),  # negative σ_L
        (Z95, float("inf"), 5, 20, 0),
    ],
)
def test_safety_stock_rejects_invalid(args):
    with pytest.raises(ValueError):
        safety_stock(*args)


def test_max_level():
    # max = ROP + d̄ · cover = 96.45 + 20 · 10 = 296.45
    assert max_level(96.45, 20, 10) == pytest.approx(296.45)
    assert max_level(0, 0, 30) == 0.0
    with pytest.raises(ValueError):
        max_level(96.45, 20, -1)
    with pytest.raises(ValueError):
        reorder_point(20, -4, 0)


def test_days_of_cover():
    assert days_of_cover(150, 20) == pytest.approx(7.5)  # 150 / 20
    assert days_of_cover(0, 20) == 0.0
    assert days_of_cover(-10, 20) == pytest.approx(-0.5)  # negative stock
    assert days_of_cover(150, 0) is None  # no demand: cover undefined
    assert days_of_cover(150, -1) is None
