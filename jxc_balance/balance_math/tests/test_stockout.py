"""Stockout days left out of the demand, and the nightly review protected."""

import random
from datetime import date, timedelta

import pytest
from balance_math import compute_parameters, forecast_parameters, in_stock_mask
from balance_math.series import empty_between, stockout_counts

Z95 = 1.6448536269514715


def params(function=compute_parameters, **kw):
    base = {
        "daily": [25, 15, 25, 15, 25, 15, 20],  # d̄ = 20, σ_d = 5
        "observed_lead_times": [],
        "promised_lead_time": 4,
        "days_to_purchase": 0,
        "service_level": 0.95,
        "cover_days": 10,
        "rounding": 0.01,
    }
    return function(**{**base, **kw})


def test_ten_a_day_with_thirty_empty_days():
    """Sold 10 a day, empty for 30 of the last 90 days: d̄ = 10, not 600 / 90 = 6.67."""
    daily = [10.0] * 60 + [0.0] * 30
    in_stock = [True] * 60 + [False] * 30
    blind = params(daily=daily)
    aware = params(daily=daily, in_stock=in_stock)
    assert blind["avg_daily_demand"] == pytest.approx(600 / 90)
    assert blind["stockout_days"] == 0
    assert aware["avg_daily_demand"] == pytest.approx(10.0)
    assert aware["demand_std"] == 0.0
    assert aware["stockout_days"] == 30
    assert aware["reorder_point"] == pytest.approx(40.0)  # 10 · 4 + SS 0


def test_every_day_in_stock_is_no_change():
    assert params(in_stock=[True] * 7) == params()


def test_all_days_out_of_stock():
    """Nothing to read the demand from: no estimate (0), and every day a stockout day."""
    result = params(daily=[0.0] * 5, in_stock=[False] * 5)
    assert result["avg_daily_demand"] == 0.0
    assert result["stockout_days"] == 5
    assert result["reorder_point"] == 0.0


def test_review_day_is_protected():
    """Nightly review: SS and ROP cover L + 1 = 5 days; max adds the cover to that ROP.

    SS = up(1.6448536 · sqrt(5 · 25)) = up(18.3901) = 18.40; ROP = 20 · 5 + 18.40.
    """
    result = params(review_days=1)
    assert result["lead_time_days"] == 4.0
    assert result["safety_stock"] == pytest.approx(18.40)
    assert result["reorder_point"] == pytest.approx(118.40)
    assert result["max_qty"] == pytest.approx(318.40)  # 118.40 + 20 · 10


def test_forecast_parameters_reads_the_mask_and_the_review():
    """Less than a year of history: forecast_parameters' numbers are compute_parameters'."""
    daily = [10.0] * 60 + [0.0] * 30
    in_stock = [True] * 60 + [False] * 30
    direct = params(daily=daily, in_stock=in_stock, review_days=1)
    forecast = params(forecast_parameters, daily=daily, in_stock=in_stock, review_days=1)
    for key in ("avg_daily_demand", "stockout_days", "safety_stock", "reorder_point",
                "max_qty"):
        assert forecast[key] == pytest.approx(direct[key]), key
    # the flat backtest reads d̄ on the stockout days (no false error there)
    assert forecast["forecast_daily_demand"] == pytest.approx(10.0)


@pytest.mark.parametrize("daily, in_stock, message", [
    ([1.0, -2.0], None, "daily sales must be >= 0"),
    ([1.0, float("nan")], None, "daily sales must be finite"),
    ([1.0, float("inf")], None, "daily sales must be finite"),
    ([1.0, 2.0], [True], "in_stock must have one value per day: 1 for 2 days"),
])
def test_bad_input(daily, in_stock, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        params(daily=daily, in_stock=in_stock)


def test_negative_review_days():
    with pytest.raises(ValueError, match="review_days must be >= 0"):
        params(review_days=-1)


def test_in_stock_mask():
    """start(d) = on hand − Σ moved from day d on (today included), worked by hand."""
    today = date(2026, 12, 3)

    def day(offset):
        return date.fromordinal(today.toordinal() + offset)

    moved = {day(-4): 6.0, day(-3): -6.0, day(-1): 10.0, day(0): -3.0}
    # start(0) = 10 + 3 = 13 → start(-1) = 13 − 10 = 3 → start(-2) = 3 → start(-3) = 3 + 6
    # = 9 → start(-4) = 9 − 6 = 3 → start(-5) = 3, all > 0
    assert in_stock_mask(10.0, moved, {}, day(-1), 5) == [True] * 5
    # now empty for days -3 and -2: 0 on hand, the receipt of 5 came yesterday, sold 5
    # today; before: 2 received on day -6, 2 sold on day -4
    moved = {day(-6): 2.0, day(-4): -2.0, day(-1): 5.0, day(0): -5.0}
    # start(0) = 5, start(-1) = 0 (sold 0 that day: out), start(-2) = 0, start(-3) = 0,
    # start(-4) = 2 (sold 2: in), start(-5) = 2, start(-6) = 0 → before the first stock
    sold = {day(-4): 2.0}
    assert in_stock_mask(0.0, moved, sold, day(-1), 6) == [
        True,  # day -6: began at 0, before any stock: as if in stock (not yet there)
        True, True,  # days -5, -4 began with 2
        False, False, False,  # days -3, -2, -1 began with 0 and sold nothing
    ]
    # a day that began empty but sold (a receipt during the day) was in stock
    assert in_stock_mask(0.0, moved, {day(-1): 1.0, **sold}, day(-1), 6)[-1] is True


def day_by_day_mask(on_hand, moved_by_day, sold_by_day, end_day, days):
    """``in_stock_mask``'s definition read literally, one day at a time."""
    first = end_day.toordinal() - days + 1
    mask = []
    for offset in range(days):
        day = date.fromordinal(first + offset)
        start = on_hand - sum(qty for moved_day, qty in moved_by_day.items() if moved_day >= day)
        mask.append(start > 1e-9 or sold_by_day.get(day, 0) > 0)
    first_stocked = mask.index(True) if True in mask else days
    return [True] * first_stocked + mask[first_stocked:]


@pytest.mark.parametrize("seed", range(200))
def test_in_stock_mask_equals_its_definition(seed):
    """Random moves (receipts, sales, returns, counts; some after the window, some
    emptying the shelf exactly) give the definition's mask, day by day."""
    rng = random.Random(seed)
    end = date(2026, 11, 30)
    days = rng.choice([0, 1, 7, 60, 200])
    moved, sold, stock = {}, {}, rng.choice([0.0, 3.0])
    for offset in range(days + 20, -3, -1):
        day = end - timedelta(days=offset)
        roll = rng.random()
        if roll < 0.1:
            moved[day] = float(rng.randint(1, 20))
        elif roll < 0.5:
            qty = float(rng.randint(1, 6))
            moved[day] = -qty
            if rng.random() < 0.9:
                sold[day] = qty
        elif roll < 0.52:
            moved[day] = 0.0
    assert in_stock_mask(stock, moved, sold, end, days) == day_by_day_mask(
        stock, moved, sold, end, days
    )


def test_stockout_counts_and_empty_between():
    """Days 2 and 3 of 6 began empty: counts 0, 0, 0, 1, 2, 2, 2; [1, 3) holds day 2,
    [4, 9) (clamped to [4, 6)) none; no mask or no empty day: None."""
    counts = stockout_counts([True, True, False, False, True, True])
    assert counts == [0, 0, 0, 1, 2, 2, 2]
    assert empty_between(counts, 1, 3)
    assert not empty_between(counts, 4, 9)
    assert not empty_between(counts, -2, 2)
    assert stockout_counts(None) is None
    assert stockout_counts([True, True]) is None
