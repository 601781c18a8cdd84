"""One call computing all replenishment parameters of a product."""

from ._checks import require_non_negative
from .classification import xyz_class
from .replenishment import max_level, reorder_point, safety_stock
from .rounding import round_up
from .series import weekly_series
from .stats import demand_stats, lead_time_stats, z_score


def compute_parameters(
    *,
    daily: list[float],
    observed_lead_times: list[float],
    promised_lead_time: float,
    days_to_purchase: float,
    service_level: float,
    cover_days: float,
    rounding: float,
    pinned_safety_stock: float | None = None,
) -> dict:
    """All parameters of one product from its daily demand and lead times.

    d̄, σ_d = demand_stats(daily)
    L, σ_L, source = lead_time_stats(observed_lead_times, promised_lead_time,
                                     extra_days=days_to_purchase)   (3 receipts min)
    SS  = round_up(z(service_level) · sqrt(L·σ_d² + d̄²·σ_L²), rounding)
          or round_up(pinned_safety_stock, rounding) when that is not None
    ROP = round_up(d̄·L + SS, rounding)
    max = round_up(d̄·L + SS + d̄·cover_days, rounding)
    (d̄·L and d̄·cover_days unrounded; SS the rounded or pinned value.)
    xyz = xyz_class(weekly_series(daily)).
    Returns avg_daily_demand, demand_std, lead_time_days, lead_time_std,
    lead_time_source, safety_stock, reorder_point, max_qty, xyz_class.
    """
    mean, std = demand_stats(daily)
    lead_time, lead_time_std, source = lead_time_stats(
        observed_lead_times, promised_lead_time, extra_days=days_to_purchase
    )
    z = z_score(service_level)
    cover_days = require_non_negative("cover_days", cover_days)
    if pinned_safety_stock is None:
        raw_ss = safety_stock(z, lead_time, std, mean, lead_time_std)
    else:
        raw_ss = require_non_negative("pinned_safety_stock", pinned_safety_stock)
    ss = round_up(raw_ss, rounding)
    unrounded_rop = reorder_point(mean, lead_time, ss)
    return {
        "avg_daily_demand": mean,
        "demand_std": std,
        "lead_time_days": lead_time,
        "lead_time_std": lead_time_std,
        "lead_time_source": source,
        "safety_stock": ss,
        "reorder_point": round_up(unrounded_rop, rounding),
        "max_qty": round_up(max_level(unrounded_rop, mean, cover_days), rounding),
        "xyz_class": xyz_class(weekly_series(daily)),
    }
