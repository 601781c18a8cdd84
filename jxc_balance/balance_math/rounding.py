"""Rounding of quantities up to a unit-of-measure step."""

import functools
import math
from decimal import Decimal

from ._checks import require_finite, require_positive

# A quantity exceeding a whole multiple of the step by less than this fraction of
# the step is float noise (e.g. 10.000000001 with step 0.01) and is not rounded up.
NOISE_STEPS = 1e-6


@functools.lru_cache(maxsize=64)
def _decimals(rounding: float) -> int:
    """Decimal places of ``rounding`` as written (0.01 -> 2, 0.5 -> 1, 6.0 -> 0)."""
    exponent = Decimal(repr(rounding)).normalize().as_tuple().exponent
    return max(0, -exponent)


def round_up(qty: float, rounding: float) -> float:
    """Round ``qty`` up (towards +infinity) to a multiple of ``rounding``.

    n = qty / rounding;  k = round(n) if |n - round(n)| <= tol else ceil(n);
    result = round(k · rounding, decimals(rounding)),
    tol = max(1e-6, |n| · 1e-12) steps, so float noise never adds a whole step
    (2.0000001 with step 1 -> 2.0, 2.01 -> 3.0) and the result carries no
    0.1 + 0.2 style noise. ``rounding`` must be > 0.
    """
    qty = require_finite("qty", qty)
    rounding = require_positive("rounding", rounding)
    steps = qty / rounding
    nearest = round(steps)
    if abs(steps - nearest) <= max(NOISE_STEPS, abs(steps) * 1e-12):
        whole = nearest
    else:
        whole = math.ceil(steps)
    return round(whole * rounding, _decimals(rounding))
