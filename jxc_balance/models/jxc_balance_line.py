from odoo import api, fields, models
from odoo.exceptions import AccessError

BALANCE_STATES = [
    ("dead", "Dead Stock"),
    ("slow", "Slow-moving"),
    ("shortage", "Shortage"),
    ("reorder", "To Reorder"),
    ("overstock", "Overstock"),
    ("balanced", "Balanced"),
]
# Worst first: a product's summary state is the worst over its warehouses.
STATE_SEVERITY = {state: rank for rank, (state, _label) in enumerate(
    [("shortage", ""), ("reorder", ""), ("dead", ""), ("slow", ""), ("overstock", ""),
     ("balanced", "")])}
ABC_CLASSES = [("a", "A"), ("b", "B"), ("c", "C")]
XYZ_CLASSES = [("x", "X"), ("y", "Y"), ("z", "Z")]


class JxcBalanceLine(models.Model):
    _name = "jxc.balance.line"
    _description = "Stock Balance Line"
    _order = "company_id, warehouse_id, product_id"
    _rec_name = "product_id"
    _check_company_auto = True

    product_id = fields.Many2one(
        "product.product", required=True, index=True, ondelete="cascade",
        check_company=True)
    product_tmpl_id = fields.Many2one(related="product_id.product_tmpl_id", store=True)
    categ_id = fields.Many2one(related="product_id.categ_id", store=True, string="Category")
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, index=True, ondelete="cascade",
        check_company=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    active = fields.Boolean(default=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    currency_id = fields.Many2one(related="company_id.currency_id")
    vendor_id = fields.Many2one("res.partner", string="Main Vendor", readonly=True)

    avg_daily_demand = fields.Float(string="Average Daily Demand", digits="Product Unit of Measure",
                                    readonly=True)
    demand_std = fields.Float(string="Demand Std. Deviation", digits="Product Unit of Measure",
                              readonly=True)
    lead_time_days = fields.Float(string="Lead Time (days)", digits=(16, 2), readonly=True)
    lead_time_std = fields.Float(string="Lead Time Std. Deviation (days)", digits=(16, 2),
                                 readonly=True)
    lead_time_promised = fields.Float(string="Promised Lead Time (days)", digits=(16, 2),
                                      readonly=True)
    lead_time_source = fields.Selection(
        [("promised", "Promised by Vendor"), ("observed", "Observed on Receipts")],
        readonly=True)
    receipt_count = fields.Integer(string="Receipts Observed", readonly=True)
    service_level = fields.Float(digits=(5, 4), readonly=True)
    safety_stock = fields.Float(digits="Product Unit of Measure", readonly=True)
    reorder_point = fields.Float(digits="Product Unit of Measure", readonly=True)
    max_qty = fields.Float(string="Max Level", digits="Product Unit of Measure", readonly=True)
    qty_available = fields.Float(string="On Hand", digits="Product Unit of Measure",
                                 readonly=True)
    qty_incoming = fields.Float(string="Incoming", digits="Product Unit of Measure",
                                readonly=True)
    qty_outgoing = fields.Float(string="Outgoing", digits="Product Unit of Measure",
                                readonly=True)
    qty_forecast = fields.Float(
        string="Forecast", digits="Product Unit of Measure", readonly=True,
        help="On hand + incoming - outgoing.")
    days_of_cover = fields.Float(
        digits=(16, 1), readonly=True,
        help="On hand divided by the average daily demand; empty without demand.")
    stock_value = fields.Monetary(currency_field="currency_id", readonly=True)
    consumption_value = fields.Monetary(
        string="Consumption Value (365 d)", currency_field="currency_id", readonly=True)
    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class", readonly=True)
    xyz_class = fields.Selection(XYZ_CLASSES, string="XYZ Class", readonly=True)
    last_sale_date = fields.Date(readonly=True)
    last_outgoing_date = fields.Date(string="Last Outgoing Move", readonly=True)
    state = fields.Selection(BALANCE_STATES, string="Balance State", readonly=True, index=True)
    orderpoint_id = fields.Many2one(
        "stock.warehouse.orderpoint", string="Reordering Rule", readonly=True,
        ondelete="set null")
    computed_at = fields.Datetime(string="Last Computed", readonly=True)

    _sql_constraints = [
        ("product_warehouse_uniq", "unique(product_id, warehouse_id)",
         "A product has one balance line per warehouse."),
    ]

    @api.model
    def _check_manager(self):
        if not self.env.user.has_group("jxc_balance.group_jxc_balance_manager"):
            raise AccessError(self.env._("Only a Balance Manager can recompute the stock balance."))
