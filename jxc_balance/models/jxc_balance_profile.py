"""Balance profiles: the replenishment policy of a group of products, as data.

A line's profile is the product's own (``product.template.jxc_profile_id``), else the
nearest one up its category's parents (``product.category.jxc_profile_id``), else the
company's profile of the line's ABC class, else the shared profile of that class. Both
overrides are company-dependent. ``_resolve_for_products`` does it for a whole batch of
products in two queries.
"""

from dataclasses import dataclass

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..balance_math import limits
from .jxc_balance_line import ABC_CLASSES, SERVICE_METRICS

FORECAST_OPTIONS = [("auto", "Automatic (backtest chooses)"), ("flat", "Flat Average Only")]
# What the shipped profiles hold (data/jxc_balance_profile_data.xml); also what a line
# gets when no profile of its class is left (all archived).
DEFAULT_SERVICE_LEVELS = {"a": 0.98, "b": 0.95, "c": 0.90}
DEFAULT_COUNT_INTERVALS = {"a": 30, "b": 90, "c": 365}
DEFAULT_COVER_DAYS = 30
DEFAULT_HISTORY_DAYS = 90
LEGACY_SETTINGS = ("service_level", "count_interval", "cover_days", "history_days")


@dataclass(frozen=True)
class ProfileSettings:
    """What the recompute and the count schedule read of a profile (plain values)."""

    service_level: float
    service_metric: str
    cover_days: int
    history_days: int
    count_interval: int
    forecast_method: str


def default_settings(abc_class):
    """The shipped profile's settings of ``abc_class``."""
    return ProfileSettings(
        service_level=DEFAULT_SERVICE_LEVELS[abc_class], service_metric="cycle",
        cover_days=DEFAULT_COVER_DAYS, history_days=DEFAULT_HISTORY_DAYS,
        count_interval=DEFAULT_COUNT_INTERVALS[abc_class], forecast_method="auto")


@dataclass(frozen=True)
class ResolvedProfile:
    """The profile of one product: its id (False: none left), why, and its settings."""

    profile_id: int | bool
    source: str | bool
    settings: ProfileSettings


class JxcBalanceProfile(models.Model):
    _name = "jxc.balance.profile"
    _description = "Balance Profile"
    _order = "sequence, abc_class, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", index=True,
        help="Empty: the profile is shared by all companies.")
    abc_class = fields.Selection(
        ABC_CLASSES, string="Default for ABC Class",
        help="The profile applies to the products of this class in its company (or in "
        "every company without a profile of its own for the class, when shared), unless "
        "the product or its category names another profile.")
    service_level = fields.Float(
        string="Service Target", digits=(5, 4), required=True, default=0.95,
        help="Probability of not running out during a lead time (cycle service level): "
        "the safety stock is z(target) standard deviations of the lead-time demand.")
    service_metric = fields.Selection(
        SERVICE_METRICS, required=True, default="cycle",
        help="How the service target is read. Cycle service level: the share of "
        "replenishment cycles without a stockout. Fill rate: the share of the demand "
        "served from stock (the safety stock is still computed as for a cycle service "
        "level for now).")
    cover_days = fields.Integer(
        required=True, default=DEFAULT_COVER_DAYS,
        help="Days of average demand added on top of the reorder point to give the max level.")
    history_days = fields.Integer(
        string="Demand History (days)", required=True, default=DEFAULT_HISTORY_DAYS,
        help="Number of full past days whose customer deliveries give the average daily "
        "demand and its standard deviation.")
    count_interval = fields.Integer(
        string="Count Interval (days)", required=True, default=90,
        help="Days between two physical counts of a product in a warehouse.")
    forecast_method = fields.Selection(
        FORECAST_OPTIONS, string="Forecast Option", required=True, default="auto",
        help="Automatic: the seasonal forecast is used where its backtest beats the flat "
        "average. Flat average only: never seasonal (events still apply).")
    note = fields.Text()

    # ---------------------------------------------------------------- constraints
    @api.constrains("service_level")
    def _check_service_level(self):
        for profile in self:
            if not limits.MIN_SERVICE_LEVEL < profile.service_level < limits.MAX_SERVICE_LEVEL:
                raise ValidationError(self.env._(
                    "The service target must lie strictly between %(min)s and %(max)s "
                    "(%(profile)s has %(level)s).",
                    min=limits.MIN_SERVICE_LEVEL, max=limits.MAX_SERVICE_LEVEL,
                    profile=profile.display_name, level=profile.service_level))

    @api.constrains("cover_days", "history_days", "count_interval")
    def _check_days(self):
        for profile in self:
            if profile.cover_days < 0:
                raise ValidationError(self.env._(
                    "Cover days cannot be negative (%(profile)s has %(days)s).",
                    profile=profile.display_name, days=profile.cover_days))
            if not limits.MIN_HISTORY_DAYS <= profile.history_days <= limits.MAX_HISTORY_DAYS:
                raise ValidationError(self.env._(
                    "The demand history must lie between %(min)s and %(max)s days "
                    "(%(profile)s has %(days)s).",
                    min=limits.MIN_HISTORY_DAYS, max=limits.MAX_HISTORY_DAYS,
                    profile=profile.display_name, days=profile.history_days))
            if not (limits.MIN_COUNT_INTERVAL <= profile.count_interval
                    <= limits.MAX_COUNT_INTERVAL):
                raise ValidationError(self.env._(
                    "The count interval must lie between %(min)s and %(max)s days "
                    "(%(profile)s has %(days)s).",
                    min=limits.MIN_COUNT_INTERVAL, max=limits.MAX_COUNT_INTERVAL,
                    profile=profile.display_name, days=profile.count_interval))

    @api.constrains("abc_class", "company_id", "active")
    def _check_one_per_class(self):
        for profile in self.filtered(lambda p: p.abc_class and p.active):
            other = self.sudo().search([
                ("id", "!=", profile.id), ("abc_class", "=", profile.abc_class),
                ("company_id", "=", profile.company_id.id),
            ], limit=1)
            if other:
                raise ValidationError(self.env._(
                    "%(profile)s and %(other)s both claim ABC class %(abc)s for "
                    "%(company)s: one profile per class and company.",
                    profile=profile.display_name, other=other.display_name,
                    abc=profile.abc_class.upper(),
                    company=profile.company_id.name or self.env._("all companies")))

    # ----------------------------------------------------------------- resolution
    @api.model
    def _settings_of(self, profile):
        """The plain settings of one profile record."""
        return ProfileSettings(
            service_level=profile.service_level, service_metric=profile.service_metric,
            cover_days=profile.cover_days, history_days=profile.history_days,
            count_interval=profile.count_interval, forecast_method=profile.forecast_method)

    @api.model
    def _company_profiles(self, company):
        """Active profiles ``company`` may use (its own and the shared ones), as superuser."""
        return self.sudo().with_context(active_test=True).search(
            [("company_id", "in", [False, company.id])])

    @api.model
    def _class_profiles(self, company, profiles=None):
        """{abc_class: profile} for ``company``: its own profile of a class, else the shared one."""
        profiles = self._company_profiles(company) if profiles is None else profiles
        by_class = {}
        # shared first, the company's own profiles overwrite them
        for profile in profiles.sorted(lambda p: bool(p.company_id)):
            if profile.abc_class:
                by_class[profile.abc_class] = profile
        return by_class

    @api.model
    def _class_settings(self, company, abc_class):
        """Settings of the company's profile for ``abc_class`` (C when unclassified)."""
        abc_class = abc_class or "c"
        profile = self._class_profiles(company).get(abc_class)
        return self._settings_of(profile) if profile else default_settings(abc_class)

    @api.model
    def _longest_history_days(self, company):
        """The longest demand history of the profiles ``company`` may use.

        The recompute reads this much daily history per batch (each line then cuts its
        own profile's window from it), and the dashboard's demand figures cover it.
        """
        days = self._company_profiles(company).mapped("history_days")
        return max(days, default=DEFAULT_HISTORY_DAYS)

    @api.model
    def _resolve_for_products(self, company, products, abc_classes):
        """{product_id: ResolvedProfile} of ``products`` in ``company``.

        ``abc_classes``: {product_id: class} (C when missing). Two queries for the whole
        batch, whatever its size: the products' and their categories' overrides.
        """
        # the overrides are read in SQL: pending ORM writes go first
        self.env["product.template"].flush_model(["jxc_profile_id", "categ_id"])
        self.env["product.category"].flush_model(["jxc_profile_id", "parent_path"])
        profiles = self._company_profiles(company)
        settings = {profile.id: self._settings_of(profile) for profile in profiles}
        by_class = {abc: profile.id for abc, profile in self._class_profiles(
            company, profiles).items()}
        key = str(company.id)
        self.env.cr.execute(
            """
            SELECT id, (jxc_profile_id ->> %(key)s)::int FROM product_category
             WHERE jxc_profile_id ? %(key)s
            """,
            {"key": key},
        )
        by_category = {categ_id: profile_id for categ_id, profile_id in self.env.cr.fetchall()
                       if profile_id in settings}
        self.env.cr.execute(
            """
            SELECT pp.id, (tmpl.jxc_profile_id ->> %(key)s)::int, categ.parent_path
              FROM product_product pp
              JOIN product_template tmpl ON tmpl.id = pp.product_tmpl_id
         LEFT JOIN product_category categ ON categ.id = tmpl.categ_id
             WHERE pp.id = ANY(%(products)s)
            """,
            {"key": key, "products": list(products.ids)},
        )
        result = {}
        for product_id, own_id, parent_path in self.env.cr.fetchall():
            profile_id, source = False, False
            if own_id in settings:
                profile_id, source = own_id, "product"
            elif by_category:
                # nearest category first: the parent path lists the root first
                for categ_id in reversed([int(part) for part in (parent_path or "").split("/")
                                          if part]):
                    if categ_id in by_category:
                        profile_id, source = by_category[categ_id], "category"
                        break
            abc_class = abc_classes.get(product_id) or "c"
            if not profile_id and by_class.get(abc_class):
                profile_id, source = by_class[abc_class], "abc"
            result[product_id] = ResolvedProfile(
                profile_id, source,
                settings[profile_id] if profile_id else default_settings(abc_class))
        return result

    # ------------------------------------------------------------------ migration
    @api.model
    def _default_values(self, abc_class):
        """{service_level, count_interval, cover_days, history_days} shipped for a class."""
        settings = default_settings(abc_class)
        return {name: getattr(settings, name) for name in LEGACY_SETTINGS}

    @api.model
    def _create_from_legacy_settings(self, values_by_company):
        """Profiles of the companies whose former settings differ from the shipped ones.

        ``values_by_company``: {company_id: {abc_class: {service_level, count_interval,
        cover_days, history_days}}}, read from res.company's former columns. A company
        whose values all equal the shipped defaults keeps the shared profiles; any other
        gets a profile per class carrying its values. Returns the profiles created.
        """
        created = self.browse()
        for company in self.env["res.company"].browse(sorted(values_by_company)).exists():
            by_class = values_by_company[company.id]
            if all(by_class[abc] == self._default_values(abc) for abc in DEFAULT_SERVICE_LEVELS):
                continue
            created |= self.create([{
                "name": self.env._("Class %(abc)s (%(company)s)", abc=abc.upper(),
                                   company=company.name),
                "company_id": company.id,
                "abc_class": abc,
                "sequence": 10 + index,
                **by_class[abc],
            } for index, abc in enumerate(DEFAULT_SERVICE_LEVELS)])
        return created
