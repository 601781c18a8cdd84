from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    """Right after install, Xiao Zhang's supermarket tells its story."""

    def _line(self, code, warehouse="jxc_balance_demo.demo_warehouse_st1"):
        product = self.env.ref(f"jxc_balance_demo.demo_product_{code}")
        return self.env["jxc.balance.line"].search([
            ("product_id", "=", product.id), ("warehouse_id", "=", self.env.ref(warehouse).id)])

    def test_every_state_and_alert_type(self):
        self.assertTrue(
            self.env.ref("jxc_balance_demo.demo_product_snk_001", raise_if_not_found=False),
            "the demo shop of jxc_balance_demo did not load")
        expected = {
            "snk_001": "shortage",   # Instant Noodles: a fast seller about to run out
            "drk_004": "reorder",    # Green Tea
            "clo_003": "slow",       # Short Down Jacket: no sale since the summer
            "clo_004": "dead",       # Wool Coat: nothing left the warehouse for months
            # Padded Vest after a warm winter (the Long Down Jacket's seasonal forecast,
            # which its backtest chooses, sees enough of the coming winter to keep it)
            "clo_002": "overstock",
        }
        for code, state in expected.items():
            with self.subTest(code=code):
                self.assertEqual(self._line(code).state, state)
        company = self.env.ref("jxc_balance_demo.demo_company_shop")
        lines = self.env["jxc.balance.line"].search([("company_id", "=", company.id)])
        self.assertEqual(
            set(lines.mapped("state")),
            {"shortage", "reorder", "slow", "dead", "overstock", "balanced", "no_demand"})
        self.assertEqual(set(lines.mapped("abc_class")), {"a", "b", "c"})
        alerts = self.env["jxc.balance.alert"].search(
            [("company_id", "=", company.id), ("state", "=", "open")])
        self.assertEqual(
            set(alerts.mapped("alert_type")),
            {"slow", "dead", "overstock", "stockout_risk", "no_vendor", "lead_time_drift",
             "count_drift"})

    def test_cycle_counts(self):
        """8 counts: the mineral water short twice in a row (count drift, its 30 days
        halved), the others on the mark or within the tolerance."""
        water = self.env.ref("jxc_balance_demo.demo_product_drk_001")
        alert = self.env["jxc.balance.alert"].search([
            ("alert_type", "=", "count_drift"), ("state", "=", "open")])
        self.assertEqual(alert.product_id, water)
        accuracy = self.env["jxc.balance.count"]._accuracy(
            [self.env.ref("jxc_balance_demo.demo_company_shop").id])
        self.assertEqual(accuracy["counts"], 8)
        self.assertIn(accuracy["accurate"], (5, 6))  # the batteries' -1 depends on the stock
        store = self.env.ref("jxc_balance_demo.demo_warehouse_st1")
        quants = self.env["stock.quant"].search([
            ("product_id", "=", water.id), ("location_id", "=", store.lot_stock_id.id)])
        self.assertTrue(quants.inventory_date)
        self.assertEqual(quants.inventory_date, quants.jxc_count_auto_date)

    def test_late_vendor_and_drafts(self):
        jacket_line = self._line("clo_005")
        # the clothing vendor promises 7 days and delivers in 12-16 (5 receipts this year)
        self.assertEqual(jacket_line.lead_time_source, "observed")
        self.assertEqual(jacket_line.lead_time_promised, 7.0)
        self.assertGreater(jacket_line.lead_time_observed, 10.5)
        eggs = self._line("bkd_006")
        self.assertFalse(eggs.vendor_id)
        drafted = self.env["purchase.order"].search([("jxc_drafted", "=", True)])
        self.assertTrue(drafted)
        self.assertIn(self.env.ref("jxc_balance_demo.demo_product_snk_001"),
                      drafted.order_line.product_id)
        self.assertTrue(all(line.jxc_reason for line in drafted.order_line))

    def test_chinese_users(self):
        xiaozhang = self.env.ref("jxc_balance_demo.demo_user_xiaozhang")
        self.assertTrue(xiaozhang.has_group("jxc_balance.group_jxc_balance_manager"))
        buyer = self.env.ref("jxc_balance_demo.demo_user_xiaoli")
        self.assertTrue(buyer.has_group("purchase.group_purchase_user"))
        self.assertEqual(self.env.ref("base.user_admin").lang, "en_US")
        shop = self.env.ref("jxc_balance_demo.demo_company_shop")
        seller = self.env.ref("jxc_balance_demo.demo_user_xiaowang")
        for user in (xiaozhang, buyer, seller):
            with self.subTest(user=user.login):
                self.assertEqual(user.company_id, shop)
                self.assertEqual(user.company_ids, shop)
        self.assertIn(shop, self.env.ref("base.user_admin").company_ids)

    def test_seasons_and_events(self):
        """Two years of history: summer drinks on the seasonal forecast, backtest figures,
        and the shop's promotion a few days ahead pre-built on the snacks' drafted RFQ."""
        water = self._line("drk_001")
        self.assertEqual(water.forecast_method, "seasonal")
        self.assertTrue(water.forecast_tested)
        self.assertLess(water.seasonal_mape, water.flat_mape)
        # Store 2 opened a year ago: not enough history for last year's same weeks
        self.assertEqual(
            self._line("drk_001", "jxc_balance_demo.demo_warehouse_st2").forecast_method, "flat")
        company = self.env.ref("jxc_balance_demo.demo_company_shop")
        lines = self.env["jxc.balance.line"].search([("company_id", "=", company.id)])
        seasonal = lines.filtered(lambda line: line.forecast_method == "seasonal")
        self.assertGreaterEqual(len(seasonal), 10)
        promotion = self.env.ref("jxc_balance_demo.demo_event_anniversary")
        self.assertTrue(promotion.dates_confirmed)
        noodles = self._line("snk_001")
        self.assertEqual(noodles.event_id, promotion)
        drafted = self.env["purchase.order.line"].search([
            ("order_id.jxc_drafted", "=", True),
            ("product_id", "=", self.env.ref("jxc_balance_demo.demo_product_snk_001").id)])
        self.assertIn("pre-build for Store Anniversary Sale (×1.5)", drafted.jxc_reason)
        self.assertTrue(self.env.ref("jxc_balance_demo.demo_event_preset_double11").dates_confirmed)
        self.assertFalse(self.env.ref("jxc_balance_demo.demo_event_preset_spring_festival").dates_confirmed)


@tagged("post_install", "-at_install")
class TestDemoShop(TransactionCase):
    """小张超市 is a company of its own, and Odoo's reports tell what the balance tells."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop = cls.env.ref("jxc_balance_demo.demo_company_shop")
        cls.noodles = cls.env.ref("jxc_balance_demo.demo_product_snk_001")
        cls.customers = cls.env.ref("stock.stock_location_customers")

    def test_company_and_stores(self):
        self.assertEqual(self.shop.name, "小张超市")
        self.assertEqual(self.shop.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(self.shop.country_id, self.env.ref("base.cn"))
        stores = self.env["stock.warehouse"].search([("company_id", "=", self.shop.id)])
        self.assertEqual(sorted(stores.mapped("name")), ["一号店", "二号店"])
        self.assertEqual(self.noodles.company_id, self.shop)

    def test_furniture_stays_out(self):
        """Only the shop's own 40 products have balance lines in the shop: 2 stores each."""
        lines = self.env["jxc.balance.line"].search([("company_id", "=", self.shop.id)])
        self.assertEqual(len(lines), 40 * 2)
        self.assertTrue(all(code.startswith("JXC-")
                            for code in lines.product_id.mapped("default_code")))

    def test_sale_orders_match_the_deliveries(self):
        """Every sale to a customer belongs to a confirmed weekly sale order of its store;
        each line's delivered quantity is its moves' (sold minus refunded returns)."""
        moves = self.env["stock.move"].search([
            ("company_id", "=", self.shop.id), ("state", "=", "done"),
            ("location_dest_id", "=", self.customers.id)])
        self.assertGreater(len(moves), 10000)
        self.assertFalse(moves.filtered(lambda move: not move.sale_line_id))
        orders = moves.sale_line_id.order_id
        self.assertEqual(set(orders.mapped("state")), {"sale"})
        self.assertEqual(orders.partner_id,
                         self.env.ref("jxc_balance_demo.demo_partner_walk_in"))
        self.assertEqual(orders.currency_id, self.env.ref("base.CNY"))
        lines = self.env["sale.order.line"].search([("product_id", "=", self.noodles.id)])
        refunded = lines.move_ids.filtered("to_refund")
        sold = lines.move_ids - refunded
        self.assertAlmostEqual(sum(lines.mapped("qty_delivered")),
                               sum(sold.mapped("product_uom_qty"))
                               - sum(refunded.mapped("product_uom_qty")))
        self.assertEqual(sum(lines.mapped("product_uom_qty")),
                         sum(sold.mapped("product_uom_qty")))

    def test_sold_agrees_with_the_balance(self):
        """The product's *Sold* (365 days of Odoo's sales report) is the balance's average
        daily demand of both stores times 365, within the weeks at the window's edges."""
        lines = self.env["jxc.balance.line"].search([
            ("company_id", "=", self.shop.id), ("product_id", "=", self.noodles.id)])
        self.assertEqual(len(lines), 2)
        daily = sum(lines.mapped("avg_daily_demand"))
        sold = self.noodles.with_user(
            self.env.ref("jxc_balance_demo.demo_user_xiaozhang")).sales_count
        self.assertGreater(sold, 0)
        self.assertAlmostEqual(sold / (daily * 365), 1.0, delta=0.03)
