"""Pure-Python math of jxc_balance: demand statistics, safety stock, reorder point,
max level, UoM rounding, ABC/XYZ classes, the balance state, the seasonal
forecast with events and its backtest, and the service achieved.

Standard library only (no Odoo import), so it is testable with plain pytest.
"""

from . import limits
from .classification import abc_classes, xyz_class
from .pipeline import compute_parameters
from .replenishment import days_of_cover, max_level, reorder_point, safety_stock
from .rounding import round_up
from .seasonal import (
    backtest,
    event_effects,
    forecast_parameters,
    seasonal_index,
    window_forecast,
)
from .series import daily_series, in_stock_mask, weekly_series
from .service import (
    MIN_CYCLES,
    MIN_IN_STOCK_DAYS,
    SERVICE_DAYS,
    AchievedService,
    achieved_service,
    mask_service,
    service_in_metric,
)
from .state import balance_state
from .stats import (
    LOOKBACK_DAYS,
    MIN_RECEIPTS,
    NIGHTLY_REVIEW_DAYS,
    demand_stats,
    lead_time_stats,
    z_score,
)

__all__ = [
    "LOOKBACK_DAYS",
    "MIN_CYCLES",
    "MIN_IN_STOCK_DAYS",
    "MIN_RECEIPTS",
    "NIGHTLY_REVIEW_DAYS",
    "SERVICE_DAYS",
    "AchievedService",
    "abc_classes",
    "achieved_service",
    "backtest",
    "balance_state",
    "compute_parameters",
    "daily_series",
    "days_of_cover",
    "demand_stats",
    "event_effects",
    "forecast_parameters",
    "in_stock_mask",
    "lead_time_stats",
    "limits",
    "mask_service",
    "max_level",
    "reorder_point",
    "round_up",
    "safety_stock",
    "seasonal_index",
    "service_in_metric",
    "weekly_series",
    "window_forecast",
    "xyz_class",
    "z_score",
]
