"""The two generators built on the shared draws: the benchmark's shop and the demo's plan."""

from collections import Counter
from datetime import date

import balance_math
import pytest
from history.bench import HISTORY, BenchHistory
from history.catalog import PRODUCTS
from history.plan import build_plan

TODAY = date(2025, 3, 1)


def _bench(seed):
    history = BenchHistory(seed, TODAY)
    history.draw_products(300)
    history.draw_flows(5000, 2, [101, 102, 103], list(range(1000, 1020)))
    return history


def test_bench_same_seed_same_shop():
    one, two = _bench(1), _bench(1)
    assert one.products == two.products
    assert dict(one.moves_by_day) == dict(two.moves_by_day)
    assert one.po_lines == two.po_lines and one.quants == two.quants
    assert dict(one.counts) == dict(two.counts)
    assert dict(_bench(2).moves_by_day) != dict(one.moves_by_day)


def test_bench_shop_shape():
    history = _bench(1)
    kinds = Counter(row[1] for rows in history.moves_by_day.values() for row in rows)
    assert kinds["out"] == history.counts["moves_done_delivery"] == 5000
    assert kinds["in"] == history.counts["moves_done_receipt"] > 0
    assert all(-10 <= day <= HISTORY + 1 for day in history.moves_by_day)
    assert all(qty > 0 for _product, _wh, qty, _day in history.quants)
    # a warehouse's deliveries of a product never exceed what came in
    flows = Counter()
    for rows in history.moves_by_day.values():
        for _sec, kind, product, wh, qty, _partner, _pol in rows:
            if kind in ("in", "return", "inventory"):
                flows[product, wh] += qty
            elif kind == "out":
                flows[product, wh] -= qty
    on_hand = {(product, wh): qty for product, wh, qty, _day in history.quants}
    assert all(abs(flows[key] - on_hand.get(key, 0.0)) < 1e-6 for key in flows)


@pytest.fixture(scope="module")
def plan():
    settings = {"history_days": 90, "overstock_days": 120, "slow_days": 60,
                "dead_days": 180, "days_to_purchase": 0.0, "level_lo": 0.90,
                "level_hi": 0.98, "cover_days": 30, "events": {}}
    return build_plan(TODAY, settings, balance_math.forecast_parameters)


def test_demo_plan(plan):
    sold = {code for code, _wh in plan["sales"]}
    assert sold == {product["code"] for product in PRODUCTS}
    assert all(when.date() < TODAY for by_time in plan["sales"].values() for when in by_time)
    orders = plan["orders"]
    assert [order["ordered"] for order in orders] == sorted(order["ordered"] for order in orders)
    assert all(order["arrived"] > order["ordered"] for order in orders)
    # the late clothing vendor: promises 7 days, delivers in 12 to 16
    late = [(order["arrived"] - order["ordered"]).days for order in orders
            if order["vendor"] == "bjr"]
    assert late and min(late) >= 11 and max(late) <= 16
    # the eggs have no vendor: bought at the market every 3 or 4 days
    assert len(plan["market"]["BKD-006", "main"]) > 100
