from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # service levels, cover, history and count intervals live on the balance profiles
    jxc_abc_threshold_a = fields.Float(related="company_id.jxc_abc_threshold_a", readonly=False)
    jxc_abc_threshold_b = fields.Float(related="company_id.jxc_abc_threshold_b", readonly=False)
    jxc_slow_days = fields.Integer(related="company_id.jxc_slow_days", readonly=False)
    jxc_balance_manager_id = fields.Many2one(related="company_id.jxc_balance_manager_id",
                                             readonly=False)
    jxc_dead_days = fields.Integer(related="company_id.jxc_dead_days", readonly=False)
    jxc_overstock_days = fields.Integer(related="company_id.jxc_overstock_days", readonly=False)
    jxc_count_tolerance = fields.Float(related="company_id.jxc_count_tolerance", readonly=False)
    jxc_count_tolerance_rate = fields.Float(related="company_id.jxc_count_tolerance_rate",
                                            readonly=False)
    jxc_count_drift_counts = fields.Integer(related="company_id.jxc_count_drift_counts",
                                            readonly=False)
