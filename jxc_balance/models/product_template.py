from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # The balance lives on variants; a template with a single variant shows its figures.
    jxc_pin_safety_stock = fields.Boolean(
        related="product_variant_id.jxc_pin_safety_stock", readonly=False)
    jxc_safety_stock_pinned = fields.Float(
        related="product_variant_id.jxc_safety_stock_pinned", readonly=False)
    jxc_abc_class_pinned = fields.Selection(
        related="product_variant_id.jxc_abc_class_pinned", readonly=False)
    jxc_abc_class = fields.Selection(related="product_variant_id.jxc_abc_class")
    jxc_xyz_class = fields.Selection(related="product_variant_id.jxc_xyz_class")
    jxc_safety_stock = fields.Float(related="product_variant_id.jxc_safety_stock")
    jxc_reorder_point = fields.Float(related="product_variant_id.jxc_reorder_point")
    jxc_lead_time_days = fields.Float(related="product_variant_id.jxc_lead_time_days")
    jxc_balance_state = fields.Selection(related="product_variant_id.jxc_balance_state")
    jxc_balance_line_count = fields.Integer(compute="_compute_jxc_balance_line_count")

    def _compute_jxc_balance_line_count(self):
        for template in self:
            template.jxc_balance_line_count = sum(
                template.product_variant_ids.mapped("jxc_balance_line_count"))

    def action_open_jxc_balance_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jxc_balance.action_jxc_balance_line")
        action["domain"] = [("product_tmpl_id", "=", self.id)]
        return action
