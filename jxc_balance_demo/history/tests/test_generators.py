"""The two generators built on the shared draws: the benchmark's shop and the demo's plan."""

from collections import Counter
from datetime import date, timedelta

import balance_math
import pytest
from balance_math.intermittent import MIN_FITTED_SIZES, demand_type
from history.bench import HISTORY, BenchHistory
from history.catalog import PRODUCTS, STOCKOUT_DAYS_AGO
from history.plan import _receipts, build_plan

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


def _began_with_stock(plan, code):
    """The in-stock mask of the product's main store, one boolean per day (oldest first)."""
    product_plan = plan["plans"][code, "main"]
    return product_plan["stream"].began_with_stock(
        _receipts(product_plan["slots"], product_plan["qty"]))


def test_stockout_case(plan):
    """The UHT milk's vendor could not deliver from 75 to 45 days ago: 30 empty days, each of
    them a stockout day; before and after, every day began with stock."""
    start, end = (TODAY - timedelta(days=ago) for ago in STOCKOUT_DAYS_AGO)
    milk = plan["plans"]["BKD-007", "main"]
    stream = milk["stream"]
    began = _began_with_stock(plan, "BKD-007")
    empty = [stream.first + timedelta(days=index) for index, stocked in enumerate(began)
             if not stocked]
    assert empty == [start + timedelta(days=index) for index in range(30)]
    assert not any(start <= day < end for day in stream.sales)
    assert stream.sales[start - timedelta(days=1)] > 0  # the last unit went the eve
    # no delivery during the gap; the restock arrived the day before it ended
    arrivals = [arrived.date() for (_ordered, arrived), qty in zip(
        milk["slots"], milk["qty"], strict=True) if qty > 0]
    assert not any(start - timedelta(days=1) <= day < end - timedelta(days=1)
                   for day in arrivals)
    assert end - timedelta(days=1) in arrivals
    restock = [order for order in plan["orders"]
               if order["arrived"].date() == end - timedelta(days=1)
               and "BKD-007" in order["lines"]]
    assert len(restock) == 1 and restock[0]["vendor"] == "crb"


def test_lumpy_case(plan):
    """The copy paper sells on about one day in 21, in uneven sizes: lumpy (ADI >= 1.32,
    CV² >= 0.49) with enough sizes for the fitted compound law."""
    stream = plan["plans"]["STA-006", "main"]["stream"]
    year = [stream.sales.get(TODAY - timedelta(days=offset), 0) for offset in range(365, 0, -1)]
    sizes = [qty for qty in year if qty > 0]
    assert 0.03 <= len(sizes) / 365 <= 0.06
    assert len(sizes) >= MIN_FITTED_SIZES
    assert demand_type(year) == "lumpy"
    assert max(sizes) >= 3 * min(sizes)
    assert all(_began_with_stock(plan, "STA-006"))  # ordered with foresight: never empty


def test_own_draw_cases_ignore_the_install_date():
    """The stockout and lumpy products draw from generators of their own: the same sales,
    days counted back from today, whatever the install date (the seasonal ones differ)."""
    settings = {"history_days": 90, "overstock_days": 120, "slow_days": 60,
                "dead_days": 180, "days_to_purchase": 0.0, "level_lo": 0.90,
                "level_hi": 0.98, "cover_days": 30, "events": {}}
    plans = [build_plan(today, settings, balance_math.forecast_parameters)
             for today in (TODAY, TODAY + timedelta(days=100))]

    def by_offset(one, today, code):
        return {(today - when.date()).days: qty
                for when, qty in one["sales"][code, "main"].items()}

    for code in ("BKD-007", "STA-006"):
        assert by_offset(plans[0], TODAY, code) == \
            by_offset(plans[1], TODAY + timedelta(days=100), code)
    assert by_offset(plans[0], TODAY, "DRK-001") != \
        by_offset(plans[1], TODAY + timedelta(days=100), "DRK-001")
