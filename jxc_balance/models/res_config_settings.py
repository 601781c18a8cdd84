from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    jxc_history_days = fields.Integer(related="company_id.jxc_history_days", readonly=False)
    jxc_service_level_a = fields.Float(related="company_id.jxc_service_level_a", readonly=False)
    jxc_service_level_b = fields.Float(related="company_id.jxc_service_level_b", readonly=False)
    jxc_service_level_c = fields.Float(related="company_id.jxc_service_level_c", readonly=False)
    jxc_abc_threshold_a = fields.Float(related="company_id.jxc_abc_threshold_a", readonly=False)
    jxc_abc_threshold_b = fields.Float(related="company_id.jxc_abc_threshold_b", readonly=False)
    jxc_cover_days = fields.Integer(related="company_id.jxc_cover_days", readonly=False)
    jxc_slow_days = fields.Integer(related="company_id.jxc_slow_days", readonly=False)
    jxc_dead_days = fields.Integer(related="company_id.jxc_dead_days", readonly=False)
    jxc_overstock_days = fields.Integer(related="company_id.jxc_overstock_days", readonly=False)
    jxc_count_interval_a = fields.Integer(related="company_id.jxc_count_interval_a",
                                          readonly=False)
    jxc_count_interval_b = fields.Integer(related="company_id.jxc_count_interval_b",
                                          readonly=False)
    jxc_count_interval_c = fields.Integer(related="company_id.jxc_count_interval_c",
                                          readonly=False)
    jxc_count_tolerance = fields.Float(related="company_id.jxc_count_tolerance", readonly=False)
    jxc_count_drift_counts = fields.Integer(related="company_id.jxc_count_drift_counts",
                                            readonly=False)
