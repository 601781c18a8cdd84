import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..notification import success_notification

_logger = logging.getLogger(__name__)

BALANCE_STATES = [
    ("dead", "Dead Stock"),
    ("slow", "Slow-moving"),
    ("shortage", "Shortage"),
    ("reorder", "To Reorder"),
    ("overstock", "Overstock"),
    ("balanced", "Balanced"),
    ("no_demand", "No Demand"),
]
# Worst first: a product's summary state is the worst over its warehouses.
STATE_SEVERITY = {state: rank for rank, state in enumerate(
    ("shortage", "reorder", "dead", "slow", "overstock", "balanced", "no_demand"))}
ABC_CLASSES = [("a", "A"), ("b", "B"), ("c", "C")]
XYZ_CLASSES = [("x", "X"), ("y", "Y"), ("z", "Z")]
FORECAST_METHODS = [("flat", "Flat Average"), ("seasonal", "Seasonal"),
                    ("croston_sba", "Croston-SBA")]
# Syntetos-Boylan classes of the demand (how often it sells, how even the sizes are)
DEMAND_TYPES = [("smooth", "Smooth"), ("erratic", "Erratic"),
                ("intermittent", "Intermittent"), ("lumpy", "Lumpy")]
REORDER_METHODS = [("normal", "Normal (z × σ)"), ("bootstrap", "History's Own Windows"),
                   ("compound", "Compound (Days × Sizes)")]
SERVICE_METRICS = [("cycle", "Cycle Service Level"), ("fill_rate", "Fill Rate")]
PROFILE_SOURCES = [("product", "Product"), ("category", "Product Category"),
                   ("abc", "ABC Class")]


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
    stockout_days = fields.Integer(
        readonly=True, aggregator="avg",
        help="Days of the demand history that began with nothing in stock in this warehouse "
        "(reconstructed from today's stock and the moves since). Their missing sales are "
        "not read as missing demand: the average daily demand is that of the other days.")
    # grouped rows average what does not add up over lines (days, rates, deviations)
    demand_std = fields.Float(string="Demand Std. Deviation", digits=(16, 4), readonly=True,
                              aggregator="avg")
    lead_time_days = fields.Float(string="Lead Time (days)", digits=(16, 2), readonly=True,
                                  aggregator="avg")
    lead_time_std = fields.Float(string="Lead Time Std. Deviation (days)", digits=(16, 2),
                                 readonly=True, aggregator="avg")
    lead_time_promised = fields.Float(
        string="Promised Lead Time (days)", digits=(16, 2), readonly=True, aggregator="avg",
        help="The main vendor's delivery lead time on its vendor pricelist line.")
    lead_time_observed = fields.Float(
        string="Observed Lead Time (days)", digits=(16, 2), readonly=True, aggregator="avg",
        help="Mean days from purchase confirmation to receipt over the last 365 days, "
        "when at least 3 receipts from the main vendor were observed.")
    lead_time_source = fields.Selection(
        [("promised", "Promised by Vendor"), ("observed", "Observed on Receipts")],
        readonly=True)
    receipt_count = fields.Integer(string="Receipts Observed", readonly=True)
    service_level = fields.Float(digits=(5, 4), readonly=True, aggregator="avg")
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
        digits=(16, 1), readonly=True, aggregator="avg",
        help="On hand divided by the daily demand the line plans with (the seasonal "
        "forecast when that method is used, else the average); empty without demand.")
    stock_value = fields.Monetary(currency_field="currency_id", readonly=True)
    consumption_value = fields.Monetary(
        string="Consumption Value (365 d)", currency_field="currency_id", readonly=True)
    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class", readonly=True)
    xyz_class = fields.Selection(XYZ_CLASSES, string="XYZ Class", readonly=True)
    demand_type = fields.Selection(
        DEMAND_TYPES, readonly=True,
        help="How the product sells here, over the last year of days in stock: smooth "
        "(most days, even quantities), erratic (most days, uneven), intermittent (few days, "
        "even) or lumpy (few days, uneven). Intermittent and lumpy lines take their "
        "reorder point from the distribution of their demand, not from z × σ.")
    reorder_method = fields.Selection(
        REORDER_METHODS, string="Lead-Time Demand", readonly=True,
        help="How the reorder point reads the demand of the lead time. Normal: forecast "
        "plus z × σ. History's own windows: the service-target share of the past demand "
        "days, each with the demand of the lead time after it. Compound: a fitted "
        "distribution of how often it sells and how much at a time, so that rare large "
        "orders are covered beyond the few seen.")
    last_sale_date = fields.Date(readonly=True)
    days_without_sale = fields.Integer(
        readonly=True, aggregator="max",
        help="Days since the last customer delivery from this warehouse (or since the stock "
        "arrived, if it never sold).")
    last_outgoing_date = fields.Date(string="Last Outgoing Move", readonly=True)
    state = fields.Selection(BALANCE_STATES, string="Balance State", readonly=True, index=True)
    state_priority = fields.Integer(
        readonly=True, default=len(STATE_SEVERITY), aggregator=False,
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

    # seasonal forecast and events: stored by each recompute
    forecast_method = fields.Selection(
        FORECAST_METHODS, readonly=True, default="flat",
        help="Flat: the average daily demand of the history window. Seasonal: that level "
        "times last year's same weeks over last year's level. The method with the lower "
        "backtest error is used. Croston-SBA: for products that sell on few days, the "
        "smoothed size of a sale over the smoothed days between two sales, corrected "
        "for Croston's bias.")
    weekday_factors = fields.Char(
        string="Day-of-Week Profile", readonly=True,
        help="Monday to Sunday: each weekday's demand over the average day's (1.00). Where "
        "the week has a significant pattern, the reorder point adds up the days it "
        "protects at these factors, so that a weekend coming is seen in time, and the "
        "safety stock reads the spread left once the weekday is known. Empty: no "
        "significant weekly pattern.")
    forecast_daily_demand = fields.Float(
        digits=(16, 4), readonly=True,
        help="Forecast daily demand over the lead time plus the cover days, season and "
        "events included.")
    forecast_demand = fields.Float(
        string="Forecast Demand (lead time + cover)", digits="Product Unit of Measure",
        readonly=True)
    seasonal_index = fields.Float(
        string="Forecast Index", digits=(16, 2), readonly=True, aggregator="avg",
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
        readonly=True, aggregator="avg", help="Past dates the forecast was backtested from.")
    lead_time_extension = fields.Float(
        string="Lead Time Extension (days)", digits=(16, 2), readonly=True, aggregator="avg",
        help="Days an event (e.g. a supplier's holiday shutdown) adds to the lead time.")
    event_id = fields.Many2one(
        "jxc.balance.event", readonly=True, ondelete="set null",
        help="The event that raises this line's forecast or lead time.")
    event_uplift = fields.Float(digits=(16, 2), readonly=True, default=1.0, aggregator="avg")

    # the service achieved, stored by each recompute (jxc.balance.service). A plain average
    # of rates over lines weighs a line selling one a year like one selling a hundred a
    # day: rates are not aggregated, the counts add up (the dashboard pools them).
    service_metric = fields.Selection(
        SERVICE_METRICS, readonly=True,
        help="How the line's balance profile reads its service target.")
    service_achieved = fields.Float(
        digits=(5, 4), readonly=True, aggregator=False,
        help="The service of the last 365 days in the profile's metric: the share of "
        "replenishment cycles without a stockout day (cycle service level), or of the "
        "demand served from stock (fill rate).")
    service_measured = fields.Boolean(
        readonly=True,
        help="The last 365 days say enough to judge the achieved service against the "
        "target: at least 3 replenishment cycles (cycle service level), or demand and at "
        "least 30 days in stock (fill rate).")
    fill_rate_90 = fields.Float(
        string="Fill Rate (90 d)", digits=(5, 4), readonly=True, aggregator=False,
        help="Units sold divided by the units demanded over the last 90 days: sold plus the "
        "demand lost on the stockout days, estimated at the average sales of the days in "
        "stock.")
    fill_rate_365 = fields.Float(
        string="Fill Rate (365 d)", digits=(5, 4), readonly=True, aggregator=False,
        help="As the 90-day fill rate, over the last 365 days.")
    stockout_days_90 = fields.Integer(
        string="Stockout Days (90 d)", readonly=True, aggregator="avg",
        help="Days of the last 90 that began with nothing in stock in this warehouse "
        "(counted from the line's first receipt or sale).")
    stockout_days_365 = fields.Integer(
        string="Stockout Days (365 d)", readonly=True, aggregator="avg",
        help="Days of the last 365 that began with nothing in stock in this warehouse "
        "(counted from the line's first receipt or sale).")
    service_cycles = fields.Integer(
        string="Replenishment Cycles (365 d)", readonly=True,
        help="Periods between two receipts into the warehouse over the last 365 days "
        "(the time before the first receipt and after the last is in none).")
    service_cycles_met = fields.Integer(
        string="Cycles without Stockout (365 d)", readonly=True,
        help="Replenishment cycles of the last 365 days with no stockout day.")
    units_sold_365 = fields.Float(
        string="Units Sold (365 d)", digits="Product Unit of Measure", readonly=True,
        help="Customer deliveries of the last 365 days, net of returns, days of positive "
        "demand only.")
    units_demanded_365 = fields.Float(
        string="Units Demanded (365 d)", digits="Product Unit of Measure", readonly=True,
        help="Units sold over the last 365 days plus the estimated demand of the stockout "
        "days (the average sales of the days in stock, each).")

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
        engine = self.env["jxc.balance.engine"]
        engine._acquire_run_lock(raise_if_busy=True)
        companies = self.env.user.company_ids
        lines = self.browse()
        # The recompute maintains the balance's own records and Odoo's reordering rules
        # for every product: once the caller is known to be a Balance Manager, it runs
        # with the rights of the system, like the cron.
        for company in companies:
            lines |= engine.sudo().with_company(company)._recompute_company(company)
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
        engine = self.env["jxc.balance.engine"]
        if not engine._acquire_run_lock(raise_if_busy=False):
            _logger.info("stock balance: a recompute is already running, skipping this call")
            return
        done, remaining = engine._recompute_stale(batch_size)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

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
        facts_by_orderpoint = {}
        for line in self:
            orderpoint = line.orderpoint_id
            seller = line.product_id._select_seller(
                partner_id=line.vendor_id, quantity=None, uom_id=line.product_id.uom_id)
            min_qty = seller.product_uom._compute_quantity(seller.min_qty, line.uom_id) \
                if seller else 0.0
            # The vendor's minimum quantity, as Odoo's replenishment report applies it when
            # a vendor is chosen; the computed quantity is Odoo's own (max - forecast).
            computed = quantity = quantities.get(orderpoint.id, 0.0)
            if 0 < quantity < min_qty:
                quantity = min_qty
            facts_by_orderpoint[orderpoint.id] = line._reason_facts(
                orderpoint, quantity, computed, min_qty)
            # a manual quantity: the procurement below takes it as is, so Odoo does not
            # compute it again one rule at a time
            orderpoint.qty_to_order_manual = max(quantity, 0.0)
        orderpoints = orderpoints.filtered(lambda orderpoint: orderpoint.qty_to_order_manual > 0)
        # a reference, as Odoo's own origins are (OP/00012, S00042): it reads the same for
        # the buyer, the owner and the vendor, whatever their language (JXC: 进销存)
        # the company's today, as the engine's (a cron user has no timezone of its own)
        today = self.env["jxc.balance.engine"]._company_today(self.env.company)[0]
        run_name = f"JXC/{fields.Date.to_string(today)}"
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
        for order_line in order_lines:
            order_line.jxc_reason_facts = facts_by_orderpoint[order_line.orderpoint_id.id]
        order_lines.order_id.write({"jxc_drafted": True})
        return order_lines.order_id

    def _reason_facts(self, orderpoint, quantity, computed, min_qty):
        """The figures behind an RFQ line, rendered in each reader's language by
        ``purchase.order.line._compute_jxc_reason``: why the line asks for stock (state,
        forecast, season, event) and how Odoo's rule found the quantity."""
        self.ensure_one()
        daily = self.forecast_daily_demand or self.avg_daily_demand
        return {
            "state": self.state,
            "forecast": self.qty_forecast,
            "safety": self.safety_stock,
            "rop": self.reorder_point,
            "abc": self.abc_class or "",
            "seasonal_index": self.seasonal_index if self.forecast_method == "seasonal" else 0.0,
            "event_id": self.event_id.id or False,
            "event_uplift": self.event_uplift,
            "lead_time_extension": self.lead_time_extension,
            "extension_by_event": bool(
                self.event_id and self.event_id.lead_time_extension == self.lead_time_extension),
            "order": quantity,
            "computed": computed,
            # Odoo's own figures: max(min, max) - the rule's forecast over its lead days
            "max": max(orderpoint.product_min_qty, orderpoint.product_max_qty),
            "forecast_rule": orderpoint.qty_forecast,
            "multiple": orderpoint.qty_multiple,
            "min_qty": min_qty,
            "manual": bool(orderpoint.qty_to_order_manual),
            "daily": daily,
        }
