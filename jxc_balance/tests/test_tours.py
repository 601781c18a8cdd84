from odoo.tests import HttpCase, new_test_user, tagged

from .common import JxcBalanceCommon


class TourShopCommon(JxcBalanceCommon):
    """A small shop for the tours: one product in shortage, one to reorder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_profiles(history_days=10)
        vendor = cls._create_vendor("Grocery Wholesaler")
        cls.biscuits = cls._create_product("Biscuits", cost=2, vendor=vendor, delay=5)
        cls.rice = cls._create_product("Rice 5kg", cost=30, vendor=vendor, delay=5)
        cls._receive(cls.biscuits, 54, 15)
        # 3/7 alternating (class C here): SS 6.34, ROP 33.84; 54 - 50 = 4 left: shortage
        cls._sell(cls.biscuits, {day: 3 if day % 2 else 7 for day in range(1, 11)})
        cls._receive(cls.rice, 130, 15)
        cls._sell(cls.rice, dict.fromkeys(range(1, 11), 10))  # 30 left < ROP 55: reorder
        lines = cls.env["jxc.balance.line"].with_user(cls.balance_manager)
        lines.with_company(cls.company).action_recompute()
        cls.buyer = new_test_user(
            cls.env, login="jxc_tour_buyer", name="Tour Buyer",
            groups="base.group_user,purchase.group_purchase_user,"
            "jxc_balance.group_jxc_balance_user",
            company_id=cls.company.id, company_ids=[cls.company.id])


@tagged("post_install", "-at_install")
class TestTours(TourShopCommon, HttpCase):
    """Tours in headless Chromium on the small shop of TourShopCommon."""

    def test_menu_tour(self):
        """A Balance Manager (buyer too) clicks from the home screen to each menu of the
        addon, Sales views included, in an install without the Sales app."""
        self.start_tour("/odoo", "jxc_balance_menu_tour", login="jxc_manager")

    def test_dashboard_tour(self):
        """A manager opens the dashboard, clicks a KPI and lands on the filtered lines."""
        self.start_tour("/odoo/action-jxc_balance.action_jxc_balance_dashboard",
                        "jxc_balance_dashboard_tour", login="jxc_manager")

    def test_approve_tour(self):
        """A buyer opens To Approve, opens a drafted RFQ, sees the reason, confirms it."""
        self.env["jxc.balance.line"].with_user(self.buyer).with_company(
            self.company).action_generate_reorder_drafts()
        self.start_tour("/odoo", "jxc_balance_approve_tour", login="jxc_tour_buyer")
        order = self.env["purchase.order"].search([
            ("company_id", "=", self.company.id), ("jxc_drafted", "=", True)])
        self.assertEqual(order.state, "purchase")
        self.assertEqual(order.order_line.product_id, self.biscuits | self.rice)

    def test_dashboard_chinese_tour(self):
        """A Chinese-speaking manager opens the dashboard and reads Chinese labels."""
        self._load_chinese()
        new_test_user(
            self.env, login="jxc_zh_manager", name="小张", lang="zh_CN",
            groups="base.group_user,stock.group_stock_user,"
            "jxc_balance.group_jxc_balance_manager",
            company_id=self.company.id, company_ids=[self.company.id])
        self.start_tour("/odoo/action-jxc_balance.action_jxc_balance_dashboard",
                        "jxc_balance_dashboard_zh_tour", login="jxc_zh_manager")
