"""Cycle counts on Odoo's own Physical Inventory (定期盘点).

Odoo keeps no trace of the quantity a count found wrong: an applied count is a done
``stock.move`` (``is_inventory``) of the difference only. The quant stamps the recorded
quantity (what the books said just before the count) on that move, so that the counted
quantity is ``recorded + difference`` and the stock accuracy can be read from the moves.
The nightly schedule writes ``inventory_date`` (Odoo's "Scheduled Date") on the quants:
see ``jxc.balance.count``.
"""

from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    jxc_qty_recorded = fields.Float(
        string="Recorded Quantity", digits="Product Unit of Measure", readonly=True, copy=False,
        help="On an applied count: the quantity on record just before the count. The "
        "counted quantity is this plus the difference moved.")


class StockQuant(models.Model):
    _inherit = "stock.quant"

    jxc_count_auto_date = fields.Date(
        string="Cycle Count Date", readonly=True, copy=False,
        help="The last next-count date the cycle-count schedule wrote on this quant; a "
        "different scheduled date was set by someone else.")

    def _apply_inventory(self):
        # only counts stamp the recorded quantity, not relocations (move_quants)
        return super(StockQuant, self.with_context(jxc_count_apply=True))._apply_inventory()

    def _get_inventory_move_values(self, qty, location_id, location_dest_id, package_id=False,
                                   package_dest_id=False):
        values = super()._get_inventory_move_values(
            qty, location_id, location_dest_id, package_id=package_id,
            package_dest_id=package_dest_id)
        if self.env.context.get("jxc_count_apply"):
            values["jxc_qty_recorded"] = self.quantity
        return values
