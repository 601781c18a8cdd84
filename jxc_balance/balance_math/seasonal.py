"""Seasonal forecast, event uplifts and lead-time extensions, rolling-origin backtest.

Days are counted from today: day 0 is today, the history ends with yesterday (its last
value). All series are daily demand, oldest first. Standard library only.

Forecast of the demand over the window [a, b) days ahead (a, b may be fractional):

    flat:      F = level · (b - a)
    seasonal:  F = level · (b - a) · s(a, b)
    level      = mean of the last ``level_days`` days of the history (the flat average)
    s(a, b)    = clamp( (Σ last year over [a, b)) / (b - a)  ÷  last year's level )
    last year  = the same days 365 days earlier; last year's level = the mean of the
                 ``level_days`` days before the day one year before today;
    clamp      = min(max(s, SEASONAL_MIN), SEASONAL_MAX) = within [0.25, 4]: a product
                 that sold 10x more in last year's peak than before it is forecast at 4x,
                 not 10x (one odd year must not order a year's stock), and never below a
                 quarter of its level. Whole days of last year are used: [round(a), round(b)).
    Last year's level 0 (nothing sold then) gives s = 1: no seasonal basis.
    The lead time's index reads at least ``INDEX_MIN_DAYS`` of last year, centred on the
    lead time: s(L/2 − 14, L/2 + 14) when L < 28, else s(0, L). A few days of last year
    are mostly noise (a short lead time read its own days with a spread of ±20 % on the
    replay's seasonal series, ±12 % over 28), and its reorder point then ran short.

The seasonal method needs ``365 + level_days`` days of history, else the flat one is used.
An event uplift u (> 0) multiplies the forecast of every day it covers (fractional days
count by their overlap); a lead-time extension adds its days to the lead time.

Backtest (rolling origin): the forecast of each method is made at past origins o (the
history before o only) for the next h = round(L + cover) days and compared with what
was sold then. Origins go back from ``n - h`` in steps of ``BACKTEST_STEP`` days, at most
``BACKTEST_ORIGINS`` of them, only where the seasonal forecast could be made (o >= 365 +
level_days), so both methods are judged on the same origins (with less history, the
flat method alone on origins o >= level_days).

    error e_k = actual_k - forecast_k (units over h days)
    MAE       = mean(|e_k|) over all origins
    MAPE      = mean(|e_k| / actual_k) · 100 over origins with actual_k > 0
    bias      = Σ(forecast_k - actual_k) / Σ actual_k · 100   (> 0: forecasts too high)

The method with the lower MAE is used (flat on a tie): over the same origins that is the
method of lower MASE, and unlike MAPE it counts the windows that sold nothing. MAPE and
bias are what the line shows. With at least ``MIN_ORIGINS``
origins, the safety stock comes from the spread of the chosen method's errors scaled to
the lead time instead of the raw daily σ_d:

    SS = z · sqrt(s_e² · L / h + d_L² · σ_L²)
    s_e = sample std of the errors e_k over h days, d_L = forecast daily demand over the
    lead time.
"""

import itertools
import math
import statistics

from ._checks import require_int, require_non_negative, require_positive
from .intermittent import (
    LONG_HISTORY_DAYS,
    MIN_DEMAND_DAYS,
    MIN_FITTED_SIZES,
    compound_quantile,
    croston_sba,
    demand_days,
    demand_type,
    trigger_quantile,
)
from .pipeline import compute_parameters
from .rounding import round_up
from .series import empty_between, stockout_counts
from .stats import demand_stats, z_score
from .weekday import (
    DAYS_PER_WEEK,
    check_weekday,
    residual_std,
    weekday_profile,
    weekday_sums,
    window_weight,
)

YEAR = 365
SEASONAL_MIN = 0.25
SEASONAL_MAX = 4.0
BACKTEST_STEP = 7
BACKTEST_ORIGINS = 52
MIN_ORIGINS = 4
MAX_HORIZON = 365
# an intermittent line keeps the seasonal forecast when its backtest MAE is at most this
# share of the flat one's
SEASONAL_CLEAR_WIN = 0.75
INDEX_MIN_DAYS = 28


def _mean(values):
    return statistics.fmean(values) if values else 0.0


def _overlap(start, stop, day):
    """Length of [start, stop) ∩ [day, day + 1)."""
    return max(0.0, min(stop, day + 1) - max(start, day))


def _prefix(history):
    """Cumulative sums: the sum of history[a:b] is prefix[b] - prefix[a]."""
    return list(itertools.accumulate(history, initial=0.0))


def seasonal_index(history: list[float], level_days: int, start: float, stop: float,
                   origin: int | None = None, prefix: list[float] | None = None) -> float | None:
    """s(start, stop) of the module docstring at ``origin`` (default: today = len(history)).

    ``None`` when the history before ``origin`` is shorter than 365 + level_days days.
    ``prefix``: ``_prefix(history)`` when already computed.
    """
    level_days = require_int("level_days", level_days)
    origin = len(history) if origin is None else origin
    if level_days < 1 or origin < YEAR + level_days:
        return None
    prefix = _prefix(history) if prefix is None else prefix
    return _seasonal_index_at(prefix, len(history), level_days, origin, start, stop)


def _seasonal_index_at(prefix, n, level_days, origin, start, stop):
    """``seasonal_index`` on checked arguments (origin >= 365 + level_days), from the
    prefix sums of a history of ``n`` days: the backtest calls it for every origin."""
    base = origin - YEAR
    last_level = (prefix[base] - prefix[base - level_days]) / level_days
    first, last = base + round(start), min(base + round(stop), n)
    if last_level <= 0 or last <= first:
        return 1.0
    ahead = (prefix[last] - prefix[first]) / (last - first)
    return min(max(ahead / last_level, SEASONAL_MIN), SEASONAL_MAX)


def window_forecast(level: float, start: float, stop: float, index: float = 1.0,
                    uplifts: dict | None = None, weekday_factors: tuple | None = None,
                    first_weekday: int = 0) -> float:
    """Demand over [start, stop) days ahead:
    Σ_day level · index · u(day) · f(day) · overlap(day).

    ``uplifts`` = {day: factor} (missing days: 1); ``weekday_factors``: the day-of-week
    factors f, Monday first (None: 1 every day), day 0 being of weekday ``first_weekday``.
    """
    if not uplifts:
        if weekday_factors:
            return level * index * window_weight(weekday_factors, first_weekday, start, stop)
        # Σ overlap(day) over the window is its length
        return level * index * max(stop - start, 0.0)
    total = 0.0
    for day in range(math.floor(start), math.ceil(stop)):
        factor = (weekday_factors[(first_weekday + day) % DAYS_PER_WEEK] if weekday_factors
                  else 1.0)
        total += _overlap(start, stop, day) * uplifts.get(day, 1.0) * factor
    return level * index * total


def backtest(history: list[float], level_days: int, horizon: int,
             in_stock: list[bool] | None = None) -> dict:
    """Rolling-origin backtest of the flat and seasonal methods (module docstring).

    Returns {"origins": k, "flat": stats, "seasonal": stats or None}, stats = {"mae", "mape",
    "bias", "errors"} (mape/bias None without an origin with sales). When no origin allows
    the seasonal forecast (less than 365 + level_days + horizon days), the flat method
    alone is tested on origins o >= level_days and "seasonal" is None. ``in_stock`` (one
    boolean per day): an origin whose level window or horizon (or, with the seasonal
    method, their days a year before) holds a day that began with nothing on the shelf is
    left out (its sales are not its demand).
    """
    level_days = require_int("level_days", level_days)
    horizon = min(max(require_int("horizon", horizon), 1), MAX_HORIZON)
    if level_days < 1:
        return {"origins": 0, "flat": _accuracy([], []), "seasonal": None}
    n = len(history)
    seasonal = n - horizon >= YEAR + level_days
    first_origin = YEAR + level_days if seasonal else level_days
    origins = []
    origin = n - horizon
    empty = stockout_counts(in_stock)
    while origin >= first_origin and len(origins) < BACKTEST_ORIGINS:
        if not empty or not (
                empty_between(empty, origin - level_days, origin + horizon)
                or seasonal and empty_between(
                    empty, origin - YEAR - level_days, origin - YEAR + horizon)):
            origins.append(origin)
        origin -= BACKTEST_STEP
    prefix = _prefix(history)
    levels = [(prefix[o] - prefix[o - level_days]) / level_days for o in origins]
    actuals = [prefix[o + horizon] - prefix[o] for o in origins]
    result = {"origins": len(origins), "seasonal": None}
    result["flat"] = _accuracy([level * horizon for level in levels], actuals)
    if seasonal:
        result["seasonal"] = _accuracy([
            level * horizon * _seasonal_index_at(prefix, len(history), level_days, o, 0, horizon)
            for level, o in zip(levels, origins, strict=True)
        ], actuals)
    return result


def _accuracy(forecasts, actuals):
    errors = [actual - forecast for forecast, actual in zip(forecasts, actuals, strict=True)]
    ratios = [abs(error) / actual for error, actual in zip(errors, actuals, strict=True)
              if actual > 0]
    total = sum(actuals)
    return {
        "mae": _mean([abs(error) for error in errors]),
        "mape": 100.0 * _mean(ratios) if ratios else None,
        "bias": 100.0 * -sum(errors) / total if total > 0 else None,
        "errors": errors,
    }


def event_effects(events: list[dict], window: float) -> tuple[dict, float, dict | None]:
    """Uplifts by day, lead-time extension and the main event for a window of days.

    ``events``: dicts with ``start``/``stop`` (days from today, inclusive), ``uplift``
    (> 0, 1 = none), ``extension`` (days >= 0) and any other keys (e.g. ``id``).
    An event counts when it overlaps [0, window): each day it covers gets the highest
    uplift of the events covering it, the extension is the highest one. The main event is
    the one with the highest uplift, else the highest extension (None: no effect).
    """
    uplifts, extension, main, main_key = {}, 0.0, None, (1.0, 0.0)
    for event in events:
        if event["stop"] < 0 or event["start"] >= window:
            continue
        uplift = require_positive("uplift", event.get("uplift", 1.0))
        days = require_non_negative("extension", event.get("extension", 0.0))
        if uplift == 1.0 and not days:
            continue
        for day in range(max(event["start"], 0), event["stop"] + 1):
            uplifts[day] = max(uplifts.get(day, 1.0), uplift)
        extension = max(extension, days)
        if (uplift, days) > main_key:
            main, main_key = event, (uplift, days)
    return uplifts, extension, main


def forecast_parameters(*, daily: list[float], history: list[float] | None = None,
                        events: list[dict] | None = None, seasonal_allowed: bool = True,
                        history_in_stock: list[bool] | None = None,
                        demand_model: str = "auto", last_day_weekday: int | None = None,
                        **kwargs) -> dict:
    """``compute_parameters`` with the seasonal forecast, the backtest and the events.

    ``daily`` is the last ``len(daily)`` days (the flat history window, as before);
    ``history`` the whole daily history of the product (oldest first, from its first day,
    ending with yesterday; None: ``daily``); ``events`` as in ``event_effects``; the
    other keyword arguments are those of ``compute_parameters`` (``in_stock``: the window's
    stockout days are left out of d̄ and read as d̄ by the backtest; ``review_days``: added
    to the lead time that the reorder point protects). ``seasonal_allowed``
    False keeps the flat method whatever the backtest says (flat MAPE still reported, the
    safety stock from σ_d as with less than a year of history). Without events and with
    less than 365 + len(daily) days of history, SS, ROP and max are exactly
    ``compute_parameters``'; with more, the method of lower backtest MAE gives the
    forecast and the backtest errors the safety stock (module docstring):

        demand over the lead time  D_L = forecast over [0, L) (its index: module docstring)
        demand over the cover      D_C = forecast over [L, L + cover)
        ROP = round_up(D_L + SS), max = round_up(D_L + SS + D_C)

    ``last_day_weekday`` (0 = Monday … 6 = Sunday; None: no day-of-week profile) is the
    weekday of the history's last day. Where the demand type is smooth or erratic (the
    normal z · σ model) and ``weekday.weekday_profile`` finds a significant weekly
    pattern, every window is forecast through its factors (day 0 = the day after the
    last one): D_L, D_C and the review days' d̄ · Σ f; the safety stock from σ_d reads
    the residual σ_r instead (``weekday`` module docstring; it is then the ``demand_std``
    returned), the one from the backtest errors their spread as it is (their windows
    start on one weekday: a weekly pattern shifts them all alike, it does not spread
    them); in both, the protected days P count as W = Σ f over [0, P) (a busy day varies
    more, as counts do):

        SS = z · sqrt(σ_r² · W + d̄² · σ_L²)   or   z · sqrt(s_e² · W / h + d_L² · σ_L²)

    Without a pattern the numbers are exactly those without a weekday.

    Adds: forecast_method ('flat'/'seasonal'), forecast_daily_demand = (D_L + D_C) /
    (L + cover), forecast_demand = D_L + D_C, seasonal_index (D_L + D_C over the flat
    forecast of the window, uplifts included), forecast_mape / forecast_bias (chosen
    method), flat_mape, seasonal_mape, backtest_origins, lead_time_extension, event (the
    main event dict, or None), weekday_factors (the profile's factors Monday first, or
    None).
    """
    last_day_weekday = check_weekday("last_day_weekday", last_day_weekday)
    params = compute_parameters(daily=daily, **kwargs)
    history = list(daily) if history is None else list(history)
    raw_history = list(history)  # the sales as recorded (no stockout day filled in)
    level_days = len(daily)
    level = params["avg_daily_demand"]
    in_stock = kwargs.get("in_stock")
    if history_in_stock is not None:
        history_in_stock = list(history_in_stock)
        if len(history_in_stock) != len(history):
            raise ValueError(
                f"history_in_stock must have one value per day of the history: "
                f"{len(history_in_stock)} for {len(history)} days")
    elif params["stockout_days"] and len(history) >= level_days:
        # a stockout day of the window sold what it could: the backtest reads d̄ there
        history[len(history) - level_days:] = [
            qty if stocked else level for qty, stocked in zip(daily, in_stock, strict=True)]
    cover = kwargs["cover_days"]
    lead = params["lead_time_days"]
    uplifts, extension, event = event_effects(events or [], lead + cover)
    lead += extension
    protected = lead + kwargs.get("review_days", 0.0)
    horizon = min(max(round(lead + cover), 1), MAX_HORIZON)
    tested = backtest(history, level_days, horizon, history_in_stock)
    if history_in_stock is not None and not all(
            history_in_stock[-YEAR - level_days:-YEAR + horizon or None]):
        # last year's same days (or their level) had an empty shelf: no seasonal basis
        seasonal_allowed = False
    flat, seasonal = tested["flat"], (tested["seasonal"] if seasonal_allowed else None)
    method = "flat"
    # chosen by the mean absolute error over the same origins (MASE's choice: the scale is
    # the same for both), which counts the windows that sold nothing; MAPE skips them
    if seasonal and tested["origins"] and seasonal["mae"] < flat["mae"]:
        method = "seasonal"
    index_lead = index_cover = 1.0
    if method == "seasonal":
        # a short lead time's own days of last year are too few to read a season from
        half = max(lead, INDEX_MIN_DAYS) / 2
        index_lead = seasonal_index(history, level_days, lead / 2 - half, lead / 2 + half)
        index_cover = seasonal_index(history, level_days, lead, lead + cover)
    chosen = seasonal if method == "seasonal" else flat
    kind, quantile = None, False
    if demand_model == "auto" or last_day_weekday is not None:
        kind = demand_type(_in_stock_only(history[-LONG_HISTORY_DAYS:], history_in_stock))
    if demand_model == "auto":
        # a seasonal seller is intermittent over a year, yet its season is what to plan:
        # it keeps the seasonal forecast where that clearly wins the backtest (an error a
        # quarter lower: on a few sales a year, a smaller win is chance)
        seasonal_wins = method == "seasonal" and (
            seasonal["mae"] <= SEASONAL_CLEAR_WIN * flat["mae"])
        quantile = kind in ("intermittent", "lumpy") and not seasonal_wins and not event \
            and kwargs.get("pinned_safety_stock") is None
    elif demand_model != "normal":
        raise ValueError(f"demand_model must be 'auto' or 'normal', got {demand_model!r}")
    factors = None
    # a weekday's mean is a level only where it sells most days (smooth or erratic)
    if last_day_weekday is not None and kind in ("smooth", "erratic"):
        factors = weekday_profile(raw_history, last_day_weekday,
                                  _history_mask(history_in_stock, in_stock, len(raw_history)))
    first_weekday = (last_day_weekday + 1) % DAYS_PER_WEEK if factors else 0
    demand_lead = window_forecast(level, 0, lead, index_lead, uplifts, factors, first_weekday)
    demand_cover = window_forecast(level, lead, lead + cover, index_cover, uplifts, factors,
                                   first_weekday)
    # the review days (reorder point only) at the recent level, as compute_parameters'
    demand_review = window_forecast(level, lead, protected, 1.0, None, factors, first_weekday)
    flat_total = level * (lead + cover)
    params.update(
        forecast_method=method,
        forecast_demand=demand_lead + demand_cover,
        forecast_daily_demand=(demand_lead + demand_cover) / (lead + cover)
        if lead + cover > 0 else level,
        seasonal_index=(demand_lead + demand_cover) / flat_total if flat_total > 0 else 1.0,
        forecast_mape=chosen["mape"],
        forecast_bias=chosen["bias"],
        flat_mape=flat["mape"],
        seasonal_mape=seasonal["mape"] if seasonal else None,
        backtest_origins=tested["origins"],
        lead_time_extension=extension,
        event=event,
        weekday_factors=factors,
    )
    if demand_model == "auto":
        params.update(demand_type=kind or False, reorder_method="normal")
        if quantile:
            return _quantile_parameters(params, kind, raw_history, level_days, lead,
                                        protected, cover, kwargs, history_in_stock)
    if factors:
        # the spread of a day once its weekday is known (the window's days in stock)
        params["demand_std"] = residual_std(
            weekday_sums(list(map(float, daily)), last_day_weekday, in_stock), factors, level)
    # the errors give the safety stock once the seasonal backtest could run (>= 1 year)
    by_errors = seasonal is not None and tested["origins"] >= MIN_ORIGINS
    if not (by_errors or event or factors):
        return params  # < 1 year of history, no event: compute_parameters' numbers
    rounding = kwargs["rounding"]
    pinned = kwargs.get("pinned_safety_stock")
    lead_std = params["lead_time_std"]
    z = z_score(kwargs["service_level"])
    # a day's variance grows with its forecast (counts): the protected days in average days
    spread_days = window_weight(factors, first_weekday, 0, protected) if factors else protected
    if pinned is not None:
        raw_ss = pinned
    elif by_errors:
        spread = demand_stats(chosen["errors"])[1]  # sample std of the errors
        daily_lead = demand_lead / lead if lead > 0 else level
        raw_ss = z * math.sqrt(spread**2 * spread_days / horizon
                               + daily_lead**2 * lead_std**2)
    else:  # < 1 year of history, an event or a weekly pattern: σ_d over the protected days
        raw_ss = z * math.sqrt(spread_days * params["demand_std"]**2 + level**2 * lead_std**2)
    ss = round_up(raw_ss, rounding)
    unrounded_rop = demand_lead + demand_review + ss
    params.update(
        lead_time_days=lead,
        safety_stock=ss,
        reorder_point=round_up(unrounded_rop, rounding),
        max_qty=round_up(unrounded_rop + demand_cover, rounding),
    )
    return params


def _quantile_parameters(params, kind, history, level_days, lead, protected, cover, kwargs,
                         history_in_stock=None):
    """SS, ROP and max of a line that sells on few days (intermittent or lumpy).

    The span read is the flat window, or the last year when the window holds fewer than
    MIN_DEMAND_DAYS demand days. d̄ = the Croston–SBA level of the span's in-stock days;
    ROP at the service target, from the demand that triggers the order and the lead
    time's after it: ``compound_quantile`` (a fitted distribution, reorder_method
    'compound') for lumpy demand with MIN_FITTED_SIZES sizes, else ``trigger_quantile``
    (the history's own windows, 'bootstrap'); SS = ROP − d̄·protected (>= 0);
    max = ROP + d̄·cover. The ROP is at least one unit: a rule with a minimum of 0 never
    triggers."""
    span = history[-level_days:]
    if len(demand_days(span)) < MIN_DEMAND_DAYS:
        span = history[-LONG_HISTORY_DAYS:]
    mask = history_in_stock[-len(span):] if history_in_stock is not None else None
    stocked = span if mask is None else list(itertools.compress(span, mask))
    rounding = kwargs["rounding"]
    level = croston_sba(stocked)
    sizes = len(demand_days(stocked))
    # lumpy sizes need a tail beyond the few seen; intermittent ones are read as they came
    rule = "compound" if kind == "lumpy" and sizes >= MIN_FITTED_SIZES else "bootstrap"
    rop = (compound_quantile if rule == "compound" else trigger_quantile)(
        span, lead, level * cover, kwargs["service_level"], mask)
    rop = round_up(max(rop, rounding if level > 0 else 0.0), rounding)
    params.update(
        avg_daily_demand=level,
        reorder_method=rule,
        safety_stock=round_up(max(rop - level * protected, 0.0), rounding),
        reorder_point=rop,
        max_qty=round_up(rop + level * cover, rounding),
        forecast_daily_demand=level,
        forecast_demand=level * (protected + cover),
        seasonal_index=1.0,
        forecast_method="croston_sba",
    )
    return params


def _history_mask(history_in_stock, in_stock, days):
    """The in-stock mask of a history of ``days`` days: ``history_in_stock``, else the
    flat window's ``in_stock`` at its end (the days before it had stock); None: all."""
    if history_in_stock is not None or in_stock is None:
        return history_in_stock
    window = list(in_stock)[-days:]
    return [True] * (days - len(window)) + window


def _in_stock_only(values, in_stock):
    """The values of the days that began with stock (all of them without a mask)."""
    if in_stock is None:
        return values
    return list(itertools.compress(values, in_stock[-len(values):]))
