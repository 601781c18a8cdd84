"""Demand that sells on few days: its type, and its lead-time demand read off the history.

The normal approximation (z · σ over the lead time) fits demand that sells most days. For
demand that sells on a few days, in uneven sizes, it misses the target by far: the
lead-time demand of such an item is mostly 0 with a long tail. Such lines take their
reorder point from the history itself instead: the quantile, at the service target, of
the demand of every window of the protected length in the history (a bootstrap of the
history, without resampling: each past window is one draw).
"""

import math

from ._checks import require_non_negative
from .stats import demand_stats

# Syntetos–Boylan–Croston cut-offs: average demand interval and squared CV of the sizes
ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49
# fewer demand days than this in the flat window: the quantile reads a longer history
MIN_DEMAND_DAYS = 20
LONG_HISTORY_DAYS = 365


def demand_type(daily: list[float]) -> str | None:
    """Syntetos–Boylan class of a daily series; None without two demand days.

    ADI = days / demand days (the mean interval between two demands), CV² = (σ / μ)² of
    the positive sizes (sample σ). ADI < 1.32 and CV² < 0.49: smooth; ADI < 1.32:
    erratic; CV² < 0.49: intermittent; else lumpy.
    """
    sizes = [qty for qty in daily if qty > 0]
    if len(sizes) < 2:
        return None
    adi = len(daily) / len(sizes)
    mean, std = demand_stats(sizes)
    cv2 = (std / mean) ** 2
    if adi < ADI_CUTOFF:
        return "smooth" if cv2 < CV2_CUTOFF else "erratic"
    return "intermittent" if cv2 < CV2_CUTOFF else "lumpy"


def window_sums(daily: list[float], days: float) -> list[float]:
    """Demand of every window of ``days`` consecutive days (overlapping), oldest first.

    A fractional length interpolates between the two whole lengths around it, so that the
    reorder point grows smoothly with the lead time. Fewer days than the window: [].
    """
    days = require_non_negative("days", days)
    low = math.floor(days)
    high = low + 1
    weight = days - low
    if len(daily) < max(low, 1) + (1 if weight else 0):
        return []
    prefix = [0.0]
    for qty in daily:
        prefix.append(prefix[-1] + qty)
    count = len(daily) - (high if weight else low) + 1
    sums = []
    for start in range(count):
        total = prefix[start + low] - prefix[start]
        if weight:
            total += weight * (prefix[start + high] - prefix[start + low])
        sums.append(total)
    return sums


def empirical_quantile(values: list[float], level: float) -> float:
    """The smallest value v of ``values`` with a share >= ``level`` of them at most v
    (the inverse of the empirical distribution; 0.0 for no value)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(math.ceil(level * len(ordered)), 1)
    return ordered[rank - 1]
