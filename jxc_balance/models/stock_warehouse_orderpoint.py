from odoo import api, fields, models
from odoo.osv import expression


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
        # make it compute a quantity for each of them: the refresh does not see them.
        return super(
            StockWarehouseOrderpoint, self.with_context(jxc_hide_managed_orderpoints=True)
        )._unlink_processed_orderpoints()

    @api.model
    def _search(self, domain, *args, **kwargs):
        if self.env.context.get("jxc_hide_managed_orderpoints"):
            domain = expression.AND([domain, [("jxc_managed", "=", False)]])
        return super()._search(domain, *args, **kwargs)

    def _quantity_in_progress(self):
        """Odoo's quantities in progress, taken from a reorder run's context when it has them."""
        known = self.env.context.get("jxc_qty_in_progress")
        if known is None or not set(self.ids) <= known.keys():
            return super()._quantity_in_progress()
        # read once for the whole run: Odoo's _get_qty_to_order asks again, one rule at a
        # time, for each rule with nothing in progress
        return {orderpoint.id: known[orderpoint.id] for orderpoint in self}

    def _jxc_quantities_to_order(self):
        """{orderpoint id: quantity to order}, by Odoo's ``_get_qty_to_order``, for many rules.

        The forecasts are computed for all the rules together first, so that Odoo's
        per-rule forecast read finds them in the cache; the quantities in progress are read
        once. A quantity a buyer typed in Replenishment wins, as in ``qty_to_order``.
        """
        in_progress = self._quantity_in_progress()
        orderpoints = self.with_context(jxc_qty_in_progress=in_progress)
        # a fresh forecast with the rules' current lead days, whose product forecasts
        # stay in the cache for the loop below
        orderpoints.invalidate_recordset(["qty_on_hand", "qty_forecast"])
        orderpoints.mapped("qty_forecast")
        quantities = {}
        for orderpoint in orderpoints:
            quantities[orderpoint.id] = orderpoint.qty_to_order_manual or \
                orderpoint._get_qty_to_order(qty_in_progress_by_orderpoint=in_progress)
        return quantities
