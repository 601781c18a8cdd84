"""Daily demand of a product: seasonal, weekday and promotion profiles, Poisson draws.

A profile multiplies the product's base daily demand on a given day; several multiply
together: summer / summer_mild, weekend / weekend_mild, winter, school (开学季), promo
(618 and 双十一).
"""

import math
from datetime import date, timedelta

from .draws import poisson

SUMMER = {1: 0.75, 2: 0.8, 3: 0.9, 4: 1.05, 5: 1.4, 6: 2.5, 7: 3.0, 8: 2.7, 9: 1.5,
          10: 1.05, 11: 0.85, 12: 0.75}
WINTER = {1: 2.6, 2: 1.8, 3: 0.9, 4: 0.35, 5: 0.15, 6: 0.1, 7: 0.1, 8: 0.2, 9: 0.5,
          10: 1.2, 11: 2.2, 12: 2.8}


def monthly(table, day):
    """``table`` (one value per month, at mid-month) interpolated for ``day``."""
    offset = (day.day - 15) / 30.0
    month = day.month
    if offset >= 0:
        return table[month] + (table[month % 12 + 1] - table[month]) * offset
    previous = table[(month - 2) % 12 + 1]
    return previous + (table[month] - previous) * (1 + offset)


def school_factor(day):
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


def promo_factor(day):
    """618 and 双十一 (11 November) online shopping festivals."""
    peaks = {(6, 18): 6.0, (6, 17): 3.0, (6, 16): 2.5, (11, 11): 8.0, (11, 10): 3.5,
             (11, 12): 2.0}
    if (day.month, day.day) in peaks:
        return peaks[day.month, day.day]
    if (day.month == 6 and day.day < 16) or (day.month == 11 and day.day < 10):
        return 1.4
    return 1.0


def demand_factor(profiles, day):
    """The product of the profiles' factors on ``day`` (1.0 without profile)."""
    factor = 1.0
    for profile in profiles:
        if profile == "summer":
            factor *= monthly(SUMMER, day)
        elif profile == "summer_mild":
            factor *= 1 + (monthly(SUMMER, day) - 1) * 0.6
        elif profile == "winter":
            factor *= monthly(WINTER, day)
        elif profile == "weekend":
            factor *= 1.8 if day.weekday() >= 5 else 1.0
        elif profile == "weekend_mild":
            factor *= 1.2 if day.weekday() >= 5 else 0.95
        elif profile == "school":
            factor *= school_factor(day)
        elif profile == "promo":
            factor *= promo_factor(day)
    return factor


def draw_daily_sales(rng, base, profiles, first, last, trend_start, trend_days,
                     return_rate=0.0, return_delay=(1, 7)):
    """({day: units sold}, {day: units returned}) of one product from ``first`` to ``last``.

    Each day's mean is ``base`` x a slow upward trend (0.92 at ``trend_start``, 1.08
    ``trend_days`` later) x the profiles x a lognormal noise, then drawn from a Poisson
    law. A day with sales sends one unit back ``return_delay`` days later with
    probability ``return_rate`` (returns after ``last`` are dropped).
    """
    sales, returns = {}, {}
    for index in range((last - first).days + 1):
        day = first + timedelta(days=index)
        trend = 0.92 + 0.16 * (day - trend_start).days / trend_days
        lam = base * trend * demand_factor(profiles, day) * math.exp(rng.gauss(0, 0.18))
        qty = poisson(rng, lam)
        if qty:
            sales[day] = qty
            if return_rate and rng.random() < return_rate:
                when = day + timedelta(days=rng.randint(*return_delay))
                if when <= last:
                    returns[when] = returns.get(when, 0) + 1
    return sales, returns



def draw_lumpy_sales(rng, base, first, last, gap, sigma):
    """{day: units sold} of a product sold on few days in uneven sizes, ``first`` to ``last``.

    The days between two sales are drawn uniformly from the ``gap`` range (whole days); a
    sale's size is lognormal, of mean ``base`` x the mean gap (so that the mean daily
    demand is ``base``) and log-spread ``sigma``, rounded to whole units (at least one).
    """
    mean_gap = (gap[0] + gap[1]) / 2
    mu = math.log(base * mean_gap) - sigma**2 / 2  # the lognormal's mean: exp(mu + sigma²/2)
    sales = {}
    day = first + timedelta(days=rng.randint(0, gap[1] - 1))
    while day <= last:
        sales[day] = max(1, round(rng.lognormvariate(mu, sigma)))
        day += timedelta(days=rng.randint(*gap))
    return sales
