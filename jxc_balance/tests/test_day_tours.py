from odoo.tests import HttpCase, new_test_user, tagged

from .test_tours import TourShopCommon


@tagged("post_install", "-at_install")
class TestDayTours(TourShopCommon, HttpCase):
    """The owner's and the buyer's day, on a phone (375 x 812, touch), in Chinese."""

    browser_size = "375x812"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chinese()
        in_company = {"company_id": cls.company.id, "company_ids": [cls.company.id],
                      "lang": "zh_CN"}
        cls.owner = new_test_user(
            cls.env, login="jxc_day_owner", name="小张",
            groups="base.group_user,stock.group_stock_user,purchase.group_purchase_user,"
            "jxc_balance.group_jxc_balance_manager", **in_company)
        cls.zh_buyer = new_test_user(
            cls.env, login="jxc_day_buyer", name="小李",
            groups="base.group_user,purchase.group_purchase_user,"
            "jxc_balance.group_jxc_balance_user", **in_company)

    def test_owner_day_tour(self):
        """Dashboard → shortage KPI → the line → its product, by tapping."""
        self.start_tour("/odoo/action-jxc_balance.action_jxc_balance_dashboard",
                        "jxc_balance_owner_day_tour", login="jxc_day_owner")

    def test_buyer_day_tour(self):
        """To Approve → the draft's lines → 40 biscuits instead → approved."""
        self.env["jxc.balance.line"].with_user(self.buyer).with_company(
            self.company).action_generate_reorder_drafts()
        self.start_tour("/odoo", "jxc_balance_buyer_day_tour", login="jxc_day_buyer")
        order = self.env["purchase.order"].search([
            ("company_id", "=", self.company.id), ("jxc_drafted", "=", True)])
        self.assertEqual(order.state, "purchase")
        biscuits = order.order_line.filtered(lambda line: line.product_id == self.biscuits)
        self.assertEqual(biscuits.product_qty, 40.0)
        # approved: the biscuits' line counts the 40 on their way at once
        line = self.env["jxc.balance.line"].search([
            ("product_id", "=", self.biscuits.id), ("warehouse_id", "=", self.warehouse.id)])
        self.assertEqual(line.qty_incoming, 40.0)
