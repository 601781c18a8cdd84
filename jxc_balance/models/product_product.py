from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .jxc_balance_line import (
    ABC_CLASSES,
    BALANCE_STATES,
    DEMAND_TYPES,
    FORECAST_METHODS,
    REORDER_METHODS,
    STATE_SEVERITY,
    XYZ_CLASSES,
)

PIN_FIELDS = ("jxc_pin_safety_stock", "jxc_safety_stock_pinned", "jxc_abc_class_pinned")


class ProductProduct(models.Model):
    _inherit = "product.product"

    # Pinned by a buyer, per company: recomputes keep them.
    jxc_pin_safety_stock = fields.Boolean(
        string="Pin Safety Stock", company_dependent=True,
        help="Keep the safety stock below instead of computing it.")
    jxc_safety_stock_pinned = fields.Float(
        string="Pinned Safety Stock", company_dependent=True, digits="Product Unit of Measure")
    jxc_abc_class_pinned = fields.Selection(
        ABC_CLASSES, string="Pinned ABC Class", company_dependent=True,
        help="Keep this ABC class instead of the one computed from consumption value.")

    # Summary of the current company's balance lines.
    jxc_balance_line_ids = fields.One2many(
        "jxc.balance.line", "product_id", string="Balance Lines")
    jxc_abc_class = fields.Selection(
        ABC_CLASSES, string="ABC Class", compute="_compute_jxc_summary")
    jxc_xyz_class = fields.Selection(
        XYZ_CLASSES, string="XYZ Class", compute="_compute_jxc_summary")
    jxc_safety_stock = fields.Float(
        string="Safety Stock", compute="_compute_jxc_summary", digits="Product Unit of Measure",
        help="Sum over the warehouses of the company.")
    jxc_reorder_point = fields.Float(
        string="Reorder Point", compute="_compute_jxc_summary", digits="Product Unit of Measure",
        help="Sum over the warehouses of the company.")
    jxc_lead_time_days = fields.Float(
        string="Lead Time (days)", compute="_compute_jxc_summary", digits=(16, 2))
    jxc_balance_state = fields.Selection(
        BALANCE_STATES, string="Balance State", compute="_compute_jxc_summary",
        help="The worst state over the warehouses of the company.")
    jxc_balance_line_count = fields.Integer(compute="_compute_jxc_summary")
    jxc_forecast_method = fields.Selection(
        FORECAST_METHODS, string="Forecast Method", compute="_compute_jxc_summary",
        help="The method of the first warehouse, chosen by the lower backtest error.")
    jxc_demand_type = fields.Selection(
        DEMAND_TYPES, string="Demand Type", compute="_compute_jxc_summary",
        help="The demand type of the first warehouse.")
    jxc_reorder_method = fields.Selection(
        REORDER_METHODS, string="Lead-Time Demand", compute="_compute_jxc_summary",
        help="How the first warehouse's reorder point reads the lead time's demand.")
    jxc_seasonal_index = fields.Float(
        string="Forecast Index", compute="_compute_jxc_summary", digits=(16, 2))
    jxc_forecast_mape = fields.Float(
        string="Forecast MAPE (%)", compute="_compute_jxc_summary", digits=(16, 1))
    jxc_forecast_bias = fields.Float(
        string="Forecast Bias (%)", compute="_compute_jxc_summary", digits=(16, 1))

    @api.depends_context("company")
    @api.depends("jxc_balance_line_ids.state", "jxc_balance_line_ids.safety_stock")
    def _compute_jxc_summary(self):
        lines_by_product = {}
        if self.ids:
            lines = self.env["jxc.balance.line"].search([
                ("product_id", "in", self.ids), ("company_id", "=", self.env.company.id)])
            for line in lines:
                lines_by_product.setdefault(line.product_id.id, []).append(line)
        for product in self:
            lines = lines_by_product.get(product.id, [])
            first = lines[0] if lines else None
            product.jxc_abc_class = first.abc_class if first else False
            product.jxc_xyz_class = first.xyz_class if first else False
            product.jxc_lead_time_days = first.lead_time_days if first else 0.0
            product.jxc_safety_stock = sum(line.safety_stock for line in lines)
            product.jxc_reorder_point = sum(line.reorder_point for line in lines)
            product.jxc_balance_state = min(
                (line.state for line in lines if line.state),
                key=STATE_SEVERITY.get, default=False)
            product.jxc_balance_line_count = len(lines)
            product.jxc_forecast_method = first.forecast_method if first else False
            product.jxc_demand_type = first.demand_type if first else False
            product.jxc_reorder_method = first.reorder_method if first else False
            product.jxc_seasonal_index = first.seasonal_index if first else 0.0
            product.jxc_forecast_mape = first.forecast_mape if first else 0.0
            product.jxc_forecast_bias = first.forecast_bias if first else 0.0

    @api.constrains("jxc_safety_stock_pinned")
    def _check_jxc_safety_stock_pinned(self):
        for product in self:
            if product.jxc_safety_stock_pinned < 0:
                raise ValidationError(self.env._(
                    "The pinned safety stock of %(product)s cannot be negative.",
                    product=product.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        # a product created with a pin set is a pin set: same right as for write
        if any(vals.get(name) for vals in vals_list for name in PIN_FIELDS):
            self._check_jxc_pin_access()
        return super().create(vals_list)

    def write(self, vals):
        if any(name in vals for name in PIN_FIELDS):
            self._check_jxc_pin_access()
            if set(vals) <= set(PIN_FIELDS) and not self.env.su:
                # Pins are balance settings: a Balance Manager sets them without needing
                # the right to edit the whole product.
                self.check_access("read")
                return super(ProductProduct, self.sudo()).write(vals)
        return super().write(vals)

    @api.model
    def _check_jxc_pin_access(self):
        """Raise unless the user may pin (Balance Manager, or superuser)."""
        if not self.env.su and not self.env.user.has_group(
                "jxc_balance.group_jxc_balance_manager"):
            raise AccessError(self.env._(
                "Only a Balance Manager can pin the safety stock or the ABC class."))

    def action_open_jxc_balance_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jxc_balance.action_jxc_balance_line")
        action["domain"] = [("product_id", "=", self.id)]
        action["context"] = {"default_product_id": self.id}
        return action
