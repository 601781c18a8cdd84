"""Figures of the balance dashboard: KPI cards and chart series, from aggregates only."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .jxc_balance_line import ABC_CLASSES, BALANCE_STATES
from .stock_move import done_moves, local_day, product_cost

# a move's value at the product's current cost in the move's company
MOVE_VALUE = SQL("m.product_qty * %s", product_cost())
COVER_BUCKETS = [(0, 7), (7, 14), (14, 30), (30, 60), (60, 120), (120, None)]
CHART_WEEKS = 12


class JxcBalanceDashboard(models.AbstractModel):
    _name = "jxc.balance.dashboard"
    _description = "Stock Balance Dashboard"

    @api.model
    def get_dashboard_data(self, warehouse_id=False):
        """KPIs and charts of the balance lines the user may read (Balance User).

        ``warehouse_id`` narrows everything to one warehouse. Each KPI carries the domain
        of the balance lines behind it, so the client can drill down.
        """
        if not self.env.user.has_group("jxc_balance.group_jxc_balance_user"):
            raise AccessError(self.env._("Only Balance Users can open the balance dashboard."))
        self.env.flush_all()  # the turnover and weekly series are read in SQL
        Line = self.env["jxc.balance.line"]
        base = [("company_id", "in", self.env.companies.ids)]
        if warehouse_id:
            base.append(("warehouse_id", "=", int(warehouse_id)))
        by_state = {
            state: (count, value)
            for state, count, value in Line._read_group(
                base, ["state"], ["__count", "stock_value:sum"])
        }
        # selection labels in the user's language
        states = dict(Line._fields["state"]._description_selection(self.env))

        def state_domain(*names):
            return base + [("state", "in", list(names))]

        turnover = self._stock_turnover(warehouse_id)
        alert_count, alert_domain = self._open_alerts(warehouse_id)
        kpis = [
            self._kpi("shortage", self.env._("Shortage"), by_state.get("shortage", (0, 0))[0],
                      "integer", state_domain("shortage"), "danger"),
            self._kpi("reorder", self.env._("To Reorder"), by_state.get("reorder", (0, 0))[0],
                      "integer", state_domain("reorder"), "warning"),
            self._kpi("slow_dead_value", self.env._("Slow and Dead Stock Value"),
                      sum(by_state.get(s, (0, 0))[1] for s in ("slow", "dead")),
                      "monetary", state_domain("slow", "dead"), "dark"),
            self._kpi("overstock_value", self.env._("Overstock Value"),
                      by_state.get("overstock", (0, 0))[1], "monetary",
                      state_domain("overstock"), "info",
                      caption=self.env._("Whole stock value of the overstocked lines"),
                      details=[{"label": self.env._("Above max level"),
                                "value": self._overstock_excess_value(
                                    state_domain("overstock")),
                                "type": "monetary"}]),
            self._kpi("turnover", self.env._("Stock Turnover"), turnover["ratio"], "float",
                      base, "success", tooltip=self.env._(
                          "Cost of goods sold (%(cogs)s) divided by the average stock value "
                          "(%(avg)s) over the last %(days)s days.",
                          cogs=round(turnover["cogs"], 2), avg=round(turnover["average"], 2),
                          days=turnover["days"])),
            self._kpi("open_alerts", self.env._("Open Alerts"), alert_count, "integer",
                      alert_domain, "primary", model="jxc.balance.alert"),
        ]
        value_by_abc = dict(Line._read_group(base, ["abc_class"], ["stock_value:sum"]))
        cover = self._cover_distribution(base)
        weeks = self._weekly_demand_receipts(warehouse_id)
        company = self.env.company
        return {
            "forecast_accuracy": self._forecast_accuracy(base),
            "kpis": kpis,
            "currency": {"symbol": company.currency_id.symbol,
                         "position": company.currency_id.position},
            "warehouses": [{"id": w.id, "name": w.name} for w in self.env["stock.warehouse"]
                           .search([("company_id", "in", self.env.companies.ids)])],
            "warehouse_id": warehouse_id or False,
            "charts": {
                "value_by_abc": {
                    "title": self.env._("Stock Value by ABC Class"),
                    "labels": [label for _key, label in ABC_CLASSES],
                    "values": [value_by_abc.get(key, 0.0) for key, _label in ABC_CLASSES],
                    "domains": [base + [("abc_class", "=", key)] for key, _l in ABC_CLASSES],
                },
                "lines_by_state": {
                    "title": self.env._("Lines by Balance State"),
                    "labels": [states[key] for key, _label in BALANCE_STATES],
                    "keys": [key for key, _label in BALANCE_STATES],
                    "values": [by_state.get(key, (0, 0))[0] for key, _label in BALANCE_STATES],
                    "domains": [state_domain(key) for key, _label in BALANCE_STATES],
                },
                "cover_distribution": dict(cover, title=self.env._("Days of Cover")),
                "demand_vs_receipts": dict(
                    weeks, title=self.env._("Demand vs Receipts, last 12 weeks (value)")),
            },
            "stock_accuracy": self._stock_accuracy(warehouse_id),
            "service": self._service(base),
        }

    @api.model
    def _kpi(self, key, label, value, value_type, domain, color, tooltip="",
             model="jxc.balance.line", caption="", details=()):
        """One KPI card; ``caption`` names what the value is, ``details`` are further named
        values shown under it."""
        return {"key": key, "label": label, "value": value, "type": value_type,
                "domain": domain, "color": color, "help": tooltip, "model": model,
                "caption": caption, "details": list(details)}

    @api.model
    def _overstock_excess_value(self, domain):
        """Value of the stock above the max level of the lines of ``domain``: what the
        overstock alerts add up, at the lines' own unit value (stock value / on hand)."""
        Line = self.env["jxc.balance.line"]
        query = Line._search(domain)
        qty = SQL.identifier(query.table, "qty_available")
        max_qty = SQL.identifier(query.table, "max_qty")
        value = SQL.identifier(query.table, "stock_value")
        self.env.cr.execute(query.select(SQL(
            "COALESCE(SUM(CASE WHEN %(qty)s > 0 THEN GREATEST(%(qty)s - %(max)s, 0) "
            "* %(value)s / %(qty)s END), 0)", qty=qty, max=max_qty, value=value)))
        return self.env.cr.fetchone()[0]

    @api.model
    def _forecast_accuracy(self, base):
        """Backtest MAPE and bias per ABC class, and how many lines use each method.

        Averages over the backtested lines (``forecast_tested``). Every backtest scores the
        flat average, so flat MAPE averages all of them, whichever method a line uses;
        seasonal MAPE only the lines where the seasonal method could be tested. False where
        there is nothing to average (XML-RPC has no None).
        """
        Line = self.env["jxc.balance.line"]
        tested = base + [("forecast_tested", "=", True)]
        rows = {abc: (count, mape, bias, flat) for abc, count, mape, bias, flat in
                Line._read_group(tested, ["abc_class"], ["__count", "forecast_mape:avg",
                                                         "forecast_bias:avg", "flat_mape:avg"])}
        seasonal = dict(Line._read_group(tested + [("seasonal_mape", ">", 0)], ["abc_class"],
                                         ["seasonal_mape:avg"]))
        methods = dict(Line._read_group(base, ["forecast_method"], ["__count"]))
        labels = dict(Line._fields["forecast_method"]._description_selection(self.env))
        return {
            "title": self.env._("Forecast Accuracy (backtest)"),
            "rows": [{
                "key": key, "label": label,
                "count": rows.get(key, (0,))[0],
                "mape": round(rows[key][1] or 0.0, 1) if key in rows else False,
                "bias": round(rows[key][2] or 0.0, 1) if key in rows else False,
                "flat_mape": round(rows[key][3] or 0.0, 1) if key in rows else False,
                "seasonal_mape": round(seasonal[key] or 0.0, 1) if key in seasonal else False,
                "domain": tested + [("abc_class", "=", key)],
            } for key, label in ABC_CLASSES],
            "methods": [{
                "key": key, "label": labels[key], "count": methods.get(key, 0),
                "domain": base + [("forecast_method", "=", key)],
            } for key in ("flat", "seasonal")],
        }

    @api.model
    def _service(self, base):
        """Service target against the service achieved over the last 365 days, per ABC
        class: the target is the mean of the class's lines, the achieved figures are
        pooled over them (Σ cycles met / Σ cycles, Σ units sold / Σ units demanded), so
        that a line selling a hundred a day weighs more than one selling one a year.
        Percentages; False where there is nothing to measure (XML-RPC has no None)."""
        Line = self.env["jxc.balance.line"]
        rows = {abc: values for abc, *values in Line._read_group(
            base, ["abc_class"], ["__count", "service_level:avg", "service_cycles:sum",
                                  "service_cycles_met:sum", "units_sold_365:sum",
                                  "units_demanded_365:sum"])}

        def percent(part, whole):
            return round(100.0 * part / whole, 1) if whole else False

        result = []
        for key, label in ABC_CLASSES:
            count, target, cycles, met, sold, demanded = rows.get(key, (0, 0, 0, 0, 0, 0))
            result.append({
                "key": key, "label": label, "count": count,
                "target": round(100.0 * target, 1) if count else False,
                "cycles": cycles, "cycles_met": met, "cycle_service": percent(met, cycles),
                "units_sold": sold, "units_demanded": demanded,
                "fill_rate": percent(sold, demanded),
                "domain": base + [("abc_class", "=", key)],
            })
        return {
            "title": self.env._("Service by ABC Class, last 365 days"),
            "help": self.env._(
                "Target: the mean service target of the class's lines. Cycle service: "
                "replenishment cycles without a stockout day / all cycles. Fill rate: units "
                "sold / units demanded (sold plus the demand estimated lost on stockout "
                "days). Both pooled over the lines of the class."),
            "rows": result,
            "labels": [self.env._("Class %(abc)s", abc=label) for _key, label in ABC_CLASSES],
            "series": [self.env._("Target"), self.env._("Cycle Service"),
                       self.env._("Fill Rate")],
        }

    @api.model
    def _stock_accuracy(self, warehouse_id):
        """Counted against recorded over the applied counts of the lookback (see
        jxc.balance.count), with the domain of the count moves behind it."""
        Count = self.env["jxc.balance.count"]
        accuracy = Count._accuracy(self.env.companies.ids, warehouse_id)
        engine = self.env["jxc.balance.engine"]
        today, tz = engine._company_today(self.env.company)
        domain = [
            ("is_inventory", "=", True), ("state", "=", "done"),
            ("jxc_qty_recorded", "!=", False), ("company_id", "in", self.env.companies.ids),
            ("date", ">=", fields.Datetime.to_string(engine._utc_start_of(
                today - timedelta(days=accuracy["days"]), tz))),
        ]
        if warehouse_id:
            domain += ["|", ("location_id.warehouse_id", "=", int(warehouse_id)),
                       ("location_dest_id.warehouse_id", "=", int(warehouse_id))]
        return dict(
            accuracy, domain=domain,
            title=self.env._("Stock Accuracy, last %(days)s days", days=accuracy["days"]),
            help=self.env._(
                "Applied inventory counts: by line, the share of counts within the "
                "tolerance; by value, 1 - value of the differences / value on record."))

    @api.model
    def _open_alerts(self, warehouse_id):
        if "jxc.balance.alert" not in self.env:
            return 0, []
        domain = [("state", "=", "open"), ("company_id", "in", self.env.companies.ids)]
        if warehouse_id:
            # a vendor's lead time alert has no warehouse: it concerns every one
            domain += ["|", ("warehouse_id", "=", int(warehouse_id)), ("warehouse_id", "=", False)]
        return self.env["jxc.balance.alert"].search_count(domain), domain

    @api.model
    def _cover_distribution(self, base):
        Line = self.env["jxc.balance.line"]
        labels, values, domains = [], [], []
        for low, high in COVER_BUCKETS:
            domain = base + [("avg_daily_demand", ">", 0), ("days_of_cover", ">=", low)]
            if high is not None:
                domain.append(("days_of_cover", "<", high))
                labels.append(self.env._("%(low)s-%(high)s days", low=low, high=high))
            else:
                labels.append(self.env._("over %(low)s days", low=low))
            domains.append(domain)
            values.append(Line.search_count(domain))
        no_demand = base + [("avg_daily_demand", "=", 0)]
        labels.append(self.env._("no demand"))
        values.append(Line.search_count(no_demand))
        domains.append(no_demand)
        return {"labels": labels, "values": values, "domains": domains}

    @api.model
    def _history(self):
        company = self.env.company
        today, tz = self.env["jxc.balance.engine"]._company_today(company)
        # the demand history now differs by profile: the longest one of the company's
        # profiles covers what any of its lines looked at
        return today, tz, self.env["jxc.balance.profile"]._longest_history_days(company)

    @api.model
    def _valued_done_moves(self, company_ids, start):
        """FROM and WHERE of the done moves of ``company_ids`` since ``start``, with their
        product (for its cost) and both locations (aliases m, pp, src, dst)."""
        return done_moves(company=list(company_ids), since=start,
                          joins=SQL("JOIN product_product pp ON pp.id = m.product_id"))

    @api.model
    def _warehouse_filter(self, alias, warehouse_id):
        if warehouse_id:
            return SQL("AND %s.warehouse_id = %s", SQL.identifier(alias), int(warehouse_id))
        return SQL("AND %s.warehouse_id IS NOT NULL", SQL.identifier(alias))

    @api.model
    def _stock_turnover(self, warehouse_id):
        """COGS over the history window / average stock value over the same window.

        The average stock value is rebuilt backwards from today's value: each day's
        closing value is the next day's minus that day's net flow into the warehouses.
        """
        today, tz, days = self._history()
        engine = self.env["jxc.balance.engine"]
        start = engine._utc_start_of(today - timedelta(days=days), tz)
        company_ids = self.env.companies.ids
        self.env.cr.execute(SQL(
            """
            SELECT %(day)s AS day,
                   SUM(%(value)s
                       * (CASE WHEN dst.warehouse_id IS NOT NULL %(dst_wh)s THEN 1 ELSE 0 END
                          - CASE WHEN src.warehouse_id IS NOT NULL %(src_wh)s THEN 1 ELSE 0 END))
                       AS net_in,
                   SUM(%(value)s) FILTER (WHERE dst.usage = 'customer') AS cogs
              %(moves)s
          GROUP BY 1
            """,
            day=local_day(SQL("m.date"), tz.zone), value=MOVE_VALUE,
            moves=self._valued_done_moves(company_ids, start),
            dst_wh=self._warehouse_filter("dst", warehouse_id),
            src_wh=self._warehouse_filter("src", warehouse_id),
        ))
        flows = {day: (float(net or 0), float(cogs or 0)) for day, net, cogs in
                 self.env.cr.fetchall()}
        domain = [("company_id", "in", company_ids)]
        if warehouse_id:
            domain.append(("warehouse_id", "=", int(warehouse_id)))
        current = self.env["jxc.balance.line"]._read_group(domain, [], ["stock_value:sum"])[0][0]
        value, closing_values = current or 0.0, []
        for offset in range(days):
            day = today - timedelta(days=offset)
            closing_values.append(value)
            value -= flows.get(day, (0.0, 0.0))[0]
        average = sum(closing_values) / len(closing_values) if closing_values else 0.0
        cogs = sum(cogs for _net, cogs in flows.values())
        return {"ratio": round(cogs / average, 2) if average > 0 else 0.0, "cogs": cogs,
                "average": average, "days": days}

    @api.model
    def _weekly_demand_receipts(self, warehouse_id):
        """Value delivered to customers and received from vendors, per week (12 weeks)."""
        today, tz, _days = self._history()
        first_monday = today - timedelta(days=today.weekday() + 7 * (CHART_WEEKS - 1))
        engine = self.env["jxc.balance.engine"]
        self.env.cr.execute(SQL(
            """
            SELECT date_trunc('week', m.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date,
                   SUM(%(value)s) FILTER (WHERE dst.usage = 'customer' %(src_wh)s),
                   SUM(%(value)s) FILTER (WHERE src.usage = 'supplier' %(dst_wh)s)
              %(moves)s
          GROUP BY 1
            """,
            tz=tz.zone, value=MOVE_VALUE, moves=self._valued_done_moves(
                self.env.companies.ids, engine._utc_start_of(first_monday, tz)),
            src_wh=self._warehouse_filter("src", warehouse_id),
            dst_wh=self._warehouse_filter("dst", warehouse_id),
        ))
        by_week = {week: (float(out or 0), float(inc or 0))
                   for week, out, inc in self.env.cr.fetchall()}
        weeks = [first_monday + timedelta(weeks=n) for n in range(CHART_WEEKS)]
        return {
            "labels": [fields.Date.to_string(week) for week in weeks],
            "demand": [round(by_week.get(week, (0, 0))[0], 2) for week in weeks],
            "receipts": [round(by_week.get(week, (0, 0))[1], 2) for week in weeks],
            "series": [self.env._("Demand"), self.env._("Receipts")],
        }
