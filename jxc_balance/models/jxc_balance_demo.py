"""Demo data: 小张的超市 (Xiao Zhang's supermarket), two years of real stock history.

The history is planned in plain Python first (``_build_plan``: deterministic, a fixed seed,
dates relative to today), then written as real Odoo records:

* purchases are real purchase orders, confirmed and received through the ORM, then dated
  in the past (order date = approval date, receipt = order date + the actual lead time);
* the ~25 000 daily customer deliveries (and a few returns and cash purchases) are real
  ``stock.move`` / ``stock.move.line`` / ``stock.valuation.layer`` rows: one of each kind per
  product and warehouse is validated through the ORM, the others are copied from it in SQL
  with their own quantity and date, and the quants get the net quantities. Validating 25 000
  moves through the ORM takes about five minutes on a small machine; this takes seconds.

Every product is planned towards an intended balance state (shortage, reorder, balanced,
overstock, slow, dead) by estimating, from the planned history, the parameters the balance
engine will compute (average daily demand over the company's history days, safety stock
and reorder point from the observed or promised lead time).
"""

import logging
import math
import random
import statistics
import time
from collections import defaultdict
from datetime import date, datetime, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.tools import SQL

from .. import balance_math

_logger = logging.getLogger(__name__)

SEED = 20240618
HISTORY_DAYS = 730  # days of history of the main warehouse
ST2_HISTORY_DAYS = 365  # Store 2 opened a year ago
LOOKBACK_DAYS = 365  # receipts observed for the lead time
MIN_RECEIPTS = 3
CODE_PREFIX = "JXC-"

# key: (English name, Chinese name)
CATEGORIES = {
    "drinks": ("Drinks", "饮料"),
    "bakery": ("Bakery & Dairy", "面包乳品"),
    "clothing": ("Clothing", "服装"),
    "stationery": ("Stationery", "文具"),
    "electronics": ("Electronics", "数码"),
    "snacks": ("Snacks", "零食"),
}

# key: name, city, promised delay (days), actual delay range, review cycle in the last year
# and before it (days)
VENDORS = {
    "crb": {"name": "华润饮料 (CR Beverages)", "city": "Shenzhen", "delay": 3,
            "actual": (2, 4), "cycle": 28, "old_cycle": 84},
    "mj": {"name": "美佳食品百货批发 (Meijia Food & Sundries Wholesale)", "city": "Shanghai",
           "delay": 5, "actual": (4, 6), "cycle": 35, "old_cycle": 84},
    # the late one: promises a week, delivers in two
    "bjr": {"name": "北极绒服装 (Beijirong Apparel)", "city": "Harbin", "delay": 7,
            "actual": (12, 16), "cycle": 35, "old_cycle": 84},
}

# Demand profiles (multiplied): summer / summer_mild, weekend / weekend_mild, winter,
# school (开学季), promo (618 and 双十一).
# code, English name, Chinese name, category, vendor (None: no vendor), list price, cost,
# base daily demand (main warehouse), profiles, intended case, pack size (order multiple),
# vendor min_qty, Store 2 share of demand (0: not sold there), customer returns
PRODUCT_ROWS = (
    # ---- drinks
    ("DRK-001", "Mineral Water 550ml", "矿泉水 550ml", "drinks", "crb", 2.0, 0.9,
     45, ("summer", "weekend_mild"), "balanced", 24, 48, 0.3, False),
    ("DRK-002", "Cola 330ml Can", "可乐 330ml 罐装", "drinks", "crb", 3.5, 1.8,
     40, ("summer",), "balanced", 24, 24, 0.3, False),
    ("DRK-003", "Iced Black Tea 500ml", "冰红茶 500ml", "drinks", "crb", 3.5, 1.8,
     10, ("summer",), "balanced", 24, 24, 0.25, False),
    ("DRK-004", "Green Tea 500ml", "绿茶 500ml", "drinks", "crb", 3.5, 1.8,
     12, ("summer",), "reorder", 24, 24, 0, False),
    ("DRK-005", "Beer 500ml x 12 Cans", "啤酒 500ml×12罐", "drinks", "crb", 69.0, 40.0,
     3.5, ("summer_mild", "weekend_mild"), "balanced", 1, 5, 0, False),
    ("DRK-006", "Sports Drink 600ml", "运动饮料 600ml", "drinks", "crb", 5.0, 2.6,
     2, ("summer",), "balanced", 12, 0, 0, False),
    ("DRK-007", "Orange Juice 1L", "橙汁 1L", "drinks", "crb", 13.0, 7.5,
     0.8, ("summer_mild",), "balanced", 6, 0, 0, False),
    ("DRK-008", "Sparkling Water 330ml", "苏打水 330ml", "drinks", "crb", 4.5, 2.2,
     2, ("summer",), "balanced", 24, 0, 0, False),
    # ---- bakery & dairy
    ("BKD-001", "Fresh Milk 950ml", "鲜牛奶 950ml", "bakery", "crb", 14.0, 9.5,
     28, ("weekend",), "balanced", 12, 12, 0.3, False),
    ("BKD-002", "Yogurt 200g", "酸奶 200g", "bakery", "crb", 6.0, 3.6,
     8, ("weekend",), "balanced", 12, 0, 0, False),
    ("BKD-003", "White Toast Bread", "白吐司面包", "bakery", "mj", 9.0, 5.2,
     22, ("weekend",), "balanced", 10, 0, 0.3, False),
    ("BKD-004", "Croissants 4-pack", "牛角包 4个装", "bakery", "mj", 12.8, 6.8,
     1, ("weekend",), "balanced", 6, 0, 0, False),
    ("BKD-005", "Whole Wheat Bread", "全麦面包", "bakery", "mj", 11.0, 6.0,
     1, ("weekend",), "balanced", 6, 0, 0, False),
    ("BKD-006", "Fresh Eggs 10-pack", "鲜鸡蛋 10枚装", "bakery", None, 15.0, 10.5,
     19, ("weekend_mild",), "no_vendor", 1, 0, 0, False),
    # ---- clothing (the late vendor)
    ("CLO-001", "Long Down Jacket", "长款羽绒服", "clothing", "bjr", 599.0, 320.0,
     0.1, ("winter",), "overstock", 1, 10, 0, True),
    ("CLO-002", "Padded Vest", "棉马甲", "clothing", "bjr", 159.0, 78.0,
     0.15, ("winter",), "overstock", 1, 10, 0, True),
    ("CLO-003", "Short Down Jacket", "短款羽绒服", "clothing", "bjr", 399.0, 210.0,
     0.12, ("winter",), "slow", 1, 10, 0, False),
    ("CLO-004", "Wool Coat", "羊毛大衣", "clothing", "bjr", 699.0, 380.0,
     0.08, ("winter",), "dead", 1, 5, 0, False),
    ("CLO-005", "Thermal Underwear Set", "保暖内衣套装", "clothing", "bjr", 129.0, 58.0,
     0.5, ("winter",), "balanced", 1, 0, 0, True),
    ("CLO-006", "Cotton Socks 5 Pairs", "棉袜 5双装", "clothing", "bjr", 29.0, 12.0,
     1.5, ("weekend_mild",), "balanced", 5, 0, 0, False),
    ("CLO-007", "Basic Cotton T-shirt", "纯棉基础款T恤", "clothing", "bjr", 49.0, 21.0,
     0.7, ("summer_mild",), "balanced", 5, 0, 0, True),
    ("CLO-008", "Knitted Scarf", "针织围巾", "clothing", "bjr", 69.0, 29.0,
     0.2, ("winter",), "balanced", 1, 0, 0, False),
    # ---- stationery (开学季)
    ("STA-001", "A5 Notebook 5-pack", "A5 笔记本 5本装", "stationery", "mj", 15.0, 6.2,
     1, ("school",), "balanced", 10, 0, 0, False),
    ("STA-002", "Gel Pens 10-pack", "中性笔 10支装", "stationery", "mj", 12.0, 4.8,
     1, ("school",), "balanced", 10, 0, 0, False),
    ("STA-003", "School Backpack", "学生书包", "stationery", "mj", 139.0, 68.0,
     0.08, ("school", "school"), "balanced", 1, 0, 0, True),
    ("STA-004", "Pencil Case", "笔袋", "stationery", "mj", 19.0, 7.5,
     0.5, ("school",), "balanced", 5, 0, 0, False),
    ("STA-005", "Exercise Books 10-pack", "作业本 10本装", "stationery", "mj", 9.0, 3.6,
     1.2, ("school",), "balanced", 10, 0, 0, False),
    # ---- electronics (618, 双十一)
    ("ELE-001", "20W USB-C Charger", "20W USB-C 快充充电器", "electronics", "mj", 59.0, 27.0,
     0.25, ("promo",), "balanced", 5, 0, 0, True),
    ("ELE-002", "USB-C Cable 1m", "USB-C 数据线 1米", "electronics", "mj", 19.0, 6.5,
     1, ("promo",), "balanced", 10, 0, 0, True),
    ("ELE-003", "Power Bank 10000mAh", "充电宝 10000mAh", "electronics", "mj", 99.0, 52.0,
     0.12, ("promo",), "balanced", 5, 0, 0, True),
    ("ELE-004", "Wireless Earbuds", "无线蓝牙耳机", "electronics", "mj", 199.0, 105.0,
     0.06, ("promo",), "balanced", 2, 0, 0, True),
    ("ELE-005", "AA Batteries 4-pack", "5号电池 4节装", "electronics", "mj", 12.0, 5.5,
     1, (), "balanced", 10, 0, 0.3, False),
    # ---- snacks
    ("SNK-001", "Instant Noodles 5-pack", "方便面 5连包", "snacks", "mj", 15.0, 10.5,
     45, ("weekend_mild",), "shortage", 12, 24, 0.3, False),
    ("SNK-002", "Potato Chips 70g", "薯片 70g", "snacks", "mj", 8.0, 4.3,
     10, ("weekend_mild",), "reorder", 12, 0, 0.25, False),
    ("SNK-003", "Snack Gift Box", "零食大礼包", "snacks", "mj", 88.0, 52.0,
     0.12, ("promo",), "balanced", 2, 0, 0, True),
    ("SNK-004", "Mixed Nuts Gift Box", "每日坚果礼盒", "snacks", "mj", 128.0, 76.0,
     0.08, ("promo",), "balanced", 2, 0, 0, True),
    ("SNK-005", "Chocolate Bar 80g", "巧克力 80g", "snacks", "mj", 10.0, 5.2,
     1, (), "balanced", 12, 0, 0.3, False),
    ("SNK-006", "Sunflower Seeds 200g", "香瓜子 200g", "snacks", "mj", 9.0, 4.6,
     1.2, ("weekend_mild",), "balanced", 10, 0, 0, False),
    ("SNK-007", "Spicy Gluten Strips", "辣条", "snacks", "mj", 5.0, 2.1,
     2.5, (), "balanced", 20, 0, 0, False),
    ("SNK-008", "Butter Cookies 400g", "黄油曲奇 400g", "snacks", "mj", 26.0, 14.0,
     0.3, ("promo",), "balanced", 6, 0, 0, False),
)
PRODUCT_FIELDS = ("code", "name", "zh", "categ", "vendor", "list_price", "cost", "base",
                  "profiles", "case", "pack", "min_qty", "st2", "returns")
PRODUCTS = [dict(zip(PRODUCT_FIELDS, row, strict=True)) for row in PRODUCT_ROWS]

SUMMER = {1: 0.75, 2: 0.8, 3: 0.9, 4: 1.05, 5: 1.4, 6: 2.5, 7: 3.0, 8: 2.7, 9: 1.5,
          10: 1.05, 11: 0.85, 12: 0.75}
WINTER = {1: 2.6, 2: 1.8, 3: 0.9, 4: 0.35, 5: 0.15, 6: 0.1, 7: 0.1, 8: 0.2, 9: 0.5,
          10: 1.2, 11: 2.2, 12: 2.8}


# ---------------------------------------------------------------- demand profiles
def _monthly(table, day):
    """``table`` (one value per month, at mid-month) interpolated for ``day``."""
    offset = (day.day - 15) / 30.0
    month = day.month
    if offset >= 0:
        return table[month] + (table[month % 12 + 1] - table[month]) * offset
    previous = table[(month - 2) % 12 + 1]
    return previous + (table[month] - previous) * (1 + offset)


def _school(day):
    """开学季: the 3 weeks before term (1 March, 1 September) and its first days."""
    factor = 1.0
    for term in (date(day.year, 3, 1), date(day.year, 9, 1)):
        before = (term - day).days
        if 0 <= before <= 21:
            factor = max(factor, 1 + 3.0 * (1 - before / 25.0))
        elif -5 <= before < 0:
            factor = max(factor, 2.0)
    if day.month in (7, 8) and factor == 1.0:  # summer holidays
        factor = 0.6
    return factor


def _promo(day):
    """618 and 双十一 (11 November) online shopping festivals."""
    peaks = {(6, 18): 6.0, (6, 17): 3.0, (6, 16): 2.5, (11, 11): 8.0, (11, 10): 3.5,
             (11, 12): 2.0}
    if (day.month, day.day) in peaks:
        return peaks[day.month, day.day]
    if (day.month == 6 and day.day < 16) or (day.month == 11 and day.day < 10):
        return 1.4
    return 1.0


def _demand_factor(profiles, day):
    factor = 1.0
    for profile in profiles:
        if profile == "summer":
            factor *= _monthly(SUMMER, day)
        elif profile == "summer_mild":
            factor *= 1 + (_monthly(SUMMER, day) - 1) * 0.6
        elif profile == "winter":
            factor *= _monthly(WINTER, day)
        elif profile == "weekend":
            factor *= 1.8 if day.weekday() >= 5 else 1.0
        elif profile == "weekend_mild":
            factor *= 1.2 if day.weekday() >= 5 else 0.95
        elif profile == "school":
            factor *= _school(day)
        elif profile == "promo":
            factor *= _promo(day)
    return factor


def _poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, prod = math.exp(-lam), 0, rng.random()
    while prod > limit:
        k += 1
        prod *= rng.random()
    return k


# A promotion of the demo shop a few days from now, whatever the install date: the
# snacks' reorder drafts pre-build for it (days from today, inclusive).
DEMO_EVENT = {"name": ("Store Anniversary Sale", "店庆促销"), "categ": "snacks",
              "start": 3, "stop": 16, "uplift": 1.5}
# the presets the demo confirms, and for which categories
DEMO_PRESETS = ("event_preset_618", "event_preset_double11")
DEMO_PRESET_CATEGORIES = ("drinks", "electronics", "snacks")


# ------------------------------------------------------------ engine estimate
def _estimate(daily, lead_times, promised, settings, history=None, events=()):
    """What the balance engine will compute: mean, SS and ROP at the lowest and highest
    service level (the ABC class is company-wide, so both bounds are kept), with the
    engine's own forecast (season, backtest, events)."""
    results = [balance_math.forecast_parameters(
        daily=[max(qty, 0.0) for qty in daily],
        history=[max(qty, 0.0) for qty in history] if history is not None else None,
        events=list(events),
        observed_lead_times=lead_times, promised_lead_time=float(promised),
        days_to_purchase=settings["days_to_purchase"], service_level=level,
        cover_days=settings["cover_days"], rounding=0.01,
    ) for level in (settings["level_lo"], settings["level_hi"])]
    low, high = results
    return {"mean": low["avg_daily_demand"], "lead": low["lead_time_days"],
            "ss_lo": low["safety_stock"], "ss_hi": high["safety_stock"],
            "rop_lo": low["reorder_point"], "rop_hi": high["reorder_point"]}


# ---------------------------------------------------------------------- plan
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


def _build_plan(today, settings):
    """The whole history as plain data; deterministic for a given ``today``."""
    rng = random.Random(SEED)
    last = today - timedelta(days=1)
    first_main = today - timedelta(days=HISTORY_DAYS)
    first_st2 = today - timedelta(days=ST2_HISTORY_DAYS)
    lookback_start = today - timedelta(days=LOOKBACK_DAYS)

    def at(day, hour, minutes=0):
        return datetime(day.year, day.month, day.day, hour) + timedelta(minutes=minutes)

    # ---- 1. demand: one sale figure per product, warehouse and day
    sales, returns = {}, {}
    streams = []  # (product, warehouse key, first day)
    for product in PRODUCTS:
        for wh_key, share, first in (("main", 1.0, first_main),
                                     ("st2", product["st2"], first_st2)):
            if not share:
                continue
            key = (product["code"], wh_key)
            by_day, back = {}, {}
            for index in range((last - first).days + 1):
                day = first + timedelta(days=index)
                trend = 0.92 + 0.16 * (day - first_main).days / HISTORY_DAYS
                lam = (product["base"] * share * trend * _demand_factor(product["profiles"], day)
                       * math.exp(rng.gauss(0, 0.18)))
                qty = _poisson(rng, lam)
                if qty:
                    by_day[day] = qty
                    if product["returns"] and rng.random() < 0.03:
                        when = day + timedelta(days=rng.randint(1, 7))
                        if when <= last:
                            back[when] = back.get(when, 0) + 1
            case = product["case"] if wh_key == "main" else "balanced"
            if case in ("slow", "dead"):
                idle = rng.randint(75, 110) if case == "slow" else rng.randint(200, 240)
                cutoff = today - timedelta(days=idle)
                by_day = {day: qty for day, qty in by_day.items() if day < cutoff}
                by_day[cutoff] = max(by_day.get(cutoff, 0), 1)
                back = {day: qty for day, qty in back.items() if day < cutoff}
            elif not any(day > last - timedelta(days=20) for day in by_day):
                # every living product sold something lately
                by_day[last - timedelta(days=rng.randint(1, 15))] = 1
            sales[key], returns[key] = by_day, back
            streams.append((product, wh_key, first))

    # ---- 2. purchase opportunities: one per vendor, warehouse and review date
    opportunities = defaultdict(list)  # (vendor, wh) -> [(ordered, arrived)]
    for vendor_key, vendor in VENDORS.items():
        for wh_key, first in (("main", first_main), ("st2", first_st2)):
            day = first - timedelta(days=vendor["actual"][1] + 2)
            while True:
                lead = rng.randint(*vendor["actual"])
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
    wanted = {"balanced"} if case == "no_vendor" else {case}
    for _attempt in range(5):
        est = _estimate(daily, _lead_times(product["code"], plans, lookback_start), promised,
                        settings, history, events)
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
        est = _estimate(daily, _lead_times(product["code"], plans, lookback_start), promised,
                        settings, history, events)
        if _expected_states(target, est, idle_days, settings) <= wanted:
            return
    _logger.warning("jxc demo: %s/%s missed its intended state %s", *key, case)


def _set_final_stock(plan, target):
    """Add to the last order, or take from the last orders, to end with ``target``."""
    stream, slots, quantities = plan["stream"], plan["slots"], plan["qty"]

    def receipts():
        result = defaultdict(float)
        for (_ordered, arrived), qty in zip(slots, quantities, strict=True):
            result[arrived.date() + timedelta(days=1)] += qty
        return result

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


# ------------------------------------------------------------------- the model
class JxcBalanceDemo(models.AbstractModel):
    _name = "jxc.balance.demo"
    _description = "Stock Balance Demo Data"

    @api.model
    def _demo_user_languages(self, user_ids):
        """The shop's people read Chinese when it is loaded (``--load-language=zh_CN``)."""
        if self.env["res.lang"]._lang_get("zh_CN"):
            self.env["res.users"].browse(user_ids).write({"lang": "zh_CN"})
        return True

    @api.model
    def _generate_demo_data(self):
        """Builds Xiao Zhang's supermarket: 40 products, 3 vendors, 2 years of history."""
        started = time.time()
        if self.env["product.product"].with_context(active_test=False).search_count(
                [("default_code", "=like", CODE_PREFIX + "%")], limit=1):
            _logger.info("jxc demo: demo products already exist, nothing to do")
            return True
        company = self.env.ref("base.main_company", raise_if_not_found=False) \
            or self.env.company
        demo = self.with_company(company).with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True,
            mail_create_nosubscribe=True, lang="en_US")
        today = fields.Date.context_today(demo)
        tz = pytz.timezone(demo.env.context.get("tz") or demo.env.user.tz or "UTC")
        plan = _build_plan(today, demo._demo_settings(company))

        categories = demo._demo_categories()
        vendors = demo._demo_vendors()
        products = demo._demo_products(company, categories, vendors)
        warehouses = demo._demo_warehouses(company)

        def utc(local):
            return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

        timings = [time.time()]
        order_count = demo._demo_purchases(plan, products, vendors, warehouses, utc)
        timings.append(time.time())
        move_count = demo._demo_moves(plan, products, warehouses, utc)
        demo.env.invalidate_all()
        timings.append(time.time())

        demo._demo_events(company, categories, today)
        count_count = demo._demo_counts(products, warehouses, utc, today)

        # what the nightly crons would do: balance, reorder drafts for the buyers, alerts,
        # next count dates
        lines = self.env["jxc.balance.line"].with_company(company)
        lines.action_recompute()
        lines.action_generate_reorder_drafts()
        self.env["jxc.balance.alert"].with_company(company).action_scan()
        self.env["jxc.balance.count"]._schedule_company(company)
        self.env.flush_all()
        timings.append(time.time())
        _logger.info("jxc demo: %s applied counts", count_count)
        _logger.info(
            "jxc demo: %s products, %s purchase orders, %s stock moves in %.1f s "
            "(plan and master data %.1f s, purchases %.1f s, moves %.1f s, recompute %.1f s)",
            len(products), order_count, move_count, timings[-1] - started,
            timings[0] - started, *(b - a for a, b in zip(timings, timings[1:], strict=False)))
        return True

    @api.model
    def _demo_counts(self, products, warehouses, utc, today):
        """Physical counts applied through Odoo's own quant API, oldest first, then dated:
        the mineral water came up short twice in a row (count drift), the rest were on
        the mark or within the tolerance."""
        counts = [  # (code, warehouse, days ago, difference)
            ("STA-002", "main", 75, 0),
            ("DRK-001", "main", 45, -60),
            ("BKD-001", "main", 30, 0),
            ("SNK-005", "main", 20, 0),
            ("DRK-002", "st2", 16, 0),
            ("DRK-001", "main", 12, -45),
            ("ELE-005", "main", 8, -1),
            ("SNK-007", "main", 5, 0),
        ]
        Quant = self.env["stock.quant"]
        for code, warehouse, days_ago, difference in counts:
            quant = Quant.search([
                ("product_id", "=", products[code].id),
                ("location_id", "=", warehouses[warehouse].lot_stock_id.id)], limit=1)
            if not quant:
                _logger.warning("jxc demo: no stock of %s to count in %s", code, warehouse)
                continue
            quant.inventory_quantity = quant.quantity + difference
            quant.action_apply_inventory()
            move = self.env["stock.move"].search([
                ("product_id", "=", products[code].id), ("is_inventory", "=", True)],
                order="id desc", limit=1)
            when = utc(datetime.combine(today - timedelta(days=days_ago), datetime.min.time())
                       .replace(hour=20))
            move.write({"date": when})
            move.move_line_ids.write({"date": when})
        return len(counts)

    # ------------------------------------------------------------- settings
    @api.model
    def _demo_settings(self, company):
        """The engine settings the plan steers by (defaults when a field is missing)."""
        levels = [getattr(company, name, default) or default for name, default in (
            ("jxc_service_level_a", 0.98), ("jxc_service_level_b", 0.95),
            ("jxc_service_level_c", 0.90))]
        normal = statistics.NormalDist()
        return {
            "history_days": getattr(company, "jxc_history_days", 90) or 90,
            "overstock_days": getattr(company, "jxc_overstock_days", 120) or 120,
            "slow_days": getattr(company, "jxc_slow_days", 60) or 60,
            "dead_days": getattr(company, "jxc_dead_days", 180) or 180,
            "days_to_purchase": company.days_to_purchase or 0.0,
            "z_lo": normal.inv_cdf(min(levels)),
            "z_hi": normal.inv_cdf(max(levels)),
            "level_lo": min(levels),
            "level_hi": max(levels),
            "cover_days": getattr(company, "jxc_cover_days", 30) or 30,
            "events": self._demo_planned_events(company),
        }

    # ------------------------------------------------------------------ events
    @api.model
    def _demo_planned_events(self, company):
        """{category key: [event dicts]} of the events ``_demo_events`` confirms."""
        today = fields.Date.context_today(self)
        planned = {key: [] for key in CATEGORIES}
        planned[DEMO_EVENT["categ"]].append({
            "id": "demo", "start": DEMO_EVENT["start"], "stop": DEMO_EVENT["stop"],
            "uplift": DEMO_EVENT["uplift"], "extension": 0})
        for xmlid in DEMO_PRESETS:
            preset = self.env.ref(f"jxc_balance.{xmlid}", raise_if_not_found=False)
            if not preset or preset.company_id != company:
                continue
            for key in DEMO_PRESET_CATEGORIES:
                planned[key].append({
                    "id": xmlid, "start": (preset.date_start - today).days,
                    "stop": (preset.date_stop - today).days, "uplift": preset.uplift,
                    "extension": preset.lead_time_extension})
        return planned

    @api.model
    def _demo_events(self, company, categories, today):
        """Confirm the 618 and 双十一 presets (fixed days) for the drinks, electronics and
        snacks; add the shop's own promotion a few days ahead, on the snacks."""
        presets = self.env["jxc.balance.event"]
        for xmlid in DEMO_PRESETS:
            presets |= self.env.ref(f"jxc_balance.{xmlid}", raise_if_not_found=False) or presets
        presets.filtered(lambda event: event.company_id == company).write({
            "dates_confirmed": True,
            "categ_ids": [Command.set([categories[key].id
                                      for key in DEMO_PRESET_CATEGORIES])],
        })
        event = self.env["jxc.balance.event"].create({
            "name": DEMO_EVENT["name"][0],
            "event_type": "promotion",
            "date_start": today + timedelta(days=DEMO_EVENT["start"]),
            "date_stop": today + timedelta(days=DEMO_EVENT["stop"]),
            "dates_confirmed": True,
            "uplift": DEMO_EVENT["uplift"],
            "categ_ids": [Command.set([categories[DEMO_EVENT["categ"]].id])],
            "company_id": company.id,
        })
        self._demo_xmlids({"demo_event_anniversary": event})
        self._demo_translate([(event, DEMO_EVENT["name"][1])])

    # ------------------------------------------------------------ master data
    @api.model
    def _demo_xmlids(self, records_by_name):
        self.env["ir.model.data"]._update_xmlids([
            {"xml_id": f"jxc_balance.{name}", "record": record, "noupdate": True}
            for name, record in records_by_name.items()
        ])

    @api.model
    def _demo_translate(self, records_and_names, field_name="name"):
        """Chinese names, when Chinese is installed."""
        if not self.env["res.lang"]._lang_get("zh_CN"):
            return
        for record, name in records_and_names:
            record.with_context(lang="zh_CN")[field_name] = name

    @api.model
    def _demo_categories(self):
        parent = self.env.ref("product.product_category_all", raise_if_not_found=False)
        keys = list(CATEGORIES)
        records = self.env["product.category"].create([{
            "name": f"{CATEGORIES[key][0]} {CATEGORIES[key][1]}",
            "parent_id": parent.id if parent else False,
        } for key in keys])
        # the history is written in SQL: no automated (real-time) valuation entries
        records.write({"property_cost_method": "standard",
                       "property_valuation": "manual_periodic"})
        self._demo_xmlids({f"demo_categ_{key}": record
                           for key, record in zip(keys, records, strict=True)})
        return dict(zip(keys, records, strict=True))

    @api.model
    def _demo_vendors(self):
        keys = list(VENDORS)
        china = self.env.ref("base.cn", raise_if_not_found=False)
        records = self.env["res.partner"].create([{
            "name": VENDORS[key]["name"],
            "is_company": True,
            "city": VENDORS[key]["city"],
            "country_id": china.id if china else False,
            "supplier_rank": 1,
        } for key in keys])
        self._demo_xmlids({f"demo_vendor_{key}": record
                           for key, record in zip(keys, records, strict=True)})
        return dict(zip(keys, records, strict=True))

    @api.model
    def _demo_products(self, company, categories, vendors):
        vals_list = []
        for spec in PRODUCTS:
            vals = {
                "name": spec["name"],
                "default_code": CODE_PREFIX + spec["code"],
                "type": "consu",
                "is_storable": True,
                "categ_id": categories[spec["categ"]].id,
                "list_price": spec["list_price"],
                "standard_price": spec["cost"],
                "company_id": company.id,
                "sale_ok": True,
                "purchase_ok": True,
            }
            if spec["vendor"]:
                vendor = VENDORS[spec["vendor"]]
                vals["seller_ids"] = [Command.create({
                    "partner_id": vendors[spec["vendor"]].id,
                    "price": spec["cost"],
                    "delay": vendor["delay"],
                    "min_qty": spec["min_qty"],
                    "company_id": company.id,
                })]
            vals_list.append(vals)
        records = self.env["product.product"].create(vals_list)
        by_code = dict(zip((spec["code"] for spec in PRODUCTS), records, strict=True))
        self._demo_translate([(by_code[spec["code"]].product_tmpl_id, spec["zh"])
                              for spec in PRODUCTS])
        self._demo_xmlids({
            "demo_product_" + spec["code"].lower().replace("-", "_"): by_code[spec["code"]]
            for spec in PRODUCTS})
        return by_code

    @api.model
    def _demo_warehouses(self, company):
        Warehouse = self.env["stock.warehouse"]
        main = Warehouse.search([("company_id", "=", company.id)], order="id", limit=1)
        st2 = Warehouse.search([("company_id", "=", company.id), ("code", "=", "ST2")],
                               limit=1)
        if not st2:
            st2 = Warehouse.create({
                "name": "Store 2", "code": "ST2", "company_id": company.id,
                "partner_id": company.partner_id.id,
            })
            self._demo_xmlids({"demo_warehouse_st2": st2})
        return {"main": main, "st2": st2}

    # -------------------------------------------------------------- purchases
    @api.model
    def _demo_purchases(self, plan, products, vendors, warehouses, utc):
        """Real purchase orders: confirmed and received through the ORM, then dated."""
        specs = {spec["code"]: spec for spec in PRODUCTS}
        company = warehouses["main"].company_id
        # every field the line would otherwise deduce with an onchange, one line at a time
        line_defaults = {code: {
            "product_id": product.id,
            "name": product.display_name,
            "product_uom": product.uom_po_id.id,
            "price_unit": specs[code]["cost"],
            "taxes_id": [Command.set(product.supplier_taxes_id.filtered(
                lambda tax: tax.company_id == company).ids)],
        } for code, product in products.items()}
        orders = self.env["purchase.order"].create([{
            "partner_id": vendors[order["vendor"]].id,
            "company_id": company.id,
            "picking_type_id": warehouses[order["wh"]].in_type_id.id,
            "date_order": utc(order["ordered"]),
            "order_line": [Command.create(dict(
                line_defaults[code], product_qty=qty,
                date_planned=utc(order["ordered"]) + timedelta(
                    days=VENDORS[order["vendor"]]["delay"]),
            )) for code, qty in sorted(order["lines"].items())],
        } for order in plan["orders"]])
        orders.button_confirm()
        moves = orders.picking_ids.move_ids
        for move in moves:
            if move.quantity != move.product_uom_qty:
                move.quantity = move.product_uom_qty
        moves.picked = True
        orders.picking_ids._action_done()
        self.env.flush_all()

        ids, ordered, planned, arrived = [], [], [], []
        for order, spec in zip(orders, plan["orders"], strict=True):
            ids.append(order.id)
            ordered.append(utc(spec["ordered"]))
            planned.append(utc(spec["ordered"]) + timedelta(
                days=VENDORS[spec["vendor"]]["delay"]))
            arrived.append(utc(spec["arrived"]))
        cr = self.env.cr
        cr.execute(SQL(
            """
            WITH v AS (SELECT * FROM unnest(%s::int[], %s::timestamp[], %s::timestamp[],
                                            %s::timestamp[]) AS v(id, ordered, planned, arrived))
            UPDATE purchase_order po
               SET date_order = v.ordered, date_approve = v.ordered, date_planned = v.planned,
                   effective_date = v.arrived
              FROM v WHERE po.id = v.id
            """, ids, ordered, planned, arrived))
        cr.execute(SQL(
            """
            UPDATE purchase_order_line pol SET date_planned = po.date_planned
              FROM purchase_order po WHERE po.id = pol.order_id AND po.id = ANY(%s)
            """, ids))
        cr.execute(SQL(
            """
            UPDATE stock_picking p
               SET date = po.date_order, scheduled_date = po.date_planned,
                   date_deadline = po.date_planned, date_done = po.effective_date
              FROM stock_move m
              JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
              JOIN purchase_order po ON po.id = pol.order_id
             WHERE m.picking_id = p.id AND po.id = ANY(%s)
            """, ids))
        cr.execute(SQL(
            """
            UPDATE stock_move m
               SET date = po.effective_date, date_deadline = po.date_planned
              FROM purchase_order_line pol
              JOIN purchase_order po ON po.id = pol.order_id
             WHERE pol.id = m.purchase_line_id AND po.id = ANY(%s)
            """, ids))
        self._demo_date_lines_and_layers(moves.ids)
        return len(orders)

    @api.model
    def _demo_date_lines_and_layers(self, move_ids):
        """Move lines and valuation layers take their move's date."""
        self.env.cr.execute(SQL(
            "UPDATE stock_move_line ml SET date = m.date FROM stock_move m "
            "WHERE m.id = ml.move_id AND m.id = ANY(%s)", move_ids))
        self.env.cr.execute(SQL(
            "UPDATE stock_valuation_layer svl SET create_date = m.date FROM stock_move m "
            "WHERE m.id = svl.stock_move_id AND m.id = ANY(%s)", move_ids))

    # ------------------------------------------------------------------ moves
    @api.model
    def _demo_moves(self, plan, products, warehouses, utc):
        """Sales, customer returns and cash purchases: one ORM template each, SQL copies."""
        customers = self.env.ref("stock.stock_location_customers")
        suppliers = self.env.ref("stock.stock_location_suppliers")
        groups = []  # (product, source, destination, name, [(utc date, qty)])
        for kind, source_of, destination_of, name in (
                ("market", lambda wh: suppliers, lambda wh: wh.lot_stock_id,
                 "Bought at the wholesale market"),
                ("returns", lambda wh: customers, lambda wh: wh.lot_stock_id,
                 "Customer return"),
                ("sales", lambda wh: wh.lot_stock_id, lambda wh: customers, "Shop sales")):
            for (code, wh_key), by_time in sorted(plan[kind].items()):
                if not by_time:
                    continue
                warehouse = warehouses[wh_key]
                groups.append((products[code], source_of(warehouse), destination_of(warehouse),
                               name, sorted((utc(when), qty) for when, qty in by_time.items())))
        Move = self.env["stock.move"]
        templates = Move.create([{
            "name": f"{name}: {product.display_name}",
            "product_id": product.id,
            "product_uom": product.uom_id.id,
            "product_uom_qty": rows[0][1],
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": source.company_id.id or destination.company_id.id,
        } for product, source, destination, name, rows in groups])
        templates._action_confirm(merge=False)
        templates._action_assign()
        for move, group in zip(templates, groups, strict=True):
            if move.quantity != group[4][0][1]:
                move.quantity = group[4][0][1]
        templates.picked = True
        templates._action_done()
        self.env.flush_all()
        for move, group in zip(templates, groups, strict=True):
            move_date = group[4][0][0]
            self.env.cr.execute(SQL("UPDATE stock_move SET date = %s WHERE id = %s",
                                    move_date, move.id))
        self._demo_date_lines_and_layers(templates.ids)
        copies = [(move, when, qty) for move, group in zip(templates, groups, strict=True)
                  for when, qty in group[4][1:]]
        self._demo_copy_moves(copies)
        return len(templates) + len(copies)

    @api.model
    def _demo_columns(self, table):
        self.env.cr.execute(SQL(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s AND column_name <> 'id' "
            "ORDER BY ordinal_position", table))
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _demo_copy_rows(self, table, link, overrides, arrays):
        """INSERT INTO table SELECT a copy of the template row, per row of ``arrays``.

        ``arrays`` maps names of a ``v`` relation (typed SQL arrays, unnested together) to
        values; ``v.template`` is joined to ``t.<link>``; ``overrides`` maps columns to SQL
        expressions over ``t`` and ``v``; every other column is copied from the template.
        """
        columns = self._demo_columns(table)
        if "id" in overrides:
            columns.insert(0, "id")
        names = list(arrays)
        # both sides materialised first: on a fresh database the planner has no statistics
        # and would scan the whole template table once per copy
        self.env.cr.execute(SQL(
            """
            WITH t AS MATERIALIZED (
                    SELECT * FROM %(table)s WHERE %(link)s = ANY(%(templates)s)),
                 v AS MATERIALIZED (SELECT * FROM unnest(%(arrays)s) AS v(%(names)s))
            INSERT INTO %(table)s (%(columns)s)
            SELECT %(values)s FROM v JOIN t ON t.%(link)s = v.template
            """,
            templates=sorted(set(arrays["template"][1])),
            table=SQL.identifier(table),
            columns=SQL(", ").join(SQL.identifier(name) for name in columns),
            values=SQL(", ").join(
                overrides.get(name) or SQL("t.%s", SQL.identifier(name)) for name in columns),
            arrays=SQL(", ").join(SQL("%s::" + arrays[name][0], arrays[name][1])
                                  for name in names),
            names=SQL(", ").join(SQL.identifier(name) for name in names),
            link=SQL.identifier(link),
        ))

    @api.model
    def _demo_copy_moves(self, copies):
        """Copies of done template moves with their own quantity and date, in SQL.

        Each template has exactly one move line and one valuation layer, copied with the
        move; the quants of both locations then take the copies' net quantities.
        """
        if not copies:
            return
        cr = self.env.cr
        template_ids = list({move.id for move, _when, _qty in copies})
        cr.execute(SQL(
            """
            SELECT COUNT(*) FROM stock_move m
             WHERE m.id = ANY(%s) AND m.state = 'done'
               AND (SELECT COUNT(*) FROM stock_move_line WHERE move_id = m.id) = 1
               AND (SELECT COUNT(*) FROM stock_valuation_layer WHERE stock_move_id = m.id) = 1
            """, template_ids))
        if cr.fetchone()[0] != len(template_ids):
            raise ValueError("jxc demo: a template move is not done with one line and layer")
        cr.execute(SQL("SELECT nextval('stock_move_id_seq') FROM generate_series(1, %s)",
                       len(copies)))
        new_ids = [row[0] for row in cr.fetchall()]
        templates = [move.id for move, _when, _qty in copies]
        template_qty = {move.id: move.product_qty for move, _when, _qty in copies}
        arrays = {
            "template": ("int[]", templates),
            "new_id": ("int[]", new_ids),
            "qty": ("numeric[]", [qty for _move, _when, qty in copies]),
            "template_qty": ("numeric[]", [template_qty[move_id] for move_id in templates]),
            "day": ("timestamp[]", [when for _move, when, _qty in copies]),
        }
        self._demo_copy_rows("stock_move", "id", {
            "id": SQL("v.new_id"), "product_uom_qty": SQL("v.qty"), "product_qty": SQL("v.qty"),
            "quantity": SQL("v.qty"), "date": SQL("v.day"),
        }, arrays)
        # fresh statistics, or the foreign key checks of the next copies (and later queries)
        # keep plans made when the table was small: a scan of every move per copied line
        cr.execute(SQL("ANALYZE stock_move"))
        self._demo_copy_rows("stock_move_line", "move_id", {
            "move_id": SQL("v.new_id"), "quantity": SQL("v.qty"),
            "quantity_product_uom": SQL("v.qty"), "date": SQL("v.day"),
        }, arrays)
        self._demo_copy_rows("stock_valuation_layer", "stock_move_id", {
            "stock_move_id": SQL("v.new_id"),
            "quantity": SQL("t.quantity * v.qty / v.template_qty"),
            "value": SQL("ROUND(t.value * v.qty / v.template_qty, 2)"),
            "remaining_qty": SQL("t.remaining_qty * v.qty / v.template_qty"),
            "remaining_value": SQL("ROUND(t.remaining_value * v.qty / v.template_qty, 2)"),
            "create_date": SQL("v.day"), "write_date": SQL("v.day"),
        }, arrays)
        deltas = defaultdict(float)
        for move, _when, qty in copies:
            deltas[move.product_id.id, move.location_id.id] -= qty
            deltas[move.product_id.id, move.location_dest_id.id] += qty
        keys = sorted(deltas)
        cr.execute(SQL(
            """
            UPDATE stock_quant q SET quantity = q.quantity + d.delta
              FROM unnest(%s::int[], %s::int[], %s::numeric[]) AS d(product_id, location_id, delta)
             WHERE q.product_id = d.product_id AND q.location_id = d.location_id
               AND q.lot_id IS NULL AND q.package_id IS NULL AND q.owner_id IS NULL
            """, [k[0] for k in keys], [k[1] for k in keys], [deltas[k] for k in keys]))
        if cr.rowcount != len(keys):
            raise ValueError(f"jxc demo: {cr.rowcount} quants updated for {len(keys)} "
                             "product locations")
        cr.execute(SQL("ANALYZE stock_move_line"))
        cr.execute(SQL("ANALYZE stock_valuation_layer"))
