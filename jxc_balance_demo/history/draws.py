"""Random draws both synthetic shops make: demand counts, quantities, lead times, times.

Every function takes the caller's ``random.Random`` and draws from it in a fixed order,
so a generator seeded the same way gives the same history.
"""

import math
from bisect import bisect
from datetime import datetime, timedelta
from itertools import accumulate


def poisson(rng, lam):
    """Units sold on a day whose mean demand is ``lam`` (normal approximation above 40)."""
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, prod = math.exp(-lam), 0, rng.random()
    while prod > limit:
        k += 1
        prod *= rng.random()
    return k


def xyz_quantity(rng, xyz):
    """Units of one delivery of an X (steady), Y (medium) or Z (lumpy) product."""
    random_ = rng.random
    if xyz == "x":
        return 1.0 if random_() < 0.7 else 2.0
    if xyz == "y":
        return float(1 + int(random_() * 5))
    if random_() < 0.08:
        return float(10 + int(random_() * 31))
    return float(1 + int(random_() * 3))


# Lead time actually observed (days) as a function of the promised delay: how a vendor
# keeps its promise.
LEAD_TIME_MODELS = {
    "punctual": lambda rng, promised: max(1.0, promised + rng.gauss(0, 0.8)),
    "late": lambda rng, promised: promised * rng.uniform(1.4, 2.0),
    "erratic": lambda rng, promised: max(1.0, promised * rng.uniform(0.6, 1.8)),
}


def lead_time(rng, model, promised):
    """Observed lead time of one receipt: a model of LEAD_TIME_MODELS, or a (low, high)
    range of whole days drawn uniformly whatever the promise."""
    if isinstance(model, tuple):
        return rng.randint(*model)
    return LEAD_TIME_MODELS[model](rng, promised)


class Popularity:
    """Picks products with probabilities proportional to ``weights`` (e.g. Zipf)."""

    def __init__(self, weights):
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng):
        """Index of the product of the next sale."""
        return bisect(self.cumulative, rng.random() * self.total)


def zipf_weights(ranks, skew, scales=None):
    """Zipf popularity ``1 / (rank + 1) ** skew``, times each product's scale."""
    scales = scales if scales is not None else [1.0] * len(ranks)
    return [scale / (rank + 1) ** skew for scale, rank in zip(scales, ranks, strict=True)]


def at(day, hour=0, minutes=0, seconds=0):
    """Naive datetime ``hour:minutes`` (+ ``seconds``) on the date ``day``."""
    return datetime(day.year, day.month, day.day, hour) + timedelta(
        minutes=minutes, seconds=seconds)
