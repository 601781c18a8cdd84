"""The service a line achieved: stockout days, fill rate and cycle service."""

import random
from datetime import date, timedelta

import pytest
from balance_math import (
    MIN_CYCLES,
    MIN_IN_STOCK_DAYS,
    AchievedService,
    achieved_service,
    daily_series,
    in_stock_mask,
    mask_service,
    service_in_metric,
)

T, F = True, False
END = date(2026, 6, 30)


def test_fill_rate_with_a_stockout_stretch():
    """10 days: 4 a day on the 7 days in stock, 3 days empty.

    lost = 3 days × (28 / 7 = 4 a day) = 12; fill = 28 / (28 + 12) = 0.7.
    """
    sales = [4, 4, 4, 4, 0, 0, 0, 4, 4, 4]
    in_stock = [T, T, T, T, F, F, F, T, T, T]
    result = achieved_service(sales, in_stock, [F] * 10)
    assert result.days == 10
    assert result.stockout_days == 3
    assert result.in_stock_days == 7  # 10 - 3
    assert result.units_sold == 28.0  # 7 × 4
    assert result.lost_demand == pytest.approx(12.0)  # 3 × 28 / 7
    assert result.units_demanded == pytest.approx(40.0)  # 28 + 12
    assert result.fill_rate == pytest.approx(0.7)  # 28 / 40
    assert (result.cycles, result.cycles_met, result.cycle_service) == (0, 0, None)


def test_uneven_sales_estimate_the_lost_demand_at_their_mean():
    """In stock: 2 + 6 + 1 + 3 = 12 over 4 days, mean 3; 2 stockout days lose 2 × 3 = 6.

    fill = 12 / (12 + 6) = 2 / 3.
    """
    result = achieved_service([2, 6, 0, 1, 0, 3], [T, T, F, T, F, T], [F] * 6)
    assert result.lost_demand == pytest.approx(6.0)
    assert result.fill_rate == pytest.approx(2 / 3)


def test_cycles_between_receipts():
    """Receipts on days 1, 4 and 8 of 10 (0-based): cycles 2..4 and 5..8.

    The days before the first receipt (0) and after the last (9) are in no cycle. Day 6
    began empty: the second cycle is missed. Cycle service = 1 met / 2 cycles = 0.5.
    """
    in_stock = [F, T, T, T, T, T, F, T, T, T]
    received = [F, T, F, F, T, F, F, F, T, F]
    result = achieved_service([1] * 10, in_stock, received)
    assert (result.cycles, result.cycles_met) == (2, 1)
    assert result.cycle_service == 0.5  # 1 / 2
    assert result.stockout_days == 2  # days 0 and 6


def test_receipt_day_that_began_empty_belongs_to_the_cycle_it_ends():
    """Receipts on days 0 and 3; day 3 began empty (the receipt came in later that day):
    the cycle 1..3 ran out, the day before the next cycle starts. 0 met / 1 cycle."""
    in_stock = [T, T, T, F, T]
    received = [T, F, F, T, F]
    result = achieved_service([1, 1, 1, 0, 1], in_stock, received)
    assert (result.cycles, result.cycles_met, result.cycle_service) == (1, 0, 0.0)
    # a stockout on the first receipt's own day is before any counted cycle: 1 met / 1
    result = achieved_service([0, 1, 1, 1, 1], [F, T, T, T, T], received)
    assert (result.cycles, result.cycles_met) == (1, 1)


def test_receipts_on_consecutive_days():
    """Receipts on days 0, 1 and 2: two one-day cycles (days 1 and 2), both met."""
    result = achieved_service([1, 1, 1], [T, T, T], [T, T, T])
    assert (result.cycles, result.cycles_met) == (2, 2)
    assert result.cycle_service == 1.0


def test_last_days_only():
    """days=4 keeps the last 4 days: sales 0, 0, 5, 5, two stockout days, one receipt
    inside (day 6) so no cycle; lost = 2 × (10 / 2) = 10, fill = 10 / 20 = 0.5."""
    sales = [5, 5, 5, 5, 0, 0, 5, 5]
    in_stock = [T, T, T, T, F, F, T, T]
    received = [T, F, T, F, F, F, T, F]
    whole = achieved_service(sales, in_stock, received)
    # whole span: receipts 0, 2, 6: cycles 1..2 (met) and 3..6 (days 4, 5 empty)
    assert (whole.cycles, whole.cycles_met) == (2, 1)
    last = achieved_service(sales, in_stock, received, days=4)
    assert last.days == 4
    assert last.stockout_days == 2
    assert last.units_sold == 10.0  # 5 + 5
    assert last.fill_rate == pytest.approx(0.5)  # 10 / (10 + 2 × 5)
    assert last.cycles == 0  # one receipt in the span
    empty = achieved_service(sales, in_stock, received, days=0)
    assert (empty.days, empty.units_sold, empty.cycles) == (0, 0.0, 0)


def test_nothing_demanded():
    """No sale on a day in stock: no demand seen, none missed (1.0). Every day empty:
    nothing served (0.0), and no lost demand can be estimated."""
    quiet = achieved_service([0, 0, 0], [T, F, T], [F, F, F])
    assert (quiet.units_demanded, quiet.fill_rate) == (0.0, 1.0)
    empty = achieved_service([0, 0], [F, F], [F, F])
    assert (empty.stockout_days, empty.lost_demand, empty.fill_rate) == (2, 0.0, 0.0)
    assert achieved_service([], [], []).fill_rate == 0.0


def test_counts_pool_over_lines():
    """A dashboard adds the counts: Σ met / Σ cycles and Σ sold / Σ demanded.

    Line 1: cycles 2 (1 met), sold 28, demanded 40; line 2: cycles 1 (1 met), sold 12,
    demanded 12. Pooled: 2 / 3 cycles, 40 / 52 filled (not the mean of 0.7 and 1).
    """
    one = achieved_service(
        [4, 4, 4, 4, 0, 0, 0, 4, 4, 4],
        [T, T, T, T, F, F, F, T, T, T],
        [T, F, T, F, F, F, F, T, F, F],
    )
    two = achieved_service([3, 3, 3, 3], [T] * 4, [T, F, F, T])
    assert (one.cycles, one.cycles_met, two.cycles, two.cycles_met) == (2, 1, 1, 1)
    met = one.cycles_met + two.cycles_met
    cycles = one.cycles + two.cycles
    assert met / cycles == pytest.approx(2 / 3)
    sold = one.units_sold + two.units_sold
    demanded = one.units_demanded + two.units_demanded
    assert sold / demanded == pytest.approx(40 / 52)  # (28 + 12) / (40 + 12)


def figures(**values):
    base = dict(days=60, stockout_days=0, units_sold=60.0, lost_demand=0.0, cycles=0, cycles_met=0)
    return AchievedService(**{**base, **values})


def test_service_in_the_profile_metric():
    # cycle: 2 of 3 cycles met, MIN_CYCLES = 3 is enough evidence
    assert MIN_CYCLES == 3
    achieved, measured = service_in_metric(figures(cycles=3, cycles_met=2), "cycle")
    assert (achieved, measured) == (pytest.approx(2 / 3), True)
    # 1 of 2 cycles: a figure, but too few cycles to judge it
    assert service_in_metric(figures(cycles=2, cycles_met=1), "cycle") == (0.5, False)
    assert service_in_metric(figures(), "cycle") == (0.0, False)
    # fill rate: 60 sold, 20 lost over 20 stockout days: 60 / 80 = 0.75, 40 days in stock
    assert MIN_IN_STOCK_DAYS == 30
    filled = figures(stockout_days=20, lost_demand=20.0)
    assert service_in_metric(filled, "fill_rate") == (pytest.approx(0.75), True)
    # 29 days in stock (60 - 31): too few
    assert service_in_metric(figures(stockout_days=31, lost_demand=31.0), "fill_rate")[1] is F
    # no demand at all: nothing to judge
    assert service_in_metric(figures(units_sold=0.0), "fill_rate") == (1.0, False)
    with pytest.raises(ValueError, match="metric must be one of cycle, fill_rate"):
        service_in_metric(figures(), "ready rate")


@pytest.mark.parametrize(
    "sales, in_stock, received, days, message",
    [
        ([1.0, -2.0], [T, T], [F, F], None, "daily sales must be >= 0"),
        ([1.0, float("nan")], [T, T], [F, F], None, "daily sales must be finite"),
        ([1.0, float("inf")], [T, T], [F, F], None, "daily sales must be finite"),
        ([1.0, "x"], [T, T], [F, F], None, "daily sales must be a number"),
        ([1.0, 2.0], [T], [F, F], None, "in_stock must have one value per day: 1 for 2 days"),
        ([1.0, 2.0], [T, T], [F], None, "received must have one value per day: 1 for 2 days"),
        ([1.0, 2.0], [T, 1], [F, F], None, "in_stock must hold booleans, got 1"),
        ([1.0, 2.0], [T, T], [F, None], None, "received must hold booleans, got None"),
        ([1.0, 2.0], [T, T], [F, F], 3, "days must lie between 0 and 2, got 3"),
        ([1.0, 2.0], [T, T], [F, F], -1, "days must lie between 0 and 2, got -1"),
        ([1.0, 2.0], [T, T], [F, F], 1.5, "days must be an integer"),
    ],
)
def test_bad_input(sales, in_stock, received, days, message):
    with pytest.raises(ValueError, match=message):
        achieved_service(sales, in_stock, received, days=days)


def dense(in_stock, sold, received, days):
    """``mask_service``'s figures the long way: the series and the receipts, day by day."""
    sales = daily_series(sold, END, days) if days else []
    receipts = [qty > 0 for qty in daily_series(received, END, days)] if days else []
    return achieved_service(sales, in_stock[len(in_stock) - days :], receipts)


def test_mask_service_by_hand():
    """10 days ending 30 June (day 10), 5 on hand today.

    Received 9 on day 1 and 12 on day 6, 3 sold a day on days 2-4 and 7-9, 2 moved out
    (not sold) on day 10; today 5 in and 1 sold (+4, after the window). Back from today:
    day 10 began with 5 - 4 + 2 = 3, day 7 with 12, day 6 with 12 - 12 = 0, day 5 with 0,
    day 4 with 3, day 1 with 9 - 9 = 0 (before any stock: read as in stock). 2 stockout
    days (5, 6), 18 sold on 8 days in stock: lost 2 × 18 / 8 = 4.5, fill = 18 / 22.5.
    One cycle (days 2-6, after the receipt of day 1 to that of day 6): missed. The last
    4 days (7-10): no stockout, 9 sold, no cycle.
    """
    day = {n: END - timedelta(days=10 - n) for n in range(1, 11)}
    moved = {day[1]: 9, day[6]: 12, day[10]: -2, END + timedelta(days=1): 4}
    moved.update({day[n]: -3 for n in (2, 3, 4, 7, 8, 9)})
    sold = {day[n]: 3 for n in (2, 3, 4, 7, 8, 9)}
    received = {day[1]: 9, day[6]: 12}
    in_stock = in_stock_mask(5, moved, sold, END, 10)
    assert in_stock == [T, T, T, T, F, F, T, T, T, T]
    year, last = mask_service(in_stock, sold, received, END, 10, 4)
    assert (year.stockout_days, year.units_sold, year.cycles, year.cycles_met) == (2, 18, 1, 0)
    assert year.lost_demand == pytest.approx(4.5)  # 2 × 18 / 8
    assert year.fill_rate == pytest.approx(0.8)  # 18 / (18 + 4.5)
    assert (last.days, last.stockout_days, last.units_sold, last.cycles) == (4, 0, 9, 0)
    assert (year, last) == (dense(in_stock, sold, received, 10), dense(in_stock, sold, received, 4))


def test_mask_service_sees_a_stockout_at_the_start_of_its_span():
    """The mask of the whole history knows the shelf was stocked before the span: its
    first days, empty, are stockout days (a mask of the span alone would read them as the
    days before the product came)."""
    in_stock = [T, T, F, F, T, T]  # 6 days ending END; the span: its last 4
    sold = {END - timedelta(days=1): 2.0, END: 2.0}
    received = {END - timedelta(days=2): 4.0}
    (result,) = mask_service(in_stock, sold, received, END, 4)
    assert (result.days, result.stockout_days, result.units_sold) == (4, 2, 4.0)
    assert result.lost_demand == pytest.approx(4.0)  # 2 days × 4 / 2 in-stock days


@pytest.mark.parametrize("seed", range(300))
def test_mask_service_equals_the_dense_reading(seed):
    """Random histories (stockouts, sales on days without a move, moves after the window,
    returns, empty starts), measured over the history's last days: the same figures as
    the series laid out day by day, exactly."""
    rng = random.Random(seed)
    days = rng.choice([1, 5, 30, 90, 120, 365])
    moved, sold, received = {}, {}, {}
    stock = 0.0
    for offset in range(days + 60, -4, -1):  # from before the window to after END
        day = END - timedelta(days=offset)
        if rng.random() < 0.08 or (stock <= 0 and rng.random() < 0.05):
            qty = float(rng.randint(1, 40))
            received[day] = qty
            moved[day] = moved.get(day, 0.0) + qty
            stock += qty
        if rng.random() < 0.5 and stock > 0:
            qty = min(stock, float(rng.randint(1, 6)))
            sold[day] = qty
            moved[day] = moved.get(day, 0.0) - qty
            stock -= qty
        if rng.random() < 0.02:  # a count or a transfer out, not a sale
            moved[day] = moved.get(day, 0.0) - 1.0
            stock -= 1.0
        if rng.random() < 0.01:  # a sale recorded without its move
            sold[day] = 1.0
    in_stock = in_stock_mask(stock, moved, sold, END, days + 60)
    spans = (days, rng.randint(0, days))
    assert mask_service(in_stock, sold, received, END, *spans) == tuple(
        dense(in_stock, sold, received, span) for span in spans
    )


def test_mask_service_of_no_day():
    """A line with no day to measure (nothing ever came in nor sold): all zero."""
    nothing = AchievedService(
        days=0, stockout_days=0, units_sold=0.0, lost_demand=0.0, cycles=0, cycles_met=0
    )
    assert mask_service([T, T], {END: 1.0}, {END: 3.0}, END, 0, 0) == (nothing, nothing)


@pytest.mark.parametrize(
    "args, message",
    [
        (([T] * 5, {END: -1.0}, {}, END, 5), "daily sales must be >= 0"),
        (([T] * 5, {END: float("nan")}, {}, END, 5), "daily sales must be finite"),
        (([T] * 5, {}, {}, END, -1), "days must lie between 0 and 5, got -1"),
        (([T] * 5, {}, {}, END, 6), "days must lie between 0 and 5, got 6"),
        (([T] * 5, {}, {}, END, 1.5), "days must be an integer"),
    ],
)
def test_mask_service_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        mask_service(*args)
