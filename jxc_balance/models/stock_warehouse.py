from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    jxc_balance_manager_id = fields.Many2one(
        "res.users", string="Balance Manager",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Gets the to-dos of this warehouse's stock alerts whose product has no "
        "responsible. Empty: the company's Balance Manager.")
