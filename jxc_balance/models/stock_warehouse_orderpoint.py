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
        # make it compute thousands of quantities: the refresh does not see them at all.
        return super(
            StockWarehouseOrderpoint, self.with_context(jxc_hide_managed_orderpoints=True)
        )._unlink_processed_orderpoints()

    @api.model
    def _search(self, domain, *args, **kwargs):
        if self.env.context.get("jxc_hide_managed_orderpoints"):
            domain = expression.AND([domain, [("jxc_managed", "=", False)]])
        return super()._search(domain, *args, **kwargs)
