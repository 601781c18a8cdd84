from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    jxc_abc_threshold_a = fields.Float(
        string="ABC Threshold A", default=0.80, digits=(5, 4),
        help="Products making up this first share of the consumption value are class A.")
    jxc_abc_threshold_b = fields.Float(
        string="ABC Threshold B", default=0.95, digits=(5, 4),
        help="Products up to this cumulative share of the consumption value are class B.")
    jxc_slow_days = fields.Integer(
        string="Slow after (days)", default=60,
        help="Stock with no customer sale for this many days is slow-moving.")
    jxc_dead_days = fields.Integer(
        string="Dead after (days)", default=180,
        help="Stock with no outgoing move of any kind for this many days is dead.")
    jxc_overstock_days = fields.Integer(
        string="Overstock above (days of cover)", default=120,
        help="Stock lasting longer than this many days of average demand is overstock.")

    jxc_balance_manager_id = fields.Many2one(
        "res.users", string="Balance Manager",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Gets the to-dos of the stock alerts whose product has no responsible (and "
        "whose warehouse has no Balance Manager of its own). Empty: the company's first "
        "Inventory Administrator.")

    # cycle counts (定期盘点)
    jxc_count_tolerance = fields.Float(
        string="Count Tolerance (%)", default=2.0, digits=(5, 2),
        help="An applied count whose difference is at most this share of the recorded "
        "quantity counts as accurate (0: any difference is an error).")
    # the tolerance as a fraction, so that forms show it with the percentage widget like
    # the ABC thresholds and service targets (the stored value stays in percent)
    jxc_count_tolerance_rate = fields.Float(
        string="Count Tolerance", digits=(5, 4), compute="_compute_jxc_count_tolerance_rate",
        inverse="_inverse_jxc_count_tolerance_rate",
        help="An applied count whose difference is at most this share of the recorded "
        "quantity counts as accurate (0: any difference is an error).")
    jxc_count_drift_counts = fields.Integer(
        string="Drift after (counts)", default=2,
        help="A product whose last this many counts in a warehouse all differ beyond the "
        "tolerance is in count drift: an alert is raised and its count interval is halved "
        "until a count is accurate again.")
    jxc_count_start_date = fields.Date(
        string="Cycle Counts Since", readonly=True, copy=False,
        help="First day the cycle-count schedule ran; never-counted stock is spread over "
        "its count interval from this day.")

    @api.depends("jxc_count_tolerance")
    def _compute_jxc_count_tolerance_rate(self):
        for company in self:
            company.jxc_count_tolerance_rate = company.jxc_count_tolerance / 100.0

    def _inverse_jxc_count_tolerance_rate(self):
        for company in self:
            company.jxc_count_tolerance = round(company.jxc_count_tolerance_rate * 100.0, 2)

    def jxc_action_balance_settings(self):
        """The company-wide balance values of the current company, read-only: what a
        Balance Manager who is no Settings administrator may see."""
        if not self.env.user.has_group("jxc_balance.group_jxc_balance_manager"):
            raise AccessError(self.env._("Only Balance Managers can open the balance settings."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Balance Settings"),
            "res_model": "res.company",
            "res_id": self.env.company.id,
            "view_mode": "form",
            "views": [(self.env.ref("jxc_balance.view_res_company_form_jxc_balance").id,
                       "form")],
            "target": "current",
        }

    @api.constrains("jxc_abc_threshold_a", "jxc_abc_threshold_b")
    def _check_jxc_abc_thresholds(self):
        for company in self:
            if not 0 < company.jxc_abc_threshold_a < company.jxc_abc_threshold_b < 1:
                raise ValidationError(self.env._(
                    "ABC thresholds must satisfy 0 < threshold A < threshold B < 1 "
                    "(%(company)s has A = %(a)s, B = %(b)s).",
                    company=company.name, a=company.jxc_abc_threshold_a,
                    b=company.jxc_abc_threshold_b))

    @api.constrains("jxc_slow_days", "jxc_dead_days", "jxc_overstock_days")
    def _check_jxc_days(self):
        for company in self:
            for field_name in ("jxc_slow_days", "jxc_dead_days", "jxc_overstock_days"):
                if company[field_name] < 1:
                    raise ValidationError(self.env._(
                        "%(setting)s must be at least 1 day.",
                        setting=company._fields[field_name].get_description(
                            self.env, ["string"])["string"]))

    @api.constrains("jxc_count_tolerance", "jxc_count_drift_counts")
    def _check_jxc_count_drift(self):
        for company in self:
            if not 0 <= company.jxc_count_tolerance < 100:
                raise ValidationError(self.env._(
                    "The count tolerance must lie between 0 and 100 percent (%(company)s has "
                    "%(tolerance)s).",
                    company=company.name, tolerance=company.jxc_count_tolerance))
            if not 1 <= company.jxc_count_drift_counts <= 10:
                raise ValidationError(self.env._(
                    "Drift after must lie between 1 and 10 counts (%(company)s has %(counts)s).",
                    company=company.name, counts=company.jxc_count_drift_counts))

    def _jxc_count_interval(self, abc_class, profile=None):
        """Days between two counts under ``profile`` (a line's), else under the company's
        profile of ``abc_class`` (C when unclassified)."""
        self.ensure_one()
        if profile:
            return profile.sudo().count_interval
        return self.env["jxc.balance.profile"]._class_settings(self, abc_class).count_interval

    def _jxc_first_user(self, *groups):
        """The company's first internal user (lowest id) of the first of ``groups`` with one.

        Who gets a to-do nobody else answers for: an alert whose product has no eligible
        responsible goes to the first Inventory Administrator, an event reminder to the
        first Balance Manager, else the first Inventory Administrator. OdooBot never does.
        """
        self.ensure_one()
        root = self.env.ref("base.user_root")
        for group in groups:
            user = self.env["res.users"].search([
                ("groups_id", "in", group.id), ("company_ids", "in", self.id),
                ("share", "=", False), ("id", "!=", root.id),
            ], order="id", limit=1)
            if user:
                return user
        return self.env["res.users"]

    def _jxc_alert_assignees(self, alerts):
        """{alert id: user} who answers for each of ``alerts`` of these companies.

        The product's responsible, else the Balance Manager of the warehouse, else the
        company's, else the company's first Inventory Administrator; each must be an
        active internal Balance User of the company.
        """
        manager_group = self.env.ref("stock.group_stock_manager")
        eligible = {}

        def fit(user, company):
            if (user, company) not in eligible:
                eligible[user, company] = bool(
                    user and user.active and not user.share and company in user.company_ids
                    and user.has_group("jxc_balance.group_jxc_balance_user"))
            return eligible[user, company]

        result = {}
        for company in self:
            company_alerts = alerts.filtered(lambda alert, company=company:
                                           alert.company_id == company)
            responsibles = {
                template.id: template.responsible_id
                for template in company_alerts.product_id.product_tmpl_id.with_company(company)
            }
            fallback = None
            for alert in company_alerts:
                candidates = (
                    responsibles.get(alert.product_id.product_tmpl_id.id),
                    alert.warehouse_id.jxc_balance_manager_id,
                    company.jxc_balance_manager_id,
                )
                user = next((user for user in candidates if fit(user, company)), None)
                if user is None:
                    if fallback is None:
                        fallback = company._jxc_first_user(manager_group)
                    user = fallback
                result[alert.id] = user
        return result
