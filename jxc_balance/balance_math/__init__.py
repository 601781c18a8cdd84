"""Pure-Python math of jxc_balance: demand statistics, safety stock, reorder point,
max level, UoM rounding, ABC/XYZ classes and the balance state.

Standard library only (no Odoo import), so it is testable with plain pytest.
"""

from .classification import abc_classes, xyz_class
from .pipeline import compute_parameters
from .replenishment import days_of_cover, max_level, reorder_point, safety_stock
from .rounding import round_up
from .series import daily_series, weekly_series
from .state import balance_state
from .stats import demand_stats, lead_time_stats, z_score

__all__ = [
    "abc_classes",
    "balance_state",
    "compute_parameters",
    "daily_series",
    "days_of_cover",
    "demand_stats",
    "lead_time_stats",
    "max_level",
    "reorder_point",
    "round_up",
    "safety_stock",
    "weekly_series",
    "xyz_class",
    "z_score",
]
