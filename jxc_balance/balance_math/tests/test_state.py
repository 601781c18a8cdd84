"""balance_state: the six states and their precedence."""

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


@pytest.mark.parametrize(
    "changes",
    [
        {"slow_days": -1},
        {"dead_days": -1},
        {"overstock_days": -1},
        {"days_without_sale": -3},
        {"qty_forecast": float("nan")},
    ],
)
def test_state_rejects_invalid(changes):
    with pytest.raises(ValueError):
        state(**changes)
