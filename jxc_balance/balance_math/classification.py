"""ABC (consumption value) and XYZ (demand variability) classification."""

from collections.abc import Hashable
from fractions import Fraction

from ._checks import require_finite, require_series
from .stats import demand_stats

CLASSES = ("a", "b", "c")


def _exact(value: float) -> Fraction:
    """The decimal number ``value`` prints as, exactly (0.8 -> 4/5, not 0.80000…04)."""
    return Fraction(repr(float(value)))


def abc_classes(
    values: dict[Hashable, float],
    threshold_a: float = 0.80,
    threshold_b: float = 0.95,
    pinned: dict | None = None,
) -> dict[Hashable, str]:
    """ABC class of every key of ``values`` by its consumption value.

    Items are sorted by value descending (ties: key ascending). With
    T = Σ max(v, 0) and S_i = sum of the values before item i (its cumulative share
    before it is S_i / T):
        'a' if S_i / T < threshold_a, 'b' if S_i / T < threshold_b, else 'c'.
    Items with value <= 0 are 'c'; T == 0 makes every item 'c'. Items with exactly
    equal values get the class of the first item of their tie group, so their order
    never matters. Sums and comparisons are exact on the values as printed, so
    80 + 20 with A = 0.8 puts the 20 in 'b' without float noise.
    ``pinned`` maps key -> 'a'/'b'/'c' and overrides the result for those keys;
    pinned items still count in T and in the cumulative sums. Pinned keys absent
    from ``values`` are ignored. Requires 0 < threshold_a < threshold_b < 1.
    """
    threshold_a = require_finite("threshold_a", threshold_a)
    threshold_b = require_finite("threshold_b", threshold_b)
    if not 0 < threshold_a < threshold_b < 1:
        raise ValueError(
            "thresholds must satisfy 0 < threshold_a < threshold_b < 1, got "
            f"threshold_a={threshold_a!r}, threshold_b={threshold_b!r}"
        )
    pinned = dict(pinned or {})
    for key, klass in pinned.items():
        if klass not in CLASSES:
            raise ValueError(f"pinned class for {key!r} must be 'a', 'b' or 'c', got {klass!r}")
    checked = {key: require_finite(f"value of {key!r}", value) for key, value in values.items()}

    items = list(checked.items())
    try:
        items.sort(key=lambda kv: (-kv[1], kv[0]))
    except TypeError:  # keys not mutually orderable: tie order is irrelevant anyway
        items.sort(key=lambda kv: -kv[1])

    exact = {key: _exact(v) for key, v in items if v > 0}
    total = sum(exact.values(), Fraction(0))
    limit_a = _exact(threshold_a) * total
    limit_b = _exact(threshold_b) * total

    result: dict[Hashable, str] = {}
    cumulative = Fraction(0)
    group_value = None
    group_class = "c"
    for key, value in items:
        if value <= 0 or total == 0:
            result[key] = "c"
            continue
        if value != group_value:  # first item of a new tie group
            group_value = value
            if cumulative < limit_a:
                group_class = "a"
            elif cumulative < limit_b:
                group_class = "b"
            else:
                group_class = "c"
        result[key] = group_class
        cumulative += exact[key]

    for key, klass in pinned.items():
        if key in result:
            result[key] = klass
    return result


def xyz_class(weekly: list[float], x_limit: float = 0.5, y_limit: float = 1.0) -> str:
    """XYZ class from the coefficient of variation of the weekly demand.

    CV = s / w̄ with w̄ = mean(weekly), s = sample std (n - 1; 0 for one week).
    CV <= x_limit -> 'x', CV <= y_limit -> 'y', else 'z'. No demand (empty list or
    w̄ <= 0) -> 'z'. Requires 0 < x_limit < y_limit.
    """
    x_limit = require_finite("x_limit", x_limit)
    y_limit = require_finite("y_limit", y_limit)
    if not 0 < x_limit < y_limit:
        raise ValueError(
            "limits must satisfy 0 < x_limit < y_limit, got "
            f"x_limit={x_limit!r}, y_limit={y_limit!r}"
        )
    values = require_series("weekly demand", weekly)
    if not values:
        return "z"
    mean, std = demand_stats(values)
    if mean <= 0:
        return "z"
    cv = std / mean
    if cv <= x_limit:
        return "x"
    if cv <= y_limit:
        return "y"
    return "z"
