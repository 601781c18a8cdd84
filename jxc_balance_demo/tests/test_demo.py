from collections import defaultdict
from datetime import timedelta

import pytz

from odoo.addons.jxc_balance import balance_math
from odoo.addons.jxc_balance.balance_math.intermittent import MIN_FITTED_SIZES, croston_sba
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
             "count_drift", "service_below_target"})

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
class TestDemoStories(TransactionCase):
    """The UHT milk ran out for a month, the copy paper sells by the carton now and then;
    the Service block and its alert tell what the milk's empty shelf cost. Both products
    draw their demand from generators of their own (history.catalog): the same figures
    whatever the install date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop = cls.env.ref("jxc_balance_demo.demo_company_shop")
        cls.store = cls.env.ref("jxc_balance_demo.demo_warehouse_st1")
        cls.today, cls.tz = cls.env["jxc.balance.engine"]._company_today(cls.shop)

    def _line(self, code):
        return self.env["jxc.balance.line"].search([
            ("product_id", "=", self.env.ref(f"jxc_balance_demo.demo_product_{code}").id),
            ("warehouse_id", "=", self.store.id)])

    def _daily_sales(self, code, days):
        """Units delivered to customers from store 1 on each of the last ``days`` days
        (local dates, oldest first, ending yesterday)."""
        moves = self.env["stock.move"].search([
            ("product_id", "=", self.env.ref(f"jxc_balance_demo.demo_product_{code}").id),
            ("location_id", "=", self.store.lot_stock_id.id),
            ("location_dest_id", "=", self.env.ref("stock.stock_location_customers").id),
            ("state", "=", "done")])
        by_day = defaultdict(float)
        for move in moves:
            by_day[pytz.utc.localize(move.date).astimezone(self.tz).date()] += move.quantity
        return [by_day.get(self.today - timedelta(days=ago), 0.0) for ago in range(days, 0, -1)]

    def test_stockout_corrected_milk(self):
        """The dairy could not deliver from 75 to 45 days ago: 30 days began with an empty
        shelf, left out of the demand; restocked since, the milk is balanced again."""
        milk = self._line("bkd_007")
        window = self._daily_sales("bkd_007", 90)
        self.assertEqual(milk.stockout_days, 30)  # days 75 to 46 ago
        self.assertEqual(window[90 - 75:90 - 45], [0.0] * 30)  # nothing sold meanwhile
        self.assertEqual((milk.demand_type, milk.reorder_method, milk.forecast_method),
                         ("smooth", "normal", "flat"))
        self.assertEqual(milk.state, "balanced")
        # d̄ = units sold in the 90-day window / its 60 in-stock days, not / 90
        self.assertAlmostEqual(milk.avg_daily_demand, sum(window) / 60, places=3)
        # the true rate: base 5 × trend 0.92 + 0.16 × 692/730 (the in-stock days' mean day)
        # × the lognormal noise's mean e^(0.18²/2) = 5.45 a day; ±12 % is two standard
        # errors of a 60-day mean (σ_d ≈ 2.5). Over 90 days it would read 60/90 of it.
        self.assertAlmostEqual(milk.avg_daily_demand, 5.45, delta=0.65)
        self.assertEqual((milk.stockout_days_90, milk.stockout_days_365), (30, 30))
        # fill rate = sold / (sold + 30 days × the mean of the year's in-stock days)
        sold = milk.units_sold_365
        self.assertAlmostEqual(milk.fill_rate_365, sold / (sold + 30 * sold / 335), places=4)
        self.assertAlmostEqual(milk.fill_rate_90, 60 / 90, places=4)  # sold / (sold + 30 d̄)
        # one replenishment cycle held the empty days: its cycle service is below target
        self.assertEqual(milk.service_metric, "cycle")
        self.assertTrue(milk.service_measured)
        self.assertEqual(milk.service_cycles_met, milk.service_cycles - 1)
        self.assertLess(milk.service_achieved, milk.service_level - 0.05)
        alert = self.env["jxc.balance.alert"].search([
            ("company_id", "=", self.shop.id), ("state", "=", "open"),
            ("alert_type", "=", "service_below_target")])
        self.assertEqual(alert.product_id, milk.product_id)
        self.assertEqual(alert.message_params["days"], 30)

    def test_lumpy_copy_paper(self):
        """Sold on about one day in 21, by the ream or by the carton: lumpy, its reorder
        point from the fitted compound law of its sizes."""
        paper = self._line("sta_006")
        year = self._daily_sales("sta_006", 365)
        sizes = [qty for qty in year if qty > 0]
        self.assertTrue(0.03 <= len(sizes) / 365 <= 0.06, len(sizes))
        self.assertGreaterEqual(len(sizes), MIN_FITTED_SIZES)
        self.assertEqual(paper.stockout_days, 0)
        self.assertEqual((paper.demand_type, paper.reorder_method, paper.forecast_method),
                         ("lumpy", "compound", "croston_sba"))
        self.assertEqual(paper.state, "balanced")
        # fewer than 20 demand days in the 90-day window: d̄ is the Croston–SBA level of
        # the year, (1 − α/2) · size / interval smoothed at α = 0.1
        self.assertAlmostEqual(paper.avg_daily_demand, croston_sba(year), places=3)
        # ... which weighs the recent sales more: within a quarter of the year's mean
        self.assertAlmostEqual(paper.avg_daily_demand, sum(year) / 365,
                               delta=0.25 * sum(year) / 365)
        # SS = ROP − d̄ · (L + the nightly review's half day), each rounded up to 0.01
        self.assertAlmostEqual(
            paper.safety_stock,
            paper.reorder_point - paper.avg_daily_demand
            * (paper.lead_time_days + balance_math.NIGHTLY_REVIEW_DAYS), delta=0.02)

    def test_service_block(self):
        """The dashboard's Service block: every class has a target and what it achieved;
        class A, the milk's, missed one cycle of its year."""
        data = self.env["jxc.balance.dashboard"].with_company(self.shop).get_dashboard_data(
            False)
        rows = {row["key"]: row for row in data["service"]["rows"]}
        self.assertEqual(set(rows), {"a", "b", "c"})
        milk = self._line("bkd_007")
        for key, row in rows.items():
            with self.subTest(abc=key):
                self.assertTrue(row["count"])
                self.assertIsNot(row["target"], False)
                self.assertIsNot(row["cycle_service"], False)
                self.assertIsNot(row["fill_rate"], False)
                missed = 1 if key == milk.abc_class else 0
                self.assertEqual(row["cycles"] - row["cycles_met"], missed)
        row = rows[milk.abc_class]
        self.assertEqual(row["target"], round(100 * milk.service_level, 1))
        self.assertLess(row["cycle_service"], 100.0)
        self.assertLess(row["fill_rate"], 100.0)


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
        """Only the shop's own 42 products have balance lines in the shop: 2 stores each."""
        lines = self.env["jxc.balance.line"].search([("company_id", "=", self.shop.id)])
        self.assertEqual(len(lines), 42 * 2)
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
