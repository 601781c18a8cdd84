"""Statistics gathering for the stock balance: SQL aggregates over done stock moves.

Every query here aggregates in PostgreSQL and returns one row per product (and warehouse,
and day where it matters): nothing loops over moves in Python. The numbers feed the pure
functions of ``balance_math``.
"""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

from .. import balance_math
from .jxc_balance_line import STATE_SEVERITY

# Receipts observed over this many days give the lead time; ABC looks this far back too.
LOOKBACK_DAYS = 365
MIN_RECEIPTS = 3


class JxcBalanceEngine(models.AbstractModel):
    _name = "jxc.balance.engine"
    _description = "Stock Balance Engine"

    # ------------------------------------------------------------------ dates
    @api.model
    def _now(self):
        """The balance's clock: now (UTC), or the context's ``jxc_now`` (tests, benchmark)."""
        if self.env.context.get("jxc_now"):
            return fields.Datetime.to_datetime(self.env.context["jxc_now"])
        return fields.Datetime.now()

    @api.model
    def _company_today(self, company):
        """Today in the company's timezone: history windows end with yesterday."""
        tz = pytz.timezone(company.partner_id.tz or self.env.user.tz or "UTC")
        return pytz.utc.localize(self._now()).astimezone(tz).date(), tz

    @api.model
    def _utc_start_of(self, day, tz):
        """Naive UTC datetime of local midnight starting ``day`` (how Odoo stores dates)."""
        return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(
            tzinfo=None)

    # ------------------------------------------------------------ SQL queries
    @api.model
    def _daily_net_sales(self, company, product_ids, first_day, last_day, tz):
        """{(product_id, warehouse_id): {day: qty}} of customer deliveries minus returns.

        Deliveries are done moves leaving a location of the warehouse for a customer
        location; returns come from a customer location back into the warehouse.
        """
        # one row per product and warehouse, its days and quantities as two arrays: the
        # driver reads arrays in C, a row per day cost more than the query itself
        self.env.cr.execute(
            """
            SELECT product_id, warehouse_id, ARRAY_AGG(day), ARRAY_AGG(qty::float8)
              FROM (
                    SELECT m.product_id,
                           CASE WHEN dst.usage = 'customer' THEN src.warehouse_id
                                ELSE dst.warehouse_id END AS warehouse_id,
                           (m.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day,
                           SUM(CASE WHEN dst.usage = 'customer' THEN m.product_qty
                                    ELSE -m.product_qty END) AS qty
                      FROM stock_move m
                      JOIN stock_location src ON src.id = m.location_id
                      JOIN stock_location dst ON dst.id = m.location_dest_id
                     WHERE m.state = 'done'
                       AND m.company_id = %(company)s
                       AND m.product_id = ANY(%(products)s)
                       AND m.date >= %(start)s AND m.date < %(stop)s
                       AND ((dst.usage = 'customer' AND src.warehouse_id IS NOT NULL)
                            OR (src.usage = 'customer' AND dst.warehouse_id IS NOT NULL))
                  GROUP BY 1, 2, 3
                   ) days
          GROUP BY product_id, warehouse_id
            """,
            {
                "tz": tz.zone, "company": company.id, "products": list(product_ids),
                "start": self._utc_start_of(first_day, tz),
                "stop": self._utc_start_of(last_day + timedelta(days=1), tz),
            },
        )
        return {
            (product_id, warehouse_id): dict(zip(days, quantities, strict=True))
            for product_id, warehouse_id, days, quantities in self.env.cr.fetchall()
        }

    @api.model
    def _last_move_dates(self, company, product_ids):
        """{(product_id, warehouse_id): (last_sale, last_outgoing, first_incoming)} (UTC).

        Outgoing = any done move leaving the warehouse (sale, transfer to another
        warehouse, scrap, inventory loss...); incoming = any done move entering it.
        """
        self.env.cr.execute(
            """
            SELECT product_id, warehouse_id,
                   MAX(date) FILTER (WHERE kind = 'sale'),
                   MAX(date) FILTER (WHERE kind IN ('sale', 'out')),
                   MIN(date) FILTER (WHERE kind = 'in')
              FROM (
                    SELECT m.product_id, src.warehouse_id, m.date,
                           CASE WHEN dst.usage = 'customer' THEN 'sale' ELSE 'out' END AS kind
                      FROM stock_move m
                      JOIN stock_location src ON src.id = m.location_id
                      JOIN stock_location dst ON dst.id = m.location_dest_id
                     WHERE m.state = 'done' AND m.company_id = %(company)s
                       AND m.product_id = ANY(%(products)s)
                       AND src.warehouse_id IS NOT NULL
                       AND dst.warehouse_id IS DISTINCT FROM src.warehouse_id
                 UNION ALL
                    SELECT m.product_id, dst.warehouse_id, m.date, 'in'
                      FROM stock_move m
                      JOIN stock_location src ON src.id = m.location_id
                      JOIN stock_location dst ON dst.id = m.location_dest_id
                     WHERE m.state = 'done' AND m.company_id = %(company)s
                       AND m.product_id = ANY(%(products)s)
                       AND dst.warehouse_id IS NOT NULL
                       AND src.warehouse_id IS DISTINCT FROM dst.warehouse_id
                   ) moves
          GROUP BY product_id, warehouse_id
            """,
            {"company": company.id, "products": list(product_ids)},
        )
        return {(row[0], row[1]): row[2:] for row in self.env.cr.fetchall()}

    @api.model
    def _main_vendors(self, company, products, today):
        """{product_id: (partner_id, promised_delay)}: Odoo's first valid vendor line.

        A negative delay (Odoo accepts one; rows from before jxc_balance's constraint, or
        written in SQL) reads as 0: delivered the same day.

        Same order as ``product.product._prepare_sellers`` (sequence, min_qty desc, price,
        id), restricted to lines of this company or of no company, valid today, of an
        active vendor, for the variant or for its whole template.
        """
        self.env.cr.execute(
            """
            SELECT DISTINCT ON (pp.id) pp.id, si.partner_id, GREATEST(si.delay, 0)
              FROM product_product pp
              JOIN product_supplierinfo si ON si.product_tmpl_id = pp.product_tmpl_id
              JOIN res_partner partner ON partner.id = si.partner_id AND partner.active
             WHERE pp.id = ANY(%(products)s)
               AND (si.product_id IS NULL OR si.product_id = pp.id)
               AND (si.company_id IS NULL OR si.company_id = %(company)s)
               AND (si.date_start IS NULL OR si.date_start <= %(today)s)
               AND (si.date_end IS NULL OR si.date_end >= %(today)s)
          ORDER BY pp.id, si.sequence, si.min_qty DESC, si.price, si.id
            """,
            {"products": products.ids, "company": company.id, "today": today},
        )
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    @api.model
    def _observed_lead_times(self, company, product_ids, since):
        """{(product_id, vendor_id): [days, ...]}: purchase confirmation to receipt done."""
        self.env.cr.execute(
            """
            SELECT m.product_id, po.partner_id,
                   ARRAY_AGG(EXTRACT(EPOCH FROM (m.date - po.date_approve)) / 86400.0
                             ORDER BY m.date)
              FROM stock_move m
              JOIN stock_location src ON src.id = m.location_id
              JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
              JOIN purchase_order po ON po.id = pol.order_id
             WHERE m.state = 'done' AND m.company_id = %(company)s
               AND m.product_id = ANY(%(products)s)
               AND src.usage = 'supplier'
               AND po.date_approve IS NOT NULL AND m.date >= po.date_approve
               AND m.date >= %(since)s
          GROUP BY 1, 2
            """,
            {"company": company.id, "products": list(product_ids), "since": since},
        )
        return {(row[0], row[1]): [float(days) for days in row[2]]
                for row in self.env.cr.fetchall()}

    @api.model
    def _delivered_quantities(self, company, since):
        """{product_id: qty} delivered to customers by the company (net of returns)."""
        self.env.cr.execute(
            """
            SELECT m.product_id,
                   SUM(CASE WHEN dst.usage = 'customer' THEN m.product_qty
                            ELSE -m.product_qty END)
              FROM stock_move m
              JOIN stock_location src ON src.id = m.location_id
              JOIN stock_location dst ON dst.id = m.location_dest_id
             WHERE m.state = 'done' AND m.company_id = %(company)s AND m.date >= %(since)s
               AND ((dst.usage = 'customer' AND src.usage <> 'customer')
                    OR (src.usage = 'customer' AND dst.usage <> 'customer'))
          GROUP BY 1
            """,
            {"company": company.id, "since": since},
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _product_facts(self, product_ids):
        """{product_id: (category parent_path, UoM rounding)} in one query.

        Read through the ORM, the first ``product.categ_id`` loads every stored field of
        every product and template of the batch (names and descriptions included).
        """
        self.env.cr.execute(
            """
            SELECT pp.id, COALESCE(categ.parent_path, ''), uom.rounding
              FROM product_product pp
              JOIN product_template tmpl ON tmpl.id = pp.product_tmpl_id
              JOIN uom_uom uom ON uom.id = tmpl.uom_id
         LEFT JOIN product_category categ ON categ.id = tmpl.categ_id
             WHERE pp.id = ANY(%s)
            """,
            (list(product_ids),),
        )
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    # ------------------------------------------------------------- company-wide
    @api.model
    def _balance_products(self, company):
        """Storable, active products the company can hold."""
        return self.env["product.product"].with_context(active_test=True).search([
            ("is_storable", "=", True),
            ("company_id", "in", [False, company.id]),
        ], order="id")

    @api.model
    def _abc_by_product(self, company, products, since):
        """ABC class and consumption value of every balanced product of the company."""
        quantities = self._delivered_quantities(company, since)
        sold = products.filtered(lambda p: quantities.get(p.id, 0) > 0)
        costs = {p.id: p.standard_price for p in sold.with_company(company)}
        values = {pid: quantities[pid] * costs[pid] for pid in costs}
        pinned = {
            p.id: p.jxc_abc_class_pinned
            for p in products.with_company(company).filtered("jxc_abc_class_pinned")
        }
        classes = balance_math.abc_classes(
            {p.id: values.get(p.id, 0.0) for p in products},
            company.jxc_abc_threshold_a, company.jxc_abc_threshold_b, pinned=pinned)
        return classes, values

    # ---------------------------------------------------------------- per batch
    @api.model
    def _prepare_company_run(self, company):
        """What every batch of one company's run shares: dates, warehouses.

        The ABC classes are added by ``_run_abc`` when first needed.
        """
        # the statistics are read in SQL: pending ORM writes (moves, orders) go first
        self.env.flush_all()
        today, tz = self._company_today(company)
        return {
            "company": company, "today": today, "tz": tz,
            "since": self._utc_start_of(today - timedelta(days=LOOKBACK_DAYS), tz),
            "warehouses": self.env["stock.warehouse"].search(
                [("company_id", "=", company.id)], order="id"),
        }

    @api.model
    def _run_abc(self, run):
        """(ABC classes, consumption values) of the run's company, computed once per run."""
        if "abc" not in run:
            self.env.flush_all()  # the ABC reads done moves in SQL
            products = self._balance_products(run["company"])
            run["abc"], run["consumption"] = self._abc_by_product(
                run["company"], products, run["since"])
        return run["abc"], run["consumption"]

    @api.model
    def _read_statistics(self, run, products):
        """What ``_compute_batch`` reads for a batch of products, as plain data.

        Only reads (no ORM write, no record in the result): the pipeline of
        ``_statistics_batches`` calls it on a second connection too.
        """
        self.env.flush_all()  # the statistics are read in SQL: pending ORM writes go first
        company, today, tz = run["company"], run["today"], run["tz"]
        # each line cuts its profile's window from the longest one
        history_days = self.env["jxc.balance.profile"]._longest_history_days(company)
        last_day = today - timedelta(days=1)
        first_day = last_day - timedelta(days=history_days - 1)
        # the seasonal forecast reads a longer history than the flat average's window
        read_first = last_day - timedelta(days=self._forecast_read_days(history_days) - 1)
        return {
            "sales": self._daily_net_sales(company, products.ids, min(first_day, read_first),
                                           last_day, tz),
            "last_dates": self._last_move_dates(company, products.ids),
            "vendors": self._main_vendors(company, products, today),
            "observed": self._observed_lead_times(company, products.ids, run["since"]),
            "facts": self._product_facts(products.ids),
            # Odoo's on hand, incoming and outgoing quantities in each warehouse
            "quantities": {
                warehouse_id: products.with_company(company).with_context(
                    warehouse_id=warehouse_id)._compute_quantities_dict(None, None, None)
                for warehouse_id in run["warehouses"].ids
            },
        }

    @api.model
    def _compute_batch(self, run, products, statistics=None):
        """Line values {(product_id, warehouse_id): vals} for a batch of products.

        ``statistics``: what ``_read_statistics`` returns for these products, when already
        read (by the pipeline); read here otherwise.
        """
        company, today, tz = run["company"], run["today"], run["tz"]
        if statistics is None:
            statistics = self._read_statistics(run, products)
        sales, last_dates, vendors, observed, facts, quantities_by_warehouse = (
            statistics[name]
            for name in ("sales", "last_dates", "vendors", "observed", "facts", "quantities"))
        abc_classes, consumption = self._run_abc(run)
        products = products.with_company(company)
        costs = {p.id: p.standard_price for p in products}
        profiles = self.env["jxc.balance.profile"]._resolve_for_products(
            company, products, abc_classes)
        pinned_ss = {p.id: p.jxc_safety_stock_pinned for p in products if p.jxc_pin_safety_stock}
        # the run's clock: _stale_products compares the stamp with the start of the run's
        # day, so both read the same (jxc_now) clock, as the drafts cron's stamp does
        now = self._now()
        # settings read once, not once per line (each field read goes through the ORM)
        days_to_purchase = max(company.days_to_purchase or 0.0, 0.0)
        state_days = {
            "slow_days": company.jxc_slow_days, "dead_days": company.jxc_dead_days,
            "overstock_days": company.jxc_overstock_days,
        }
        result = {}
        for warehouse_id in run["warehouses"].ids:
            quantities = quantities_by_warehouse[warehouse_id]
            for product_id in products.ids:
                if product_id not in facts:
                    # deleted by another transaction since this one began, seen by the
                    # statistics' helper (``_statistics_batches``): its lines go with it
                    continue
                key = (product_id, warehouse_id)
                vendor_id, promised = vendors.get(product_id, (False, 0))
                abc_class = abc_classes.get(product_id, "c")
                profile = profiles[product_id]
                policy = profile.settings
                by_day = sales.get(key, {})
                # a day whose returns exceed its sales counts as a day without demand
                demand_by_day = {day: qty for day, qty in by_day.items() if qty > 0}
                categ_path, rounding = facts[product_id]
                last_sale, last_out, first_in = (
                    self._local_date(utc, tz) for utc in last_dates.get(key, (None, None, None)))
                params = self._forecast_parameters(
                    run, categ_path, vendor_id, by_day, demand_by_day, first_in,
                    policy.history_days,
                    observed_lead_times=observed.get((product_id, vendor_id), []),
                    promised_lead_time=promised or 0.0,
                    days_to_purchase=days_to_purchase,
                    # the target read as a cycle service level, whatever its metric
                    service_level=policy.service_level,
                    cover_days=policy.cover_days,
                    seasonal_allowed=policy.forecast_method != "flat",
                    rounding=rounding,
                    pinned_safety_stock=pinned_ss.get(product_id),
                )
                qty = quantities[product_id]
                qty_available = qty["qty_available"]
                qty_forecast = qty_available + qty["incoming_qty"] - qty["outgoing_qty"]
                cover = balance_math.days_of_cover(qty_available, params["avg_daily_demand"])
                idle_since_out = last_out or first_in
                idle_since_sale = last_sale or first_in
                days_without_sale = self._days_since(idle_since_sale, today)
                state = balance_math.balance_state(
                    qty_available=qty_available, qty_forecast=qty_forecast,
                    safety_stock=params["safety_stock"],
                    reorder_point=params["reorder_point"], days_of_cover=cover,
                    days_without_outgoing=self._days_since(idle_since_out, today),
                    days_without_sale=days_without_sale,
                    **state_days,
                )
                result[key] = dict(
                    params,
                    company_id=company.id,
                    vendor_id=vendor_id,
                    lead_time_promised=promised or 0.0,
                    lead_time_observed=(
                        sum(observed[product_id, vendor_id]) / len(observed[product_id, vendor_id])
                        if params["lead_time_source"] == "observed" else 0.0),
                    receipt_count=len(observed.get((product_id, vendor_id), [])),
                    service_level=policy.service_level,
                    profile_id=profile.profile_id,
                    profile_source=profile.source,
                    abc_class=abc_class,
                    consumption_value=consumption.get(product_id, 0.0),
                    qty_available=qty_available,
                    qty_incoming=qty["incoming_qty"],
                    qty_outgoing=qty["outgoing_qty"],
                    qty_forecast=qty_forecast,
                    days_of_cover=cover if cover is not None else False,
                    stock_value=qty_available * costs[product_id],
                    last_sale_date=last_sale or False,
                    days_without_sale=days_without_sale or 0,
                    last_outgoing_date=last_out or False,
                    state=state,
                    state_priority=STATE_SEVERITY[state],
                    computed_at=now,
                    active=True,
                )
        return result

    @api.model
    def _local_date(self, utc_datetime, tz):
        if not utc_datetime:
            return False
        return pytz.utc.localize(utc_datetime).astimezone(tz).date()

    @api.model
    def _days_since(self, local_day, today):
        """Whole days from ``local_day`` to today (never negative); None without a day."""
        if not local_day:
            return None
        return max((today - local_day).days, 0)
