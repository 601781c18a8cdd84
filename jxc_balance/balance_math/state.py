"""Balance state of a product: dead, slow, shortage, reorder, overstock, balanced."""

from ._checks import require_finite, require_non_negative, require_optional_days

STATES = ("dead", "slow", "shortage", "reorder", "overstock", "balanced")


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
) -> str:
    """The first matching state, in this order of precedence:

    'dead'      if qty_available > 0 and days_without_outgoing >= dead_days;
    'slow'      if qty_available > 0 and days_without_sale >= slow_days;
    'shortage'  if qty_forecast < safety_stock;
    'reorder'   if qty_forecast < reorder_point;
    'overstock' if days_of_cover is not None and days_of_cover > overstock_days;
    'balanced'  otherwise.
    ``days_without_*`` = None means "not applicable" and never counts as idle.
    slow_days, dead_days, overstock_days and the days_without_* must be >= 0.
    """
    qty_available = require_finite("qty_available", qty_available)
    qty_forecast = require_finite("qty_forecast", qty_forecast)
    safety_stock = require_finite("safety_stock", safety_stock)
    reorder_point = require_finite("reorder_point", reorder_point)
    if days_of_cover is not None:
        days_of_cover = require_finite("days_of_cover", days_of_cover)
    idle_out = require_optional_days("days_without_outgoing", days_without_outgoing)
    idle_sale = require_optional_days("days_without_sale", days_without_sale)
    slow_days = require_non_negative("slow_days", slow_days)
    dead_days = require_non_negative("dead_days", dead_days)
    overstock_days = require_non_negative("overstock_days", overstock_days)

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
    return "balanced"
