"""Event calendar: promotions that lift demand, holidays that stretch lead times.

How events change the forecast and the reminders: readme/USAGE.md.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

EVENT_TYPES = [
    ("promotion", "Promotion"),
    ("term_start", "Term Start"),
    ("shutdown", "Holiday Shutdown"),
    ("other", "Other"),
]
REMINDER_DAYS = 30
# the product categories a preset fits, by (English or Chinese) category name
PRESET_CATEGORY_NAMES = {
    "618": ("Electronics", "电子", "Gifts", "礼品"),
    "double11": ("Electronics", "电子", "Gifts", "礼品"),
    "term_feb": ("Stationery", "文具"),
    "term_sep": ("Stationery", "文具"),
}
MAX_EXTENSION_DAYS = 365


class JxcBalanceEvent(models.Model):
    _name = "jxc.balance.event"
    _description = "Stock Balance Event"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    event_type = fields.Selection(EVENT_TYPES, string="Type", required=True,
                                  default="promotion")
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_stop = fields.Date(string="End", required=True, tracking=True)
    dates_confirmed = fields.Boolean(
        tracking=True,
        help="Only events with confirmed dates change the forecast and the lead times. "
        "Confirm the dates once they are known for this year.")
    uplift = fields.Float(
        string="Demand Uplift", default=1.0, digits=(16, 2), tracking=True,
        help="The forecast demand of the days of the event is multiplied by this factor "
        "(1 = no change, 2.5 = two and a half times as much).")
    categ_ids = fields.Many2many(
        "product.category", string="Product Categories",
        help="Only products of these categories (or their subcategories); empty: all.")
    lead_time_extension = fields.Integer(
        string="Lead Time Extension (days)", tracking=True,
        help="Days added to the lead time of orders whose lead-time-plus-cover window "
        "overlaps the event, e.g. a supplier's Spring Festival shutdown.")
    vendor_ids = fields.Many2many(
        "res.partner", string="Vendors", check_company=True,
        help="Only products whose main vendor is one of these; empty: all vendors.")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)
    preset_code = fields.Char(
        readonly=True, index=True,
        help="The shipped preset this event comes from (618, double11, term_feb, term_sep, "
        "spring_festival); events of the same preset form a yearly series.")
    reminder_date = fields.Date(
        readonly=True, copy=False,
        help="Start date of the next occurrence a reminder was sent for.")
    note = fields.Text()
    all_categories_uplift = fields.Boolean(
        string="Lifts Every Product", compute="_compute_all_categories_uplift",
        help="The event lifts the demand of every product: no category or vendor narrows it.")

    @api.depends("uplift", "categ_ids", "vendor_ids")
    def _compute_all_categories_uplift(self):
        for event in self:
            event.all_categories_uplift = (event.uplift != 1.0 and not event.categ_ids
                                           and not event.vendor_ids)

    @api.constrains("date_start", "date_stop")
    def _check_dates(self):
        for event in self:
            if event.date_start and event.date_stop and event.date_stop < event.date_start:
                raise ValidationError(self.env._(
                    "The event %(event)s ends before it starts.", event=event.name))

    @api.constrains("uplift")
    def _check_uplift(self):
        for event in self:
            if event.uplift <= 0:
                raise ValidationError(self.env._(
                    "The demand uplift of %(event)s must be greater than 0 (1 = no change).",
                    event=event.name))

    @api.constrains("lead_time_extension")
    def _check_lead_time_extension(self):
        for event in self:
            if not 0 <= event.lead_time_extension <= MAX_EXTENSION_DAYS:
                raise ValidationError(self.env._(
                    "The lead time extension of %(event)s must be between 0 and %(max)s days.",
                    event=event.name, max=MAX_EXTENSION_DAYS))

    # ------------------------------------------------------------------ actions
    def action_confirm_dates(self):
        """Confirm the dates of these events (Balance Manager)."""
        self._check_event_manager()
        self.write({"dates_confirmed": True})
        self.activity_ids.action_feedback(feedback=self.env._("Dates confirmed."))
        return True

    def action_next_year(self):
        """A copy of each event one year later, dates to confirm (Balance Manager)."""
        self._check_event_manager()
        copies = self.browse()
        for event in self:
            copies |= event.copy({
                "name": event.name,
                "date_start": event.date_start + relativedelta(years=1),
                "date_stop": event.date_stop + relativedelta(years=1),
                "dates_confirmed": False,
                "preset_code": event.preset_code,
            })
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jxc_balance.action_jxc_balance_event")
        action["domain"] = [("id", "in", copies.ids)]
        return action

    @api.model
    def _scope_presets(self):
        """Give the shipped presets without categories the categories they fit (e.g.
        stationery for Back to School), where such categories exist. The others stay
        unscoped and unconfirmed: their form warns before they lift every product."""
        Category = self.env["product.category"]
        presets = self.search([("preset_code", "in", list(PRESET_CATEGORY_NAMES)),
                               ("categ_ids", "=", False)])
        for code in set(presets.mapped("preset_code")):
            names = PRESET_CATEGORY_NAMES[code]
            categories = Category.search(
                ["|"] * (len(names) - 1) + [("name", "=ilike", name) for name in names])
            # a subcategory is covered by its parent already
            found = {str(category_id) for category_id in categories.ids}
            categories = categories.filtered(
                lambda c, found=found: not found & set(c.parent_path.split("/")[:-2]))
            if categories:
                presets.filtered(lambda e, c=code: e.preset_code == c).categ_ids = categories

    @api.model
    def _check_event_manager(self):
        """Raise unless the user is a Balance Manager."""
        if not self.env.user.has_group("jxc_balance.group_jxc_balance_manager"):
            raise AccessError(self.env._("Only a Balance Manager can change balance events."))

    # ------------------------------------------------------------- for the engine
    @api.model
    def _engine_events(self, company, today, days):
        """Confirmed events of ``company`` overlapping [today, today + days], as dicts.

        {"id", "name", "start", "stop" (days from today, inclusive), "uplift",
        "extension", "categ_paths" (parent paths, empty: all), "vendor_ids" (set, empty:
        all)}.
        """
        events = self.sudo().search([
            ("company_id", "=", company.id), ("dates_confirmed", "=", True),
            ("date_stop", ">=", today), ("date_start", "<=", today + timedelta(days=days)),
        ])
        return [{
            "id": event.id,
            "start": (event.date_start - today).days,
            "stop": (event.date_stop - today).days,
            "uplift": event.uplift,
            "extension": event.lead_time_extension,
            "categ_paths": tuple(event.categ_ids.mapped("parent_path")),
            "vendor_ids": set(event.vendor_ids.ids),
        } for event in events]

    # ---------------------------------------------------------------- reminders
    @api.model
    def _cron_remind_dates(self):
        """A to-do for a Balance Manager when a yearly event's next dates are not confirmed.

        A series is the events of one preset (else one name); its latest event gets one
        to-do per occurrence (``reminder_date``), REMINDER_DAYS before it starts.
        """
        engine = self.env["jxc.balance.engine"]
        manager_group = self.env.ref("jxc_balance.group_jxc_balance_manager")
        stock_group = self.env.ref("stock.group_stock_manager")
        events = self.search([], order="date_start desc, id desc")  # pylint: disable=no-search-all
        for company in events.company_id:
            today = engine._company_today(company)[0]
            series = {}
            for event in events.filtered(lambda e, c=company: e.company_id == c):
                series.setdefault(event.preset_code or event.with_context(lang="en_US").name,
                                  event)
            assignee = company._jxc_first_user(manager_group, stock_group)
            for latest in series.values():
                if latest.dates_confirmed and latest.date_start >= today:
                    continue
                due = latest.date_start
                while due < today:  # a past occurrence: the next is due a year on
                    due += relativedelta(years=1)
                if due - today > timedelta(days=REMINDER_DAYS) or latest.reminder_date == due:
                    continue
                latest.reminder_date = due
                if not assignee:
                    continue
                # no assignment e-mail: the to-do shows in Odoo
                latest.with_context(mail_activity_quick_update=True).activity_schedule(
                    "mail.mail_activity_data_todo", date_deadline=today,
                    summary=self.env._("Confirm the dates of %(event)s", event=latest.name),
                    note=self.env._(
                        "%(event)s is expected to start on %(date)s: enter and confirm its "
                        "dates so that the balance can order ahead of it.",
                        event=latest.name, date=due),
                    user_id=assignee.id)
