from datetime import timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import JxcBalanceCommon


@tagged("post_install", "-at_install")
class TestCycleCounts(JxcBalanceCommon):
    """Three products pinned to classes A, B and C, 100 of each received 15 days ago:

      apple  class A, cost 10 (interval 30 days)
      bread  class B, cost 4  (interval 90 days)
      coal   class C, cost 1  (interval 365 days)
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_profiles(history_days=10)
        cls.apple = cls._create_product("Apple", cost=10)
        cls.bread = cls._create_product("Bread", cost=4)
        cls.coal = cls._create_product("Coal", cost=1)
        for product, abc in ((cls.apple, "a"), (cls.bread, "b"), (cls.coal, "c")):
            product.with_company(cls.company).jxc_abc_class_pinned = abc
            cls._receive(product, 100, 15)
        cls.env["jxc.balance.engine"].with_company(cls.company)._recompute_company(cls.company)
        cls.Count = cls.env["jxc.balance.count"]

    # ------------------------------------------------------------------ helpers
    def quant_of(self, product):
        return self.env["stock.quant"].search([
            ("product_id", "=", product.id), ("location_id", "=", self.stock_location.id)])

    def count(self, product, counted, days_ago):
        """Count ``product`` on the shelf as a stock user does in Physical Inventory, then
        date the count ``days_ago`` days back (noon, shop time)."""
        quant = self.quant_of(product).with_user(self.stock_manager).with_context(
            inventory_mode=True)
        quant.inventory_quantity = counted
        quant.action_apply_inventory()
        move = self.env["stock.move"].search([
            ("product_id", "=", product.id), ("is_inventory", "=", True)], order="id desc",
            limit=1)
        self._set_move_date(move, self._at(days_ago))
        return move

    def schedule(self):
        self.Count._schedule_company(self.company)

    def day(self, days):
        return self.today + timedelta(days=days)

    # -------------------------------------------------------------------- tests
    def test_defaults(self):
        company = self.env["res.company"].create({"name": "Counting Shop"})
        self.assertEqual(
            tuple(company._jxc_count_interval(abc) for abc in "abc")
            + (company.jxc_count_tolerance, company.jxc_count_drift_counts),
            (30, 90, 365, 2.0, 2))

    def test_settings_out_of_range_refused(self):
        profile_a = self.env.ref("jxc_balance.profile_class_a")
        for record, values in (
                (profile_a, {"count_interval": 0}), (profile_a, {"count_interval": -30}),
                (profile_a, {"count_interval": 3651}),
                (self.company, {"jxc_count_tolerance": 100}),
                (self.company, {"jxc_count_tolerance": -1}),
                (self.company, {"jxc_count_drift_counts": 0}),
                (self.company, {"jxc_count_drift_counts": 11})):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                record.write(values)
                record.flush_recordset()
        profile_a.write({"count_interval": 1})
        profile_a.write({"count_interval": 3650})
        self.assertEqual(profile_a.count_interval, 3650)

    def test_never_counted_spread_over_the_interval(self):
        """Never counted: start day + (product id mod interval), so that a class's products
        fall due on different days of its first interval."""
        self.schedule()
        self.assertEqual(self.company.jxc_count_start_date, self.today)
        for product, interval in ((self.apple, 30), (self.bread, 90), (self.coal, 365)):
            with self.subTest(product=product.name):
                quant = self.quant_of(product)
                self.assertEqual(quant.inventory_date, self.day(product.id % interval))
                self.assertEqual(quant.jxc_count_auto_date, quant.inventory_date)

    def test_next_count_by_class(self):
        """Counted: last count day + class interval (A 30, B 90, C 365 days)."""
        self.count(self.apple, 100, 40)  # 40 days ago + 30 = 10 days overdue
        self.count(self.bread, 100, 5)
        self.count(self.coal, 100, 5)
        self.schedule()
        self.assertEqual(self.quant_of(self.apple).inventory_date, self.day(-40 + 30))
        self.assertEqual(self.quant_of(self.bread).inventory_date, self.day(-5 + 90))
        self.assertEqual(self.quant_of(self.coal).inventory_date, self.day(-5 + 365))
        # Odoo's Physical Inventory, standard "To Count" filter: the apple only
        to_count = self.env["stock.quant"].search([
            ("location_id", "=", self.stock_location.id),
            ("inventory_date", "<=", self.today)])
        self.assertEqual(to_count.product_id, self.apple)
        # the line's profile drives the intervals
        self.assertEqual(self.line_of(self.bread).profile_id,
                         self.env.ref("jxc_balance.profile_class_b"))
        self.env.ref("jxc_balance.profile_class_b").count_interval = 60
        self.schedule()
        self.assertEqual(self.quant_of(self.bread).inventory_date, self.day(-5 + 60))

    def test_hand_set_earlier_date_kept(self):
        self.count(self.coal, 100, 5)
        self.schedule()
        quant = self.quant_of(self.coal)
        quant.with_user(self.stock_manager).with_context(inventory_mode=True).inventory_date = \
            self.day(3)
        self.schedule()
        self.assertEqual(quant.inventory_date, self.day(3))
        # a later date is brought back to the class interval: the longest gap allowed
        quant.with_user(self.stock_manager).with_context(inventory_mode=True).inventory_date = \
            self.day(500)
        self.schedule()
        self.assertEqual(quant.inventory_date, self.day(-5 + 365))

    def test_differing_counts_accuracy_and_drift(self):
        move = self.count(self.apple, 90, 20)  # recorded 100, counted 90: -10 (10 %)
        self.assertEqual((move.jxc_qty_recorded, move.product_qty), (100.0, 10.0))
        self.count(self.apple, 85, 10)  # recorded 90, counted 85: -5 (5.6 %)
        self.count(self.bread, 100, 10)  # exact
        self.count(self.coal, 99, 10)  # -1 of 100: 1 % is within the 2 % tolerance

        # by line: 2 accurate counts of 4 = 50.0 %
        # by value: 1 - (10 + 5) x 10 + 1 x 1 / ((100 + 90) x 10 + 100 x 4 + 100 x 1)
        #         = 1 - 151 / 2400 = 93.7 %
        data = self.env["jxc.balance.dashboard"].with_user(self.balance_manager).with_company(
            self.company).get_dashboard_data()
        accuracy = data["stock_accuracy"]
        self.assertEqual((accuracy["counts"], accuracy["accurate"]), (4, 2))
        self.assertEqual(accuracy["line_accuracy"], 50.0)
        self.assertEqual(accuracy["value_accuracy"], 93.7)
        by_class = {row["key"]: row for row in accuracy["by_class"]}
        # class A: 0 of 2; 1 - 150 / 1900 = 92.1 %
        self.assertEqual((by_class["a"]["line_accuracy"], by_class["a"]["value_accuracy"]),
                         (0.0, 92.1))
        self.assertEqual((by_class["b"]["line_accuracy"], by_class["b"]["value_accuracy"]),
                         (100.0, 100.0))
        # class C: within tolerance by line; 1 - 1 / 100 by value
        self.assertEqual((by_class["c"]["line_accuracy"], by_class["c"]["value_accuracy"]),
                         (100.0, 99.0))
        self.assertEqual([(row["label"], row["counts"]) for row in accuracy["by_warehouse"]],
                         [(self.warehouse.name, 4)])
        self.assertEqual(self.env["stock.move"].search_count(accuracy["domain"]), 4)

        # the last 2 counts of the apple differ: count drift, interval halved
        Alert = self.env["jxc.balance.alert"]
        Alert._scan(self.company)
        alert = Alert.search([("product_id", "=", self.apple.id),
                              ("alert_type", "=", "count_drift")])
        self.assertEqual(alert.state, "open")
        self.assertIn("-10, -5", alert.description)
        self.assertEqual(alert.value, 150.0)
        self.assertTrue(alert.activity_ids)
        self.assertFalse(Alert.search_count([("alert_type", "=", "count_drift"),
                                             ("company_id", "=", self.company.id),
                                             ("product_id", "!=", self.apple.id)]))
        self.schedule()
        self.assertEqual(self.quant_of(self.apple).inventory_date, self.day(-10 + 15))

        # accurate again: alert closed, interval back to 30 days
        self.count(self.apple, 85, 2)
        Alert._scan(self.company)
        self.assertEqual((alert.state, alert.is_current), ("done", False))
        self.schedule()
        self.assertEqual(self.quant_of(self.apple).inventory_date, self.day(-2 + 30))

    def test_nothing_counted_yet(self):
        """No count: nothing to measure (False, not None: XML-RPC cannot send None)."""
        accuracy = self.Count._accuracy([self.company.id])
        self.assertEqual((accuracy["counts"], accuracy["line_accuracy"],
                          accuracy["value_accuracy"], accuracy["by_class"]), (0, False, False, []))

    def test_relocation_is_not_a_count(self):
        """Odoo's relocation also makes inventory moves: they are no count."""
        shelf = self.env["stock.location"].create({
            "name": "Shelf 1", "location_id": self.stock_location.id, "usage": "internal",
            "company_id": self.company.id})
        self.quant_of(self.bread).move_quants(location_dest_id=shelf)
        self.assertEqual(self.Count._accuracy([self.company.id])["counts"], 0)

    def test_batches_and_cron(self):
        self.assertEqual(self.Count._schedule_company(self.company, limit=2), (2, 1))
        self.assertEqual(self.Count._schedule_company(self.company, limit=2), (1, 0))
        self.assertEqual(self.Count._schedule_company(self.company, limit=2), (0, 0))
        self.count(self.bread, 100, 5)
        self.Count._cron_schedule_counts()
        self.assertEqual(self.quant_of(self.bread).inventory_date, self.day(-5 + 90))

    def test_schedule_needs_a_manager(self):
        with self.assertRaises(AccessError):
            self.Count.with_user(self.balance_user).action_schedule_counts()
        self.Count.with_user(self.balance_manager).action_schedule_counts()
        self.assertEqual(self.quant_of(self.apple).inventory_date,
                         self.day(self.apple.id % 30))
