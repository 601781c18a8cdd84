from odoo import api, fields, models

from .jxc_balance_line import (
    ABC_CLASSES,
    BALANCE_STATES,
    DEMAND_TYPES,
    FORECAST_METHODS,
    REORDER_METHODS,
    XYZ_CLASSES,
)
from .product_product import PIN_FIELDS

SUMMARY_FIELDS = ("jxc_abc_class", "jxc_xyz_class", "jxc_safety_stock", "jxc_reorder_point",
                  "jxc_lead_time_days", "jxc_balance_state", "jxc_forecast_method",
                  "jxc_seasonal_index", "jxc_forecast_mape", "jxc_forecast_bias",
                  "jxc_demand_type", "jxc_reorder_method")


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # The balance lives on variants; a template with a single variant shows its figures,
    # with Odoo's own mirroring (as for the weight or the barcode).
    jxc_pin_safety_stock = fields.Boolean(
        string="Pin Safety Stock", compute="_compute_jxc_pins", inverse="_inverse_jxc_pins")
    jxc_safety_stock_pinned = fields.Float(
        string="Pinned Safety Stock", compute="_compute_jxc_pins", inverse="_inverse_jxc_pins",
        digits="Product Unit of Measure")
    jxc_abc_class_pinned = fields.Selection(
        ABC_CLASSES, string="Pinned ABC Class", compute="_compute_jxc_pins",
        inverse="_inverse_jxc_pins")
    # the Balance tab lists them, one row per warehouse (the figures above sum them)
    jxc_balance_line_ids = fields.One2many(
        "jxc.balance.line", "product_tmpl_id", string="Balance per Warehouse", readonly=True)
    jxc_abc_class = fields.Selection(
        ABC_CLASSES, string="ABC Class", compute="_compute_jxc_summary")
    jxc_xyz_class = fields.Selection(
        XYZ_CLASSES, string="XYZ Class", compute="_compute_jxc_summary")
    jxc_safety_stock = fields.Float(
        string="Safety Stock", compute="_compute_jxc_summary", digits="Product Unit of Measure")
    jxc_reorder_point = fields.Float(
        string="Reorder Point", compute="_compute_jxc_summary",
        digits="Product Unit of Measure")
    jxc_lead_time_days = fields.Float(
        string="Lead Time (days)", compute="_compute_jxc_summary", digits=(16, 2))
    jxc_balance_state = fields.Selection(
        BALANCE_STATES, string="Balance State", compute="_compute_jxc_summary")
    jxc_balance_line_count = fields.Integer(compute="_compute_jxc_summary")
    jxc_forecast_method = fields.Selection(
        FORECAST_METHODS, string="Forecast Method", compute="_compute_jxc_summary")
    jxc_demand_type = fields.Selection(
        DEMAND_TYPES, string="Demand Type", compute="_compute_jxc_summary")
    jxc_reorder_method = fields.Selection(
        REORDER_METHODS, string="Lead-Time Demand", compute="_compute_jxc_summary")
    jxc_seasonal_index = fields.Float(
        string="Forecast Index", compute="_compute_jxc_summary", digits=(16, 2))
    jxc_forecast_mape = fields.Float(
        string="Forecast MAPE (%)", compute="_compute_jxc_summary", digits=(16, 1))
    jxc_forecast_bias = fields.Float(
        string="Forecast Bias (%)", compute="_compute_jxc_summary", digits=(16, 1))
    # company-dependent: products are often shared between companies
    jxc_profile_id = fields.Many2one(
        "jxc.balance.profile", string="Balance Profile", company_dependent=True,
        domain="[('company_id', 'in', [False, allowed_company_ids[0]])]",
        help="Balance profile of this product in the current company. Empty: its "
        "category's (or a parent category's), else the profile of its ABC class.")

    @api.depends_context("company")
    @api.depends("product_variant_ids.jxc_balance_state")
    def _compute_jxc_summary(self):
        for name in SUMMARY_FIELDS:
            self._compute_template_field_from_variant_field(name)
        for template in self:
            template.jxc_balance_line_count = sum(
                template.product_variant_ids.mapped("jxc_balance_line_count"))

    @api.depends_context("company")
    @api.depends(*(f"product_variant_ids.{name}" for name in PIN_FIELDS))
    def _compute_jxc_pins(self):
        for name in PIN_FIELDS:
            self._compute_template_field_from_variant_field(name)

    def write(self, vals):
        if vals and set(vals) <= set(PIN_FIELDS) and not self.env.su:
            # Pins are balance settings: a Balance Manager sets them from the product form
            # without needing the right to edit the whole product (checked on the variant).
            self.env["product.product"]._check_jxc_pin_access()
            self.check_access("read")
            return super(ProductTemplate, self.sudo()).write(vals)
        return super().write(vals)

    def _inverse_jxc_pins(self):
        for name in PIN_FIELDS:
            self._set_product_variant_field(name)

    def action_open_jxc_balance_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jxc_balance.action_jxc_balance_line")
        action["domain"] = [("product_tmpl_id", "=", self.id)]
        return action
