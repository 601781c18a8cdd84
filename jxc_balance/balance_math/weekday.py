"""Day-of-week profile of the daily demand: its factors, their significance, and the
demand and spread of a window of days read through them.

Weekdays are numbered as ``date.weekday()``: 0 = Monday … 6 = Sunday. The history ends
with the last day (yesterday, whose weekday is given); day 0 ahead is the day after it.

From the in-stock days of the last ``PROFILE_DAYS`` of the history (x_i on weekday w_i;
n_w days, mean m_w on weekday w; N days, mean m in all):

    factor    f_w = m_w / ((1/7) · Σ_w m_w)          (their mean is 1)
    F         = [Σ_w n_w (m_w − m)² / 6] / [Σ_w Σ_{i: w_i = w} (x_i − m_w)² / (N − 7)]

(the one-way analysis of variance of daily demand by weekday). The profile is used when
every weekday has at least ``MIN_WEEKS`` in-stock days and F exceeds the 1 − ``PROFILE_P``
quantile of the F(6, N − 7) distribution: a pattern that chance would show once in a
hundred flat series is not read as one. Otherwise there is no profile (None).

With a profile, the demand over [a, b) days ahead is d̄ · Σ_day f(day) · overlap(day) and
the spread of a day is the one left once its weekday is known:

    σ_r = sqrt( Σ_i (x_i − d̄ · f_{w_i})² / (n − 1) )    over the flat window's days in stock

so that a weekly pattern no longer counts as day-to-day noise in σ · √L; the variance of a
window grows with its days' factors (σ_r² · Σ f), as that of counts grows with their mean.
"""

import functools
import math
import operator

from ._checks import require_int

DAYS_PER_WEEK = 7
# 26 weeks: a weekday's mean from 26 days is off by σ_d / 5 typically; a season or a trend
# moves every weekday alike over them (a ratio of weekday means is not biased by it)
PROFILE_DAYS = 26 * DAYS_PER_WEEK
MIN_WEEKS = 8
PROFILE_P = 0.01


def check_weekday(name: str, weekday: int | None) -> int | None:
    """``weekday`` (None allowed); ValueError unless an integer 0 (Monday) … 6 (Sunday)."""
    if weekday is None:
        return None
    weekday = require_int(name, weekday)
    if not 0 <= weekday < DAYS_PER_WEEK:
        raise ValueError(f"{name} must be 0 (Monday) to 6 (Sunday), got {weekday!r}")
    return weekday


def weekday_sums(values: list[float], last_day_weekday: int,
                 in_stock: list[bool] | None = None) -> list[tuple[int, float, float]]:
    """(n_w, Σ x, Σ x²) of the in-stock days of each weekday w = 0 … 6 of ``values`` (the
    last value is a day of weekday ``last_day_weekday``; ``in_stock``: one boolean per
    value, None: every day)."""
    count = len(values)
    sums = [(0, 0.0, 0.0)] * DAYS_PER_WEEK
    for offset in range(min(count, DAYS_PER_WEEK)):
        # values[start::7] are the days of one weekday
        start = count - 1 - offset
        start %= DAYS_PER_WEEK
        days = values[start::DAYS_PER_WEEK]
        if in_stock is not None:
            days = [qty for qty, stocked in zip(
                days, in_stock[start::DAYS_PER_WEEK], strict=True) if stocked]
        weekday = (last_day_weekday - (count - 1 - start)) % DAYS_PER_WEEK
        sums[weekday] = (len(days), math.fsum(days), math.fsum(map(operator.mul, days, days)))
    return sums


def f_statistic(sums: list[tuple[int, float, float]]) -> float | None:
    """The one-way ANOVA F of the module docstring from ``weekday_sums``; None when a
    weekday has no day or there are not more days than weekdays. A series without any
    spread within its weekdays gives inf when their means differ, 0.0 when they do not.
    """
    total = sum(count for count, _, _ in sums)
    if total <= DAYS_PER_WEEK or any(count == 0 for count, _, _ in sums):
        return None
    grand = sum(total_qty for _, total_qty, _ in sums) / total
    between = math.fsum(count * (qty / count - grand) ** 2 for count, qty, _ in sums)
    within = math.fsum(max(squares - qty * qty / count, 0.0) for count, qty, squares in sums)
    groups = len(sums)
    if within <= 1e-12 * max(between, 1.0):
        return math.inf if between > 0 else 0.0
    return (between / (groups - 1)) / (within / (total - groups))


def weekday_profile(history: list[float], last_day_weekday: int,
                    in_stock: list[bool] | None = None) -> tuple[float, ...] | None:
    """The factors (f_Monday, …, f_Sunday) of the module docstring, read over the last
    ``PROFILE_DAYS`` days of ``history`` (oldest first, the last day of weekday
    ``last_day_weekday``; ``in_stock``: one boolean per day, None: every day had stock);
    None when they are not significant or a weekday has fewer than ``MIN_WEEKS`` days."""
    last_day_weekday = check_weekday("last_day_weekday", last_day_weekday)
    span = history[-PROFILE_DAYS:]
    mask = None
    if in_stock is not None:
        if len(in_stock) != len(history):
            raise ValueError(
                f"in_stock must have one value per day of the history: "
                f"{len(in_stock)} for {len(history)} days")
        mask = in_stock[-PROFILE_DAYS:] if not all(in_stock[-PROFILE_DAYS:]) else None
    sums = weekday_sums(span, last_day_weekday, mask)
    if min(count for count, _, _ in sums) < MIN_WEEKS:
        return None
    statistic = f_statistic(sums)
    total = sum(count for count, _, _ in sums)
    if statistic is None or statistic <= f_critical(DAYS_PER_WEEK - 1, total - DAYS_PER_WEEK,
                                                    PROFILE_P):
        return None
    means = [qty / count for count, qty, _ in sums]
    average = sum(means) / DAYS_PER_WEEK
    return tuple(mean / average for mean in means)


def window_weight(factors: tuple[float, ...], first_weekday: int, start: float,
                  stop: float) -> float:
    """Σ_day f(first_weekday + day) · overlap([start, stop), [day, day + 1)): the length
    of the window counted in average days (day 0 of weekday ``first_weekday``). Whole
    weeks count 7 (the factors' mean is 1): at most a week of days is summed one by one."""
    if stop <= start:
        return 0.0
    weeks = math.floor((stop - start) / DAYS_PER_WEEK)
    total = float(DAYS_PER_WEEK * weeks)
    start += DAYS_PER_WEEK * weeks
    for day in range(math.floor(start), math.ceil(stop)):
        overlap = min(stop, day + 1) - max(start, day)
        if overlap > 0:
            total += overlap * factors[(first_weekday + day) % DAYS_PER_WEEK]
    return total


def residual_std(sums: list[tuple[int, float, float]], factors: tuple[float, ...],
                 level: float) -> float:
    """σ_r of the module docstring from the flat window's ``weekday_sums``: each day's
    distance to its weekday's forecast d̄ · f_w, Σ (x − c)² = Σx² − 2cΣx + n·c²."""
    total = sum(count for count, _, _ in sums)
    if total < 2:
        return 0.0
    squares = math.fsum(
        qty_squares - 2 * level * factor * qty + count * (level * factor) ** 2
        for (count, qty, qty_squares), factor in zip(sums, factors, strict=True))
    return math.sqrt(max(squares, 0.0) / (total - 1))


# ------------------------------------------------------------------ F distribution
@functools.lru_cache(maxsize=512)
def f_critical(numerator_df: int, denominator_df: int, p: float) -> float:
    """The 1 − p quantile of the F(numerator_df, denominator_df) distribution, by bisection
    on ``f_cdf`` (cached: a run asks for a few degrees of freedom only)."""
    low, high = 0.0, 1.0
    while f_cdf(high, numerator_df, denominator_df) < 1 - p:
        low, high = high, 2 * high
    for _ in range(100):
        middle = (low + high) / 2
        if f_cdf(middle, numerator_df, denominator_df) < 1 - p:
            low = middle
        else:
            high = middle
        if high - low < 1e-12 * high:
            break
    return (low + high) / 2


def f_cdf(value: float, numerator_df: float, denominator_df: float) -> float:
    """P(F <= value) = I_x(d1/2, d2/2), x = d1·value / (d1·value + d2)."""
    if value <= 0:
        return 0.0
    x = numerator_df * value / (numerator_df * value + denominator_df)
    return regularized_beta(x, numerator_df / 2, denominator_df / 2)


def regularized_beta(x: float, a: float, b: float) -> float:
    """The regularized incomplete beta function I_x(a, b) (continued fraction, modified
    Lentz; the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where that converges faster)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                     + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(x, a, b) / a
    return 1.0 - front * _beta_fraction(1 - x, b, a) / b


def _beta_fraction(x, a, b):
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 300):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return result
