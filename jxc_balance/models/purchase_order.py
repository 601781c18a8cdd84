from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import formatLang

from ..notification import success_notification


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    jxc_drafted = fields.Boolean(
        string="Drafted by Stock Balance", copy=False, index=True, readonly=True,
        help="This request for quotation was drafted by the stock balance's reorder run "
        "and waits for a buyer's approval.")

    def action_jxc_approve_drafts(self):
        """Confirm the selected balance drafts at once (buyers, from "To Approve")."""
        if not self.env.user.has_group("purchase.group_purchase_user"):
            raise AccessError(self.env._("Only purchase users can approve drafted RFQs."))
        not_draft = self.filtered(lambda order: order.state not in ("draft", "sent"))
        if not_draft:
            raise UserError(self.env._(
                "Only requests for quotation can be approved; these are not: %(orders)s",
                orders=", ".join(not_draft.mapped("name"))))
        self.button_confirm()
        return success_notification(
            self.env._("Drafts approved"),
            self.env._("%(count)s purchase orders confirmed.", count=len(self)))

    def button_confirm(self):
        # the orders approved on the way are refreshed together, once
        result = super(PurchaseOrder, self.with_context(jxc_refresh_later=True)).button_confirm()
        self._jxc_refresh_balance_lines()
        return result

    def button_approve(self, force=False):
        # a second approval (purchase manager) outside the confirmation above
        result = super().button_approve(force=force)
        if not self.env.context.get("jxc_refresh_later"):
            self._jxc_refresh_balance_lines()
        return result

    def _jxc_refresh_balance_lines(self):
        """Recompute the balance lines of the products of confirmed drafts, at once.

        The incoming quantity, forecast and state of those lines then match the product's
        own forecast without waiting for the nightly run; all the orders' products of a
        company are recomputed together.
        """
        confirmed = self.filtered(
            lambda order: order.jxc_drafted and order.state in ("purchase", "done"))
        if not confirmed:
            return
        products_by_company = defaultdict(set)
        for line in confirmed.order_line:
            if line.product_id:
                products_by_company[line.order_id.company_id].add(line.product_id.id)
        engine = self.env["jxc.balance.engine"].sudo()
        # a recompute already running (the nightly one) reads these orders itself
        if not engine._acquire_run_lock(raise_if_busy=False):
            return
        for company, product_ids in products_by_company.items():
            engine.with_company(company)._recompute_some_products(
                company, self.env["product.product"].browse(product_ids))


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    jxc_reason = fields.Char(
        string="Balance Reason", compute="_compute_jxc_reason",
        help="Why the stock balance asked for this quantity, and how the quantity was "
        "computed.")
    jxc_reason_facts = fields.Json(
        string="Balance Reason Facts", copy=False, readonly=True,
        help="The figures behind the reason, rendered in the reader's language.")
    jxc_reason_legacy = fields.Char(
        string="Balance Reason (as written)", copy=False, readonly=True,
        help="A reason stored as a sentence by an earlier version.")

    @api.depends("jxc_reason_facts", "jxc_reason_legacy")
    @api.depends_context("lang")
    def _compute_jxc_reason(self):
        events = self.env["jxc.balance.event"].browse({
            line.jxc_reason_facts["event_id"] for line in self
            if line.jxc_reason_facts and line.jxc_reason_facts.get("event_id")
        }).exists()
        event_names = dict(zip(events.ids, events.mapped("name"), strict=True))
        states = dict(self.env["jxc.balance.line"]._fields["state"]._description_selection(
            self.env))
        for line in self:
            facts = line.jxc_reason_facts
            line.jxc_reason = line._jxc_render_reason(facts, states, event_names) \
                if facts else line.jxc_reason_legacy

    def _jxc_number(self, value):
        """A quantity as the reader writes it: 2,155, 7.76, 2.6."""
        value = value or 0.0
        digits = next((d for d in (0, 1) if abs(value * 10 ** d - round(value * 10 ** d))
                       < 1e-6 * max(1.0, abs(value))), 2)
        return formatLang(self.env, value, digits=digits)

    def _jxc_render_reason(self, facts, states, event_names):
        """The reason of ``facts`` (see jxc.balance.line._reason_facts), in env.lang."""
        env, num = self.env, self._jxc_number
        parts = [env._(
            "%(state)s: forecast %(forecast)s, safety stock %(safety)s, reorder point "
            "%(rop)s, class %(abc)s",
            state=states.get(facts.get("state"), facts.get("state") or ""),
            forecast=num(facts.get("forecast")), safety=num(facts.get("safety")),
            rop=num(facts.get("rop")), abc=(facts.get("abc") or "").upper())]
        if facts.get("seasonal_index"):
            parts.append(env._("seasonal forecast (×%(index)s)",
                               index=num(facts["seasonal_index"])))
        event = event_names.get(facts.get("event_id"), "")
        if event and facts.get("event_uplift", 1.0) != 1.0:
            parts.append(env._("pre-build for %(event)s (×%(uplift)s)",
                               event=event, uplift=num(facts["event_uplift"])))
        if facts.get("lead_time_extension"):
            days = num(facts["lead_time_extension"])
            if event and facts.get("extension_by_event"):
                parts.append(env._("lead time +%(days)s days for %(event)s",
                                   days=days, event=event))
            else:
                parts.append(env._("lead time +%(days)s days for a supplier holiday",
                                   days=days))
        if "order" in facts:
            parts.append(self._jxc_render_quantity(facts))
        return "; ".join(parts)

    def _jxc_render_quantity(self, facts):
        """How the drafted quantity was found: Odoo's max − forecast, rounded, minimum."""
        env, num = self.env, self._jxc_number
        order, top = facts["order"], facts.get("max", 0.0)
        forecast = facts.get("forecast_rule", 0.0)
        computed = facts.get("computed", order)
        figures = {"order": num(order), "max": num(top), "forecast": num(forecast),
                   "computed": num(computed), "multiple": num(facts.get("multiple"))}
        if facts.get("manual"):
            text = env._("order %(order)s, as typed in Replenishment", **figures)
        elif facts.get("min_qty") and order > computed:
            text = env._("order %(order)s, the vendor's minimum (max %(max)s − forecast "
                         "%(forecast)s = %(computed)s)", **figures)
        elif computed < top - forecast - 1e-6 and facts.get("multiple") == 1.0:
            # Odoo rounds down to the rule's multiple when the rule has a max; 1 by default
            text = env._("order %(order)s = max %(max)s − forecast %(forecast)s, rounded "
                         "down to whole units", **figures)
        elif computed < top - forecast - 1e-6 and facts.get("multiple"):
            text = env._("order %(order)s = max %(max)s − forecast %(forecast)s, rounded "
                         "down to a multiple of %(multiple)s", **figures)
        elif computed > top - forecast + 1e-6 and facts.get("multiple"):
            text = env._("order %(order)s = max %(max)s − forecast %(forecast)s, rounded "
                         "up to a multiple of %(multiple)s", **figures)
        else:
            text = env._("order %(order)s = max %(max)s − forecast %(forecast)s", **figures)
        daily = facts.get("daily")
        if daily and daily > 0:
            text += " " + env._("(%(days)s days of sales)", days=num(round(order / daily)))
        if "edited" in facts:
            edited = facts["edited"]
            if daily and daily > 0:
                text += "; " + env._("changed by hand to %(qty)s (%(days)s days of sales)",
                                     qty=num(edited), days=num(round(edited / daily)))
            else:
                text += "; " + env._("changed by hand to %(qty)s", qty=num(edited))
        return text

    def write(self, vals):
        res = super().write(vals)
        if "product_qty" in vals or "product_uom" in vals:
            self._jxc_note_edited_quantity()
        return res

    def _jxc_note_edited_quantity(self):
        """A drafted line whose quantity a person changed says so in its reason (the
        quantity in the product's unit, as the drafted one); a run's redraft writes its
        facts afresh."""
        for line in self:
            facts = line.jxc_reason_facts
            if not facts or "order" not in facts or line.order_id.state not in ("draft", "sent"):
                continue
            quantity = line.product_uom._compute_quantity(
                line.product_qty, line.product_id.uom_id, round=False)
            noted = dict(facts)
            if abs(quantity - facts["order"]) < 1e-6:
                noted.pop("edited", None)
            else:
                noted["edited"] = quantity
            if noted != facts:
                line.jxc_reason_facts = noted

    def jxc_set_quantity(self, quantity):
        """A buyer's quick edit of a drafted line's quantity (To Approve card)."""
        self.ensure_one()
        if not self.env.user.has_group("purchase.group_purchase_user"):
            raise AccessError(self.env._("Only purchase users can change drafted quantities."))
        if self.order_id.state not in ("draft", "sent"):
            raise UserError(self.env._("Only the quantities of a request for quotation can "
                                       "be changed here."))
        if quantity is None or quantity < 0:
            raise UserError(self.env._("The quantity cannot be negative."))
        self.product_qty = quantity
        return {"product_qty": self.product_qty, "price_subtotal": self.price_subtotal,
                "amount_total": self.order_id.amount_total, "jxc_reason": self.jxc_reason}
