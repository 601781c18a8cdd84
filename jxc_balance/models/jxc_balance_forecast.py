from datetime import timedelta

from odoo import api, models

from .. import balance_math

# Two years: one year for the seasonal index at each backtest origin, one of origins.
FORECAST_HISTORY_DAYS = 730
# Events are looked for this far ahead (a lead time plus cover never gets longer).
EVENT_HORIZON_DAYS = 366


class JxcBalanceForecast(models.AbstractModel):
    """The seasonal forecast of each balance line: its daily history from its first day
    (first receipt or sale in the warehouse), the confirmed events matching its category
    and main vendor, and ``balance_math.forecast_parameters`` on them."""

    _name = "jxc.balance.forecast"
    _description = "Stock Balance Forecast"

    @api.model
    def _read_days(self, history_days):
        """Days of daily sales read per product: the history window, at least two years."""
        return max(history_days, FORECAST_HISTORY_DAYS)

    @api.model
    def _run_events(self, company, today):
        """The confirmed events a run of ``company`` applies, as plain dicts."""
        return tuple(self.env["jxc.balance.event"]._engine_events(
            company, today, EVENT_HORIZON_DAYS))

    @api.model
    def _line_parameters(self, run, categ_path, vendor_id, by_day, demand_by_day,
                             first_in, history_days, history_in_stock=None, **kwargs):
        """``balance_math.forecast_parameters`` for one line, as line values.

        ``categ_path``: the ``parent_path`` of the product's category; ``by_day``: {day:
        net qty} of the line; ``demand_by_day``: its days of positive demand; ``first_in``:
        the local date of the first receipt into the warehouse (False: none);
        ``history_days``: the flat average's window (the ``daily`` series);
        ``history_in_stock``: the in-stock mask of the ``run.read_days`` days up to
        yesterday (None: every day had stock), cut to the line's history;
        ``kwargs``: the other arguments of ``compute_parameters``.
        """
        last_day = run.today - timedelta(days=1)
        read_days = run.read_days
        starts = [day for day, qty in by_day.items() if qty]
        if first_in:
            starts.append(first_in)
        first_day = max(min(starts, default=last_day), last_day - timedelta(days=read_days - 1))
        history = balance_math.daily_series(
            demand_by_day, last_day, max((last_day - first_day).days + 1, 1))
        # the flat window is the end of the history: no demand before its first day
        if len(history) >= history_days:
            daily = history[-history_days:]
        else:
            daily = [0.0] * (history_days - len(history)) + history
        events = [
            event for event in run.events
            if (not event["categ_paths"]
                or any(categ_path.startswith(path) for path in event["categ_paths"]))
            and (not event["vendor_ids"] or vendor_id in event["vendor_ids"])
        ]
        if history_in_stock is not None:
            history_in_stock = history_in_stock[-len(history):]
        params = balance_math.forecast_parameters(
            daily=daily, history=history, events=events, history_in_stock=history_in_stock,
            last_day_weekday=last_day.weekday(), **kwargs)
        event = params.pop("event")
        factors = params.pop("weekday_factors")
        tested = params["forecast_mape"] is not None
        for name in ("forecast_mape", "forecast_bias", "flat_mape", "seasonal_mape"):
            params[name] = params[name] or 0.0
        params.update(
            forecast_tested=tested,
            event_id=event["id"] if event else False,
            event_uplift=event["uplift"] if event else 1.0,
            # Monday first, as the field's label says
            weekday_factors=" ".join(f"{factor:.2f}" for factor in factors) if factors
            else False,
        )
        return params
