from odoo import fields, models


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    jxc_managed = fields.Boolean(
        string="Driven by Stock Balance", copy=False, readonly=True,
        help="Min and max are written every day by the stock balance (reorder point and "
        "max level).")

    def _unlink_processed_orderpoints(self):
        # Odoo's Replenishment refresh deletes manual rules created by the superuser once
        # nothing is left to order; the balance's rules must survive it (the cron creates
        # them as superuser), so the refresh only sees the others.
        return super(
            StockWarehouseOrderpoint, self.with_context(jxc_keep_managed_orderpoints=True)
        )._unlink_processed_orderpoints()

    def unlink(self):
        if self.env.context.get("jxc_keep_managed_orderpoints"):
            unmanaged = self.filtered(lambda orderpoint: not orderpoint.jxc_managed)
            return super(StockWarehouseOrderpoint, unmanaged).unlink()
        return super().unlink()
