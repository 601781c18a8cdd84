from datetime import timedelta

from odoo import api, models

from .. import balance_math

# The shorter span of the achieved service (the longer: balance_math.SERVICE_DAYS)
SHORT_SERVICE_DAYS = 90


class JxcBalanceService(models.AbstractModel):
    """The service each balance line achieved over the last 90 and 365 days: the days that
    began with stock as the demand reads them (the engine's ``balance_math.in_stock_mask``),
    its sales and replenishments, read by ``balance_math.mask_service``."""

    _name = "jxc.balance.service"
    _description = "Stock Balance Achieved Service"

    @api.model
    def _line_values(self, run, history_in_stock, received_by_day, demand_by_day, first_in,
                     metric):
        """The achieved-service values of one line.

        ``history_in_stock``: its in-stock mask of the ``run.read_days`` days up to
        yesterday; ``received_by_day``: its ``BatchStatistics.received``; ``demand_by_day``:
        its days of positive demand; ``first_in``: the local date of its first receipt
        (False: none); ``metric``: its profile's ``service_metric``.
        """
        last_day = run.today - timedelta(days=1)
        # the days before the line's first receipt or sale are none it could have served
        starts = [day for day in (first_in, min(demand_by_day, default=None)) if day]
        span = 0
        if starts:
            span = min(balance_math.SERVICE_DAYS, max((last_day - min(starts)).days + 1, 0))
        year, quarter = balance_math.mask_service(
            history_in_stock, demand_by_day, received_by_day, last_day, span,
            min(SHORT_SERVICE_DAYS, span))
        achieved, measured = balance_math.service_in_metric(year, metric)
        return {
            "service_metric": metric,
            "service_achieved": achieved,
            "service_measured": measured,
            "fill_rate_90": quarter.fill_rate,
            "fill_rate_365": year.fill_rate,
            "stockout_days_90": quarter.stockout_days,
            "stockout_days_365": year.stockout_days,
            "service_cycles": year.cycles,
            "service_cycles_met": year.cycles_met,
            "units_sold_365": year.units_sold,
            "units_demanded_365": year.units_demanded,
        }
