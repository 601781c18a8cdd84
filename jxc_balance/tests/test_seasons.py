from datetime import date, datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import JxcBalanceCommon


@tagged("post_install", "-at_install")
class TestSeasons(JxcBalanceCommon):
    """Seasonal forecast, events and their reminders on real stock moves.

    History H = 28 days, cover 28 days, vendor lead time 7 days (promised), no days to
    purchase: a reorder covers the next 7 + 28 = 35 days.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_profiles(history_days=28, cover_days=28)
        cls.company.days_to_purchase = 0
        cls.vendor = cls._create_vendor("Season Vendor")
        cls.categ_drinks = cls.env["product.category"].create({"name": "Season Drinks"})
        cls.categ_snacks = cls.env["product.category"].create({"name": "Season Snacks"})

    # ------------------------------------------------------------------ helpers
    def _event(self, **values):
        """An event as a Balance Manager enters it in the form (confirmed, today)."""
        values = {"name": "Test Festival", "date_start": self.today, "date_stop": self.today,
                  "dates_confirmed": True, **values}
        form = Form(self.env["jxc.balance.event"].with_user(self.balance_manager)
                    .with_company(self.company))
        for name, value in values.items():
            if name in ("categ_ids", "vendor_ids"):
                for record in value:
                    getattr(form, name).add(record)
            else:
                setattr(form, name, value)
        return form.save()

    def _pin_zero_safety_stock(self, product):
        product.with_company(self.company).write(
            {"jxc_pin_safety_stock": True, "jxc_safety_stock_pinned": 0.0})

    # ------------------------------------------------------------ summer peak
    def _summer_product(self, name, first_day, now):
        """Sells 7 every 7 days (1 a day) from ``first_day`` to the day before ``now``,
        21 (3 a day) in each summer: the 12 weeks from 358 days before ``now`` (last
        summer) and from 723 days before (the one before). 5 in stock at ``now``."""
        product = self._create_product(name, cost=2.0, vendor=self.vendor, delay=7,
                                       categ_id=self.categ_drinks.id)
        self._pin_zero_safety_stock(product)
        sales = {}
        day = now - timedelta(days=1)
        while day >= first_day:
            ago = (now - day).days
            summer = any(365 * year - 91 < ago <= 365 * year - 7 for year in (1, 2))
            sales[(self.today - day).days] = 21 if summer else 7
            day -= timedelta(days=7)
        self._receive(product, sum(sales.values()) + 5, (self.today - first_day).days)
        self._sell(product, sales)
        return product

    def test_summer_peak_ordered_before_summer(self):
        # "today" is 20 May: last summer peaked from 27 May on; this one is due next week
        now = date(self.today.year if date(self.today.year, 5, 21) <= self.today
                   else self.today.year - 1, 5, 20)
        drink = self._summer_product("Iced Tea", now - timedelta(days=730), now)
        # the same shop's twin with 300 days of history: no last summer to learn from
        twin = self._summer_product("Iced Tea (new)", now - timedelta(days=300), now)
        jxc_now = pytz.timezone("Asia/Shanghai").localize(datetime.combine(now, time(12)))\
            .astimezone(pytz.utc).replace(tzinfo=None)
        self.env["jxc.balance.line"].with_user(self.balance_manager).with_context(
            jxc_now=jxc_now).with_company(self.company).action_recompute()

        seasonal, flat = self.line_of(drink), self.line_of(twin)
        self.assertEqual(seasonal.forecast_method, "seasonal")
        self.assertEqual(flat.forecast_method, "flat")
        # level: 4 sales of 7 in the last 28 days = 1 a day for both
        self.assertEqual(seasonal.avg_daily_demand, 1.0)
        self.assertEqual(flat.avg_daily_demand, 1.0)
        # seasonal: the lead time's index reads the 28 days of last year around it
        # ([3.5 - 14, 3.5 + 14) = [-10, 18) days ahead then): 2 sales of 21 (last summer's
        # first two weeks) and 2 of 7 = 56 over a level of 1 (index 2): D_L = 1 · 2 · 7 =
        # 14; its next 28 days 4 sales of 21 (index 3): D_C = 1 · 3 · 28 = 84
        # SS pinned at 0: ROP = 14 + the night's half day at the level 1 = 14.5, max =
        # 14.5 + 84 = 98.5; forecast index (14 + 84) / 35 = 2.8
        self.assertRecordValues(seasonal, [{"reorder_point": 14.5, "max_qty": 98.5}])
        self.assertAlmostEqual(seasonal.seasonal_index, 2.8, places=4)
        # flat: D_L = 1 · 7.5, D_C = 1 · 28: ROP 7.5, max 35.5
        self.assertRecordValues(flat, [{"reorder_point": 7.5, "max_qty": 35.5}])
        # days of cover read the demand each line plans with: 5 on hand / 2.8 a day
        # (seasonal, 98 / 35) = 1.8 days; 5 / 1 a day (flat) = 5 days
        self.assertRecordValues(seasonal | flat, [{"days_of_cover": 1.8}, {"days_of_cover": 5.0}])
        # the backtest (44 weekly origins over the last year) prefers the seasonal method
        self.assertTrue(seasonal.forecast_tested)
        self.assertEqual(seasonal.backtest_origins, 44)  # (695 - 393) // 7 + 1
        self.assertLess(seasonal.seasonal_mape, seasonal.flat_mape)
        self.assertEqual(seasonal.forecast_mape, seasonal.seasonal_mape)

        # the product tab and the dashboard show it
        tab = drink.with_user(self.balance_user).with_company(self.company)
        self.assertEqual(tab.jxc_forecast_method, "seasonal")
        self.assertAlmostEqual(tab.jxc_seasonal_index, 2.8, places=4)
        self.assertEqual(tab.jxc_forecast_mape, seasonal.forecast_mape)
        accuracy = self.env["jxc.balance.dashboard"].with_user(self.balance_user).with_company(
            self.company).get_dashboard_data()["forecast_accuracy"]
        methods = {method["key"]: method["count"] for method in accuracy["methods"]}
        # the twin and the shop's products without sales (shared ones included) are flat
        self.assertEqual(methods["seasonal"], 1)
        self.assertGreaterEqual(methods["flat"], 1)
        by_class = {row["key"]: row for row in accuracy["rows"]}
        row = by_class[seasonal.abc_class]
        self.assertGreaterEqual(row["count"], 1)
        self.assertIsNot(row["seasonal_mape"], None)

        # both at 5 in stock, under their reorder point (14.5 and 7.5): drafted
        self.assertRecordValues(seasonal | flat, [{"state": "reorder"}, {"state": "reorder"}])
        (seasonal | flat).with_context(jxc_now=jxc_now)._generate_reorder_drafts()
        ordered = {
            line.product_id: line for line in self.env["purchase.order.line"].search(
                [("product_id", "in", (drink | twin).ids)])
        }
        # Odoo's quantity: max - forecast = 98 - 5 = 93 seasonal, 35 - 5 = 30 flat
        self.assertEqual(ordered[drink].product_qty, 93.0)
        self.assertEqual(ordered[twin].product_qty, 30.0)
        # the first 4 summer weeks after the 7-day lead time sell 84: 5 + 93 - 7 covers
        # them, 5 + 30 - 7 = 28 runs out in the summer's second week
        self.assertGreaterEqual(5 + 93 - 7, 84)
        self.assertLess(5 + 30 - 7, 84)
        self.assertIn("seasonal forecast (×2.8)", ordered[drink].jxc_reason)
        self.assertNotIn("seasonal", ordered[twin].jxc_reason)

    # --------------------------------------------------------------- events
    def _steady_product(self, categ):
        """2 sold a day over the last 28 days, 10 left: d = 2, σ_d = 0, so SS = 0."""
        product = self._create_product(f"Steady {categ.name}", vendor=self.vendor, delay=7,
                                       categ_id=categ.id)
        self._receive(product, 66, 30)
        self._sell(product, dict.fromkeys(range(1, 29), 2))
        return product

    def test_event_uplift_and_shutdown_change_rop(self):
        snack = self._steady_product(self.categ_snacks)
        drink = self._steady_product(self.categ_drinks)
        self.recompute()
        line = self.line_of(snack)
        # ROP = 2 · (7 + 0.5) = 15, max = 15 + 2 · 28 = 71
        self.assertRecordValues(line, [{"reorder_point": 15.0, "max_qty": 71.0, "event_id": False}])

        # unconfirmed: nothing changes
        festival = self._event(uplift=2.0, categ_ids=self.categ_snacks,
                               date_stop=self.today + timedelta(days=3), dates_confirmed=False)
        self.recompute()
        self.assertEqual(self.line_of(snack).reorder_point, 15.0)

        festival.with_user(self.balance_manager).action_confirm_dates()
        self.recompute()
        line = self.line_of(snack)
        # 4 days ×2 in the lead time: D_L = 2 · (3 + 4 · 2) = 22 (+8), + 2 · 0.5 for the
        # night: ROP 23; max 23 + 56 = 79
        self.assertRecordValues(line, [{
            "reorder_point": 23.0, "max_qty": 79.0, "event_id": festival.id, "event_uplift": 2.0}])
        # another category: untouched
        self.assertEqual(self.line_of(drink).reorder_point, 15.0)

        shutdown = self._event(name="Test Shutdown", event_type="shutdown", uplift=1.0,
                               lead_time_extension=5, vendor_ids=self.vendor,
                               date_start=self.today + timedelta(days=10),
                               date_stop=self.today + timedelta(days=20))
        self.recompute()
        line = self.line_of(snack)
        # L = 7 + 5 = 12: D_L = 2 · (12 + 4) = 32 (+10 = 2 · 5), + 1 for the night: ROP 33;
        # max 33 + 56 = 89
        self.assertRecordValues(line, [{
            "lead_time_days": 12.0, "lead_time_extension": 5.0, "reorder_point": 33.0,
            "max_qty": 89.0}])
        drink_line = self.line_of(drink)
        # the drink only has the shutdown: 2 · 12.5 = 25, max 25 + 56 = 81
        self.assertRecordValues(drink_line, [{
            "reorder_point": 25.0, "max_qty": 81.0, "event_id": shutdown.id}])

        # 10 on hand < 33: the draft pre-builds and says why
        (line | drink_line)._generate_reorder_drafts()
        order_line = self.env["purchase.order.line"].search([("product_id", "=", snack.id)])
        self.assertEqual(order_line.product_qty, 79.0)  # 89 - 10
        self.assertIn("pre-build for Test Festival (×2)", order_line.jxc_reason)
        self.assertIn("lead time +5 days for a supplier holiday", order_line.jxc_reason)
        drink_order = self.env["purchase.order.line"].search([("product_id", "=", drink.id)])
        self.assertIn("lead time +5 days for Test Shutdown", drink_order.jxc_reason)

    def test_event_constraints_and_access(self):
        with self.assertRaises(ValidationError):
            self._event(date_start=self.today, date_stop=self.today - timedelta(days=1))
        with self.assertRaises(ValidationError):
            self._event(uplift=0.0)
        with self.assertRaises(ValidationError):
            self._event(lead_time_extension=-1)
        with self.assertRaises(ValidationError):
            self._event(lead_time_extension=366)
        event = self._event(uplift=1.2, lead_time_extension=365)
        with self.assertRaises(AccessError):
            self.env["jxc.balance.event"].with_user(self.balance_user).create({
                "name": "Mine", "date_start": self.today, "date_stop": self.today})
        with self.assertRaises(AccessError):
            event.with_user(self.balance_user).action_confirm_dates()
        self.assertEqual(event.with_user(self.balance_user).name, "Test Festival")
        copy_action = event.with_user(self.balance_manager).action_next_year()
        copy = self.env["jxc.balance.event"].search(copy_action["domain"])
        self.assertRecordValues(copy, [{
            "date_start": self.today + relativedelta(years=1), "dates_confirmed": False}])

    def test_reminder_once_30_days_ahead(self):
        # last year's fair started 20 days after this date a year ago: due again in ~20 days
        fair = self._event(name="Test Fair", date_start=self.today - relativedelta(years=1)
                           + timedelta(days=20), date_stop=self.today
                           - relativedelta(years=1) + timedelta(days=25))
        # due in ~45 days: too early for a reminder
        later = self._event(name="Later Fair", date_start=self.today - relativedelta(years=1)
                            + timedelta(days=45), date_stop=self.today
                            - relativedelta(years=1) + timedelta(days=46))
        Event = self.env["jxc.balance.event"]
        Event._cron_remind_dates()
        self.assertEqual(len(fair.activity_ids), 1)
        self.assertFalse(later.activity_ids)
        activity = fair.activity_ids
        self.assertIn("Test Fair", activity.summary)
        self.assertTrue(activity.user_id.has_group("jxc_balance.group_jxc_balance_manager"))
        self.assertIn(self.company, activity.user_id.company_ids)
        Event._cron_remind_dates()
        self.assertEqual(len(fair.activity_ids), 1, "the reminder is not sent twice")
        # confirmed dates for this year: no reminder for that series
        next_fair = fair.with_user(self.balance_manager).action_next_year()
        Event.search(next_fair["domain"]).with_user(self.balance_manager).action_confirm_dates()
        fair.activity_ids.unlink()
        fair.reminder_date = False
        Event._cron_remind_dates()
        self.assertFalse(fair.activity_ids)
