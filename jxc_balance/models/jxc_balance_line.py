import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..notification import success_notification

_logger = logging.getLogger(__name__)

BALANCE_STATES = [
    ("dead", "Dead Stock"),
    ("slow", "Slow-moving"),
    ("shortage", "Shortage"),
    ("reorder", "To Reorder"),
    ("overstock", "Overstock"),
    ("balanced", "Balanced"),
]
# Worst first: a product's summary state is the worst over its warehouses.
STATE_SEVERITY = {state: rank for rank, state in enumerate(
    ("shortage", "reorder", "dead", "slow", "overstock", "balanced"))}
ABC_CLASSES = [("a", "A"), ("b", "B"), ("c", "C")]
XYZ_CLASSES = [("x", "X"), ("y", "Y"), ("z", "Z")]
FORECAST_METHODS = [("flat", "Flat Average"), ("seasonal", "Seasonal")]
PROFILE_SOURCES = [("product", "Product"), ("category", "Product Category"),
                   ("abc", "ABC Class")]
# A recompute works in at least this many chunks (of at least PIPELINE_MIN_CHUNK products):
# the statistics of a chunk are read while the one before is computed.
PIPELINE_CHUNKS = 4
PIPELINE_MIN_CHUNK = 250


class JxcBalanceLine(models.Model):
    _name = "jxc.balance.line"
    _description = "Stock Balance Line"
    _order = "state_priority, days_of_cover, product_id, warehouse_id"
    _rec_name = "product_id"
    _check_company_auto = True

    product_id = fields.Many2one(
        "product.product", required=True, index=True, ondelete="cascade",
        check_company=True)
    product_tmpl_id = fields.Many2one(related="product_id.product_tmpl_id", store=True)
    categ_id = fields.Many2one(related="product_id.categ_id", store=True, string="Category")
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, index=True, ondelete="cascade",
        check_company=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    active = fields.Boolean(default=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    currency_id = fields.Many2one(related="company_id.currency_id")
    vendor_id = fields.Many2one("res.partner", string="Main Vendor", readonly=True)

    # statistics keep 4 decimals: a demand of 0.0333 a day is not 0.03
    avg_daily_demand = fields.Float(string="Average Daily Demand", digits=(16, 4), readonly=True)
    demand_std = fields.Float(string="Demand Std. Deviation", digits=(16, 4), readonly=True)
    lead_time_days = fields.Float(string="Lead Time (days)", digits=(16, 4), readonly=True)
    lead_time_std = fields.Float(string="Lead Time Std. Deviation (days)", digits=(16, 4),
                                 readonly=True)
    lead_time_promised = fields.Float(
        string="Promised Lead Time (days)", digits=(16, 2), readonly=True,
        help="The main vendor's delivery lead time on its vendor pricelist line.")
    lead_time_observed = fields.Float(
        string="Observed Lead Time (days)", digits=(16, 2), readonly=True,
        help="Mean days from purchase confirmation to receipt over the last 365 days, "
        "when at least 3 receipts from the main vendor were observed.")
    lead_time_source = fields.Selection(
        [("promised", "Promised by Vendor"), ("observed", "Observed on Receipts")],
        readonly=True)
    receipt_count = fields.Integer(string="Receipts Observed", readonly=True)
    service_level = fields.Float(digits=(5, 4), readonly=True)
    # which profile gave the line its service level, cover, history and count interval
    profile_id = fields.Many2one(
        "jxc.balance.profile", string="Balance Profile", readonly=True, ondelete="set null")
    profile_source = fields.Selection(
        PROFILE_SOURCES, string="Profile From", readonly=True,
        help="Why this profile applies: named by the product, by its category (or a parent "
        "category), or the profile of the line's ABC class.")
    safety_stock = fields.Float(digits="Product Unit of Measure", readonly=True)
    reorder_point = fields.Float(digits="Product Unit of Measure", readonly=True)
    max_qty = fields.Float(string="Max Level", digits="Product Unit of Measure", readonly=True)
    qty_available = fields.Float(string="On Hand", digits="Product Unit of Measure",
                                 readonly=True)
    qty_incoming = fields.Float(string="Incoming", digits="Product Unit of Measure",
                                readonly=True)
    qty_outgoing = fields.Float(string="Outgoing", digits="Product Unit of Measure",
                                readonly=True)
    qty_forecast = fields.Float(
        string="Forecast", digits="Product Unit of Measure", readonly=True,
        help="On hand + incoming - outgoing.")
    days_of_cover = fields.Float(
        digits=(16, 1), readonly=True,
        help="On hand divided by the average daily demand; empty without demand.")
    stock_value = fields.Monetary(currency_field="currency_id", readonly=True)
    consumption_value = fields.Monetary(
        string="Consumption Value (365 d)", currency_field="currency_id", readonly=True)
    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class", readonly=True)
    xyz_class = fields.Selection(XYZ_CLASSES, string="XYZ Class", readonly=True)
    last_sale_date = fields.Date(readonly=True)
    days_without_sale = fields.Integer(
        readonly=True, aggregator="max",
        help="Days since the last customer delivery from this warehouse (or since the stock "
        "arrived, if it never sold).")
    last_outgoing_date = fields.Date(string="Last Outgoing Move", readonly=True)
    state = fields.Selection(BALANCE_STATES, string="Balance State", readonly=True, index=True)
    state_priority = fields.Integer(
        readonly=True, default=len(STATE_SEVERITY),
        help="Lists show what needs attention first: shortage, reorder, dead, slow, overstock.")
    # indexed: deleting a reordering rule (Odoo's Replenishment deletes processed manual
    # rules on every refresh) otherwise scans every balance line for the foreign key
    orderpoint_id = fields.Many2one(
        "stock.warehouse.orderpoint", string="Reordering Rule", readonly=True,
        ondelete="set null", index="btree_not_null")
    computed_at = fields.Datetime(string="Last Computed", readonly=True)
    drafts_checked_at = fields.Datetime(
        string="Reorder Last Checked", readonly=True,
        help="When the daily reorder run last looked at this line (it drafts in batches).")

    # seasonal forecast and events (issue 7): stored by each recompute
    forecast_method = fields.Selection(
        FORECAST_METHODS, readonly=True, default="flat",
        help="Flat: the average daily demand of the history window. Seasonal: that level "
        "times last year's same weeks over last year's level. The method with the lower "
        "backtest error is used.")
    forecast_daily_demand = fields.Float(
        digits=(16, 4), readonly=True,
        help="Forecast daily demand over the lead time plus the cover days, season and "
        "events included.")
    forecast_demand = fields.Float(
        string="Forecast Demand (lead time + cover)", digits="Product Unit of Measure",
        readonly=True)
    seasonal_index = fields.Float(
        string="Forecast Index", digits=(16, 2), readonly=True,
        help="Forecast demand over the lead time plus cover days divided by the flat "
        "average's: above 1 the season or an event asks for more.")
    forecast_tested = fields.Boolean(
        string="Backtested", readonly=True,
        help="The forecast was backtested on past sales (MAPE and bias are meaningful).")
    forecast_mape = fields.Float(
        string="Forecast MAPE (%)", digits=(16, 1), readonly=True, aggregator="avg",
        help="Mean absolute percentage error of the chosen method's forecasts made at past "
        "dates against what was then sold.")
    forecast_bias = fields.Float(
        string="Forecast Bias (%)", digits=(16, 1), readonly=True, aggregator="avg",
        help="Total forecast minus total sales over the backtest, in % of sales: above 0 "
        "the forecast ran high.")
    flat_mape = fields.Float(string="Flat MAPE (%)", digits=(16, 1), readonly=True,
                             aggregator="avg")
    seasonal_mape = fields.Float(string="Seasonal MAPE (%)", digits=(16, 1), readonly=True,
                                 aggregator="avg")
    backtest_origins = fields.Integer(
        readonly=True, help="Past dates the forecast was backtested from.")
    lead_time_extension = fields.Float(
        string="Lead Time Extension (days)", digits=(16, 2), readonly=True,
        help="Days an event (e.g. a supplier's holiday shutdown) adds to the lead time.")
    event_id = fields.Many2one(
        "jxc.balance.event", readonly=True, ondelete="set null",
        help="The event that raises this line's forecast or lead time.")
    event_uplift = fields.Float(digits=(16, 2), readonly=True, default=1.0)

    _sql_constraints = [
        ("product_warehouse_uniq", "unique(product_id, warehouse_id)",
         "A product has one balance line per warehouse."),
    ]

    def init(self):
        # The nightly recompute rewrites every line. Room left on each page lets PostgreSQL
        # write the new version beside the old one (a HOT update: no new entry in the
        # line's indexes, and the old version is reclaimed by the next page visit).
        self.env.cr.execute("ALTER TABLE jxc_balance_line SET (fillfactor = 50)")

    @api.model
    def _check_manager(self):
        if not self.env.user.has_group("jxc_balance.group_jxc_balance_manager"):
            raise AccessError(self.env._("Only a Balance Manager can recompute the stock balance."))

    # ------------------------------------------------------------------ actions
    def action_recompute(self):
        """Recompute every balance line of the user's companies now (Balance Manager).

        Runs in the caller's transaction: all lines are written, or none. Also what the
        daily cron does, batch by batch.
        """
        self._check_manager()
        self._acquire_run_lock(raise_if_busy=True)
        companies = self.env.user.company_ids
        lines = self.browse()
        # The recompute maintains the balance's own records and Odoo's reordering rules
        # for every product: once the caller is known to be a Balance Manager, it runs
        # with the rights of the system, like the cron.
        for company in companies:
            lines |= self.sudo().with_company(company)._recompute_company(company)
        return success_notification(
            self.env._("Stock balance recomputed"),
            self.env._("%(count)s balance lines recomputed in %(companies)s companies.",
                       count=len(lines), companies=len(companies)))

    def action_export_xlsx(self, warehouse_id=False):
        """Download the balance as an Excel workbook (Balance User).

        The selected lines, or every line the user can read when called on no record
        (from the dashboard), optionally of one warehouse.
        """
        if not self.env.user.has_group("jxc_balance.group_jxc_balance_user"):
            raise AccessError(self.env._("Only Balance Users can export the balance."))
        lines = self
        if not lines:
            domain = [("company_id", "in", self.env.companies.ids)]
            if warehouse_id:
                domain.append(("warehouse_id", "=", int(warehouse_id)))
            lines = self.search(domain)
        return self.env["jxc.balance.export"].export_lines(lines, warehouse_id=warehouse_id)

    @api.model
    def _cron_recompute(self, batch_size=2000):
        """Daily cron: recompute lines not yet computed today, ``batch_size`` products a call.

        Each call is one transaction (the cron framework commits after it and calls again
        while work remains), so a worker killed mid-run loses one batch at most and the
        next call finishes the job.
        """
        if not self._acquire_run_lock(raise_if_busy=False):
            _logger.info("stock balance: a recompute is already running, skipping this call")
            return
        engine = self.env["jxc.balance.engine"]
        done = remaining = 0
        # every company: the cron runs for all of them, and there are a handful
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            run = engine._prepare_company_run(company)
            self._archive_obsolete(run)
            stale = self._stale_products(run)
            if done < batch_size and stale:
                batch = stale[:batch_size - done]
                self._recompute_products(run, batch)
                done += len(batch)
                stale = stale[len(batch):]
            remaining += len(stale)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    # ---------------------------------------------------------------- internals
    @api.model
    def _acquire_run_lock(self, raise_if_busy):
        """Serialise recomputes: one transaction-scoped advisory lock for all of them."""
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(hashtext('jxc_balance.recompute'))")
        acquired = self.env.cr.fetchone()[0]
        if not acquired and raise_if_busy:
            raise UserError(self.env._(
                "A stock balance recompute is already running. Try again when it has finished."))
        return acquired

    @api.model
    def _recompute_company(self, company, chunk_size=5000):
        engine = self.env["jxc.balance.engine"]
        run = engine._prepare_company_run(company)
        self._archive_obsolete(run)
        return self._recompute_products(run, engine._balance_products(company), chunk_size)

    @api.model
    def _stale_products(self, run):
        """Balance products of the run's company with a warehouse not computed today."""
        company, warehouses = run["company"], run["warehouses"]
        self.env.flush_all()
        products = self.env["jxc.balance.engine"]._balance_products(company)
        if not warehouses:
            return products.browse()
        today_start = self.env["jxc.balance.engine"]._utc_start_of(run["today"], run["tz"])
        self.env.cr.execute(
            """
            SELECT product_id FROM jxc_balance_line
             WHERE company_id = %s AND active AND computed_at >= %s AND warehouse_id = ANY(%s)
          GROUP BY product_id HAVING COUNT(*) = %s
            """,
            (company.id, today_start, warehouses.ids, len(warehouses)),
        )
        fresh = {row[0] for row in self.env.cr.fetchall()}
        return products.filtered(lambda p: p.id not in fresh)

    @api.model
    def _archive_obsolete(self, run):
        """Lines of products no longer balanced or of archived warehouses are archived."""
        obsolete = self.search([
            ("company_id", "=", run["company"].id),
            "|", ("warehouse_id", "not in", run["warehouses"].ids),
            ("product_id", "not in", self.env["jxc.balance.engine"]._balance_products(
                run["company"]).ids),
        ])
        obsolete.write({"active": False})

    @api.model
    def _recompute_products(self, run, products, chunk_size=5000):
        """Compute, then create or update the lines of ``products`` in every warehouse.

        At most ``chunk_size`` products at a time; the statistics of the next chunk are read
        while the current one is computed (``_statistics_batches``), so a run of few
        products is cut in several chunks too.
        """
        engine = self.env["jxc.balance.engine"]
        size = min(chunk_size, max(-(-len(products) // PIPELINE_CHUNKS), PIPELINE_MIN_CHUNK))
        chunks = [products[start:start + size] for start in range(0, len(products), size)]
        lines = self.browse()
        for chunk, statistics in engine._statistics_batches(run, chunks):
            lines |= self._write_lines(run, chunk, engine._compute_batch(run, chunk, statistics))
        return lines

    @api.model
    def _write_lines(self, run, products, values):
        """Create or update the lines of ``products`` with ``values`` from ``_compute_batch``."""
        self.flush_model()
        self.env.cr.execute(
            """
            SELECT id, product_id, warehouse_id FROM jxc_balance_line
             WHERE product_id = ANY(%s) AND warehouse_id = ANY(%s)
            """,
            (products.ids, run["warehouses"].ids),
        )
        by_key = {(product_id, warehouse_id): line_id
                  for line_id, product_id, warehouse_id in self.env.cr.fetchall()}
        updates = {by_key[key]: vals for key, vals in values.items() if key in by_key}
        self._bulk_update(updates)
        created = self._bulk_create([
            dict(vals, product_id=key[0], warehouse_id=key[1])
            for key, vals in values.items() if key not in by_key
        ])
        lines = self.browse(list(updates) + created)
        self._sync_orderpoints(lines)
        return lines

    # ------------------------------------------------------------- bulk writes
    # The engine writes tens of thousands of lines a night. These fields have no stored
    # dependents, no tracking and no inverse, so writing them in one SQL statement per
    # batch (column arrays through unnest) and invalidating the cache is equivalent to the
    # ORM's per-record create/write and some 30x faster. Values are rounded and cast as the
    # ORM's convert_to_column would.

    @api.model
    def _sql_column_arrays(self, names, rows):
        """For each field: (name, SQL of its array parameter, SQL of the rounded value)."""
        company = self.env["res.company"].browse(
            next((row["company_id"] for row in rows if row.get("company_id")), False)
        ) or self.env.company
        columns = []
        for name in names:
            field = self._fields[name]
            sql_type = field.column_type[1]
            value_sql = SQL("v.%s", SQL.identifier(name))
            if field.type in ("float", "monetary"):
                values = [row[name] or 0.0 for row in rows]
            elif field.type == "integer":
                values = [int(row[name] or 0) for row in rows]
            elif field.type == "boolean":
                values = [bool(row[name]) for row in rows]
            else:
                values = [row[name] or None for row in rows]
            values = _array_literal(values)
            if field.type == "monetary":
                scale = company.currency_id.decimal_places
            elif field.type == "float":
                digits = field.get_digits(self.env)
                scale = digits[1] if digits else None
            else:
                scale = None
            if scale is not None:
                # sent as numeric (Python's shortest repr of each float), not float8:
                # PostgreSQL's float8 -> numeric cast costs more than the whole update
                array_sql = SQL("%s::numeric[]", values)
                value_sql = SQL("ROUND(%s, %s)", value_sql, scale)
            else:
                array_sql = SQL("%s::%s[]", values, SQL(sql_type))
            columns.append((name, array_sql, SQL("%s::%s", value_sql, SQL(sql_type))))
        return columns

    @api.model
    def _bulk_update(self, values_by_id):
        """One UPDATE for many lines with different values (all with the same keys)."""
        if not values_by_id:
            return
        rows = list(values_by_id.values())
        names = [name for name in rows[0] if name in self._fields]
        self.flush_model(names)  # no pending ORM write may land on top of these values
        columns = self._sql_column_arrays(names, rows)
        self.env.cr.execute(SQL(
            """
            UPDATE jxc_balance_line AS line
               SET %(assignments)s, write_uid = %(uid)s, write_date = NOW() AT TIME ZONE 'UTC'
              FROM unnest(%(ids)s::int4[], %(arrays)s) AS v(id, %(names)s)
             WHERE line.id = v.id
            """,
            assignments=SQL(", ").join(
                SQL("%s = %s", SQL.identifier(name), value) for name, _array, value in columns),
            uid=self.env.uid, ids=_array_literal(values_by_id),
            arrays=SQL(", ").join(array for _name, array, _value in columns),
            names=SQL(", ").join(SQL.identifier(name) for name, _array, _value in columns),
        ))
        self.invalidate_model(names)

    @api.model
    def _bulk_create(self, vals_list):
        """One INSERT for many lines (all with the same keys); returns their ids in order.

        The stored related fields (template, category) are read from the product in the
        same statement.
        """
        if not vals_list:
            return []
        # the fields' defaults, as create() would apply them, for what the values leave out
        defaults = self.default_get([
            name for name, field in self._fields.items()
            if field.store and field.column_type and field.default
            and name not in vals_list[0] and name not in models.MAGIC_COLUMNS
        ])
        if defaults:
            vals_list = [dict(defaults, **vals) for vals in vals_list]
        names = [name for name in vals_list[0] if name in self._fields
                 and name not in ("product_tmpl_id", "categ_id")]
        columns = self._sql_column_arrays(names, vals_list)
        self.env.cr.execute(SQL(
            """
            INSERT INTO jxc_balance_line (product_tmpl_id, categ_id, create_uid, create_date,
                                          write_uid, write_date, %(names)s)
                 SELECT tmpl.id, tmpl.categ_id, %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s,
                        NOW() AT TIME ZONE 'UTC', %(values)s
                   FROM unnest(%(arrays)s) WITH ORDINALITY AS v(%(names)s, position)
                   JOIN product_product product ON product.id = v.product_id
                   JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
               ORDER BY v.position
              RETURNING id
            """,
            names=SQL(", ").join(SQL.identifier(name) for name, _array, _value in columns),
            values=SQL(", ").join(value for _name, _array, value in columns),
            arrays=SQL(", ").join(array for _name, array, _value in columns),
            uid=self.env.uid,
        ))
        ids = [row[0] for row in self.env.cr.fetchall()]
        if len(ids) != len(vals_list):
            raise UserError(self.env._("Some products of the balance no longer exist."))
        return ids

    def _sync_orderpoints(self, lines):
        """Write min = reorder point and max = max level onto the standard reordering rule.

        A missing rule is created (trigger manual) once there is something to reorder; a
        rule of a product without demand history is left as the user set it.
        """
        if not lines:
            return
        Orderpoint = self.env["stock.warehouse.orderpoint"].with_context(active_test=False)
        self.flush_model()
        Orderpoint.flush_model()
        # lines and their rule side by side in one query: reading them through the ORM
        # cost a second per 10,000 lines; Odoo allows one rule per product and location
        self.env.cr.execute(
            """
            SELECT line.id, line.product_id, line.warehouse_id, line.company_id,
                   warehouse.lot_stock_id, line.reorder_point, line.max_qty,
                   line.avg_daily_demand > 0, line.orderpoint_id,
                   rule.id, rule.active, rule.jxc_managed,
                   (rule.product_min_qty, rule.product_max_qty)
                       IS DISTINCT FROM (line.reorder_point, line.max_qty)
              FROM jxc_balance_line line
              JOIN stock_warehouse warehouse ON warehouse.id = line.warehouse_id
         LEFT JOIN stock_warehouse_orderpoint rule
                ON rule.product_id = line.product_id
               AND rule.location_id = warehouse.lot_stock_id
               AND rule.company_id = line.company_id
             WHERE line.id = ANY(%s)
          ORDER BY line.id
            """,
            (_array_literal(lines.ids),),
        )
        to_write = defaultdict(list)
        to_create, created_for, links = [], [], {}
        for (line_id, product_id, warehouse_id, company_id, location_id, reorder_point,
             max_qty, has_demand, linked_id, rule_id, rule_active, rule_managed,
             rule_differs) in self.env.cr.fetchall():
            if rule_id:
                if linked_id != rule_id:
                    links[line_id] = {"orderpoint_id": rule_id}
                if not rule_active or not (has_demand or rule_managed):
                    continue
                if rule_differs or not rule_managed:
                    to_write[reorder_point, max_qty].append(rule_id)
            elif reorder_point > 0:
                to_create.append({
                    "product_id": product_id,
                    "warehouse_id": warehouse_id,
                    "location_id": location_id,
                    "company_id": company_id,
                    "trigger": "manual",
                    "product_min_qty": reorder_point,
                    "product_max_qty": max_qty,
                    "jxc_managed": True,
                })
                created_for.append(line_id)
        for (min_qty, max_qty), rule_ids in to_write.items():
            Orderpoint.browse(rule_ids).write({
                "product_min_qty": min_qty, "product_max_qty": max_qty, "jxc_managed": True})
        for vals, name in zip(to_create, self._next_orderpoint_names(len(to_create)), strict=True):
            vals["name"] = name
        for line_id, orderpoint in zip(created_for, Orderpoint.create(to_create), strict=True):
            links[line_id] = {"orderpoint_id": orderpoint.id}
        self._bulk_update(links)

    @api.model
    def _next_orderpoint_names(self, count):
        """``count`` names from Odoo's reordering-rule sequence (OP/00001...), drawn at once.

        Each rule created without a name draws its own (2 queries a rule); a standard
        sequence gives them all in one query, with the same numbers and format.
        """
        if not count:
            return []
        sequence = self.env["ir.sequence"].sudo().search([
            ("code", "=", "stock.orderpoint"),
            ("company_id", "in", [self.env.company.id, False]),
        ], order="company_id", limit=1)
        if not sequence:
            return [self.env._("Reordering Rule")] * count
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence.next_by_id() for _index in range(count)]
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            (f"ir_sequence_{sequence.id:03d}", count),
        )
        prefix, suffix = sequence._get_prefix_suffix()
        return [f"{prefix}{number:0{sequence.padding}d}{suffix}"
                for (number,) in self.env.cr.fetchall()]

    # ----------------------------------------------------------- reorder drafts
    def action_generate_reorder_drafts(self):
        """Draft RFQs for every line in shortage or reorder (Balance Manager or buyer).

        Runs Odoo's own procurement on the lines' reordering rules: the purchase rules
        choose the vendor, apply its minimum quantity, packaging and purchase unit, and
        create or extend one RFQ per vendor. Returns a notification with the count.
        """
        user = self.env.user
        if not (user.has_group("jxc_balance.group_jxc_balance_manager")
                or user.has_group("purchase.group_purchase_user")):
            raise AccessError(self.env._(
                "Only a Balance Manager or a purchase user can draft reorders."))
        domain = [("company_id", "in", user.company_ids.ids)]
        if self:
            domain.append(("id", "in", self.ids))
        orders = self.sudo().search(domain)._generate_reorder_drafts()
        return success_notification(
            self.env._("Reorder drafts"),
            self.env._("%(count)s requests for quotation drafted or extended.",
                       count=len(orders)))

    @api.model
    def _cron_generate_reorder_drafts(self, batch_size=1000):
        """Daily cron: draft RFQs for the lines in need, ``batch_size`` lines a call.

        Each call is one transaction (the cron framework commits after it and calls again
        while lines remain, as for the recompute): a worker killed mid-run loses one batch
        at most, and a shop of tens of thousands of needs stays inside the worker's CPU
        limit. A line is looked at once a day; what a batch drafted is not drafted again
        (its RFQ line answers the need), the RFQs of one vendor are extended call after call.
        """
        engine = self.env["jxc.balance.engine"]
        done = remaining = 0
        # every company: the cron runs for all of them, and there are a handful
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            today_start = engine._utc_start_of(*engine._company_today(company))
            pending = self.search([
                ("company_id", "=", company.id),
                ("state", "in", ("shortage", "reorder")),
                "|", ("drafts_checked_at", "=", False),
                ("drafts_checked_at", "<", today_start),
            ], order="id")
            batch = pending[:max(batch_size - done, 0)]
            if batch:
                batch._generate_reorder_drafts()
                batch.write({"drafts_checked_at": engine._now()})
                done += len(batch)
            remaining += len(pending) - len(batch)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _generate_reorder_drafts(self):
        """Procure the reordering rules of the lines in need; returns the RFQs touched."""
        needs = self.filtered(lambda line: line.active and line.state in ("shortage", "reorder"))
        orders = self.env["purchase.order"]
        for company in needs.company_id:
            lines = needs.filtered(lambda line, c=company: line.company_id == c)
            lines = lines._filter_draftable()
            if lines:
                # one rule search per distinct set of routes instead of several per product
                # (procurement.group._search_rule_for_warehouses): no rule changes meanwhile
                orders |= lines.with_company(company).with_context(
                    jxc_rule_cache={})._procure_lines()
        return orders

    def _filter_draftable(self):
        """Lines whose product can be bought and whose need no RFQ already answers.

        A draft RFQ waiting for approval belongs to the buyers: the run neither adds to it
        nor overwrites their edits. A draft a buyer cancelled today is not drafted again
        the same day.
        """
        buyable = self.filtered(
            lambda line: line.product_id.purchase_ok and line.vendor_id and line.orderpoint_id
            and line.orderpoint_id.active)
        # Legacy data Odoo refuses today (e.g. written in SQL): a purchase unit of another
        # category than the product's cannot be converted and would fail the whole run.
        # Such products are left out and named in the log, the others are drafted.
        mismatched = buyable.filtered(
            lambda line: line.product_id.uom_po_id.category_id != line.uom_id.category_id)
        if mismatched:
            _logger.warning(
                "stock balance: not drafting %s: purchase unit of another category than the "
                "product's unit", ", ".join(mismatched.product_id.mapped("display_name")))
            buyable -= mismatched
        if not buyable:
            return buyable
        today_start = self.env["jxc.balance.engine"]._utc_start_of(
            *self.env["jxc.balance.engine"]._company_today(buyable.company_id[:1]))
        open_lines = self.env["purchase.order.line"].search([
            ("product_id", "in", buyable.product_id.ids),
            ("company_id", "in", buyable.company_id.ids),
            "|", ("order_id.state", "in", ("draft", "sent", "to approve")),
            "&", "&", ("order_id.state", "=", "cancel"), ("order_id.jxc_drafted", "=", True),
            ("order_id.write_date", ">=", today_start),
        ])
        answered = {
            (line.product_id.id, line.order_id.picking_type_id.warehouse_id.id)
            for line in open_lines
        }
        return buyable.filtered(
            lambda line: (line.product_id.id, line.warehouse_id.id) not in answered)

    def _procure_lines(self):
        orderpoints = self.orderpoint_id
        # as Odoo's Replenishment does for the rules it creates: a route the rule already
        # has (chosen by a user, or on an earlier run) is kept
        orderpoints.filtered(lambda orderpoint: not orderpoint.route_id)._set_default_route_id()
        quantities = orderpoints._jxc_quantities_to_order()
        for line in self:
            orderpoint = line.orderpoint_id
            seller = line.product_id._select_seller(
                partner_id=line.vendor_id, quantity=None, uom_id=line.product_id.uom_id)
            min_qty = seller.product_uom._compute_quantity(seller.min_qty, line.uom_id) \
                if seller else 0.0
            # The vendor's minimum quantity, as Odoo's replenishment report applies it when
            # a vendor is chosen; the computed quantity is Odoo's own (max - forecast).
            quantity = quantities.get(orderpoint.id, 0.0)
            if 0 < quantity < min_qty:
                quantity = min_qty
            # a manual quantity: the procurement below takes it as is, so Odoo does not
            # compute it again one rule at a time
            orderpoint.qty_to_order_manual = max(quantity, 0.0)
        orderpoints = orderpoints.filtered(lambda orderpoint: orderpoint.qty_to_order_manual > 0)
        run_name = self.env._("Stock Balance %(date)s", date=fields.Date.context_today(self))
        orderpoints.with_context(
            origins={orderpoint.id: [run_name] for orderpoint in orderpoints},
        )._procure_orderpoint_confirm(company_id=self.env.company, raise_user_error=False)
        orderpoints.action_remove_manual_qty_to_order()
        # Needs that already had a draft were filtered out before: every draft line of
        # these rules now is one this run created or extended.
        order_lines = self.env["purchase.order.line"].search([
            ("orderpoint_id", "in", orderpoints.ids),
            ("order_id.state", "in", ("draft", "sent")),
        ])
        line_by_orderpoint = {line.orderpoint_id.id: line for line in self}
        for order_line in order_lines:
            order_line.jxc_reason = line_by_orderpoint[order_line.orderpoint_id.id]._reason()
        order_lines.order_id.write({"jxc_drafted": True})
        return order_lines.order_id

    def _reason(self):
        """Why this line asks for stock, in the user's language, with its figures."""
        self.ensure_one()
        state_label = dict(self._fields["state"]._description_selection(self.env))[self.state]
        reason = self.env._(
            "%(state)s: forecast %(forecast)s, safety stock %(safety)s, reorder point "
            "%(rop)s, class %(abc)s",
            state=state_label, forecast=_qty(self.qty_forecast), safety=_qty(self.safety_stock),
            rop=_qty(self.reorder_point), abc=(self.abc_class or "").upper())
        return reason + self._season_reason()

    def _season_reason(self):
        """The season and the event behind the line's forecast, for the RFQ line."""
        parts = []
        if self.forecast_method == "seasonal":
            parts.append(self.env._("seasonal forecast (×%(index)s)",
                                    index=_qty(self.seasonal_index)))
        if self.event_id and self.event_uplift != 1.0:
            parts.append(self.env._("pre-build for %(event)s (×%(uplift)s)",
                                    event=self.event_id.name, uplift=_qty(self.event_uplift)))
        if self.lead_time_extension:
            if self.event_id.lead_time_extension == self.lead_time_extension:
                parts.append(self.env._("lead time +%(days)s days for %(event)s",
                                        days=_qty(self.lead_time_extension),
                                        event=self.event_id.name))
            else:
                parts.append(self.env._("lead time +%(days)s days for a supplier holiday",
                                        days=_qty(self.lead_time_extension)))
        return "".join("; " + part for part in parts)


def _array_literal(values):
    """The text form of a PostgreSQL array: ``{1.5,NULL,t,"2026-11-22","a \\"b\\""}``.

    psycopg2 sends a Python list as ``ARRAY[v1, v2, ...]``, one literal per value to
    quote and for PostgreSQL to parse: about 1 s per 5,000 lines of 45 columns. One text
    literal per column, cast to the column's array type, costs a hundredth of that.
    """
    values = list(values)
    if set(map(type, values)) <= {int, float}:
        return "{" + ",".join(map(repr, values)) + "}"  # most columns: one C-level join
    items = []
    for value in values:
        if value is None:
            items.append("NULL")
        elif isinstance(value, bool):
            items.append("t" if value else "f")
        elif isinstance(value, (int, float)):
            items.append(repr(value))
        else:
            text = str(value).replace("\\", "\\\\").replace('"', '\\"')
            items.append(f'"{text}"')
    return "{" + ",".join(items) + "}"


def _qty(value):
    """A quantity as a buyer reads it: 12.5, 40, 7.76."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
