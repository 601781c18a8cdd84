"""Safety stock, reorder point, max level and days of cover."""

import math

from ._checks import require_finite, require_non_negative


def safety_stock(
    z: float,
    lead_time: float,
    demand_std: float,
    demand_mean: float,
    lead_time_std: float,
) -> float:
    """Safety stock with variable demand and variable lead time.

    SS = z · sqrt(L · σ_d² + d̄² · σ_L²)
    (z = safety factor, L = lead time in days, σ_d = std of daily demand,
    d̄ = mean daily demand, σ_L = std of the lead time in days). All >= 0.
    """
    z = require_non_negative("z", z)
    lead_time = require_non_negative("lead_time", lead_time)
    demand_std = require_non_negative("demand_std", demand_std)
    demand_mean = require_non_negative("demand_mean", demand_mean)
    lead_time_std = require_non_negative("lead_time_std", lead_time_std)
    return z * math.sqrt(lead_time * demand_std**2 + demand_mean**2 * lead_time_std**2)


def reorder_point(demand_mean: float, lead_time: float, safety_stock: float) -> float:
    """Reorder point ROP = d̄ · L + SS (all inputs >= 0)."""
    demand_mean = require_non_negative("demand_mean", demand_mean)
    lead_time = require_non_negative("lead_time", lead_time)
    safety_stock = require_non_negative("safety_stock", safety_stock)
    return demand_mean * lead_time + safety_stock


def max_level(reorder_point: float, demand_mean: float, cover_days: float) -> float:
    """Order-up-to level max = ROP + d̄ · cover_days (all inputs >= 0)."""
    reorder_point = require_non_negative("reorder_point", reorder_point)
    demand_mean = require_non_negative("demand_mean", demand_mean)
    cover_days = require_non_negative("cover_days", cover_days)
    return reorder_point + demand_mean * cover_days


def days_of_cover(qty_available: float, demand_mean: float) -> float | None:
    """Days the stock lasts: qty_available / d̄; ``None`` when d̄ <= 0.

    A negative ``qty_available`` gives a negative cover (stock already short).
    """
    qty = require_finite("qty_available", qty_available)
    mean = require_finite("demand_mean", demand_mean)
    if mean <= 0:
        return None
    return qty / mean
