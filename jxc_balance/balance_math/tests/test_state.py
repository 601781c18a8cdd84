"""balance_state: the seven states and their precedence."""

import pytest
from balance_math import balance_state

# a balanced baseline: stock 50, forecast 50, SS 10, ROP 30, cover 25 days
BASE = {
    "qty_available": 50.0,
    "qty_forecast": 50.0,
    "safety_stock": 10.0,
    "reorder_point": 30.0,
    "days_of_cover": 25.0,
    "days_without_outgoing": 2,
    "days_without_sale": 2,
    "slow_days": 60,
    "dead_days": 180,
    "overstock_days": 90,
}


def state(**changes):
    return balance_state(**{**BASE, **changes})


def test_balanced():
    assert state() == "balanced"
    assert state(days_of_cover=90.0) == "balanced"  # 90 is not > 90
    assert state(qty_forecast=30.0) == "balanced"  # 30 is not < ROP 30


def test_each_state():
    assert state(days_without_outgoing=180) == "dead"  # 180 >= 180
    assert state(days_without_sale=60) == "slow"  # 60 >= 60
    assert state(qty_forecast=9.0) == "shortage"  # 9 < SS 10
    assert state(qty_forecast=29.0) == "reorder"  # 10 <= 29 < ROP 30
    assert state(days_of_cover=91.0) == "overstock"  # 91 > 90


def test_precedence_dead_slow_shortage_reorder_overstock():
    everything = {
        "days_without_outgoing": 200,
        "days_without_sale": 200,
        "qty_forecast": 5.0,
        "days_of_cover": 500.0,
    }
    assert state(**everything) == "dead"
    assert state(**{**everything, "days_without_outgoing": 10}) == "slow"
    assert (
        state(**{**everything, "days_without_outgoing": 10, "days_without_sale": 10}) == "shortage"
    )
    # forecast 20: not < SS 10 but < ROP 30, cover 500 would be overstock
    assert state(qty_forecast=20.0, days_of_cover=500.0) == "reorder"


def test_idle_needs_stock_on_hand():
    # no stock: dead/slow do not apply, forecast 0 < SS 10 -> shortage
    assert (
        state(qty_available=0.0, qty_forecast=0.0, days_without_outgoing=999, days_without_sale=999)
        == "shortage"
    )


def test_none_idle_days_never_count():
    assert state(days_without_outgoing=None, days_without_sale=None) == "balanced"
    assert state(days_of_cover=None) == "balanced"  # no demand: no overstock by cover


def test_no_demand_empty_line():
    # nothing sold in the window, nothing on hand: SS = ROP = 0, no cover
    assert (
        state(
            qty_available=0.0,
            qty_forecast=0.0,
            safety_stock=0.0,
            reorder_point=0.0,
            days_of_cover=None,
            demand_mean=0.0,
        )
        == "no_demand"
    )


def test_no_demand_new_line_without_history():
    # a new product: no move at all, so no idle days either
    assert (
        state(
            qty_available=0.0,
            qty_forecast=0.0,
            safety_stock=0.0,
            reorder_point=0.0,
            days_of_cover=None,
            days_without_outgoing=None,
            days_without_sale=None,
            demand_mean=0.0,
        )
        == "no_demand"
    )
    # received 10 days ago, never sold: too new to be slow (60), still no demand
    assert (
        state(
            qty_forecast=50.0,
            safety_stock=0.0,
            reorder_point=0.0,
            days_of_cover=None,
            days_without_outgoing=None,
            days_without_sale=None,
            days_since_first_receipt=10,
            demand_mean=0.0,
        )
        == "no_demand"
    )


def test_no_demand_yields_to_a_pinned_safety_stock_and_to_open_orders():
    # a pinned safety stock of 10 and nothing in stock is a shortage, demand or not
    assert state(qty_available=0.0, qty_forecast=0.0, days_of_cover=None, demand_mean=0.0) == (
        "shortage"
    )
    # a customer order waiting (forecast -5 < SS 0) is a shortage too
    assert (
        state(
            qty_available=0.0,
            qty_forecast=-5.0,
            safety_stock=0.0,
            reorder_point=0.0,
            days_of_cover=None,
            demand_mean=0.0,
        )
        == "shortage"
    )


def test_demand_is_never_no_demand():
    assert state(demand_mean=0.5) == "balanced"


def test_never_sold_stock_older_than_dead_threshold_is_dead():
    # first receipt 200 days ago, never sold nor moved out: 200 >= dead 180
    never_left = {"days_without_outgoing": None, "days_without_sale": None, "demand_mean": 0.0}
    assert state(**never_left, days_since_first_receipt=200) == "dead"
    assert state(**never_left, days_since_first_receipt=180) == "dead"  # 180 >= 180
    # 100 days: not dead (100 < 180) but slow (100 >= 60)
    assert state(**never_left, days_since_first_receipt=100) == "slow"
    # moved out 20 days ago (a transfer): the last outgoing move counts, not the receipt
    assert (
        state(**{**never_left, "days_without_outgoing": 20}, days_since_first_receipt=200) == "slow"
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"slow_days": -1},
        {"dead_days": -1},
        {"overstock_days": -1},
        {"days_without_sale": -3},
        {"qty_forecast": float("nan")},
        {"days_since_first_receipt": -1},
        {"demand_mean": float("inf")},
    ],
)
def test_state_rejects_invalid(changes):
    with pytest.raises(ValueError):
        state(**changes)
