"""Balance state of a product: dead, slow, shortage, reorder, overstock, no demand, balanced."""

from ._checks import require_finite, require_non_negative, require_optional_days

STATES = ("dead", "slow", "shortage", "reorder", "overstock", "no_demand", "balanced")


def balance_state(
    *,
    qty_available: float,
    qty_forecast: float,
    safety_stock: float,
    reorder_point: float,
    days_of_cover: float | None,
    days_without_outgoing: int | None,
    days_without_sale: int | None,
    slow_days: float,
    dead_days: float,
    overstock_days: float,
    demand_mean: float | None = None,
    days_since_first_receipt: int | None = None,
) -> str:
    """The first matching state, in this order of precedence:

    'dead'      if qty_available > 0 and idle_out >= dead_days;
    'slow'      if qty_available > 0 and idle_sale >= slow_days;
    'shortage'  if qty_forecast < safety_stock;
    'reorder'   if qty_forecast < reorder_point;
    'overstock' if days_of_cover is not None and days_of_cover > overstock_days;
    'no_demand' if demand_mean is given and <= 0 (nothing sold in the history window:
                an empty line, or stock received too recently to be slow);
    'balanced'  otherwise.
    idle_out = days_without_outgoing, or days_since_first_receipt when the stock never
    left (never sold nor moved out); idle_sale likewise with days_without_sale. None means
    "not applicable" and never counts as idle. slow_days, dead_days, overstock_days and the
    day counts must be >= 0.
    """
    qty_available = require_finite("qty_available", qty_available)
    qty_forecast = require_finite("qty_forecast", qty_forecast)
    safety_stock = require_finite("safety_stock", safety_stock)
    reorder_point = require_finite("reorder_point", reorder_point)
    if days_of_cover is not None:
        days_of_cover = require_finite("days_of_cover", days_of_cover)
    if demand_mean is not None:
        demand_mean = require_finite("demand_mean", demand_mean)
    idle_out = require_optional_days("days_without_outgoing", days_without_outgoing)
    idle_sale = require_optional_days("days_without_sale", days_without_sale)
    first_in = require_optional_days("days_since_first_receipt", days_since_first_receipt)
    slow_days = require_non_negative("slow_days", slow_days)
    dead_days = require_non_negative("dead_days", dead_days)
    overstock_days = require_non_negative("overstock_days", overstock_days)
    if idle_out is None:
        idle_out = first_in
    if idle_sale is None:
        idle_sale = first_in

    if qty_available > 0 and idle_out is not None and idle_out >= dead_days:
        return "dead"
    if qty_available > 0 and idle_sale is not None and idle_sale >= slow_days:
        return "slow"
    if qty_forecast < safety_stock:
        return "shortage"
    if qty_forecast < reorder_point:
        return "reorder"
    if days_of_cover is not None and days_of_cover > overstock_days:
        return "overstock"
    if demand_mean is not None and demand_mean <= 0:
        return "no_demand"
    return "balanced"
