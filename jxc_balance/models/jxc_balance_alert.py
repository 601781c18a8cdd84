"""Stock alerts raised from the balance lines by a scan (see readme/USAGE.md)."""

import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_is_zero, formatLang

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
]
# lead_time_drift: observed lead time above this many times the vendor's promise...
DRIFT_RATIO = 1.5
# ... measured over at least MIN_RECEIPTS receipts (as the observed lead time itself)
LINE_FIELDS = [
    "product_id", "warehouse_id", "company_id", "vendor_id", "state", "avg_daily_demand",
    "lead_time_days", "lead_time_promised", "lead_time_observed", "lead_time_source",
    "receipt_count", "safety_stock", "reorder_point", "max_qty", "qty_available",
    "qty_forecast", "days_of_cover", "stock_value", "last_sale_date", "last_outgoing_date",
]


class JxcBalanceAlert(models.Model):
    _name = "jxc.balance.alert"
    _description = "Stock Balance Alert"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state desc, last_seen desc, id desc"
    _rec_name = "product_id"
    _rec_names_search = ["product_id", "warehouse_id"]
    _check_company_auto = True

    product_id = fields.Many2one(
        "product.product", required=True, index=True, ondelete="cascade", readonly=True,
        check_company=True)
    product_tmpl_id = fields.Many2one(related="product_id.product_tmpl_id")
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, index=True, ondelete="cascade", readonly=True,
        check_company=True)
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
    message = fields.Text(readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    value = fields.Monetary(
        currency_field="currency_id", readonly=True,
        help="Stock value concerned: the stock on hand for slow-moving, dead, no-vendor and "
        "lead-time alerts; the value above the max level for overstock; the value missing to "
        "reach the reorder point for a stockout risk.")
    first_seen = fields.Datetime(readonly=True, default=fields.Datetime.now)
    last_seen = fields.Datetime(readonly=True, default=fields.Datetime.now)

    def init(self):
        # one current alert per product, warehouse and type (open, or handled while present)
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS jxc_balance_alert_current_uniq
                ON jxc_balance_alert (product_id, warehouse_id, alert_type)
             WHERE is_current
            """
        )

    @api.depends("alert_type", "product_id", "warehouse_id")
    def _compute_display_name(self):
        labels = dict(self._fields["alert_type"]._description_selection(self.env))
        for alert in self:
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
        found = {}  # (product_id, warehouse_id, alert_type) -> values
        for company in lines.company_id:
            company_lines = lines.filtered(lambda line, company=company: line.company_id == company)
            found.update(self._conditions(company, company_lines))
        found.update(self._scan_count_drift(lines))

        current = self.search([("company_id", "in", companies.ids), ("is_current", "=", True)])
        by_key = {}
        stale = self.browse()
        for alert in current:
            key = (alert.product_id.id, alert.warehouse_id.id, alert.alert_type)
            if key in found and key not in by_key:
                by_key[key] = alert
            else:
                stale |= alert

        # still present: refresh figures (one write per distinct set of values)
        updates = defaultdict(lambda: self.browse())
        for key, alert in by_key.items():
            vals = found[key]
            changed = {}
            if vals["message"] != alert.message:
                changed["message"] = vals["message"]
            if alert.currency_id.compare_amounts(vals["value"], alert.value):
                changed["value"] = vals["value"]
            if vals["balance_line_id"] != alert.balance_line_id.id:
                changed["balance_line_id"] = vals["balance_line_id"]
            if changed:
                updates[tuple(sorted(changed.items()))] |= alert
        for changed, alerts in updates.items():
            alerts.write(dict(changed))
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

    # ---------------------------------------------------------------- conditions
    @api.model
    def _conditions(self, company, lines):
        """{(product_id, warehouse_id, alert_type): create values} holding for ``lines``."""
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
        state_labels = dict(lines._fields["state"]._description_selection(self.env))
        number = self._number_formatter()
        result = {}
        for line in lines:
            product = line.product_id
            base = {
                "product_id": product.id,
                "warehouse_id": line.warehouse_id.id,
                "company_id": company.id,
                "balance_line_id": line.id,
            }
            fmt = {
                "qty": number(line.qty_available),
                "uom": product.uom_id.name,
            }
            for alert_type, message, value in self._line_conditions(
                    line, company, today, tz, costs[product.id],
                    first_in.get((product.id, line.warehouse_id.id)), state_labels, fmt,
                    number):
                result[product.id, line.warehouse_id.id, alert_type] = dict(
                    base, alert_type=alert_type, message=message,
                    value=company.currency_id.round(value))
        return result

    @api.model
    def _line_conditions(self, line, company, today, tz, cost, first_in, state_labels, fmt,
                         number):
        """[(alert_type, message, value)] of one line (no query: values are prefetched)."""
        conditions = []
        if line.state in ("slow", "dead"):
            engine = self.env["jxc.balance.engine"]
            if line.state == "slow":
                since = line.last_sale_date or engine._local_date(first_in, tz)
                message = self.env._(
                    "%(qty)s %(uom)s on hand, no sale for %(days)s days "
                    "(slow after %(limit)s days)",
                    **self._idle_args(fmt, since, today, company.jxc_slow_days))
            else:
                since = line.last_outgoing_date or engine._local_date(first_in, tz)
                message = self.env._(
                    "%(qty)s %(uom)s on hand, no outgoing move for %(days)s days "
                    "(dead after %(limit)s days)",
                    **self._idle_args(fmt, since, today, company.jxc_dead_days))
            conditions.append((line.state, message, line.stock_value))
        elif line.state == "overstock":
            excess = max(line.qty_available - line.max_qty, 0.0)
            conditions.append(("overstock", self.env._(
                "%(qty)s %(uom)s on hand cover %(cover)s days of demand (overstock above "
                "%(limit)s days), %(excess)s %(uom)s above the max level of %(max)s %(uom)s",
                cover=number(line.days_of_cover, 1),
                limit=company.jxc_overstock_days, excess=number(excess),
                max=number(line.max_qty), **fmt), excess * cost))

        demand = line.avg_daily_demand
        below_safety = line.qty_forecast < line.safety_stock
        # days of cover is only set with demand (an empty float reads 0.0)
        short_cover = demand > 0 and line.days_of_cover < line.lead_time_days
        if below_safety or short_cover:
            parts = []
            if below_safety:
                parts.append(self.env._(
                    "Forecast of %(forecast)s %(uom)s is below the safety stock of "
                    "%(safety)s %(uom)s",
                    forecast=number(line.qty_forecast),
                    safety=number(line.safety_stock), **fmt))
            if short_cover:
                parts.append(self.env._(
                    "%(qty)s %(uom)s on hand cover %(cover)s days of demand, less than the "
                    "lead time of %(lead)s days",
                    cover=number(line.days_of_cover, 1),
                    lead=number(line.lead_time_days, 1), **fmt))
            missing = max(line.reorder_point - line.qty_forecast, 0.0)
            conditions.append(("stockout_risk", "; ".join(parts), missing * cost))

        needed = demand > 0 or line.state in ("shortage", "reorder")
        no_vendor, not_purchasable = not line.vendor_id, not line.product_id.purchase_ok
        if needed and (no_vendor or not_purchasable):
            if no_vendor and not_purchasable:
                reason = self.env._("has no vendor and cannot be purchased")
            elif no_vendor:
                reason = self.env._("has no vendor")
            else:
                reason = self.env._("cannot be purchased")
            if demand > 0:
                message = self.env._(
                    "Sells %(demand)s %(uom)s a day but %(reason)s",
                    demand=number(demand), reason=reason, **fmt)
            else:
                message = self.env._(
                    "%(state)s but %(reason)s", state=state_labels[line.state], reason=reason)
            conditions.append(("no_vendor", message, line.stock_value))

        if (line.lead_time_source == "observed" and line.receipt_count >= MIN_RECEIPTS
                and line.lead_time_promised > 0
                and line.lead_time_observed > DRIFT_RATIO * line.lead_time_promised):
            conditions.append(("lead_time_drift", self.env._(
                "%(vendor)s delivered in %(observed)s days on average over %(count)s "
                "receipts, %(promised)s days promised",
                vendor=line.vendor_id.display_name,
                observed=number(line.lead_time_observed, 1),
                count=line.receipt_count,
                promised=number(line.lead_time_promised, 1)), line.stock_value))
        return conditions

    @api.model
    def _scan_count_drift(self, lines):
        """count_drift conditions of ``lines``: the last counts all differed from records."""
        drift = self.env["jxc.balance.count"]._drift(lines.company_id.ids)
        result = {}
        for line in lines:
            found = drift.get((line.product_id.id, line.warehouse_id.id))
            if not found:
                continue
            company = line.company_id
            diffs = ", ".join(
                ("+" if diff > 0 else "") + self._format_number(diff) for diff in found["diffs"])
            result[line.product_id.id, line.warehouse_id.id, "count_drift"] = {
                "product_id": line.product_id.id,
                "warehouse_id": line.warehouse_id.id,
                "company_id": company.id,
                "balance_line_id": line.id,
                "alert_type": "count_drift",
                "message": self.env._(
                    "The last %(count)s counts differed from the records by %(diffs)s "
                    "%(uom)s; counted every %(days)s days instead of %(interval)s until a "
                    "count is accurate again",
                    count=len(found["diffs"]), diffs=diffs, uom=line.product_id.uom_id.name,
                    days=self.env["jxc.balance.count"]._effective_interval(
                        company, line.abc_class, True, line.profile_id),
                    interval=company._jxc_count_interval(line.abc_class, line.profile_id)),
                "value": company.currency_id.round(found["value"]),
            }
        return result

    @api.model
    def _idle_args(self, fmt, since, today, limit):
        """Message arguments of a slow or dead line: idle days since ``since``, limit."""
        days = (today - since).days if since else "?"
        return dict(fmt, days=days, limit=limit)

    @api.model
    def _format_number(self, value, digits=None):
        """A number in the user's language, without decimals when whole."""
        return self._number_formatter()(value, digits)

    @api.model
    def _number_formatter(self):
        """``_format_number`` for many numbers: Odoo's ``formatLang``, once per number.

        A scan formats a great many numbers, most of them repeated.
        """
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
        """One "To-Do" for each new alert, due today, for the product's responsible."""
        # what activity_schedule does, in one create: it gives every record of a call the
        # same summary, note and user, and a call per alert would slow the scan down
        if not alerts:
            return
        activity_type = alerts._default_activity_type()
        if not activity_type:
            return
        model_id = self.env["ir.model"]._get_id(self._name)
        manager_group = self.env.ref("stock.group_stock_manager")
        engine = self.env["jxc.balance.engine"]
        values = []
        for company in alerts.company_id:
            company_alerts = alerts.filtered(lambda alert, company=company:
                                             alert.company_id == company)
            today = engine._company_today(company)[0]
            fallback = company._jxc_first_user(manager_group)
            responsibles = {
                template.id: template.responsible_id
                for template in company_alerts.product_id.product_tmpl_id.with_company(company)
            }
            eligible = {}
            for alert in company_alerts:
                user = responsibles[alert.product_id.product_tmpl_id.id]
                if user not in eligible:
                    eligible[user] = bool(
                        user and user.active and not user.share and company in user.company_ids
                        and user.has_group("jxc_balance.group_jxc_balance_user"))
                assignee = user if eligible[user] else fallback
                if not assignee:
                    continue
                values.append({
                    "res_model_id": model_id,
                    "res_id": alert.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "summary": alert.display_name,
                    "note": alert.message,
                    "date_deadline": today,
                    "user_id": assignee.id,
                })
        # no assignment e-mail for each alert of a nightly scan: the to-dos show in Odoo
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(values)
