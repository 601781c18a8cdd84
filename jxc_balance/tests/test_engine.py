from datetime import timedelta

from psycopg2 import sql as pgsql

from odoo import sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import JxcBalanceCommon

# z = inverse standard normal CDF of the service level
Z_098 = 2.0537489106318225
Z_095 = 1.6448536269514722


@tagged("post_install", "-at_install")
class TestEngine(JxcBalanceCommon):
    """A shop with one product per balance state, history H = 10 days.

    Consumption value over 365 days (delivered qty x cost), total 1160:
      cola 30 x 20 = 600, green tea 40 x 10 = 400, biscuits 50 x 2 = 100,
      umbrella 10 x 5 = 50, notebook 10 x 1 = 10, coat and new product 0.
    Cumulative share before each: cola 0 -> A, tea 600/1160 = .52 -> A,
      biscuits 1000/1160 = .86 -> B, umbrella 1100/1160 = .948 -> B, notebook .99 -> C.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_profiles(history_days=10)
        cls.vendor_a = cls._create_vendor("Tea Vendor")
        cls.vendor_b = cls._create_vendor("Cola Vendor")
        cls.tea = cls._create_product("Green Tea", cost=10, vendor=cls.vendor_a, delay=5)
        cls.cola = cls._create_product("Cola", cost=20, vendor=cls.vendor_b, delay=7)
        cls.biscuits = cls._create_product("Biscuits", cost=2, vendor=cls.vendor_a, delay=5)
        cls.umbrella = cls._create_product("Umbrella", cost=5, vendor=cls.vendor_a, delay=5)
        cls.coat = cls._create_product("Winter Coat", cost=50, vendor=cls.vendor_a, delay=5)
        cls.notebook = cls._create_product("Notebook", cost=1, vendor=cls.vendor_a, delay=5)
        cls.new_product = cls._create_product("New Product", cost=3)

        cls._receive(cls.tea, 100, 20)
        # days 10..1 ago (oldest first): 2 4 4 4 5 5 7 9 0 0 -> mean 40/10 = 4
        cls._sell(cls.tea, {10: 2, 9: 4, 8: 4, 7: 4, 6: 5, 5: 5, 4: 7, 3: 9})
        # three receipts: 8, 10 and 12 days after approval
        cls._purchase(cls.cola, cls.vendor_b, 20, 100, 8)
        cls._purchase(cls.cola, cls.vendor_b, 20, 60, 10)
        cls._purchase(cls.cola, cls.vendor_b, 20, 30, 12)
        cls._sell(cls.cola, dict.fromkeys(range(1, 11), 3))
        cls._receive(cls.biscuits, 54, 15)
        cls._sell(cls.biscuits, {day: 3 if day % 2 else 7 for day in range(1, 11)})
        cls._receive(cls.umbrella, 40, 100)
        cls._sell(cls.umbrella, {70: 10})
        cls._receive(cls.coat, 30, 200)
        cls._receive(cls.notebook, 510, 20)
        cls._sell(cls.notebook, dict.fromkeys(range(1, 11), 1))

    def test_exact_line_values(self):
        self.recompute()
        tea = self.line_of(self.tea)
        # d = 40/10 = 4; s_d^2 = (4+0+0+0+1+1+9+25+16+16)/9 = 8; L = 5 promised, s_L = 0
        self.assertAlmostEqual(tea.avg_daily_demand, 4.0)
        self.assertAlmostEqual(tea.demand_std, 8 ** 0.5, places=4)
        self.assertEqual((tea.lead_time_days, tea.lead_time_std, tea.lead_time_source),
                         (5.0, 0.0, "promised"))
        self.assertEqual((tea.abc_class, tea.service_level), ("a", 0.98))
        # protected P = L + 0.5 (nightly review) = 5.5 days
        # SS = 2.0537489 x sqrt(5.5 x 8) = 13.62303 -> 13.63 (Units round to 0.01)
        self.assertAlmostEqual(tea.safety_stock, 13.63)
        # ROP = 4 x 5.5 + 13.63 = 35.63; max = 35.63 + 4 x 30 = 155.63
        self.assertAlmostEqual(tea.reorder_point, 35.63)
        self.assertAlmostEqual(tea.max_qty, 155.63)
        # on hand 100 - 40 = 60; cover 60 / 4 = 15 days
        self.assertEqual((tea.qty_available, tea.qty_forecast), (60.0, 60.0))
        self.assertAlmostEqual(tea.days_of_cover, 15.0)
        self.assertAlmostEqual(tea.stock_value, 600.0)
        self.assertAlmostEqual(tea.consumption_value, 400.0)
        self.assertEqual(tea.xyz_class, "x")  # one full week: CV = 0
        self.assertEqual(tea.last_sale_date, self.today - timedelta(days=3))
        self.assertEqual(tea.state, "balanced")
        self.assertEqual(tea.vendor_id, self.vendor_a)

    def test_observed_lead_time(self):
        self.recompute()
        cola = self.line_of(self.cola)
        # receipts 8, 10, 12 days after approval: L = 10, s_L = 2 (n - 1); promised 7
        self.assertEqual(cola.lead_time_source, "observed")
        self.assertEqual(cola.receipt_count, 3)
        self.assertAlmostEqual(cola.lead_time_days, 10.0, places=4)
        self.assertAlmostEqual(cola.lead_time_std, 2.0, places=4)
        self.assertAlmostEqual(cola.lead_time_observed, 10.0, places=4)
        self.assertEqual(cola.lead_time_promised, 7.0)
        # SS = 2.0537489 x sqrt(10.5 x 0 + 3^2 x 2^2) = 12.3225 -> 12.33; ROP = 3 x 10.5 +
        # 12.33 (P = L + 0.5)
        self.assertAlmostEqual(cola.safety_stock, 12.33)
        self.assertAlmostEqual(cola.reorder_point, 43.83)
        self.assertAlmostEqual(cola.max_qty, 133.83)  # 43.83 + 3 x 30
        # on hand 60 - 30 = 30: above SS, below ROP
        self.assertEqual(cola.qty_available, 30.0)
        self.assertEqual(cola.state, "reorder")

    def test_days_to_purchase_added_to_lead_time(self):
        self.company.days_to_purchase = 2
        self.recompute()
        tea = self.line_of(self.tea)
        # L = 5 + 2 = 7, P = 7.5: SS = 2.0537489 x sqrt(7.5 x 8) = 15.9083 -> 15.91;
        # ROP = 4 x 7.5 + 15.91
        self.assertEqual(tea.lead_time_days, 7.0)
        self.assertAlmostEqual(tea.safety_stock, 15.91)
        self.assertAlmostEqual(tea.reorder_point, 45.91)

    def test_states(self):
        self.recompute()
        biscuits = self.line_of(self.biscuits)
        # 3/7 alternating: d = 5, s_d^2 = 40/9; class B (p = 0.95)
        # SS = 1.6448536 x sqrt(5.5 x 40/9) = 8.1324 -> 8.14; ROP = 27.5 + 8.14 = 35.64
        self.assertEqual(biscuits.abc_class, "b")
        self.assertAlmostEqual(biscuits.safety_stock, 8.14)
        self.assertAlmostEqual(biscuits.reorder_point, 35.64)
        self.assertEqual(biscuits.qty_forecast, 4.0)  # 54 - 50
        self.assertEqual(biscuits.state, "shortage")  # 4 < SS 8.14
        umbrella = self.line_of(self.umbrella)
        # no sale for 70 days >= 60, last outgoing 70 days < 180
        self.assertEqual((umbrella.qty_available, umbrella.state), (30.0, "slow"))
        self.assertEqual(umbrella.avg_daily_demand, 0.0)
        self.assertFalse(umbrella.days_of_cover)
        self.assertEqual((umbrella.abc_class, umbrella.xyz_class), ("b", "z"))
        coat = self.line_of(self.coat)
        # received 200 days ago, never left the warehouse: 200 >= 180
        self.assertEqual((coat.qty_available, coat.state, coat.abc_class), (30.0, "dead", "c"))
        notebook = self.line_of(self.notebook)
        # 500 on hand / 1 a day = 500 days of cover > 120
        self.assertAlmostEqual(notebook.days_of_cover, 500.0)
        self.assertEqual((notebook.state, notebook.abc_class), ("overstock", "c"))
        new = self.line_of(self.new_product)
        # zero demand, no vendor: everything 0, nothing to do; no demand, not balanced
        self.assertEqual(
            (new.avg_daily_demand, new.safety_stock, new.reorder_point, new.max_qty,
             new.lead_time_days, new.state, new.abc_class, new.xyz_class),
            (0.0, 0.0, 0.0, 0.0, 0.0, "no_demand", "c", "z"))
        self.assertFalse(new.vendor_id)
        self.assertFalse(new.orderpoint_id)

    def test_product_summary(self):
        self.recompute()
        cola = self.cola.with_company(self.company)
        self.assertEqual(cola.jxc_abc_class, "a")
        self.assertEqual(cola.jxc_balance_state, "reorder")
        self.assertAlmostEqual(cola.jxc_safety_stock, 12.33)
        self.assertAlmostEqual(cola.jxc_reorder_point, 43.83)  # 3 x (10 + 0.5) + 12.33
        self.assertAlmostEqual(cola.jxc_lead_time_days, 10.0, places=4)
        self.assertEqual(cola.jxc_balance_line_count, 1)
        action = cola.action_open_jxc_balance_lines()
        self.assertEqual(self.env["jxc.balance.line"].search(action["domain"]),
                         self.line_of(self.cola))

    def test_pinned_values_survive_recompute(self):
        cola = self.cola.with_user(self.balance_manager).with_company(self.company)
        cola.write({"jxc_abc_class_pinned": "c", "jxc_pin_safety_stock": False})
        tea = self.tea.with_user(self.balance_manager).with_company(self.company)
        tea.write({"jxc_pin_safety_stock": True, "jxc_safety_stock_pinned": 50})
        self.recompute()
        self.recompute()
        cola_line, tea_line = self.line_of(self.cola), self.line_of(self.tea)
        # pinned C: p = 0.90, z = 1.2815516; SS = 1.2815516 x 6 = 7.689 -> 7.69
        self.assertEqual((cola_line.abc_class, cola_line.service_level), ("c", 0.90))
        self.assertAlmostEqual(cola_line.safety_stock, 7.69)
        # pinned SS 50: ROP = 4 x (5 + 0.5) + 50 = 72 > forecast 60 -> reorder
        self.assertEqual(tea_line.safety_stock, 50.0)
        self.assertAlmostEqual(tea_line.reorder_point, 72.0)
        self.assertEqual(tea_line.state, "reorder")

    def test_pins_refused(self):
        with self.assertRaises(AccessError):
            self.tea.with_user(self.balance_user).with_company(self.company).write(
                {"jxc_pin_safety_stock": True})
        with self.assertRaises(ValidationError):
            self.tea.with_user(self.balance_manager).with_company(self.company).write(
                {"jxc_safety_stock_pinned": -1})

    def test_orderpoints_follow_lines(self):
        self.recompute()
        cola = self.line_of(self.cola)
        orderpoint = cola.orderpoint_id
        self.assertTrue(orderpoint)
        self.assertEqual(
            (orderpoint.product_min_qty, orderpoint.product_max_qty, orderpoint.trigger,
             orderpoint.location_id, orderpoint.jxc_managed),
            (43.83, 133.83, "manual", self.stock_location, True))
        # Odoo's Replenishment refresh keeps the balance's rules
        self.env["stock.warehouse.orderpoint"].with_company(self.company)\
            ._unlink_processed_orderpoints()
        self.assertTrue(orderpoint.exists())
        # a rule the user made is driven too, and a second run creates nothing
        count = self.env["stock.warehouse.orderpoint"].search_count([])
        self.recompute()
        self.assertEqual(self.env["stock.warehouse.orderpoint"].search_count([]), count)
        self.assertEqual(self.line_of(self.cola).orderpoint_id, orderpoint)

    def test_recompute_is_idempotent_and_archives(self):
        lines = self.recompute()
        self.assertEqual(len(lines.filtered(lambda line: line.product_id.company_id)), 7)
        values = lines.read(["safety_stock", "reorder_point", "state", "abc_class"])
        again = self.recompute()
        self.assertEqual(again, lines)
        self.assertEqual(again.read(["safety_stock", "reorder_point", "state", "abc_class"]),
                         values)
        self.notebook.active = False
        self.recompute()
        self.assertFalse(self.line_of(self.notebook))
        archived = self.env["jxc.balance.line"].with_context(active_test=False).search(
            [("product_id", "=", self.notebook.id)])
        self.assertFalse(archived.active)

    def test_cron_in_batches(self):
        cron_model = self.env["jxc.balance.line"].with_company(self.company)
        cron_model._cron_recompute(batch_size=3)
        computed = self.env["jxc.balance.line"].search([("company_id", "=", self.company.id)])
        self.assertTrue(computed)
        for _call in range(200):
            before = self.env["jxc.balance.line"].search_count([])
            cron_model._cron_recompute(batch_size=50)
            if self.env["jxc.balance.line"].search_count([]) == before:
                break
        self.assertEqual(self.line_of(self.cola).reorder_point, 43.83)
        stale = self.env["jxc.balance.engine"]._stale_products(
            self.env["jxc.balance.engine"]._prepare_company_run(self.company))
        self.assertFalse(stale)

    def test_access(self):
        with self.assertRaises(AccessError):
            self.env["jxc.balance.line"].with_user(self.balance_user).action_recompute()
        self.recompute()
        lines = self.env["jxc.balance.line"].with_user(self.balance_user).search([])
        self.assertTrue(lines)
        self.assertEqual(lines.company_id, self.company)

    def test_concurrent_recompute_refused(self):
        other = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute(pgsql.SQL(
                "SELECT pg_advisory_xact_lock(hashtext('jxc_balance.recompute'))"))
            with self.assertRaisesRegex(UserError, "already running"):
                self.recompute()
        finally:
            other.rollback()
            other.close()

    def test_statistics_read_done_moves_from_the_index(self):
        # The statistics read done moves of a batch of products with their date, locations
        # and quantity: all in the balance's index on done moves, so PostgreSQL can answer
        # from the index alone (an index-only scan) instead of the move table. (Whether the
        # planner takes it depends on the table's size: the benchmark shows it on 1M moves.)
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ("jxc_balance_stock_move_done_index",))
        self.assertIn("(product_id, company_id) INCLUDE (date, location_id, "
                      "location_dest_id, product_qty) WHERE ((state)::text = 'done'::text)",
                      self.env.cr.fetchone()[0])
        engine = self.env["jxc.balance.engine"]
        today, tz = engine._company_today(self.company)
        sales = self.env["jxc.balance.statistics"]._daily_net_sales(
            self.company, [self.cola.id], today - timedelta(days=30), today, tz)
        # cola: 3 a day over the last 10 days, read back as {day: qty} in one warehouse
        self.assertEqual(list(sales), [(self.cola.id, self.warehouse.id)])
        self.assertEqual(sorted(sales[self.cola.id, self.warehouse.id].values()), [3.0] * 10)
