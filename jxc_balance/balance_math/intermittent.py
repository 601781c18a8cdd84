"""Demand that sells on few days: its type, its level and its reorder point.

The normal approximation (z · σ over the lead time) fits demand that sells most days. For
demand that sells on a few days, in uneven sizes, it misses the target by far: the
lead-time demand of such an item is mostly 0 with a long tail. Such lines take the
Croston–SBA level, and their reorder point from the demand that triggers an order and the
lead time's after it: read off the history's own windows (``trigger_quantile``), or from a
fitted compound distribution for lumpy sizes (``compound_quantile``).
"""

import bisect
import itertools
import math
import operator

from ._checks import require_non_negative
from .stats import demand_stats, z_score

# Syntetos–Boylan–Croston cut-offs: average demand interval and squared CV of the sizes
ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49
# fewer demand days than this in the flat window: the quantile reads a longer history
MIN_DEMAND_DAYS = 20
LONG_HISTORY_DAYS = 365
ZERO = 0.0  # ZERO.__lt__(qty): qty > 0, mapped over a series in C


def demand_type(daily: list[float]) -> str | None:
    """Syntetos–Boylan class of a daily series; None without two demand days.

    ADI = days from the first demand day on / demand days (the mean interval between two
    demands: the days before a product first sold are not intervals), CV² = (σ / μ)² of
    the positive sizes (sample σ). ADI < 1.32 and CV² < 0.49: smooth; ADI < 1.32:
    erratic; CV² < 0.49: intermittent; else lumpy.
    """
    positive = list(map(ZERO.__lt__, daily))
    sizes = list(itertools.compress(daily, positive))
    if len(sizes) < 2:
        return None
    adi = (len(daily) - positive.index(True)) / len(sizes)
    mean, std = demand_stats(sizes)
    cv2 = (std / mean) ** 2
    if adi < ADI_CUTOFF:
        return "smooth" if cv2 < CV2_CUTOFF else "erratic"
    return "intermittent" if cv2 < CV2_CUTOFF else "lumpy"


# Croston's smoothing constant: the textbook's 0.1 (a demand every few weeks moves the
# level slowly, as a lead time of days asks)
CROSTON_ALPHA = 0.1
# the position before a trigger is read at these fractions of the triggering demand
TRIGGER_FRACTIONS = (0.125, 0.375, 0.625, 0.875)
# sizes from which their distribution is fitted (fewer: the history's windows are read)
MIN_FITTED_SIZES = 5
# the predictive widening of the sizes' spread is capped: with a handful of sizes, the
# uncapped t factor asks for years of stock at a 98 % target
MAX_WIDENING = 1.25


def croston_sba(daily: list[float], alpha: float = CROSTON_ALPHA) -> float:
    """Croston's level of an intermittent series with the Syntetos–Boylan correction.

    On each demand day after the first: z ← z + α(x − z) (the size), p ← p + α(q − p) (q
    the days since the previous demand day). Both start at the first demand: z = its size,
    p = the mean interval between the series' demand days, (last − first) / (count − 1)
    (one demand day: its day + 1). Level = (1 − α/2) · z / p, the SBA correction of
    Croston's bias; 0.0 without demand.

    The days before the first demand are not an interval: the series starts where the
    window read starts, so counting them would move the level every night the window
    slides, and rewrite the reordering rule with it.
    """
    days = list(itertools.compress(itertools.count(), map(ZERO.__lt__, daily)))
    if not days:
        return 0.0
    size = float(daily[days[0]])
    interval = float((days[-1] - days[0]) / (len(days) - 1) if len(days) > 1 else days[0] + 1)
    for previous, day in itertools.pairwise(days):
        size += alpha * (daily[day] - size)
        interval += alpha * (day - previous - interval)
    return (1 - alpha / 2) * size / interval


def trigger_quantile(daily: list[float], lead_time: float, gap: float, level: float,
                     in_stock: list[bool] | None = None) -> float:
    """Reorder point of a line that sells on few days, at the cycle service ``level``.

    A min/max rule orders when a demand takes the position below the reorder point r: a
    cycle runs short when that demand x, and the demand of the lead time after it, exceed
    what stood before it, r + v (v: how far above r the position stood, at most the gap
    between max and min). So the shortfall risk is P(x − v + D_L > r), read off the
    history: every demand day t gives x_t and D_L(t) (the demand of the L days after it),
    v = θ · min(x_t, gap) for θ in TRIGGER_FRACTIONS (the position before a trigger lies
    anywhere up to the trigger size above r), weighted by min(x_t, gap) (a large demand is
    more often the one that crosses r, up to the gap). r = the weighted quantile at
    ``level``. Windows running past the history or over a day without stock are left out;
    0.0 without any window.
    """
    n = len(daily)
    lead_time = require_non_negative("lead_time", lead_time)
    gap = require_non_negative("gap", gap)
    low = math.floor(lead_time)
    weight = lead_time - low
    reach = low + (1 if weight else 0)  # days after the demand day a window reads
    prefix = list(itertools.accumulate(daily, initial=0.0))
    empty = None
    if in_stock is not None and not all(in_stock):
        empty = list(itertools.accumulate(map(operator.not_, in_stock), initial=0))
    draws = []
    # the demand days only, found in C: a line sells on few of its days
    for day in itertools.compress(range(n - reach), map(ZERO.__lt__, daily)):
        size = daily[day]
        if empty and empty[day + 1 + reach] - empty[day]:
            continue
        after = prefix[day + 1 + low] - prefix[day + 1]
        if weight:
            after += weight * daily[day + 1 + low]
        cap = min(size, gap) if gap > 0 else 0.0
        share = cap if gap > 0 else 1.0
        for fraction in TRIGGER_FRACTIONS:
            draws.append((size - fraction * cap + after, share))
    if not draws:
        return 0.0
    draws.sort()
    shares = [share for _value, share in draws]
    # the first draw whose running weight reaches the level's share of the total
    running = list(itertools.accumulate(shares))
    index = bisect.bisect_left(running, level * math.fsum(shares) - 1e-12)
    return draws[min(index, len(draws) - 1)][0]


def lognormal_quantile(mean: float, variance: float, level: float) -> float:
    """The ``level`` quantile of the lognormal distribution of this mean and variance:
    σ² = ln(1 + v / m²), μ = ln m − σ²/2, q = exp(μ + σ · Φ⁻¹(level)). 0.0 for m <= 0."""
    if mean <= 0:
        return 0.0
    sigma2 = math.log1p(max(variance, 0.0) / mean**2)
    return math.exp(math.log(mean) - sigma2 / 2 + math.sqrt(sigma2) * z_score(level))


def student_t_quantile(level: float, dof: int) -> float:
    """Student's t quantile by the Cornish–Fisher expansion around z = Φ⁻¹(level):
    t ≈ z + (z³ + z) / 4ν + (5z⁵ + 16z³ + 3z) / 96ν² (ν = ``dof`` >= 1; within 1 % of the
    exact quantile for ν >= 5 at 0.90–0.98)."""
    z = z_score(level)
    return z + (z**3 + z) / (4 * dof) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * dof**2)


def _predictive_moments(sizes, level):
    """E[x] and E[x²] of the lognormal fitted to ``sizes`` (the mean m and sample σ s of
    their logs), its σ widened to s · min(sqrt(1 + 1/n) · t(level, n − 1) / z(level),
    MAX_WIDENING): the predictive spread of a next size at the target, from n observed
    ones."""
    logs = [math.log(size) for size in sizes]
    count = len(logs)
    log_mean = math.fsum(logs) / count
    log_sd = math.sqrt(math.fsum((value - log_mean) ** 2 for value in logs) / (count - 1))
    widening = math.sqrt(1 + 1 / count) * student_t_quantile(level, count - 1) / z_score(level)
    spread = log_sd * min(widening, MAX_WIDENING)
    return math.exp(log_mean + spread**2 / 2), math.exp(2 * log_mean + 2 * spread**2)


def compound_quantile(daily: list[float], lead_time: float, gap: float, level: float,
                      in_stock: list[bool] | None = None) -> float:
    """``trigger_quantile``'s risk P(x − v + D_L > r) from a fitted distribution instead of
    the history's windows, so that a target above what a few demand days show still
    reads a tail: T = (x − v) + D_L, with (x − v) weighted as there, D_L a compound of
    the daily occurrence p (demand days / days in stock) over L days and the sizes:
    E[T] = E[x − v] + pL·E[x], Var[T] = Var[x − v] + pL·E[x²] (compound Poisson), and r
    the lognormal quantile of that mean and variance; from MIN_FITTED_SIZES sizes on,
    their moments are those of their lognormal fit at its predictive spread. 0.0 without
    demand."""
    lead_time = require_non_negative("lead_time", lead_time)
    gap = require_non_negative("gap", gap)
    if in_stock is None:
        sizes = [qty for qty in daily if qty > 0]
        days = len(daily)
    else:
        sizes = [qty for qty, stocked in zip(daily, in_stock, strict=True)
                 if qty > 0 and stocked]
        days = sum(1 for stocked in in_stock if stocked)
    if not sizes or not days:
        return 0.0
    rate = len(sizes) / days * lead_time  # expected demand days over the lead time
    first = second = total = 0.0
    for size in sizes:
        cap = min(size, gap) if gap > 0 else 0.0
        share = cap if gap > 0 else 1.0
        for fraction in TRIGGER_FRACTIONS:
            value = size - fraction * cap
            first += share * value
            second += share * value * value
            total += share
    first, second = first / total, second / total
    size_mean = math.fsum(sizes) / len(sizes)
    size_square = math.fsum(size * size for size in sizes) / len(sizes)
    if len(sizes) >= MIN_FITTED_SIZES:
        # a few demand days understate the tail: the sizes' lognormal fit widened to its
        # predictive spread at the target (Student t with n − 1 degrees of freedom)
        fitted_mean, fitted_square = _predictive_moments(sizes, level)
        first *= fitted_mean / size_mean
        second *= fitted_square / size_square
        size_mean, size_square = fitted_mean, fitted_square
    return lognormal_quantile(first + rate * size_mean,
                              second - first * first + rate * size_square, level)
