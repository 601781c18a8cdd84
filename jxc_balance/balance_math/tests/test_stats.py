"""demand_stats, lead_time_stats, z_score."""

import math
import random

import pytest
from balance_math import demand_stats, lead_time_stats, z_score


def test_demand_stats_sample_std():
    # mean = 140/7 = 20; deviations ±5 six times and 0 -> Σ = 150; var = 150/6 = 25
    mean, std = demand_stats([25, 15, 25, 15, 25, 15, 20])
    assert mean == pytest.approx(20.0)
    assert std == pytest.approx(5.0)


def test_demand_stats_uses_n_minus_1():
    # [2, 4]: mean 3, Σ(x-3)² = 2, sample var = 2/1 = 2 -> σ = √2 (population: 1)
    assert demand_stats([2, 4]) == pytest.approx((3.0, math.sqrt(2)))


def test_demand_stats_one_day_history():
    assert demand_stats([12.0]) == (12.0, 0.0)  # single value: σ_d = 0


def test_demand_stats_empty_and_zero_demand():
    assert demand_stats([]) == (0.0, 0.0)
    assert demand_stats([0.0] * 30) == (0.0, 0.0)


def test_demand_stats_sparse_series_equals_day_by_day_sums():
    # The variance adds the zero days' (0 - d̄)² as one repeated term. fsum rounds the
    # exact sum once, whatever the order of its terms: the result is the same float as
    # the day-by-day two-pass formula, not just close to it.
    rng = random.Random(7)
    for _ in range(200):
        daily = [0.0] * rng.randint(2, 400)
        for day in rng.sample(range(len(daily)), rng.randint(1, len(daily))):
            daily[day] = rng.choice([1.0, 2.5, 0.1, 7.0, 1e-3, 12345.678])
        mean = math.fsum(daily) / len(daily)
        std = math.sqrt(math.fsum((x - mean) ** 2 for x in daily) / (len(daily) - 1))
        assert demand_stats(daily) == (mean, std)


def test_lead_time_observed_with_enough_receipts():
    # [7, 9, 11]: mean 9, Σ(x-9)² = 4+0+4 = 8, var = 8/2 = 4 -> σ_L = 2
    assert lead_time_stats([7, 9, 11], promised_days=5) == pytest.approx((9.0, 2.0, "observed"))


def test_lead_time_falls_back_to_promised_below_min_receipts():
    # only 2 receipts (< 3): promised 5 days, σ_L = 0
    assert lead_time_stats([7, 11], promised_days=5) == (5.0, 0.0, "promised")
    assert lead_time_stats([], promised_days=0) == (0.0, 0.0, "promised")


def test_lead_time_min_receipts_is_configurable():
    # min_receipts=2: [7, 11] -> mean 9, var = (4+4)/1 = 8 -> σ_L = √8
    assert lead_time_stats([7, 11], 5, min_receipts=2) == pytest.approx(
        (9.0, math.sqrt(8), "observed")
    )
    # min_receipts=1 with one receipt: σ_L = 0
    assert lead_time_stats([6], 5, min_receipts=1) == (6.0, 0.0, "observed")


def test_lead_time_adds_days_to_purchase():
    # observed: mean(6, 8, 10) = 8, + 1 day to purchase = 9; σ_L = 2 (not shifted)
    assert lead_time_stats([6, 8, 10], 5, extra_days=1) == pytest.approx((9.0, 2.0, "observed"))
    # promised: 5 + 2 = 7
    assert lead_time_stats([], 5, extra_days=2) == (7.0, 0.0, "promised")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"observed_days": [1, -2, 3], "promised_days": 5},
        {"observed_days": [], "promised_days": -1},
        {"observed_days": [], "promised_days": 5, "extra_days": -0.5},
        {"observed_days": [], "promised_days": 5, "min_receipts": 0},
        {"observed_days": [], "promised_days": float("nan")},
    ],
)
def test_lead_time_rejects_invalid(kwargs):
    with pytest.raises(ValueError):
        lead_time_stats(**kwargs)


def test_z_score_textbook_values():
    assert z_score(0.95) == pytest.approx(1.6448536, abs=1e-7)
    assert z_score(0.98) == pytest.approx(2.0537489, abs=1e-7)
    assert z_score(0.90) == pytest.approx(1.2815515, abs=1e-7)
    assert z_score(0.5 + 1e-9) == pytest.approx(0.0, abs=1e-8)  # Φ⁻¹(0.5) = 0


@pytest.mark.parametrize("level", [0.5, 0.9999, 0.3, 1.0, 95, -0.1, float("nan")])
def test_z_score_rejects_out_of_range(level):
    with pytest.raises(ValueError):
        z_score(level)
