from datetime import timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .. import balance_math
from .common import JxcBalanceCommon


@tagged("post_install", "-at_install")
class TestProfiles(JxcBalanceCommon):
    """Balance profiles, history H = 10 days on the shared ones.

      tea    class A (pinned), promised lead time 5 days; sold 2 4 4 4 5 5 7 9 0 0 over
             the last 10 days: d = 40 / 10 = 4, s_d^2 = 8, 60 on hand
      bread  class B (pinned), same vendor, 100 received, never sold
    Tea is in category Drinks / Green Tea.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_profiles(history_days=10)
        cls.Profile = cls.env["jxc.balance.profile"]
        cls.shared_a = cls.env.ref("jxc_balance.profile_class_a")
        cls.shared_b = cls.env.ref("jxc_balance.profile_class_b")
        cls.shared_c = cls.env.ref("jxc_balance.profile_class_c")
        cls.drinks = cls.env["product.category"].create({"name": "Drinks"})
        cls.green_tea = cls.env["product.category"].create(
            {"name": "Green Tea", "parent_id": cls.drinks.id})
        cls.vendor = cls._create_vendor("Profile Vendor")
        cls.tea = cls._create_product("Green Tea", cost=10, vendor=cls.vendor, delay=5,
                                      categ_id=cls.green_tea.id)
        cls.bread = cls._create_product("Bread", cost=4, vendor=cls.vendor, delay=5)
        cls.tea.with_company(cls.company).jxc_abc_class_pinned = "a"
        cls.bread.with_company(cls.company).jxc_abc_class_pinned = "b"
        cls._receive(cls.tea, 100, 20)
        cls._sell(cls.tea, {10: 2, 9: 4, 8: 4, 7: 4, 6: 5, 5: 5, 4: 7, 3: 9})
        cls._receive(cls.bread, 100, 20)
        cls.fast = cls.Profile.create({
            "name": "Fast Movers", "company_id": cls.company.id, "service_level": 0.95,
            "cover_days": 20, "history_days": 10, "count_interval": 14})

    def profile_form(self, record):
        return Form(record.with_user(self.stock_manager).with_company(self.company))

    # ------------------------------------------------------------ where it comes from
    def test_shipped_profiles(self):
        self.assertRecordValues(self.shared_a | self.shared_b | self.shared_c, [
            {"abc_class": "a", "service_level": 0.98, "count_interval": 30,
             "cover_days": 30, "company_id": False, "service_metric": "cycle",
             "forecast_method": "auto"},
            {"abc_class": "b", "service_level": 0.95, "count_interval": 90,
             "cover_days": 30, "company_id": False, "service_metric": "cycle",
             "forecast_method": "auto"},
            {"abc_class": "c", "service_level": 0.90, "count_interval": 365,
             "cover_days": 30, "company_id": False, "service_metric": "cycle",
             "forecast_method": "auto"},
        ])

    def test_class_profiles_apply(self):
        self.recompute()
        self.assertRecordValues(self.line_of(self.tea) | self.line_of(self.bread), [
            {"profile_id": self.shared_a.id, "profile_source": "abc", "service_level": 0.98},
            {"profile_id": self.shared_b.id, "profile_source": "abc", "service_level": 0.95},
        ])
        # P = 5 + 0.5: SS = z(0.98) x sqrt(5.5 x 8) = 2.0537489 x 6.6332496 = 13.623 -> 13.63
        self.assertAlmostEqual(self.line_of(self.tea).safety_stock, 13.63)

    def test_company_profile_of_a_class_beats_the_shared_one(self):
        self.fast.abc_class = "a"
        self.recompute()
        self.assertRecordValues(self.line_of(self.tea) | self.line_of(self.bread), [
            {"profile_id": self.fast.id, "profile_source": "abc"},
            {"profile_id": self.shared_b.id, "profile_source": "abc"},
        ])
        # another company still uses the shared profile of class A
        other = self.env["res.company"].create({"name": "Profile Other Shop"})
        self.assertEqual(self.Profile._class_profiles(other)["a"], self.shared_a)

    def test_category_beats_class(self):
        # set on the parent category: the nearest category up the path with one applies
        with self.profile_form(self.drinks) as form:
            form.jxc_profile_id = self.fast
        self.recompute()
        self.assertRecordValues(self.line_of(self.tea), [
            {"profile_id": self.fast.id, "profile_source": "category", "service_level": 0.95}])
        self.assertRecordValues(self.line_of(self.bread), [
            {"profile_id": self.shared_b.id, "profile_source": "abc"}])
        # the nearer category wins over its parent
        slow = self.Profile.create({"name": "Slow Tea", "service_level": 0.91,
                                    "history_days": 10})
        self.green_tea.with_company(self.company).jxc_profile_id = slow
        self.recompute()
        self.assertRecordValues(self.line_of(self.tea), [
            {"profile_id": slow.id, "profile_source": "category", "service_level": 0.91}])

    def test_product_beats_category(self):
        self.drinks.with_company(self.company).jxc_profile_id = self.shared_b
        with self.profile_form(self.tea.product_tmpl_id) as form:
            form.jxc_profile_id = self.fast
        self.recompute()
        self.assertRecordValues(self.line_of(self.tea), [
            {"profile_id": self.fast.id, "profile_source": "product", "service_level": 0.95}])
        # company-dependent: the override belongs to this company only
        other = self.env["res.company"].create({"name": "Profile Other Shop"})
        self.assertFalse(self.tea.product_tmpl_id.with_company(other).jxc_profile_id)
        resolved = self.Profile._resolve_for_products(other, self.tea, {})
        self.assertEqual((resolved[self.tea.id].profile_id, resolved[self.tea.id].source),
                         (self.shared_c.id, "abc"))

    def test_override_of_another_company_ignored(self):
        """A profile id another company owns (written before a move, or by hand) is
        skipped: the class profile applies."""
        other = self.env["res.company"].create({"name": "Profile Other Shop"})
        theirs = self.Profile.create({"name": "Theirs", "company_id": other.id,
                                      "service_level": 0.6})
        self.tea.product_tmpl_id.with_company(self.company).jxc_profile_id = theirs
        resolved = self.Profile._resolve_for_products(self.company, self.tea, {})
        self.assertEqual(resolved[self.tea.id].source, "abc")

    def test_line_and_forms_show_the_profile(self):
        self.tea.product_tmpl_id.with_company(self.company).jxc_profile_id = self.fast
        self.recompute()
        line_form = Form(self.line_of(self.tea).with_user(self.balance_user))
        self.assertEqual(line_form.profile_id, self.fast)
        self.assertEqual(line_form.profile_source, "product")
        list_arch = self.env["jxc.balance.line"].get_views([(False, "list")])["views"][
            "list"]["arch"]
        self.assertIn('name="profile_id"', list_arch)
        product_form = Form(self.tea.product_tmpl_id.with_company(self.company))
        self.assertEqual(product_form.jxc_profile_id, self.fast)
        self.assertIn("jxc_profile_id", Form(self.drinks)._view["fields"])

    # --------------------------------------------------------------- what it does
    def test_service_level_changes_safety_stock(self):
        self.recompute()
        self.assertAlmostEqual(self.line_of(self.tea).safety_stock, 13.63)
        with self.profile_form(self.shared_a) as form:
            form.service_level = 0.95
        self.recompute()
        tea = self.line_of(self.tea)
        # SS = z(0.95) x sqrt(P x s_d^2) = 1.6448536 x sqrt(5.5 x 8) = 10.9107 -> 10.92
        # ROP = 4 x 5.5 + 10.92 = 32.92; max = 32.92 + 4 x 30 cover days = 152.92
        self.assertRecordValues(tea, [{
            "service_level": 0.95, "safety_stock": 10.92, "reorder_point": 32.92,
            "max_qty": 152.92}])

    def test_cover_and_history_per_line(self):
        self.fast.history_days = 20
        self.tea.product_tmpl_id.with_company(self.company).jxc_profile_id = self.fast
        self.recompute()
        # history 20 days (10 without sales first): d = 40 / 20 = 2,
        # s_d^2 = (10 x 2^2 + 0 + 4 + 4 + 4 + 9 + 9 + 25 + 49 + 4 + 4) / 19 = 152 / 19 = 8;
        # SS = z(0.95) x sqrt(5.5 x 8) = 10.9107 -> 10.92, ROP = 2 x 5.5 + 10.92 = 21.92,
        # max = 21.92 + 2 x 20 cover days = 61.92
        self.assertRecordValues(self.line_of(self.tea), [{
            "avg_daily_demand": 2.0, "safety_stock": 10.92, "reorder_point": 21.92,
            "max_qty": 61.92}])
        # the bread's line keeps its class profile's 10 days and 30 cover days
        self.assertEqual(self.line_of(self.bread).profile_id, self.shared_b)

    def test_flat_only_forecast(self):
        self.fast.forecast_method = "flat"
        self.tea.product_tmpl_id.with_company(self.company).jxc_profile_id = self.fast
        seasonal_allowed = {}  # by cover days: the tea's profile has 20, the bread's 30
        original = balance_math.forecast_parameters

        def spy(**kwargs):
            seasonal_allowed[kwargs["cover_days"]] = kwargs["seasonal_allowed"]
            return original(**kwargs)

        with patch.object(balance_math, "forecast_parameters", spy):
            self.recompute()
        self.assertEqual(seasonal_allowed, {20: False, 30: True})
        self.fast.forecast_method = "auto"
        with patch.object(balance_math, "forecast_parameters", spy):
            self.recompute()
        self.assertEqual(seasonal_allowed, {20: True, 30: True})

    def test_count_interval_from_profile(self):
        self.recompute()
        tea_line = self.line_of(self.tea)
        self.assertEqual(self.company._jxc_count_interval("a", tea_line.profile_id), 30)
        self.tea.product_tmpl_id.with_company(self.company).jxc_profile_id = self.fast
        self.recompute()
        self.assertEqual(tea_line.profile_id, self.fast)
        Count = self.env["jxc.balance.count"]
        Count._schedule_company(self.company)
        quant = self.env["stock.quant"].search([
            ("product_id", "=", self.tea.id), ("location_id", "=", self.stock_location.id)])
        # never counted: start day + (product id mod 14 days)
        self.assertEqual(quant.inventory_date, self.today + timedelta(days=self.tea.id % 14))
        self.assertEqual(Count._effective_interval(self.company, "a", True, self.fast), 7)

    def test_longest_history(self):
        self.assertEqual(self.Profile._longest_history_days(self.company), 10)
        self.fast.history_days = 200
        self.assertEqual(self.Profile._longest_history_days(self.company), 200)
        other = self.env["res.company"].create({"name": "Profile Other Shop"})
        self.assertEqual(self.Profile._longest_history_days(other), 10)
        self.assertEqual(
            self.env["jxc.balance.dashboard"].with_company(self.company)._history()[2], 200)

    def test_resolution_per_batch(self):
        """Resolving takes the same few queries for one product as for many."""
        products = self.tea | self.bread | self.env["product.product"].create([
            {"name": f"Batch {index}", "is_storable": True, "categ_id": self.green_tea.id}
            for index in range(20)])
        self.drinks.with_company(self.company).jxc_profile_id = self.fast
        self.env.flush_all()

        def queries(batch):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.Profile._resolve_for_products(self.company, batch, {})
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(products), queries(self.tea))
        self.assertLessEqual(queries(products), 5)

    # ----------------------------------------------------------------- bad input
    def test_bad_input_refused(self):
        for values in ({"service_level": 0.5}, {"service_level": 0.9999},
                       {"service_level": 1.2}, {"cover_days": -1}, {"history_days": 0},
                       {"history_days": 3651}, {"count_interval": 0},
                       {"count_interval": 3651}):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.fast.write(values)
                self.fast.flush_recordset()
        # the bounds themselves are fine, and no cover at all too
        self.fast.write({"service_level": 0.9998, "cover_days": 0, "history_days": 3650,
                         "count_interval": 3650})
        self.fast.write({"service_level": 0.5001, "history_days": 1, "count_interval": 1})

    def test_one_profile_per_class_and_company(self):
        self.fast.abc_class = "a"
        # (assertRaises rolls the refused record back, assertRaisesRegex would not)
        with self.assertRaises(ValidationError) as caught:
            self.Profile.create({"name": "Second A", "company_id": self.company.id,
                                 "abc_class": "a"})
        self.assertIn("both claim ABC class A for JXC Test Shop", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.Profile.create({"name": "Second shared B", "abc_class": "b"})
        self.assertIn("both claim ABC class B for all companies", str(caught.exception))
        # an archived one does not count, another company has its own
        self.fast.active = False
        self.Profile.create({"name": "New A", "company_id": self.company.id,
                             "abc_class": "a"})
        other = self.env["res.company"].create({"name": "Profile Other Shop"})
        self.Profile.create({"name": "Their A", "company_id": other.id, "abc_class": "a"})
        with self.assertRaises(ValidationError):
            self.fast.active = True

    # ------------------------------------------------------------------ access
    def test_access(self):
        other = self.env["res.company"].create({"name": "Profile Other Shop"})
        theirs = self.Profile.create({"name": "Theirs", "company_id": other.id})
        visible = self.Profile.with_user(self.balance_user).search([])
        self.assertIn(self.fast, visible)
        self.assertIn(self.shared_a, visible)
        self.assertNotIn(theirs, visible)
        with self.assertRaises(AccessError):
            self.fast.with_user(self.balance_user).write({"service_level": 0.97})
        with self.assertRaises(AccessError):
            self.Profile.with_user(self.balance_user).create({"name": "Mine"})
        mine = self.Profile.with_user(self.balance_manager).create(
            {"name": "Mine", "company_id": self.company.id})
        mine.with_user(self.balance_manager).write({"service_level": 0.97})
        mine.with_user(self.balance_manager).unlink()
        outsider = new_test_user(
            self.env, login="jxc_profile_outsider", groups="base.group_user",
            company_id=self.company.id, company_ids=[self.company.id])
        with self.assertRaises(AccessError):
            self.Profile.with_user(outsider).search([])

    # -------------------------------------------------------------- migration
    def test_profiles_from_former_company_settings(self):
        shipped = {abc: self.Profile._default_values(abc) for abc in "abc"}
        changed = {abc: dict(values, cover_days=21) for abc, values in shipped.items()}
        changed["a"]["service_level"] = 0.97
        changed["b"]["count_interval"] = 60
        other = self.env["res.company"].create({"name": "Profile Default Shop"})
        created = self.Profile._create_from_legacy_settings(
            {self.company.id: changed, other.id: shipped})
        self.assertEqual(created.company_id, self.company)
        self.assertRecordValues(created.sorted("abc_class"), [
            {"abc_class": "a", "service_level": 0.97, "count_interval": 30, "cover_days": 21,
             "history_days": 90},
            {"abc_class": "b", "service_level": 0.95, "count_interval": 60, "cover_days": 21,
             "history_days": 90},
            {"abc_class": "c", "service_level": 0.90, "count_interval": 365,
             "cover_days": 21, "history_days": 90},
        ])
        # the company now uses its own, the other one the shared profiles
        self.assertEqual(self.Profile._class_settings(self.company, "b").count_interval, 60)
        self.assertEqual(self.Profile._class_profiles(other)["a"], self.shared_a)
