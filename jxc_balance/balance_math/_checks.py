"""Small input validators shared by the balance_math modules."""

import math
import operator


def require_finite(name: str, value: float) -> float:
    """Return ``float(value)``; ValueError if it is not a finite number."""
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a number, got {value!r}") from exc
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return number


def require_non_negative(name: str, value: float) -> float:
    """Return ``float(value)``; ValueError if it is not finite or is below 0."""
    number = require_finite(name, value)
    if number < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return number


def require_positive(name: str, value: float) -> float:
    """Return ``float(value)``; ValueError if it is not finite or is not > 0."""
    number = require_finite(name, value)
    if number <= 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return number


def require_series(name: str, values, non_negative: bool = False) -> list[float]:
    """``values`` as a list of floats; ValueError naming the first value that is not a
    finite number (or is below 0 with ``non_negative``). One check for the whole series
    first: a nightly run validates every product's history."""
    try:
        numbers = [float(value) for value in values]
        valid = math.isfinite(math.fsum(numbers)) and (
            not non_negative or not numbers or min(numbers) >= 0
        )
    except (TypeError, ValueError, OverflowError):
        valid = False
    if valid:
        return numbers
    check = require_non_negative if non_negative else require_finite
    return [check(name, value) for value in values]


def require_optional_days(name: str, value: int | None) -> int | None:
    """Return ``value`` (``None`` allowed); ValueError if a number below 0."""
    if value is None:
        return None
    require_non_negative(name, value)
    return value


def require_int(name: str, value: int) -> int:
    """Return ``value`` as an int; ValueError if it is not an integer (or a bool)."""
    if value is True or value is False:
        raise ValueError(f"{name} must be an integer, got {value!r}")
    try:
        return operator.index(value)
    except TypeError as exc:
        raise ValueError(f"{name} must be an integer, got {value!r}") from exc
