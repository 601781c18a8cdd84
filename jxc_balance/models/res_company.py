from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Ten years of daily history is plenty; a typo like 1000000 would put the first day before
# year 1 and make every recompute (and the dashboard) fail.
MAX_HISTORY_DAYS = 3650


class ResCompany(models.Model):
    _inherit = "res.company"

    jxc_history_days = fields.Integer(
        string="Demand History (days)", default=90,
        help="Number of full past days whose customer deliveries give the average daily "
        "demand and its standard deviation.")
    jxc_service_level_a = fields.Float(string="Service Level A", default=0.98, digits=(5, 4))
    jxc_service_level_b = fields.Float(string="Service Level B", default=0.95, digits=(5, 4))
    jxc_service_level_c = fields.Float(string="Service Level C", default=0.90, digits=(5, 4))
    jxc_abc_threshold_a = fields.Float(
        string="ABC Threshold A", default=0.80, digits=(5, 4),
        help="Products making up this first share of the consumption value are class A.")
    jxc_abc_threshold_b = fields.Float(
        string="ABC Threshold B", default=0.95, digits=(5, 4),
        help="Products up to this cumulative share of the consumption value are class B.")
    jxc_cover_days = fields.Integer(
        string="Cover Days", default=30,
        help="Days of average demand added on top of the reorder point to give the max level.")
    jxc_slow_days = fields.Integer(
        string="Slow after (days)", default=60,
        help="Stock with no customer sale for this many days is slow-moving.")
    jxc_dead_days = fields.Integer(
        string="Dead after (days)", default=180,
        help="Stock with no outgoing move of any kind for this many days is dead.")
    jxc_overstock_days = fields.Integer(
        string="Overstock above (days of cover)", default=120,
        help="Stock lasting longer than this many days of average demand is overstock.")

    @api.constrains("jxc_service_level_a", "jxc_service_level_b", "jxc_service_level_c")
    def _check_jxc_service_levels(self):
        for company in self:
            for level in (company.jxc_service_level_a, company.jxc_service_level_b,
                          company.jxc_service_level_c):
                if not 0.5 < level < 0.9999:
                    raise ValidationError(self.env._(
                        "Service levels must lie strictly between 0.5 and 0.9999 "
                        "(%(company)s has %(level)s).",
                        company=company.name, level=level))

    @api.constrains("jxc_abc_threshold_a", "jxc_abc_threshold_b")
    def _check_jxc_abc_thresholds(self):
        for company in self:
            if not 0 < company.jxc_abc_threshold_a < company.jxc_abc_threshold_b < 1:
                raise ValidationError(self.env._(
                    "ABC thresholds must satisfy 0 < threshold A < threshold B < 1 "
                    "(%(company)s has A = %(a)s, B = %(b)s).",
                    company=company.name, a=company.jxc_abc_threshold_a,
                    b=company.jxc_abc_threshold_b))

    @api.constrains("jxc_history_days", "jxc_cover_days", "jxc_slow_days", "jxc_dead_days",
                    "jxc_overstock_days")
    def _check_jxc_days(self):
        for company in self:
            for field_name in ("jxc_history_days", "jxc_cover_days", "jxc_slow_days",
                               "jxc_dead_days", "jxc_overstock_days"):
                if company[field_name] < 1:
                    raise ValidationError(self.env._(
                        "%(setting)s must be at least 1 day.",
                        setting=company._fields[field_name].get_description(
                            self.env, ["string"])["string"]))

    @api.constrains("jxc_history_days")
    def _check_jxc_history_days_max(self):
        for company in self:
            if company.jxc_history_days > MAX_HISTORY_DAYS:
                raise ValidationError(self.env._(
                    "Demand History cannot exceed %(max)s days (%(company)s has %(days)s).",
                    max=MAX_HISTORY_DAYS, company=company.name, days=company.jxc_history_days))
