from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import float_compare, float_is_zero


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    jxc_managed = fields.Boolean(
        string="Driven by Stock Balance", copy=False, readonly=True, index="btree_not_null",
        help="Min and max are written every day by the stock balance (reorder point and "
        "max level).")

    def _unlink_processed_orderpoints(self):
        # Odoo's Replenishment refresh computes the quantity to order of every manual rule
        # the superuser created, then deletes those with nothing to order. The balance's
        # rules (the nightly cron creates them as superuser) must survive it, and must not
        # make it compute thousands of quantities: the refresh does not see them at all.
        return super(
            StockWarehouseOrderpoint, self.with_context(jxc_hide_managed_orderpoints=True)
        )._unlink_processed_orderpoints()

    @api.model
    def _search(self, domain, *args, **kwargs):
        if self.env.context.get("jxc_hide_managed_orderpoints"):
            domain = expression.AND([domain, [("jxc_managed", "=", False)]])
        return super()._search(domain, *args, **kwargs)

    def _jxc_quantities_to_order(self):
        """{orderpoint id: quantity to order}, by Odoo's rule, for many rules at once.

        Odoo's ``qty_to_order_computed`` reads the forecast again and the quantities in
        progress (2 read_groups) one rule at a time: minutes for thousands of rules. Without
        visibility days, the forecast it reads is the rule's own ``qty_forecast`` (computed
        for all the rules together, RFQs in progress included), so the same quantity is
        max(min, max) - forecast, rounded to the rule's multiple as Odoo rounds it. With
        visibility days, Odoo's own per-rule computation is used. A manual quantity (typed
        in Replenishment) is taken as is, as ``qty_to_order`` takes it.
        """
        visibility = self.env["ir.config_parameter"].sudo().get_param("stock.visibility_days", 0)
        quantities = {}
        for orderpoint in self:
            if orderpoint.qty_to_order_manual:
                # a quantity a buyer typed in Odoo's Replenishment wins, as in qty_to_order
                quantities[orderpoint.id] = orderpoint.qty_to_order_manual
                continue
            rounding = orderpoint.product_uom.rounding
            if float(visibility or 0) or orderpoint.visibility_days:
                quantities[orderpoint.id] = orderpoint._get_qty_to_order()
                continue
            forecast, min_qty = orderpoint.qty_forecast, orderpoint.product_min_qty
            if float_compare(forecast, min_qty, precision_rounding=rounding) >= 0:
                quantities[orderpoint.id] = 0.0
                continue
            quantity = max(orderpoint.product_min_qty, orderpoint.product_max_qty) - forecast
            multiple = orderpoint.qty_multiple
            remainder = (multiple > 0.0 and quantity % multiple) or 0.0
            if (float_compare(remainder, 0.0, precision_rounding=rounding) > 0
                    and float_compare(multiple - remainder, 0.0, precision_rounding=rounding) > 0):
                if float_is_zero(orderpoint.product_max_qty, precision_rounding=rounding):
                    quantity += multiple - remainder
                else:
                    quantity -= remainder
            quantities[orderpoint.id] = quantity
        return quantities
