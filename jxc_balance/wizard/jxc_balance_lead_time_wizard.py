"""Adopt the observed lead time of a vendor as its promise, from a lead time drift alert."""

import math

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import formatLang


class JxcBalanceLeadTimeWizard(models.TransientModel):
    _name = "jxc.balance.lead.time.wizard"
    _description = "Use Observed Lead Time"

    alert_id = fields.Many2one(
        "jxc.balance.alert", required=True, ondelete="cascade",
        domain=[("alert_type", "=", "lead_time_drift")])
    vendor_id = fields.Many2one(related="alert_id.vendor_id", related_sudo=True)
    summary = fields.Text(compute="_compute_summary", string="Changes")

    @api.model
    def _check_lead_time_rights(self):
        if not (self.env.is_superuser()
                or self.env.user.has_group("jxc_balance.group_jxc_balance_manager")
                or self.env.user.has_group("purchase.group_purchase_manager")):
            raise AccessError(self.env._(
                "Only a Balance Manager or a Purchase Administrator can change the vendors' "
                "lead times."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_lead_time_rights()
        return super().create(vals_list)

    def _changes(self):
        """[(product, vendor lines, new delay)]: the vendor's lines of each drifting product.

        The new delay is the observed lead time in whole days, rounded up (a promise too
        short drafts orders too late).
        """
        self.ensure_one()
        # a Purchase Administrator may not read the alerts: the rule of companies holds
        alert = self.alert_id.sudo()
        if alert.company_id not in self.env.companies:
            raise AccessError(self.env._("This alert belongs to another company."))
        items = (alert.message_params or {}).get("products", [])
        products = self.env["product.product"].browse([item["product_id"] for item in items])
        infos = self.env["product.supplierinfo"].sudo().search([
            ("partner_id", "=", alert.vendor_id.id),
            ("product_tmpl_id", "in", products.product_tmpl_id.ids),
            ("company_id", "in", (False, alert.company_id.id)),
        ])
        changes = []
        for item, product in zip(items, products, strict=True):
            mine = infos.filtered(lambda info, product=product: (
                info.product_tmpl_id == product.product_tmpl_id
                and info.product_id in (product, product.browse())))
            if mine:
                changes.append((product, mine, max(math.ceil(item["observed"] - 1e-9), 1)))
        return changes

    @api.depends("alert_id")
    def _compute_summary(self):
        for wizard in self:
            wizard.summary = "\n".join(
                self.env._("%(product)s: %(old)s → %(new)s days",
                           product=product.display_name,
                           old=", ".join(formatLang(self.env, delay, digits=0)
                                         for delay in sorted(set(infos.mapped("delay")))),
                           new=new)
                for product, infos, new in (wizard._changes() if wizard.alert_id else [])
            )

    def action_apply(self):
        """Set the vendor's promised lead times, say so in the alert and close it."""
        self._check_lead_time_rights()
        self.ensure_one()
        changes = self._changes()
        if not changes:
            raise UserError(self.env._("This vendor has no price list line to change."))
        summary = self.summary
        for _product, infos, new in changes:
            infos.write({"delay": new})
        alert = self.alert_id.sudo()
        alert.message_post(body=Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("Promised lead times of %(vendor)s set to the observed ones:",
                       vendor=alert.vendor_id.display_name),
            Markup().join(Markup("<li>%s</li>") % line for line in summary.splitlines())))
        alert.action_mark_handled()
        return {"type": "ir.actions.act_window_close"}
