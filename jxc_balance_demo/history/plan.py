"""The demo shop's two years of history, planned in plain Python (no Odoo).

``build_plan`` draws every product's daily sales and returns (``profiles``), the vendors'
review dates and lead times, and the order quantities that keep the product in stock;
then it steers each product's last orders so that the stock on hand today gives the
balance state the catalogue intends (shortage, reorder, balanced, overstock, slow, dead),
estimating what the balance engine will compute with the engine's own forecast function
(passed in: this module does not import the addon). Two cases tell a story of their own
and end balanced: "stockout" (the vendor could not deliver for a month, the shelf stayed
empty, then a restock came in) and "lumpy" (sold on few days, in uneven sizes).

Deterministic: a fixed seed, dates relative to ``today``.
"""

import logging
import math
import random
from bisect import bisect
from collections import defaultdict
from datetime import timedelta

from .catalog import (
    HISTORY_DAYS,
    LOOKBACK_DAYS,
    LUMPY,
    PRODUCTS,
    SEED,
    ST2_HISTORY_DAYS,
    STOCKOUT_DAYS_AGO,
    VENDORS,
)
from .draws import at, lead_time
from .profiles import draw_daily_sales, draw_lumpy_sales

_logger = logging.getLogger(__name__)

# the cases whose products draw their demand from a generator of their own (catalog)
OWN_DRAW_CASES = ("stockout", "lumpy")


def _estimate(daily, lead_times, promised, settings, history=None, events=(),
              in_stock=None, history_in_stock=None):
    """What the balance engine will compute: mean, SS and ROP at the lowest and highest
    service level (the ABC class is company-wide, so both bounds are kept), with the
    engine's own forecast (season, backtest, events; the stockout days left out as the
    engine leaves them out)."""
    results = [settings["forecast_parameters"](
        daily=[max(qty, 0.0) for qty in daily],
        history=[max(qty, 0.0) for qty in history] if history is not None else None,
        events=list(events), in_stock=in_stock, history_in_stock=history_in_stock,
        observed_lead_times=lead_times, promised_lead_time=float(promised),
        days_to_purchase=settings["days_to_purchase"], service_level=level,
        cover_days=settings["cover_days"], rounding=0.01,
    ) for level in (settings["level_lo"], settings["level_hi"])]
    low, high = results
    return {"mean": low["avg_daily_demand"], "lead": low["lead_time_days"],
            "ss_lo": low["safety_stock"], "ss_hi": high["safety_stock"],
            "rop_lo": low["reorder_point"], "rop_hi": high["reorder_point"]}


class _Stream:
    """Daily stock of one product in one warehouse while planning its purchases.

    Goods received (or returned) on day d can be sold from day d + 1 on; a day's stock
    is counted after its sales, so it never goes below zero at any time of the day.
    """

    def __init__(self, first, last, sales, returns):
        self.first, self.last = first, last
        self.days = (last - first).days + 1
        self.sales, self.returns = sales, returns
        self.cumulative = []  # cumulative net sales at the end of each day
        total = 0
        for index in range(self.days):
            day = first + timedelta(days=index)
            total += sales.get(day, 0) - returns.get(day - timedelta(days=1), 0)
            self.cumulative.append(total)

    def index(self, day):
        return min(max((day - self.first).days, -1), self.days - 1)

    def sold_until(self, day):
        """Cumulative net sales up to the end of ``day`` (0 before the first day)."""
        index = self.index(day)
        return self.cumulative[index] if index >= 0 else 0

    def stock(self, receipts):
        """End-of-day stock of every day given {available_day: qty} receipts."""
        inflow = defaultdict(float)
        for day, qty in receipts.items():
            inflow[max(self.index(day), 0)] += qty
        level, result = 0.0, []
        for index in range(self.days):
            level += inflow[index]
            result.append(level - self.cumulative[index])
        return result

    def began_with_stock(self, receipts):
        """Whether each day began with stock, as the engine's ``in_stock_mask`` reads it: a
        day that sold counts as stocked, and so do the days before the first stocked one."""
        levels, result, before = self.stock(receipts), [], 0
        for level, total in zip(levels, self.cumulative, strict=True):
            sold = total - before
            result.append(level + sold > 1e-9 or sold > 0)
            before = total
        first = next((index for index, stocked in enumerate(result) if stocked), self.days)
        return [True] * first + result[first:]


def _receipts(slots, quantities):
    """{available day: qty} of the planned receipts (sold from the day after arrival)."""
    result = defaultdict(float)
    for (_ordered, arrived), qty in zip(slots, quantities, strict=True):
        result[arrived.date() + timedelta(days=1)] += qty
    return result


def build_plan(today, settings, forecast_parameters):
    """The whole history as plain data; deterministic for a given ``today``.

    ``settings``: the engine settings the plan steers by (see ``_estimate``);
    ``forecast_parameters``: the engine's forecast function (``balance_math``).
    """
    settings = dict(settings, forecast_parameters=forecast_parameters)
    rng = random.Random(SEED)
    last = today - timedelta(days=1)
    first_main = today - timedelta(days=HISTORY_DAYS)
    first_st2 = today - timedelta(days=ST2_HISTORY_DAYS)
    lookback_start = today - timedelta(days=LOOKBACK_DAYS)
    gap_start, gap_end = (today - timedelta(days=ago) for ago in STOCKOUT_DAYS_AGO)

    # ---- 1. demand: one sale figure per product, warehouse and day
    sales, returns = {}, {}
    streams = []  # (product, warehouse key, first day)
    for product in PRODUCTS:
        # the same draws whatever the install date: the shared generator's depend on it
        draw = random.Random(f"{SEED}-{product['code']}") \
            if product["case"] in OWN_DRAW_CASES else rng
        for wh_key, share, first in (("main", 1.0, first_main),
                                     ("st2", product["st2"], first_st2)):
            if not share:
                continue
            key = (product["code"], wh_key)
            case = product["case"] if wh_key == "main" else "balanced"
            if case == "lumpy":
                by_day, back = draw_lumpy_sales(
                    draw, product["base"], first, last, LUMPY["gap"], LUMPY["sigma"]), {}
            else:
                by_day, back = draw_daily_sales(
                    draw, product["base"] * share, product["profiles"], first, last,
                    trend_start=first_main, trend_days=HISTORY_DAYS,
                    return_rate=0.03 if product["returns"] else 0.0)
            if case in ("slow", "dead"):
                idle = rng.randint(75, 110) if case == "slow" else rng.randint(200, 240)
                cutoff = today - timedelta(days=idle)
                by_day = {day: qty for day, qty in by_day.items() if day < cutoff}
                by_day[cutoff] = max(by_day.get(cutoff, 0), 1)
                back = {day: qty for day, qty in back.items() if day < cutoff}
            elif case == "stockout":
                # nothing on the shelf, nothing sold; its last unit went the day before
                by_day = {day: qty for day, qty in by_day.items()
                          if not gap_start <= day < gap_end}
                by_day[gap_start - timedelta(days=1)] = max(
                    by_day.get(gap_start - timedelta(days=1), 0), 1)
                back = {day: qty for day, qty in back.items()
                        if not gap_start <= day < gap_end}
            if case not in ("slow", "dead") and \
                    not any(day > last - timedelta(days=20) for day in by_day):
                # every living product sold something lately
                by_day[last - timedelta(days=draw.randint(1, 15))] = 1
            sales[key], returns[key] = by_day, back
            streams.append((product, wh_key, first))

    # ---- 2. purchase opportunities: one per vendor, warehouse and review date
    opportunities = defaultdict(list)  # (vendor, wh) -> [(ordered, arrived)]
    for vendor_key, vendor in VENDORS.items():
        for wh_key, first in (("main", first_main), ("st2", first_st2)):
            day = first - timedelta(days=vendor["actual"][1] + 2)
            while True:
                lead = lead_time(rng, vendor["actual"], vendor["delay"])
                ordered = at(day, 9, rng.randint(0, 59))
                arrived = at(day + timedelta(days=lead), 10, rng.randint(0, 240))
                if arrived.date() > last:
                    break
                opportunities[vendor_key, wh_key].append((ordered, arrived))
                recent = day >= lookback_start - timedelta(days=30)
                day += timedelta(days=vendor["cycle"] if recent else vendor["old_cycle"])

    # ---- 3. order quantities: enough to never run out, per product
    orders = {}  # (vendor, wh, ordered) -> {"arrived": dt, "lines": {code: qty}}
    market = {}  # cash purchases of the product without vendor: {key: {day: qty}}
    plans = {}
    for product, wh_key, first in streams:
        key = (product["code"], wh_key)
        stream = _Stream(first, last, sales[key], returns[key])
        case = product["case"] if wh_key == "main" else "balanced"
        if product["vendor"]:
            slots = opportunities[product["vendor"], wh_key]
            if "winter" in product["profiles"] and case != "balanced":
                # winter clothes are bought in autumn only
                slots = [slot for slot in slots if slot[0].month in (8, 9, 10)
                         or slot[0].date() < first]
            if case in ("slow", "dead"):
                cutoff = max(sales[key])
                slots = [slot for slot in slots if slot[1].date() < cutoff]
        else:  # bought at the wholesale market every few days, no vendor on record
            slots, day = [], first - timedelta(days=2)
            while day < last:
                slots.append((at(day, 6), at(day, 7)))
                day += timedelta(days=rng.choice((3, 4)))
        cover_cycles = 1 if product["base"] * (product["st2"] if wh_key == "st2" else 1) > 8 \
            else 2
        days_total = max((last - first).days, 1)
        buffer = math.ceil(stream.sold_until(last) / days_total * 3)
        quantities, received = [], 0.0
        for index, (_ordered, arrived) in enumerate(slots):
            available = arrived.date() + timedelta(days=1)
            following = slots[index + 1][1].date() if index + 1 < len(slots) else last
            if received - stream.sold_until(following) >= buffer:
                quantities.append(0.0)
                continue
            until = slots[index + cover_cycles][1].date() if index + cover_cycles < len(slots) \
                else last
            qty = stream.sold_until(until) + buffer - received
            pack = product["pack"]
            qty = max(math.ceil(qty / pack) * pack, product["min_qty"], 0)
            if available > last:
                qty = 0.0
            quantities.append(float(qty))
            received += qty
        plans[key] = {"product": product, "wh": wh_key, "case": case, "stream": stream,
                      "slots": slots, "qty": quantities}
        if case == "stockout":
            _vendor_out(plans[key], gap_start, gap_end)

    # ---- 4. final stock: steer every product to its intended state
    for key, plan in plans.items():
        _steer(plan, key, plans, settings, today, lookback_start, rng)

    # ---- 5. collect
    for key, plan in plans.items():
        product = plan["product"]
        for (ordered, arrived), qty in zip(plan["slots"], plan["qty"], strict=True):
            if qty <= 0:
                continue
            if product["vendor"]:
                order = orders.setdefault((product["vendor"], key[1], ordered),
                                          {"arrived": arrived, "lines": {}})
                order["lines"][product["code"]] = qty
            else:
                market.setdefault(key, {})[arrived] = qty
    return {
        "sales": {key: {at(day, 12, rng.randint(0, 180)): qty for day, qty in by_day.items()}
                  for key, by_day in sales.items()},
        "returns": {key: {at(day, 16, rng.randint(0, 60)): qty for day, qty in by_day.items()}
                    for key, by_day in returns.items() if by_day},
        "market": market,
        "orders": [dict(vendor=vendor, wh=wh_key, ordered=ordered, **order)
                   for (vendor, wh_key, ordered), order in sorted(
                       orders.items(), key=lambda item: (item[0][2], item[0][:2]))],
        "plans": plans,
    }


def _lead_times(code, plans, lookback_start):
    """Observed lead times (days) of the product's receipts in the look-back window."""
    result = []
    for wh_key in ("main", "st2"):
        plan = plans.get((code, wh_key))
        if not plan or not plan["product"]["vendor"]:
            continue
        for (ordered, arrived), qty in zip(plan["slots"], plan["qty"], strict=True):
            if qty > 0 and arrived.date() >= lookback_start:
                result.append((arrived - ordered).total_seconds() / 86400.0)
    return result


def _expected_states(qty, est, idle_days, settings):
    """The balance states the engine can give (lowest and highest service level)."""
    states = set()
    for safety, reorder in ((est["ss_lo"], est["rop_lo"]),
                            (math.ceil(est["ss_hi"]), est["rop_hi"])):
        if qty > 0 and idle_days is not None and idle_days >= settings["dead_days"]:
            states.add("dead")
        elif qty > 0 and idle_days is not None and idle_days >= settings["slow_days"]:
            states.add("slow")
        elif qty < safety:
            states.add("shortage")
        elif qty < reorder:
            states.add("reorder")
        elif est["mean"] > 0 and qty / est["mean"] > settings["overstock_days"]:
            states.add("overstock")
        else:
            states.add("balanced")
    return states


def _steer(plan, key, plans, settings, today, lookback_start, rng):
    """Adjust the last orders so the stock on hand today matches the intended state."""
    product, stream, case = plan["product"], plan["stream"], plan["case"]
    history = settings["history_days"]
    window = [today - timedelta(days=offset) for offset in range(history, 0, -1)]
    daily = [stream.sales.get(day, 0) - stream.returns.get(day, 0) for day in window]
    since = max(stream.first, today - timedelta(days=730))
    history = [stream.sales.get(day, 0) - stream.returns.get(day, 0)
               for day in (since + timedelta(days=i) for i in range((today - since).days))]
    events = settings["events"].get(product["categ"], ())
    promised = VENDORS[product["vendor"]]["delay"] if product["vendor"] else 0
    idle_days = (today - max(stream.sales)).days if stream.sales else None
    wanted = {"balanced"} if case in ("no_vendor", *OWN_DRAW_CASES) else {case}
    for _attempt in range(5):
        masks = _in_stock_masks(plan, window, since, today)
        est = _estimate(daily, _lead_times(product["code"], plans, lookback_start), promised,
                        settings, history, events, *masks)
        mean = est["mean"]
        if case == "shortage":
            target = math.floor(est["ss_lo"] * 0.3)
        elif case == "reorder":
            target = math.ceil((math.ceil(est["ss_hi"]) + est["rop_lo"]) / 2)
        elif case == "overstock":
            target = max(math.ceil(mean * rng.uniform(220, 320)), math.ceil(est["rop_hi"]) + 1)
        elif case == "slow":
            target = rng.randint(40, 55)
        elif case == "dead":
            target = rng.randint(25, 35)
        else:
            target = math.ceil(est["rop_hi"] + mean * rng.uniform(8, 25)) + 1
            limit = math.floor(mean * settings["overstock_days"] * 0.9)
            if target > limit:
                # a winter article in summer: within the cover limit if it can be
                target = max(math.ceil(est["rop_hi"]), limit)
                if limit < est["rop_hi"]:
                    wanted = {"balanced", "overstock"}
        plan["target"], plan["estimate"] = target, est
        _set_final_stock(plan, target)
        masks = _in_stock_masks(plan, window, since, today)
        est = _estimate(daily, _lead_times(product["code"], plans, lookback_start), promised,
                        settings, history, events, *masks)
        if _expected_states(target, est, idle_days, settings) <= wanted:
            return
    _logger.warning("jxc demo: %s/%s missed its intended state %s", *key, case)


def _in_stock_masks(plan, window, since, today):
    """(in_stock of the window, in_stock of the history from ``since``) as the engine will
    read them from the planned stock; (None, None) when every day began with stock."""
    stream = plan["stream"]
    began = stream.began_with_stock(_receipts(plan["slots"], plan["qty"]))

    def mask(days):
        return [began[stream.index(day)] if day >= stream.first else True for day in days]

    history = mask(since + timedelta(days=index) for index in range((today - since).days))
    if all(history):
        return None, None
    return mask(window), history


def _vendor_out(plan, start, end):
    """The vendor could not deliver from ``start`` to ``end`` (excluded): the shelf is empty
    from ``start`` on, the deliveries due meanwhile come with one restock, ordered as soon as
    the vendor could deliver again and sold from ``end`` on.

    The last receipts before ``start`` are cut to what sold until then (the cut comes with
    the restock too): the stock from ``end`` on is the one planned.
    """
    stream, slots, quantities = plan["stream"], list(plan["slots"]), plan["qty"]
    restock = 0.0
    for index, (_ordered, arrived) in enumerate(slots):
        if start <= arrived.date() + timedelta(days=1) < end:
            restock += quantities[index]
            quantities[index] = 0.0
    eve = stream.index(start - timedelta(days=1))
    levels = stream.stock(_receipts(slots, quantities))
    for index in range(len(slots) - 1, -1, -1):
        left = levels[eve]
        if left <= 0:
            break
        available = stream.index(slots[index][1].date() + timedelta(days=1))
        if available > eve or quantities[index] <= 0:
            continue
        cut = min(left, quantities[index], max(min(levels[max(available, 0):eve + 1]), 0))
        quantities[index] -= cut
        restock += cut
        levels = stream.stock(_receipts(slots, quantities))
    if levels[eve] > 0:
        _logger.warning("jxc demo: %s keeps %s on the shelf into its stockout",
                        plan["product"]["code"], levels[eve])
    delay = VENDORS[plan["product"]["vendor"]]["delay"]
    arrived = at(end - timedelta(days=1), 11)
    position = bisect([slot[1] for slot in slots], arrived)
    slots.insert(position, (at(end - timedelta(days=1 + delay), 15), arrived))
    quantities.insert(position, restock)
    plan["slots"] = slots


def _set_final_stock(plan, target):
    """Add to the last order, or take from the last orders, to end with ``target``."""
    stream, slots, quantities = plan["stream"], plan["slots"], plan["qty"]

    def receipts():
        return _receipts(slots, quantities)

    levels = stream.stock(receipts())
    final = levels[-1]
    if final < target:
        index = len(slots) - 1
        while index > 0 and slots[index][1].date() + timedelta(days=1) > stream.last:
            index -= 1
        quantities[index] += target - final
    excess = final - target
    for index in range(len(slots) - 1, -1, -1):
        if excess <= 0:
            break
        if quantities[index] <= 0:
            continue
        start = stream.index(slots[index][1].date() + timedelta(days=1))
        room = min(levels[max(start, 0):]) if start < stream.days else excess
        cut = min(excess, quantities[index], max(room, 0))
        if cut > 0:
            quantities[index] -= cut
            excess -= cut
            levels = stream.stock(receipts())
