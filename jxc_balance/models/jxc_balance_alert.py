"""Stock alerts raised from the balance lines by a scan (see readme/USAGE.md)."""

import json
import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_is_zero, formatLang

from .. import alert_messages
from ..balance_math import MIN_RECEIPTS
from ..locks import try_advisory_xact_lock
from ..notification import success_notification

_logger = logging.getLogger(__name__)

ALERT_TYPES = [
    ("slow", "Slow-moving"),
    ("dead", "Dead Stock"),
    ("overstock", "Overstock"),
    ("stockout_risk", "Stockout Risk"),
    ("no_vendor", "No Vendor"),
    ("lead_time_drift", "Lead Time Drift"),
    ("count_drift", "Count Drift"),
    ("service_below_target", "Service Below Target"),
]
# lead_time_drift: observed lead time above this many times the vendor's promise...
DRIFT_RATIO = 1.5
# ... measured over at least MIN_RECEIPTS receipts (as the observed lead time itself)
# service_below_target: the achieved service (on enough evidence: service_measured) more
# than this below the target. A well-set line lands within a few points of its target
# (bench/replay.py); a wider gap is a policy that does not deliver.
SERVICE_TOLERANCE = 0.05
LINE_FIELDS = [
    "product_id", "warehouse_id", "company_id", "vendor_id", "state", "avg_daily_demand",
    "lead_time_days", "lead_time_promised", "lead_time_observed", "lead_time_source",
    "receipt_count", "safety_stock", "reorder_point", "max_qty", "qty_available",
    "qty_forecast", "days_of_cover", "stock_value", "last_sale_date", "last_outgoing_date",
    "service_level", "service_metric", "service_achieved", "service_measured",
    "service_cycles", "service_cycles_met", "units_sold_365", "units_demanded_365",
    "stockout_days_365",
]


class JxcBalanceAlert(models.Model):
    _name = "jxc.balance.alert"
    _description = "Stock Balance Alert"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state desc, last_seen desc, id desc"
    _rec_name = "product_id"
    _rec_names_search = ["product_id", "warehouse_id", "vendor_id"]
    _check_company_auto = True

    # empty on a lead-time drift alert, which is the vendor's (with its products inside)
    product_id = fields.Many2one(
        "product.product", index=True, ondelete="cascade", readonly=True,
        check_company=True)
    product_tmpl_id = fields.Many2one(related="product_id.product_tmpl_id")
    warehouse_id = fields.Many2one(
        "stock.warehouse", index=True, ondelete="cascade", readonly=True,
        check_company=True)
    vendor_id = fields.Many2one(
        "res.partner", index="btree_not_null", ondelete="cascade",
        readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    balance_line_id = fields.Many2one(
        "jxc.balance.line", ondelete="set null", readonly=True,
        check_company=True)
    alert_type = fields.Selection(ALERT_TYPES, string="Type", required=True, readonly=True,
                                  index=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Done")], required=True, default="open", index=True,
        readonly=True, tracking=True)
    is_current = fields.Boolean(
        string="Condition Present", default=True, readonly=True, index=True,
        help="The last scan still found the condition. An alert marked as handled while its "
        "condition is present does not open again until the condition clears and comes back.")
    # the facts found by the scan; the description renders them for whoever reads
    message_code = fields.Char(readonly=True)
    message_params = fields.Json(readonly=True)
    message = fields.Text(
        string="Stored Description", readonly=True,
        help="The description as alerts stored it before they were rendered in the "
        "reader's language; shown until the next scan finds the condition again.")
    description = fields.Text(compute="_compute_description")
    currency_id = fields.Many2one(related="company_id.currency_id")
    value = fields.Monetary(
        currency_field="currency_id", readonly=True,
        help="Stock value concerned: the stock on hand for slow-moving, dead, no-vendor and "
        "lead-time alerts; the value above the max level for overstock; the value missing to "
        "reach the reorder point for a stockout risk; the value of the demand estimated "
        "lost over the last 365 days for a service below target.")
    first_seen = fields.Datetime(readonly=True, default=fields.Datetime.now)
    last_seen = fields.Datetime(readonly=True, default=fields.Datetime.now)

    _sql_constraints = [
        ("subject_check",
         "CHECK ((product_id IS NOT NULL AND warehouse_id IS NOT NULL) "
         "OR (alert_type = 'lead_time_drift' AND vendor_id IS NOT NULL))",
         "An alert concerns a product in a warehouse, or a vendor for a lead time drift."),
    ]

    def init(self):
        # one current alert per product, warehouse and type (open, or handled while
        # present), and one per vendor and company for a lead time drift
        self.env.cr.execute(
            """
            DROP INDEX IF EXISTS jxc_balance_alert_current_uniq;
            CREATE UNIQUE INDEX IF NOT EXISTS jxc_balance_alert_current_product_uniq
                ON jxc_balance_alert (product_id, warehouse_id, alert_type)
             WHERE is_current AND product_id IS NOT NULL;
            CREATE UNIQUE INDEX IF NOT EXISTS jxc_balance_alert_current_vendor_uniq
                ON jxc_balance_alert (vendor_id, company_id)
             WHERE is_current AND product_id IS NULL
            """
        )

    @api.depends("message_code", "message_params", "message")
    @api.depends_context("lang")
    def _compute_description(self):
        number = self._number_formatter()
        for alert in self:
            alert.description = (alert_messages.render(alert, number) if alert.message_code
                                 else alert.message)

    @api.depends("alert_type", "product_id", "warehouse_id", "vendor_id")
    @api.depends_context("lang")
    def _compute_display_name(self):
        labels = dict(self._fields["alert_type"]._description_selection(self.env))
        for alert in self:
            if not alert.product_id:
                alert.display_name = self.env._(
                    "%(type)s: %(vendor)s", type=labels.get(alert.alert_type, ""),
                    vendor=alert.vendor_id.display_name or "")
                continue
            alert.display_name = self.env._(
                "%(type)s: %(product)s / %(warehouse)s",
                type=labels.get(alert.alert_type, ""),
                product=alert.product_id.display_name or "",
                warehouse=alert.warehouse_id.code or alert.warehouse_id.name or "")

    # ------------------------------------------------------------------ buttons
    def action_open_forecast(self):
        """The standard forecasted report of the product, in the alert's warehouse."""
        self.ensure_one()
        action = self.product_id.action_product_forecast_report()
        action["context"] = {
            "active_id": self.product_id.id,
            "active_model": "product.product",
            "warehouse_id": self.warehouse_id.id,
        }
        return action

    def action_open_product_moves(self):
        """The product's moves history (done move lines)."""
        self.ensure_one()
        return self.product_id.action_view_stock_move_lines()

    def action_mark_handled(self):
        """Close the alerts and mark their activities done.

        The alert stays the product's current one while its condition lasts: the scan does
        not open a new alert until the condition has cleared and comes back.
        """
        alerts = self.filtered(lambda alert: alert.state == "open")
        alerts.write({"state": "done"})
        alerts.activity_ids.action_feedback(feedback=self.env._("Alert marked as handled."))
        return True

    # --------------------------------------------------------------------- scan
    @api.model
    def action_scan(self):
        """Scan the balance lines of the user's companies now (Balance Manager)."""
        if not (self.env.is_superuser()
                or self.env.user.has_group("jxc_balance.group_jxc_balance_manager")):
            raise AccessError(self.env._("Only a Balance Manager can scan for stock alerts."))
        if not self._acquire_scan_lock():
            raise UserError(self.env._(
                "A stock alert scan is already running. Try again when it has finished."))
        counts = self.sudo()._scan(self.env.user.company_ids)
        return success_notification(
            self.env._("Stock alerts scanned"),
            self.env._("%(new)s new alerts, %(open)s still present, %(closed)s closed.",
                       new=counts["new"], open=counts["updated"], closed=counts["closed"]),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"})

    @api.model
    def _cron_scan(self):
        """Daily cron, after the recompute: scan the balance lines of every company."""
        if not self._acquire_scan_lock():
            _logger.info("stock alerts: a scan is already running, skipping this call")
            return
        # every company: the cron runs for all of them, and there are a handful; the
        # messages of each are written in the language of the company
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        counts = defaultdict(int)
        for company in companies:
            lang = company.partner_id.lang or self.env.lang
            for name, count in self.sudo().with_context(lang=lang)._scan(company).items():
                counts[name] += count
        _logger.info("stock alerts: %(new)s new, %(updated)s still present, %(closed)s closed",
                     dict(counts))

    @api.model
    def _acquire_scan_lock(self):
        """Serialise scans: one transaction-scoped advisory lock for all of them."""
        return try_advisory_xact_lock(self.env.cr, "jxc_balance.alerts")

    @api.model
    def _scan(self, companies):
        """Reconcile the alerts of ``companies`` with their active balance lines.

        Returns {"new": n, "updated": n, "closed": n}; runs as superuser, callers check access.
        """
        now = fields.Datetime.now()
        lines = self.env["jxc.balance.line"].search_fetch(
            [("company_id", "in", companies.ids)], LINE_FIELDS)
        # (product_id, warehouse_id, alert_type) or (vendor_id, company_id, drift) -> values
        found = {}
        for company in lines.company_id:
            company_lines = lines.filtered(lambda line, company=company: line.company_id == company)
            found.update(self._conditions(company, company_lines))
        found.update(self._scan_count_drift(lines))

        current = self.search([("company_id", "in", companies.ids), ("is_current", "=", True)])
        by_key = {}
        stale = self.browse()
        for alert in current:
            key = alert._scan_key()
            if key in found and key not in by_key:
                by_key[key] = alert
            else:
                stale |= alert

        # still present: refresh figures (one write per distinct set of values)
        updates = defaultdict(lambda: self.browse())
        for key, alert in by_key.items():
            vals = found[key]
            changed = {}
            if vals["message_code"] != alert.message_code:
                changed["message_code"] = vals["message_code"]
            if vals["message_params"] != alert.message_params:
                changed["message_params"] = vals["message_params"]
            if alert.message:
                changed["message"] = False
            if alert.currency_id.compare_amounts(vals["value"], alert.value):
                changed["value"] = vals["value"]
            if vals["balance_line_id"] != alert.balance_line_id.id:
                changed["balance_line_id"] = vals["balance_line_id"]
            if changed:
                updates[json.dumps(changed, sort_keys=True)] |= alert
        for changed, alerts in updates.items():
            alerts.write(json.loads(changed))
        if by_key:
            self.browse([alert.id for alert in by_key.values()]).write({"last_seen": now})

        # cleared: closed with a note, their to-dos withdrawn
        was_open = stale.filtered(lambda alert: alert.state == "open")
        if stale:
            stale.activity_ids.unlink()
            was_open.write({"state": "done"})
            stale.write({"is_current": False})
            stale._message_log_batch(bodies={
                alert.id: self.env._("Condition cleared: the scan no longer finds it.")
                for alert in stale
            })

        # new: created, each with one to-do for the product's responsible
        new_keys = [key for key in found if key not in by_key]
        # no "created" chatter message, follower or state tracking for each (a first scan
        # creates very many): first_seen and the to-do say it; later changes of state are
        # tracked as usual
        created = self.with_context(tracking_disable=True).create([
            dict(found[key], first_seen=now, last_seen=now, state="open", is_current=True)
            for key in new_keys
        ])
        self._schedule_activities(created)
        return {"new": len(created), "updated": len(by_key), "closed": len(was_open)}

    def _scan_key(self):
        """The key of the alert among a scan's conditions (see ``_scan``)."""
        self.ensure_one()
        if not self.product_id:
            return (self.vendor_id.id, self.company_id.id, self.alert_type)
        return (self.product_id.id, self.warehouse_id.id, self.alert_type)

    # ---------------------------------------------------------------- conditions
    @api.model
    def _conditions(self, company, lines):
        """{key: create values} of the conditions holding for ``lines`` (see ``_scan``)."""
        engine = self.env["jxc.balance.engine"]
        today, tz = engine._company_today(company)
        products = lines.product_id.with_company(company)
        costs = {product.id: product.standard_price for product in products}
        # slow/dead stock never sold (or never moved out) is idle since it first came in
        undated = lines.filtered(lambda line: (
            (line.state == "slow" and not line.last_sale_date)
            or (line.state == "dead" and not line.last_outgoing_date)))
        first_in = {}
        if undated:
            first_in = {
                key: dates[2]
                for key, dates in self.env["jxc.balance.statistics"]._last_move_dates(
                    company, undated.product_id.ids).items()
            }
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        result = {}
        drifts = defaultdict(list)  # vendor -> lines whose lead time drifts
        for line in lines:
            product = line.product_id
            base = {
                "product_id": product.id,
                "warehouse_id": line.warehouse_id.id,
                "company_id": company.id,
                "balance_line_id": line.id,
            }
            for alert_type, params, value in self._line_conditions(
                    line, company, today, tz, costs[product.id],
                    first_in.get((product.id, line.warehouse_id.id)), digits):
                result[product.id, line.warehouse_id.id, alert_type] = dict(
                    base, alert_type=alert_type, message_code=alert_type,
                    message_params=params, value=company.currency_id.round(value))
            if self._drifts(line):
                drifts[line.vendor_id].append(line)
        for vendor, vendor_lines in drifts.items():
            result[vendor.id, company.id, "lead_time_drift"] = self._drift_values(
                company, vendor, vendor_lines)
        return result

    @api.model
    def _drifts(self, line):
        """Whether the vendor of ``line`` delivers it much later than promised.

        A line with neither stock nor demand does not matter for now.
        """
        return (line.lead_time_source == "observed" and line.receipt_count >= MIN_RECEIPTS
                and line.lead_time_promised > 0
                and line.lead_time_observed > DRIFT_RATIO * line.lead_time_promised
                and (line.qty_available > 0 or line.avg_daily_demand > 0))

    @api.model
    def _drift_values(self, company, vendor, lines):
        """Create values of the one lead time drift alert of ``vendor`` in ``company``.

        Per product, over its warehouses: the receipts, their average lead time and the
        longest promise.
        """
        by_product = defaultdict(list)
        for line in lines:
            by_product[line.product_id].append(line)
        items = []
        for product, product_lines in sorted(by_product.items(),
                                             key=lambda item: item[0].id):
            count = sum(line.receipt_count for line in product_lines)
            observed = sum(line.lead_time_observed * line.receipt_count
                           for line in product_lines) / count
            items.append({
                "product_id": product.id,
                "observed": round(observed, 1),
                "promised": round(max(line.lead_time_promised for line in product_lines), 1),
                "count": count,
            })
        return {
            "product_id": False,
            "warehouse_id": False,
            "vendor_id": vendor.id,
            "company_id": company.id,
            "balance_line_id": False,
            "alert_type": "lead_time_drift",
            "message_code": "lead_time_drift",
            "message_params": {"products": items},
            "value": company.currency_id.round(sum(line.stock_value for line in lines)),
        }

    @api.model
    def _line_conditions(self, line, company, today, tz, cost, first_in, digits):
        """[(alert_type, message parameters, value)] of one line (no query: prefetched).

        Figures are rounded as the description shows them, so that a rescan only writes
        what a reader would see change.
        """
        conditions = []
        qty = round(line.qty_available, digits)
        if line.state in ("slow", "dead"):
            engine = self.env["jxc.balance.engine"]
            if line.state == "slow":
                since = line.last_sale_date or engine._local_date(first_in, tz)
                limit = company.jxc_slow_days
            else:
                since = line.last_outgoing_date or engine._local_date(first_in, tz)
                limit = company.jxc_dead_days
            conditions.append((line.state, {
                "qty": qty, "days": (today - since).days if since else "?", "limit": limit,
            }, line.stock_value))
        elif line.state == "overstock":
            excess = max(line.qty_available - line.max_qty, 0.0)
            conditions.append(("overstock", {
                "qty": qty, "cover": round(line.days_of_cover, 1),
                "limit": company.jxc_overstock_days, "excess": round(excess, digits),
                "max": round(line.max_qty, digits),
            }, excess * cost))

        demand = line.avg_daily_demand
        below_safety = line.qty_forecast < line.safety_stock
        # days of cover is only set with demand (an empty float reads 0.0)
        short_cover = demand > 0 and line.days_of_cover < line.lead_time_days
        if below_safety or short_cover:
            params = {}
            if below_safety:
                params.update(forecast=round(line.qty_forecast, digits),
                              safety=round(line.safety_stock, digits))
            if short_cover:
                params.update(qty=qty, cover=round(line.days_of_cover, 1),
                              lead=round(line.lead_time_days, 1))
            missing = max(line.reorder_point - line.qty_forecast, 0.0)
            conditions.append(("stockout_risk", params, missing * cost))

        if line.service_measured and line.service_metric and (
                line.service_achieved < line.service_level - SERVICE_TOLERANCE):
            params = {
                "metric": line.service_metric,
                "achieved": round(100.0 * line.service_achieved, 1),
                "target": round(100.0 * line.service_level, 1),
                "days": line.stockout_days_365,
            }
            if line.service_metric == "cycle":
                params.update(cycles=line.service_cycles, met=line.service_cycles_met)
            else:
                params.update(sold=round(line.units_sold_365, digits),
                              demanded=round(line.units_demanded_365, digits))
            lost = max(line.units_demanded_365 - line.units_sold_365, 0.0)
            conditions.append(("service_below_target", params, lost * cost))

        needed = demand > 0 or line.state in ("shortage", "reorder")
        no_vendor, not_purchasable = not line.vendor_id, not line.product_id.purchase_ok
        if needed and (no_vendor or not_purchasable):
            reason = ("both" if no_vendor and not_purchasable
                      else "no_vendor" if no_vendor else "not_purchasable")
            conditions.append(("no_vendor", {
                "reason": reason, "demand": round(demand, digits), "state": line.state,
            }, line.stock_value))
        return conditions

    @api.model
    def _scan_count_drift(self, lines):
        """count_drift conditions of ``lines``: the last counts all differed from records."""
        drift = self.env["jxc.balance.count"]._drift(lines.company_id.ids)
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        result = {}
        for line in lines:
            found = drift.get((line.product_id.id, line.warehouse_id.id))
            if not found:
                continue
            company = line.company_id
            result[line.product_id.id, line.warehouse_id.id, "count_drift"] = {
                "product_id": line.product_id.id,
                "warehouse_id": line.warehouse_id.id,
                "company_id": company.id,
                "balance_line_id": line.id,
                "alert_type": "count_drift",
                "message_code": "count_drift",
                "message_params": {
                    "diffs": [round(diff, digits) for diff in found["diffs"]],
                    "days": self.env["jxc.balance.count"]._effective_interval(
                        company, line.abc_class, True, line.profile_id),
                    "interval": company._jxc_count_interval(line.abc_class, line.profile_id),
                },
                "value": company.currency_id.round(found["value"]),
            }
        return result

    @api.model
    def _number_formatter(self):
        """Odoo's ``formatLang`` in the user's language, without decimals when whole; each
        number formatted once (a scan formats many, most of them repeated)."""
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        done = {}

        def number(value, digits=None):
            value = value or 0.0
            digits = precision if digits is None else digits
            if float_is_zero(value - round(value), precision_digits=digits):
                value, digits = round(value), 0
            key = (value, digits)
            if key not in done:
                done[key] = formatLang(self.env, value, digits=digits)
            return done[key]
        return number

    # ---------------------------------------------------------------- activities
    @api.model
    def _schedule_activities(self, alerts):
        """One "To-Do" for each new alert, due today, in the language of its assignee."""
        # what activity_schedule does, in one create: it gives every record of a call the
        # same summary, note and user, and a call per alert would slow the scan down
        if not alerts:
            return
        activity_type = alerts._default_activity_type()
        if not activity_type:
            return
        model_id = self.env["ir.model"]._get_id(self._name)
        engine = self.env["jxc.balance.engine"]
        assignees = alerts.company_id._jxc_alert_assignees(alerts)
        by_lang = defaultdict(list)
        for alert in alerts:
            if assignees.get(alert.id):
                by_lang[assignees[alert.id].lang or self.env.lang].append(alert.id)
        todays = {company: engine._company_today(company)[0] for company in alerts.company_id}
        values = []
        for lang, alert_ids in by_lang.items():
            for alert in self.browse(alert_ids).with_context(lang=lang):
                values.append({
                    "res_model_id": model_id,
                    "res_id": alert.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "summary": alert.display_name,
                    "note": alert.description,
                    "date_deadline": todays[alert.company_id],
                    "user_id": assignees[alert.id].id,
                })
        # no assignment e-mail for each alert of a nightly scan: the to-dos show in Odoo
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(values)
