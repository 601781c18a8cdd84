"""Build the demand time series the statistics are computed on."""

import operator
from datetime import date, datetime, timedelta
from itertools import accumulate

from ._checks import require_int

# a day that began with at most this much began empty (rounding of the moves' sums)
EMPTY = 1e-9


def daily_series(qty_by_day: dict[date, float], end_day: date, days: int) -> list[float]:
    """Daily quantities of the ``days`` full days ending with ``end_day``.

    series[i] = qty_by_day.get(end_day - (days - 1 - i), 0.0) for i = 0 .. days-1,
    i.e. oldest day first, ``end_day`` (inclusive) last. Missing days count 0.0 and
    keys outside the window are ignored. Keys must be ``date`` objects (a
    ``datetime`` key never equals a ``date``, so it would be ignored); ``end_day``
    must be a ``date`` too, and ``days`` an integer >= 1.
    """
    days = require_int("days", days)
    if days < 1:
        raise ValueError(f"days must be >= 1, got {days!r}")
    if isinstance(end_day, datetime) or not isinstance(end_day, date):
        # ValueError (not TypeError), as for every invalid input of this package
        message = f"end_day must be a date (not a datetime), got {end_day!r}"
        raise ValueError(message)  # noqa: TRY004
    start = end_day - timedelta(days=days - 1)
    # placed day by day from the (sparse) dict: a product sells on few of the days, and
    # this runs for every product and warehouse over up to two years
    series = [0.0] * days
    for day, qty in qty_by_day.items():
        if type(day) is not date and (isinstance(day, datetime) or not isinstance(day, date)):
            continue
        offset = (day - start).days
        if 0 <= offset < days:
            series[offset] = float(qty)
    return series


def weekly_series(daily: list[float]) -> list[float]:
    """Sums of full 7-day blocks, counted back from the newest (last) day.

    With n = len(daily) and k = n // 7 blocks, the kept days are
    daily[n - 7k:], block j (oldest first) = sum(daily[n - 7k + 7j : n - 7k + 7j + 7]).
    The oldest n % 7 days (a partial week) are dropped; n < 7 gives [].
    """
    weeks = len(daily) // 7
    first = len(daily) - 7 * weeks
    return [float(sum(daily[first + 7 * week : first + 7 * week + 7])) for week in range(weeks)]


def in_stock_mask(
    on_hand: float,
    moved_by_day: dict[date, float],
    sold_by_day: dict[date, float],
    end_day: date,
    days: int,
) -> list[bool]:
    """Which of the ``days`` days ending with ``end_day`` began with stock (oldest first).

    The stock at the start of a day is today's ``on_hand`` less everything moved in
    (positive) or out (negative) of the warehouse since: start(d) = on_hand −
    Σ moved_by_day[d'] for d' >= d (today's moves included, keyed by their day). A day
    began with stock when start(d) > 0, or when it sold something (a receipt came in
    during the day). The days before the first one with stock (the product was not yet
    there) count as in stock, so that a new product keeps today's reading of them.
    """
    days = require_int("days", days)
    first = end_day.toordinal() - days + 1
    moved = {}  # offset in the window (oldest day 0): moved that day
    stock = on_hand  # then: the stock at the start of the day after the window
    for day, qty in moved_by_day.items():
        offset = day.toordinal() - first
        if offset >= days:
            stock -= qty
        elif offset >= 0:
            moved[offset] = qty
    # the start stock only changes on a day with a move: walk back over those days
    # (newest first) and mark each stretch between them at once
    mask = [True] * days
    stretch_end = days  # the days [offset + 1, stretch_end) began with ``stock``
    for offset in sorted(moved, reverse=True):
        if stock <= EMPTY and offset + 1 < stretch_end:
            mask[offset + 1 : stretch_end] = [False] * (stretch_end - offset - 1)
        stock -= moved[offset]
        if stock <= EMPTY:
            mask[offset] = False
        stretch_end = offset
    if stock <= EMPTY and stretch_end:
        mask[:stretch_end] = [False] * stretch_end
    for day, qty in sold_by_day.items():  # few days sell: read them, not every day
        offset = day.toordinal() - first
        if qty > 0 and 0 <= offset < days:
            mask[offset] = True
    try:
        first_stocked = mask.index(True)
    except ValueError:
        return [True] * days  # never stocked: the product was not there yet
    mask[:first_stocked] = [True] * first_stocked
    return mask


def stockout_counts(in_stock: list[bool] | None) -> list[int] | None:
    """Running count of the days that began without stock: counts[i] = stockout days among
    the first i days (one more value than days). None without a mask or without a
    stockout day: there is nothing to leave out."""
    if in_stock is None or all(in_stock):
        return None
    return list(accumulate(map(operator.not_, in_stock), initial=0))


def empty_between(counts: list[int], start: int, stop: int) -> bool:
    """Whether a day of [start, stop) (clamped to the series) began without stock, read
    from ``stockout_counts``."""
    start, stop = max(start, 0), min(stop, len(counts) - 1)
    return start < stop and counts[stop] != counts[start]
