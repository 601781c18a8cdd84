"""Demand and lead-time statistics, and the service-level z factor."""

import functools
import math
import statistics

from ._checks import require_int, require_non_negative
from .limits import MAX_SERVICE_LEVEL, MIN_SERVICE_LEVEL

# Lead times are observed on the receipts of this many days (ABC and the stock accuracy
# look as far back), and trusted from this many receipts of one vendor on.
LOOKBACK_DAYS = 365
MIN_RECEIPTS = 3
# The rules are looked at once a night: when one triggers, the stock is on average about
# half a day's demand below its reorder point already, so the reorder point protects the
# lead time plus half a day (bench/replay.py: smooth demand then meets its target).
NIGHTLY_REVIEW_DAYS = 0.5


def demand_stats(daily: list[float]) -> tuple[float, float]:
    """Mean and sample standard deviation of the daily demand.

    d̄ = Σ x_i / n,  σ_d = sqrt(Σ (x_i - d̄)² / (n - 1)).
    One value gives σ_d = 0.0; an empty list gives (0.0, 0.0).
    """
    values = list(map(float, daily))
    if not values:
        return 0.0, 0.0
    # two-pass with fsum: as accurate as statistics.stdev for these magnitudes, without
    # its exact fractions (a nightly run computes this for every product and warehouse)
    count = len(values)
    mean = math.fsum(values) / count
    if count == 1 or not any(values):
        return mean, 0.0
    # A daily series is mostly days without demand. fsum is exactly rounded, so the order
    # of its terms does not matter: each zero day's term (0 - d̄)² is added as one
    # repeated value instead of being computed day by day.
    zero_days = values.count(0.0)
    squares = [(x - mean) ** 2 for x in filter(None, values)]
    squares += [(0.0 - mean) ** 2] * zero_days
    variance = math.fsum(squares) / (count - 1)
    return mean, math.sqrt(variance)


def lead_time_stats(
    observed_days: list[float],
    promised_days: float,
    min_receipts: int = MIN_RECEIPTS,
    extra_days: float = 0.0,
) -> tuple[float, float, str]:
    """Lead time L (days), its standard deviation σ_L, and where L comes from.

    With n = len(observed_days) >= min_receipts:
        L = mean(observed) + extra_days, σ_L = sample std(observed) (n - 1;
        0.0 when n == 1), source 'observed'.
    Otherwise: L = promised_days + extra_days, σ_L = 0.0, source 'promised'.
    ``extra_days`` is the company's "days to purchase". All values must be >= 0
    and ``min_receipts`` an integer >= 1.
    """
    min_receipts = require_int("min_receipts", min_receipts)
    if min_receipts < 1:
        raise ValueError(f"min_receipts must be >= 1, got {min_receipts!r}")
    promised = require_non_negative("promised_days", promised_days)
    extra = require_non_negative("extra_days", extra_days)
    observed = [require_non_negative("observed lead time", x) for x in observed_days]
    if len(observed) >= min_receipts:
        mean, std = demand_stats(observed)  # the same mean and sample std (n - 1)
        return mean + extra, std, "observed"
    return promised + extra, 0.0, "promised"


def z_score(service_level: float) -> float:
    """Safety factor z = Φ⁻¹(p), the inverse standard normal CDF.

    p must satisfy 0.5 < p < 0.9999 (strict). z(0.90) = 1.28155,
    z(0.95) = 1.64485, z(0.98) = 2.05375.
    """
    try:
        level = float(service_level)
    except (TypeError, ValueError) as exc:
        message = f"service_level must be a number, got {service_level!r}"
        raise ValueError(message) from exc
    if not MIN_SERVICE_LEVEL < level < MAX_SERVICE_LEVEL:
        raise ValueError(
            f"service_level must be strictly between {MIN_SERVICE_LEVEL} and "
            f"{MAX_SERVICE_LEVEL}, got {service_level!r}"
        )
    return _inverse_normal_cdf(level)


@functools.lru_cache(maxsize=64)
def _inverse_normal_cdf(level: float) -> float:
    # a company has three service levels, asked for once per product and warehouse
    return statistics.NormalDist().inv_cdf(level)
