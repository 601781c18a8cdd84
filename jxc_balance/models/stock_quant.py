from odoo import fields, models


class StockQuant(models.Model):
    """Applied counts stamp the recorded quantity on their move (see ``stock.move``)."""

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
