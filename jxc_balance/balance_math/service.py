"""The service a line achieved: stockout days, fill rate and cycle service of past days.

``achieved_service`` reads them from the line's daily sales, the days that began with
stock (``in_stock_mask``) and the days a replenishment came in, oldest day first, one value
per day each. ``line_service`` gives the same figures from the sparse data the engine
holds (today's on hand, the moves, sales and receipts by day), looking only at the days
with a move: a nightly run measures every line over a year.
"""

import math
import operator
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate, compress

from ._checks import require_finite, require_int, require_series

# The longest span a line's achieved service is measured over (also a shorter one: 90).
SERVICE_DAYS = 365
# Enough evidence to judge a line's service against its target: this many replenishment
# cycles (cycle service), or this many days in stock (fill rate: the lost demand of a
# stockout day is estimated from them).
MIN_CYCLES = 3
MIN_IN_STOCK_DAYS = 30
SERVICE_METRICS = ("cycle", "fill_rate")
# a day that began with at most this much began empty (as in_stock_mask reads it)
EMPTY = 1e-9


@dataclass(frozen=True)
class AchievedService:
    """What a span of days delivered; the counts add up over lines (a dashboard pools them).

    ``lost_demand``: the estimated demand of the stockout days (see ``achieved_service``).
    """

    days: int
    stockout_days: int
    units_sold: float
    lost_demand: float
    cycles: int
    cycles_met: int

    @property
    def in_stock_days(self) -> int:
        return self.days - self.stockout_days

    @property
    def units_demanded(self) -> float:
        """Units sold + estimated lost demand."""
        return self.units_sold + self.lost_demand

    @property
    def fill_rate(self) -> float:
        """Units sold / units demanded.

        With nothing demanded: 1.0 when a day of the span began with stock (no demand
        seen, none missed), 0.0 when none did (nothing served, the demand unknown).
        """
        demanded = self.units_demanded
        if demanded > 0:
            return self.units_sold / demanded
        return 1.0 if self.in_stock_days else 0.0

    @property
    def cycle_service(self) -> float | None:
        """Cycles met / cycles; None without a complete cycle in the span."""
        return self.cycles_met / self.cycles if self.cycles else None


def achieved_service(
    sales: list[float],
    in_stock: list[bool],
    received: list[bool],
    days: int | None = None,
) -> AchievedService:
    """The service of the last ``days`` days (all of them when None).

    ``sales``: units sold each day (>= 0); ``in_stock``: whether the day began with stock;
    ``received``: whether a replenishment came in that day; all oldest first, one value
    per day. Over the span:

    - stockout days: the days that began with nothing on the shelf;
    - lost demand = stockout days × mean sales of the in-stock days (the demand of a day
      without stock is not seen: it is estimated at that of the days with stock; 0 when
      no day had stock);
    - fill rate = units sold / (units sold + lost demand);
    - cycles: the periods between two receipts of the span; each runs from the day after a
      receipt to the day of the next one included (that day began before the next
      receipt came in, on what was left of the cycle). The days before the span's first
      receipt and after its last are in no cycle (as ``bench/replay.py`` counts). A cycle
      is met when none of its days was a stockout day; cycle service = met / cycles.

    ValueError for a negative or non-finite sale, lists of other lengths than ``sales``,
    values of ``in_stock`` or ``received`` that are not booleans, or ``days`` outside
    0 .. len(sales).
    """
    sales = require_series("daily sales", sales, non_negative=True)
    in_stock = _require_days("in_stock", in_stock, len(sales))
    received = _require_days("received", received, len(sales))
    if days is not None:
        days = require_int("days", days)
        if not 0 <= days <= len(sales):
            raise ValueError(f"days must lie between 0 and {len(sales)}, got {days!r}")
        start = len(sales) - days
        sales, in_stock, received = sales[start:], in_stock[start:], received[start:]
    span = len(sales)
    stockout_days = in_stock.count(False)
    in_stock_days = span - stockout_days
    units_sold = math.fsum(sales)
    lost = 0.0
    if stockout_days and in_stock_days:
        lost = stockout_days * math.fsum(compress(sales, in_stock)) / in_stock_days
    receipts = list(compress(range(span), received))
    cycles = len(receipts) - 1 if receipts else 0
    met = sum(
        all(in_stock[start + 1 : end + 1])
        for start, end in zip(receipts, receipts[1:], strict=False)
    )
    return AchievedService(
        days=span,
        stockout_days=stockout_days,
        units_sold=units_sold,
        lost_demand=lost,
        cycles=cycles,
        cycles_met=met,
    )


def line_service(
    on_hand: float,
    moved_by_day: dict[date, float],
    sold_by_day: dict[date, float],
    received_by_day: dict[date, float],
    end_day: date,
    days: int,
    short_days: int,
) -> tuple[AchievedService, AchievedService]:
    """The service of the ``days`` and of the last ``short_days`` days ending with
    ``end_day``, from the line's sparse history.

    The same figures as ``achieved_service(sales, in_stock, received)`` (and with
    ``days=short_days``) with in_stock = in_stock_mask(on_hand, moved_by_day, sold_by_day,
    end_day, days), sales = daily_series(sold_by_day, end_day, days) and received = the days
    of ``received_by_day`` with a quantity > 0. The stock a day began with only changes
    on the days with a move or a sale, so the days between them are counted as a whole.

    ValueError for ``days`` < 0, ``short_days`` outside 0 .. ``days``, a sale that is
    negative or not finite, or an on hand or move that is not a finite number.
    """
    days = require_int("days", days)
    short_days = require_int("short_days", short_days)
    if days < 0:
        raise ValueError(f"days must be >= 0, got {days!r}")
    if not 0 <= short_days <= days:
        raise ValueError(f"short_days must lie between 0 and {days}, got {short_days!r}")
    first_day = end_day - timedelta(days=days - 1)
    short_first = end_day - timedelta(days=short_days - 1)
    stock = require_finite("on_hand", on_hand)
    try:
        # the moves after the window give the stock the day after it began with, those
        # inside it change the stock on their day
        moved = {}
        for day, qty in moved_by_day.items():
            if day > end_day:
                stock -= qty
            elif day >= first_day:
                moved[day] = float(qty)
        sold = {day: qty for day, qty in sold_by_day.items() if first_day <= day <= end_day}
        receipts = sorted(
            day for day, qty in received_by_day.items() if first_day <= day <= end_day and qty > 0
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"on hand, moves and receipts must be numbers: {exc}") from exc
    require_series("daily sales", sold.values(), non_negative=True)
    for day in sold.keys() - moved.keys():
        moved[day] = 0.0
    # the stock each day with a move or a sale began with, newest first (subtracted in
    # the mask's order): starts[i + 1] for days[i], starts[i] for the days after it
    event_days = sorted(moved, reverse=True)
    starts = list(accumulate(map(moved.__getitem__, event_days), operator.sub, initial=stock))
    if not math.isfinite(starts[-1]):
        raise ValueError("on hand and moves must be finite numbers")
    runs = []
    if min(starts) <= EMPTY:
        runs = _stockout_runs(event_days, starts, sold, first_day, end_day)
    run_ends = [last for _first, last in runs]
    return tuple(
        _sparse_figures(span_first, end_day, sold, receipts, runs, run_ends)
        for span_first in (first_day, short_first)
    )


def _stockout_runs(event_days, starts, sold, first_day, end_day):
    """[(first, last day)] of the stockout days, oldest first: the days that began with
    at most ``EMPTY`` and sold nothing, after the first day with stock."""
    one = timedelta(days=1)
    runs, pending = [], []  # newest first; pending: no day with stock before them yet

    def segment(low, high, stocked):
        if stocked:
            runs.extend(pending)
            pending.clear()
        elif pending and pending[-1][0] == high + one:
            pending[-1] = (low, pending[-1][1])
        else:
            pending.append((low, high))

    high = end_day
    for index, day in enumerate(event_days):
        if day < high:
            segment(day + one, high, starts[index] > EMPTY)
        segment(day, day, starts[index + 1] > EMPTY or sold.get(day, 0) > 0)
        high = day - one
    if high >= first_day:
        segment(first_day, high, starts[-1] > EMPTY)
    # what is still pending is before the first day with stock: the product was not
    # there yet, the mask reads those days as in stock
    runs.reverse()
    return runs


def _sparse_figures(first, end, sold, receipts, runs, run_ends):
    """``AchievedService`` of the days ``first`` .. ``end`` from the stockout ``runs``
    (oldest first, ``run_ends`` their last days), the sales and the receipt days."""
    span = (end - first).days + 1
    stockout_days = sum(
        (last - max(start, first)).days + 1 for start, last in runs if last >= first
    )
    in_stock_days = span - stockout_days
    units_sold = math.fsum(qty for day, qty in sold.items() if day >= first)
    lost = 0.0
    if stockout_days and in_stock_days:
        lost = stockout_days * units_sold / in_stock_days
    span_receipts = receipts[bisect_left(receipts, first) :]
    met = 0
    for start, last in zip(span_receipts, span_receipts[1:], strict=False):
        # the first run ending on or after the cycle's first day, if it starts in it
        index = bisect_left(run_ends, start + timedelta(days=1))
        met += index == len(runs) or runs[index][0] > last
    return AchievedService(
        days=span,
        stockout_days=stockout_days,
        units_sold=units_sold,
        lost_demand=lost,
        cycles=max(len(span_receipts) - 1, 0),
        cycles_met=met,
    )


def service_in_metric(figures: AchievedService, metric: str) -> tuple[float, bool]:
    """(achieved service in ``metric``, whether there is enough evidence to judge it).

    'cycle': cycle service (0.0 without a cycle), judged from MIN_CYCLES cycles on;
    'fill_rate': fill rate, judged with demand and MIN_IN_STOCK_DAYS days in stock.
    """
    if metric == "cycle":
        return figures.cycle_service or 0.0, figures.cycles >= MIN_CYCLES
    if metric == "fill_rate":
        measured = figures.in_stock_days >= MIN_IN_STOCK_DAYS and figures.units_demanded > 0
        return figures.fill_rate, measured
    raise ValueError(f"metric must be one of {', '.join(SERVICE_METRICS)}, got {metric!r}")


def _require_days(name: str, values, days: int) -> list[bool]:
    """``values`` as a list of booleans, one per day; ValueError otherwise."""
    values = list(values)
    if len(values) != days:
        raise ValueError(f"{name} must have one value per day: {len(values)} for {days} days")
    if not set(map(type, values)) <= {bool}:
        bad = next(value for value in values if type(value) is not bool)
        raise ValueError(f"{name} must hold booleans, got {bad!r}")
    return values
