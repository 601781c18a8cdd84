"""Demand types (Syntetos–Boylan) and the quantile of the lead-time demand."""

import math
import random
import statistics

import pytest
from balance_math import forecast_parameters
from balance_math.intermittent import (
    TRIGGER_FRACTIONS,
    censored_lognormal_fit,
    compound_quantile,
    compound_risk,
    croston_sba,
    demand_type,
    predictive_spread,
    student_t_quantile,
    trigger_quantile,
)

NORMAL = statistics.NormalDist()


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


def test_compound_quantile_few_sizes_reads_the_windows():
    """Two sizes (fewer than MIN_FITTED_SIZES, nothing to fit): the history's windows."""
    daily = [2, 0, 0, 2]
    assert compound_quantile(daily, 2, 0, 0.9) == trigger_quantile(daily, 2, 0, 0.9)
    assert compound_quantile([0, 0, 0], 2, 0, 0.9) == 0.0


def test_compound_quantile_without_lead_time_or_gap_is_the_fitted_size_quantile():
    """Sizes e⁰ … e⁴ (logs 0–4), L = 0 and gap 0: T = x alone. Fit μ = 2, s = sqrt(2.5);
    widening sqrt(1 + 1/5) · t(0.9, 4) / z(0.9) = 1.0954 · 1.5289 / 1.2816 = 1.307, capped
    at 1.25: σ = 1.9764; r = exp(2 + 1.9764 · 1.28155) = exp(4.5329) = 93.03."""
    daily = [0.0] * 50
    for day, log in zip((3, 13, 23, 33, 43), range(5), strict=True):
        daily[day] = math.exp(log)
    sigma = math.sqrt(2.5) * 1.25
    assert predictive_spread(math.sqrt(2.5), 5, 0.9) == pytest.approx(sigma)
    expected = math.exp(2 + sigma * NORMAL.inv_cdf(0.9))
    assert expected == pytest.approx(93.03, abs=0.01)
    assert compound_quantile(daily, 0, 0, 0.9) == pytest.approx(expected, rel=2e-4)


def test_compound_risk_without_gap_is_a_poisson_mixture():
    """μ 0, σ 1, gap 0 (X' = x), rate 0.1: P(N = n) = e^-0.1 · 0.1ⁿ / n!, n = 0…4 (the rest,
    8e-8, below POISSON_TAIL, counts as a shortfall). n = 0: P(x > r) = Φc(ln r); n >= 1:
    x + S_n has mean (n + 1)·e^½ and variance (n + 1)·(e² − e), read as a lognormal."""
    risk, mean = compound_risk(0.0, 1.0, 0.1, 0.0)
    assert mean == pytest.approx(1.1 * math.exp(0.5))
    r = 3.0
    expected = math.exp(-0.1) * (1 - NORMAL.cdf(math.log(r)))
    weight, covered = math.exp(-0.1), math.exp(-0.1)
    for n in range(1, 5):
        weight *= 0.1 / n
        covered += weight
        mean_n, variance_n = (n + 1) * math.exp(0.5), (n + 1) * (math.e**2 - math.e)
        log_variance = math.log1p(variance_n / mean_n**2)
        log_mean = math.log(mean_n) - log_variance / 2
        expected += weight * (1 - NORMAL.cdf((math.log(r) - log_mean) / math.sqrt(log_variance)))
    expected += 1 - covered
    assert risk(r) == pytest.approx(expected, rel=1e-9)
    assert risk(0.0) == 1.0


def test_compound_risk_trigger_excess_above_the_gap():
    """μ 0, σ 1, gap 1, no lead-time demand: the trigger x weighted by min(x, 1), v = θ ·
    min(x, 1). For y = 2 (above (1 − θ)·g for every θ) X' > y ⇔ x > 2 + θ: P = Σ_θ 1 ·
    Φc(ln(2 + θ)) / (4 · E[min(x, 1)]), E[min(x, 1)] = e^½ · Φ(−1) + Φc(0) = 0.761578."""
    risk, _mean = compound_risk(0.0, 1.0, 0.0, 1.0)
    weight = math.exp(0.5) * NORMAL.cdf(-1) + 0.5
    assert weight == pytest.approx(0.761578, abs=1e-6)
    expected = math.fsum(1 - NORMAL.cdf(math.log(2 + fraction))
                         for fraction in TRIGGER_FRACTIONS) / (4 * weight)
    assert risk(2.0) == pytest.approx(expected, rel=1e-9)


def test_compound_risk_matches_a_simulation():
    """Sizes lognormal (ln 15, 1), rate 0.21 (3 % of days, L = 7), gap 21: the risk at the
    0.90 quantile found matches a simulation of T (60,000 draws) within 0.006."""
    mu, sigma, rate, gap = math.log(15), 1.0, 0.21, 21.0
    risk, _mean = compound_risk(mu, sigma, rate, gap)
    rng = random.Random(11)
    draws = weights = 0.0
    for _ in range(60_000):
        size = rng.lognormvariate(mu, sigma)
        cap = min(size, gap)
        total = size - rng.choice(TRIGGER_FRACTIONS) * cap
        count, threshold = 0, rng.random()
        probability = cumulative = math.exp(-rate)
        while threshold > cumulative:
            count += 1
            probability *= rate / count
            cumulative += probability
        total += sum(rng.lognormvariate(mu, sigma) for _ in range(count))
        draws += cap * (total > 70.0)
        weights += cap
    assert risk(70.0) == pytest.approx(draws / weights, abs=0.006)


def test_censored_lognormal_fit():
    """Without censored sizes: the logs' mean and sample σ. A sale that emptied the shelf
    (only known as a lower bound) moves the fit up against reading it as a whole size."""
    assert censored_lognormal_fit([0.0, 1.0, 2.0], []) == pytest.approx((1.0, 1.0))
    plain = censored_lognormal_fit([0.0, 1.0, 2.0, 1.0], [])
    censored = censored_lognormal_fit([0.0, 1.0, 2.0], [1.0])
    assert censored[0] > plain[0]
    # the EM fixed point: μ is the mean of the values with the censored one at E[y | y > c]
    mean, spread = censored
    hazard = NORMAL.pdf((1.0 - mean) / spread) / (1 - NORMAL.cdf((1.0 - mean) / spread))
    assert mean == pytest.approx((3.0 + mean + spread * hazard) / 4, abs=1e-5)
    with pytest.raises(ValueError, match="at least two sizes"):
        censored_lognormal_fit([1.0], [])



def test_censored_lognormal_fit_of_mostly_censored_sizes_reads_them_whole():
    """2 sizes seen whole, 3 that emptied the shelf: the fit to mostly "at least" values
    has no maximum, so all five are read as whole: mean of the logs 5 / 5 = 1.0, s =
    sqrt((1 + 1 + 0 + 1 + 1) / 4) = 1.0."""
    assert censored_lognormal_fit([0.0, 2.0], [1.0, 0.0, 2.0]) == pytest.approx((1.0, 1.0))


def test_compound_quantile_of_a_shelf_emptied_by_most_sales_stays_finite():
    """Every sale but two emptied the shelf (the next day began without stock): the
    reorder point is finite, read from the sizes as they came."""
    daily, in_stock = [], []
    for size in (3.0, 8.0, 2.0, 5.0, 9.0, 4.0, 6.0):
        daily += [size, 0.0, 0.0, 0.0]
        in_stock += [True, False, True, True]
    in_stock[1] = in_stock[5] = True  # the first two sales left stock
    rop = compound_quantile(daily, 7, 4.0, 0.95, in_stock)
    assert 0 < rop < 10 * max(daily)

def test_compound_quantile_reads_a_sale_that_emptied_the_shelf_as_censored():
    """The largest sale (40) was followed by a day without stock: its demand was at least
    40, and the reorder point rises against the same sales always in stock."""
    daily = [0.0] * 100
    for day, size in ((10, 5), (30, 12), (50, 8), (70, 20), (85, 40)):
        daily[day] = size
    mask = [True] * 100
    mask[86] = False
    assert compound_quantile(daily, 7, 10, 0.9, mask) > compound_quantile(daily, 7, 10, 0.9)


def test_compound_quantile_bad_input():
    daily = [0.0, 5.0, 0.0, 9.0, 3.0, 0.0, 30.0, 1.0]
    with pytest.raises(ValueError, match="in_stock"):
        compound_quantile(daily, 7, 10, 0.9, [True] * 3)
    with pytest.raises(ValueError, match="service_level"):
        compound_quantile(daily, 7, 10, 1.5)
    with pytest.raises(ValueError, match="lead_time"):
        compound_quantile(daily, -1, 10, 0.9)
    with pytest.raises(ValueError, match="sigma"):
        compound_risk(0.0, 0.0, 0.1, 1.0)
    with pytest.raises(ValueError, match="rate"):
        compound_risk(0.0, 1.0, -0.1, 1.0)


def test_compound_quantile_reads_a_tail_beyond_the_sizes_seen():
    """Sizes 5, 10, 15, 20, 40 once each in 100 days, L = 7: the fitted tail puts the 0.98
    quantile above the largest size ever seen (40), the history's own windows do not."""
    daily = [0.0] * 100
    for day, size in ((10, 5), (35, 10), (48, 15), (60, 20), (85, 40)):
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
