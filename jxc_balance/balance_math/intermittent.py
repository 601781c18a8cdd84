"""Demand that sells on few days: its type, its level and its reorder point.

The normal approximation (z · σ over the lead time) fits demand that sells most days. For
demand that sells on a few days, in uneven sizes, it misses the target by far: the
lead-time demand of such an item is mostly 0 with a long tail. Such lines take the
Croston–SBA level, and their reorder point from the demand that triggers an order and the
lead time's after it: read off the history's own windows (``trigger_quantile``), or from a
fitted compound distribution for lumpy sizes (``compound_quantile``: the lognormal of the
sizes, sales that emptied the shelf read as censored, and the quantile of the mixture over
the lead time's demand days solved for directly).
"""

import bisect
import itertools
import math
import operator
import statistics

from ._checks import require_non_negative
from .series import empty_between, stockout_counts
from .stats import z_score

# Syntetos–Boylan–Croston cut-offs: average demand interval and squared CV of the sizes
ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49
# fewer demand days than this in the flat window: the quantile reads a longer history
MIN_DEMAND_DAYS = 20
LONG_HISTORY_DAYS = 365
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
# the Poisson terms of the lead time's demand days are summed until this much is left
POISSON_TAIL = 1e-6
# the reorder point's bisection stops within this share of it (far below a unit's rounding)
RELATIVE_TOLERANCE = 1e-4
# the censored sizes' fit: at most this many EM rounds (a few suffice: few are censored)
EM_ROUNDS = 50
_NORMAL = statistics.NormalDist()
_SQRT_HALF = math.sqrt(0.5)


def demand_days(daily: list[float]) -> list[int]:
    """The indices of the days with demand (qty > 0), oldest first.

    The days with a non-zero quantity are found in C (a line sells on few of its days),
    then the few of them read one by one.
    """
    days = list(itertools.compress(range(len(daily)), daily))
    if len(days) * 4 > len(daily) and min(daily) >= 0:
        return days  # many days, none negative: the non-zero days are the demand days
    return [day for day in days if daily[day] > 0]


def demand_type(daily: list[float]) -> str | None:
    """Syntetos–Boylan class of a daily series; None without two demand days.

    ADI = days from the first demand day on / demand days (the mean interval between two
    demands: the days before a product first sold are not intervals), CV² = (σ / μ)² of
    the positive sizes (sample σ). ADI < 1.32 and CV² < 0.49: smooth; ADI < 1.32:
    erratic; CV² < 0.49: intermittent; else lumpy.
    """
    days = demand_days(daily)
    if len(days) < 2:
        return None
    sizes = [daily[day] for day in days]
    adi = (len(daily) - days[0]) / len(sizes)
    # CV² = s² / μ², s² = (Σx² − n·μ²) / (n − 1): sums in C, a smooth line sells daily
    count = len(sizes)
    mean = math.fsum(sizes) / count
    variance = max(math.fsum(map(operator.mul, sizes, sizes)) - count * mean * mean, 0.0)
    cv2 = variance / (count - 1) / mean**2
    if adi < ADI_CUTOFF:
        return "smooth" if cv2 < CV2_CUTOFF else "erratic"
    return "intermittent" if cv2 < CV2_CUTOFF else "lumpy"


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
    days = demand_days(daily)
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
    empty = stockout_counts(in_stock)
    days = demand_days(daily[: max(n - reach, 0)])
    if empty:
        days = [day for day in days if not empty_between(empty, day, day + 1 + reach)]
    # the demand of the L days after each demand day (its whole days, then a share of
    # the next one)
    if weight:
        afters = [prefix[day + 1 + low] - prefix[day + 1] + weight * daily[day + 1 + low]
                  for day in days]
    else:
        afters = [prefix[day + 1 + low] - prefix[day + 1] for day in days]
    sizes = [daily[day] for day in days]
    if gap > 0:
        caps = [min(size, gap) for size in sizes]
        draws = [(size - fraction * cap + after, cap)
                 for size, cap, after in zip(sizes, caps, afters, strict=True)
                 for fraction in TRIGGER_FRACTIONS]
    else:
        draws = [(size + after, 1.0) for size, after in zip(sizes, afters, strict=True)
                 for _fraction in TRIGGER_FRACTIONS]
    if not draws:
        return 0.0
    draws.sort()
    shares = [share for _value, share in draws]
    # the first draw whose running weight reaches the level's share of the total
    running = list(itertools.accumulate(shares))
    index = bisect.bisect_left(running, level * math.fsum(shares) - 1e-12)
    return draws[min(index, len(draws) - 1)][0]


def student_t_quantile(level: float, dof: int) -> float:
    """Student's t quantile by the Cornish–Fisher expansion around z = Φ⁻¹(level):
    t ≈ z + (z³ + z) / 4ν + (5z⁵ + 16z³ + 3z) / 96ν² (ν = ``dof`` >= 1; within 1 % of the
    exact quantile for ν >= 5 at 0.90–0.98)."""
    z = z_score(level)
    return z + (z**3 + z) / (4 * dof) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * dof**2)


def censored_lognormal_fit(logs: list[float], censored_logs: list[float]) -> tuple[float, float]:
    """(μ, s) of a lognormal fitted to sizes, some of them only known to be at least their
    value: the logs of the sizes seen whole, and of the sales that emptied the shelf (the
    demand of that day may have been larger; what was not there was lost unrecorded).

    Without censored values: the mean and sample σ (n − 1) of the logs. With them, EM on
    the normal of the logs: a censored log c is replaced by its expected value above c,
    E[y | y > c] = μ + s·λ(a) and E[y² | y > c] = μ² + s² + s·(μ + c)·λ(a), a = (c − μ)/s,
    λ(a) = φ(a) / (1 − Φ(a)); μ, s² then re-estimated from all (n − 1 in s²), until μ and
    s move by less than 1e-6 (at most EM_ROUNDS rounds). With as many censored values as
    whole ones, the censored ones are read as whole: a fit to mostly "at least" values has
    no maximum (the likelihood grows as μ does), and a shelf that is empty after most of its
    sales says the stock was short, not how large the demand was. ValueError with fewer
    than two values in all.
    """
    count = len(logs) + len(censored_logs)
    if count < 2:
        raise ValueError(f"a lognormal fit needs at least two sizes, got {count}")
    mean = math.fsum(itertools.chain(logs, censored_logs)) / count
    spread = math.sqrt(math.fsum((value - mean) ** 2
                                 for value in itertools.chain(logs, censored_logs)) / (count - 1))
    if not censored_logs or spread <= 0 or len(censored_logs) >= len(logs):
        return mean, spread
    for _round in range(EM_ROUNDS):
        firsts, seconds = list(logs), [value * value for value in logs]
        for value in censored_logs:
            scaled = (value - mean) / spread
            survival = _normal_survival(scaled)
            # far above the fit the hazard λ(a) tends to a: the value itself is the mean
            hazard = _NORMAL.pdf(scaled) / survival if survival > 1e-12 else scaled
            firsts.append(mean + spread * hazard)
            seconds.append(mean**2 + spread**2 + spread * (mean + value) * hazard)
        new_mean = math.fsum(firsts) / count
        new_spread = math.sqrt(max(
            (math.fsum(seconds) - count * new_mean**2) / (count - 1), 0.0))
        moved = abs(new_mean - mean) + abs(new_spread - spread)
        mean, spread = new_mean, new_spread
        if moved < 1e-6 or spread <= 0:
            break
    return mean, spread


def predictive_spread(spread: float, count: int, level: float) -> float:
    """The sizes' log σ widened to their predictive spread at the target from ``count``
    observed sizes: s · min(sqrt(1 + 1/n) · t(level, n − 1) / z(level), MAX_WIDENING)."""
    widening = math.sqrt(1 + 1 / count) * student_t_quantile(level, count - 1) / z_score(level)
    return spread * min(widening, MAX_WIDENING)


def _normal_survival(value):
    """P(Z > value) of the standard normal, in C (erfc: no cancellation in the tail)."""
    return 0.5 * math.erfc(value * _SQRT_HALF)


class _TriggerExcess:
    """X' = x − v, how far the demand that triggers an order takes the position below the
    reorder point: x a lognormal size (μ, σ) weighted by min(x, g) (a larger demand more
    often crosses r, up to the gap g = max − ROP), v = θ · min(x, g), θ uniform over
    TRIGGER_FRACTIONS; g = 0: X' = x, unweighted. Its survival function and first two
    moments in closed form, from the lognormal's partial moments
    E[x^j · 1{x <= g}] = e^{jμ + j²σ²/2} · Φ((ln g − μ − jσ²) / σ).
    """

    def __init__(self, mu, sigma, gap):
        self.mu, self.sigma, self.gap = mu, sigma, gap
        variance = sigma * sigma
        self.size_moments = [math.exp(j * mu + j * j * variance / 2) for j in range(4)]
        if gap <= 0:
            self.first, self.second = self.size_moments[1], self.size_moments[2]
            return
        log_gap = math.log(gap)
        below = [moment * (1 - _normal_survival((log_gap - mu - j * variance) / sigma))
                 for j, moment in enumerate(self.size_moments)]
        above = [moment - part for moment, part in zip(self.size_moments, below, strict=True)]
        # E[min(x, g)]: the weight's total
        self.weight = below[1] + gap * above[0]
        self.mean_below_gap = below[1]  # E[x · 1{x <= g}]
        self.mass_above_gap = above[0]  # P(x > g)
        first = second = 0.0
        for fraction in TRIGGER_FRACTIONS:
            # x <= g: weight x, X' = (1 − θ)x; x > g: weight g, X' = x − θg
            first += (1 - fraction) * below[2] + gap * (above[1] - fraction * gap * above[0])
            second += (1 - fraction) ** 2 * below[3] + gap * (
                above[2] - 2 * fraction * gap * above[1] + (fraction * gap) ** 2 * above[0])
        scale = len(TRIGGER_FRACTIONS) * self.weight
        self.first, self.second = first / scale, second / scale

    def survival(self, value):
        """P(X' > value): X' > y ⇔ x > y / (1 − θ) while that is below g, else x > y + θg;
        E[min(x, g) · 1{x > c}] = E[x · 1{c < x <= g}] + g · P(x > g) (c < g),
        g · P(x > c) (c >= g)."""
        if value <= 0:
            return 1.0
        mu, sigma, gap = self.mu, self.sigma, self.gap
        if gap <= 0:
            return _normal_survival((math.log(value) - mu) / sigma)
        variance = sigma * sigma
        total = 0.0
        for fraction in TRIGGER_FRACTIONS:
            if value < (1 - fraction) * gap:
                cut = value / (1 - fraction)
                below_cut = self.size_moments[1] * (
                    1 - _normal_survival((math.log(cut) - mu - variance) / sigma))
                total += self.mean_below_gap - below_cut + gap * self.mass_above_gap
            else:
                total += gap * _normal_survival((math.log(value + fraction * gap) - mu) / sigma)
        return total / (len(TRIGGER_FRACTIONS) * self.weight)


def compound_risk(mu: float, sigma: float, rate: float, gap: float):
    """P(T > r) as a function of r, T = X' + S_N: X' the triggering demand's excess below
    the reorder point (``_TriggerExcess``), N ~ Poisson(``rate`` = p·L) the demand days of
    the lead time, S_n the sum of n lognormal (μ, σ) sizes:

        P(T > r) = Σ_n P(N = n) · P(X' + S_n > r)

    n = 0: X' exactly; n >= 1: X' + S_n as the lognormal of its mean E[X'] + n·E[x] and
    variance Var[X'] + n·Var[x] (Fenton–Wilkinson: a sum of positive skewed terms, one
    mode). Matching one lognormal to the whole of T instead misplaces its quantiles: T is
    a mixture, mostly X' alone (no demand in the lead time), with a second hump for one
    demand more. The terms go on until P(N > n) < POISSON_TAIL; that rest counts as a
    shortfall. ``sigma`` > 0, ``rate`` >= 0, ``gap`` >= 0.
    """
    if not sigma > 0:
        raise ValueError(f"sigma must be > 0, got {sigma!r}")
    rate = require_non_negative("rate", rate)
    gap = require_non_negative("gap", gap)
    excess = _TriggerExcess(mu, sigma, gap)
    size_mean, size_square = excess.size_moments[1], excess.size_moments[2]
    excess_variance = max(excess.second - excess.first**2, 0.0)
    none = probability = math.exp(-rate)
    covered = none
    components = []  # (P(N = n), μ_n, σ_n) of X' + S_n
    count = 0
    while 1 - covered > POISSON_TAIL:
        count += 1
        probability *= rate / count
        covered += probability
        mean = excess.first + count * size_mean
        log_variance = math.log1p(
            (excess_variance + count * (size_square - size_mean**2)) / mean**2)
        components.append(
            (probability, math.log(mean) - log_variance / 2, math.sqrt(log_variance)))
    rest = max(1 - covered, 0.0)

    def risk(reorder_point):
        if reorder_point <= 0:
            return 1.0
        log_point = math.log(reorder_point)
        return none * excess.survival(reorder_point) + rest + math.fsum(
            weight * _normal_survival((log_point - log_mean) / log_sd)
            for weight, log_mean, log_sd in components)

    return risk, excess.first + rate * size_mean


def compound_quantile(daily: list[float], lead_time: float, gap: float, level: float,
                      in_stock: list[bool] | None = None) -> float:
    """``trigger_quantile``'s reorder point from a fitted distribution instead of the
    history's windows, so that a target above what a few demand days show still reads a
    tail: the r with P(T > r) = 1 − ``level`` (``compound_risk``), found by bisection on
    ln r to a relative RELATIVE_TOLERANCE.

    Its inputs: p = demand days / days in stock, rate = p·L; the sizes' lognormal fit
    (``censored_lognormal_fit``: a sale after which the next day began without stock
    emptied the shelf, its demand was at least that), its σ widened to the predictive
    spread of n sizes (``predictive_spread``). Fewer than MIN_FITTED_SIZES sizes:
    ``trigger_quantile``; 0.0 without demand.
    """
    lead_time = require_non_negative("lead_time", lead_time)
    gap = require_non_negative("gap", gap)
    z_score(level)  # a clear error for a level out of range, before any work
    if in_stock is None:
        stocked = [True] * len(daily)
    else:
        stocked = list(in_stock)
        if len(stocked) != len(daily):
            raise ValueError(f"in_stock must have one value per day: {len(stocked)} for "
                             f"{len(daily)} days")
    logs, censored_logs = [], []
    for day in demand_days(daily):
        if not stocked[day]:
            continue
        emptied = day + 1 < len(daily) and not stocked[day + 1]
        (censored_logs if emptied else logs).append(math.log(daily[day]))
    sizes = len(logs) + len(censored_logs)
    if sizes < MIN_FITTED_SIZES:
        return trigger_quantile(daily, lead_time, gap, level, in_stock) if sizes else 0.0
    mu, spread = censored_lognormal_fit(logs, censored_logs)
    if spread <= 0:  # every size the same: the history's windows say it all
        return trigger_quantile(daily, lead_time, gap, level, in_stock)
    sigma = predictive_spread(spread, sizes, level)
    risk, mean = compound_risk(mu, sigma, sizes / sum(stocked) * lead_time, gap)
    goal = 1 - level
    high = low = mean
    while risk(high) > goal:
        high *= 2
    while risk(low) <= goal:
        low /= 2
    while high > low * (1 + RELATIVE_TOLERANCE):
        middle = math.sqrt(low * high)
        if risk(middle) > goal:
            low = middle
        else:
            high = middle
    return high
