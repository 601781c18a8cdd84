"""One call computing all replenishment parameters of a product."""

from ._checks import require_non_negative, require_series
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
    in_stock: list[bool] | None = None,
    review_days: float = 0.0,
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

    ``in_stock`` (one boolean per day of ``daily``; None: every day had stock) marks the
    days that began with stock: a day without is a stockout day, whose zero sales say
    nothing of the demand, so d̄ and σ_d are those of the days in stock. ``review_days``
    is the time between two looks at the stock (1 for a nightly run): the safety stock and
    the reorder point then protect L + review days, L stays the lead time.
    Returns avg_daily_demand, demand_std, lead_time_days, lead_time_std,
    lead_time_source, safety_stock, reorder_point, max_qty, xyz_class, stockout_days.
    """
    daily, stockout_days = in_stock_days(daily, in_stock)
    mean, std = demand_stats(daily)
    lead_time, lead_time_std, source = lead_time_stats(
        observed_lead_times, promised_lead_time, extra_days=days_to_purchase
    )
    protected = lead_time + require_non_negative("review_days", review_days)
    z = z_score(service_level)
    cover_days = require_non_negative("cover_days", cover_days)
    if pinned_safety_stock is None:
        raw_ss = safety_stock(z, protected, std, mean, lead_time_std)
    else:
        raw_ss = require_non_negative("pinned_safety_stock", pinned_safety_stock)
    ss = round_up(raw_ss, rounding)
    unrounded_rop = reorder_point(mean, protected, ss)
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
        "stockout_days": stockout_days,
    }


def in_stock_days(daily: list[float], in_stock: list[bool] | None) -> tuple[list[float], int]:
    """(the sales of the days that began with stock, the number of stockout days).

    ValueError for a negative or non-finite sale, and for an ``in_stock`` that is not one
    boolean per day.
    """
    daily = require_series("daily sales", daily, non_negative=True)
    if in_stock is None:
        return daily, 0
    in_stock = list(in_stock)
    if len(in_stock) != len(daily):
        raise ValueError(
            f"in_stock must have one value per day: {len(in_stock)} for {len(daily)} days"
        )
    stockout_days = in_stock.count(False)
    if not stockout_days:
        return daily, 0
    kept = [qty for qty, stocked in zip(daily, in_stock, strict=True) if stocked]
    return kept, stockout_days
