"""The service a line achieved: stockout days, fill rate and cycle service of past days.

``achieved_service`` reads them from the line's daily sales, the days that began with
stock (``in_stock_mask``) and the days a replenishment came in, oldest day first, one value
per day each. ``mask_service`` gives the same figures from the engine's in-stock mask and
the sparse sales and receipts it holds, looking only at the days that sold or received:
a nightly run measures every line over a year.
"""

import math
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from itertools import compress

from ._checks import require_int, require_series

# The longest span a line's achieved service is measured over (also a shorter one: 90).
SERVICE_DAYS = 365
# Enough evidence to judge a line's service against its target: this many replenishment
# cycles (cycle service), or this many days in stock (fill rate: the lost demand of a
# stockout day is estimated from them).
MIN_CYCLES = 3
MIN_IN_STOCK_DAYS = 30
SERVICE_METRICS = ("cycle", "fill_rate")


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


def mask_service(
    in_stock: list[bool],
    sold_by_day: dict[date, float],
    received_by_day: dict[date, float],
    end_day: date,
    *spans: int,
) -> tuple[AchievedService, ...]:
    """The service of the last ``days`` days ending with ``end_day``, for each ``days`` of
    ``spans``, from the line's in-stock mask and its sparse sales and receipts.

    ``in_stock``: one boolean per day ending with ``end_day`` (oldest first, at least as
    many as the longest span: the engine's ``in_stock_mask`` of the whole history read,
    so a stockout at the start of a span is seen as one); ``sold_by_day``,
    ``received_by_day``: {day: qty}, days outside the spans ignored, a receipt counted
    when qty > 0. For each span, the same figures as ``achieved_service(sales,
    in_stock[-days:], received)`` with the sales and receipts laid out day by day, read
    from the few days that sold or received: a nightly run measures every line over a
    year and a quarter.

    ValueError for a span outside 0 .. len(in_stock) or a sale that is negative or not
    finite.
    """
    for days in spans:
        require_int("days", days)
        if not 0 <= days <= len(in_stock):
            raise ValueError(f"days must lie between 0 and {len(in_stock)}, got {days!r}")
    longest = max(spans, default=0)
    first = end_day.toordinal() - longest + 1  # offsets from the longest span's first day
    sold = sorted(
        (offset, qty)
        for day, qty in sold_by_day.items()
        if 0 <= (offset := day.toordinal() - first) < longest
    )
    require_series("daily sales", [qty for _offset, qty in sold], non_negative=True)
    receipts = sorted(
        offset
        for day, qty in received_by_day.items()
        if qty > 0 and 0 <= (offset := day.toordinal() - first) < longest
    )
    window = in_stock[len(in_stock) - longest :]
    return tuple(_span_service(window, sold, receipts, longest - days) for days in spans)


def _span_service(window, sold, receipts, start):
    """``AchievedService`` of the days ``start`` .. end of ``window`` (the longest span's
    mask), from its sales [(offset, qty)] and receipt offsets, both sorted."""
    span = window[start:]
    sold = sold[bisect_left(sold, (start,)) :]
    receipts = receipts[bisect_left(receipts, start) :]
    stockout_days = span.count(False)
    in_stock_days = len(span) - stockout_days
    lost = 0.0
    if stockout_days and in_stock_days:
        stocked_sales = math.fsum(qty for offset, qty in sold if window[offset])
        lost = stockout_days * stocked_sales / in_stock_days
    met = sum(
        all(window[begin + 1 : end + 1]) for begin, end in zip(receipts, receipts[1:], strict=False)
    )
    return AchievedService(
        days=len(span),
        stockout_days=stockout_days,
        units_sold=math.fsum(qty for _offset, qty in sold),
        lost_demand=lost,
        cycles=max(len(receipts) - 1, 0),
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
